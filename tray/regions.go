package tray

//go:generate go run ../internal/regiongen/cmd/regiongen -o regions_gen.go

// region is one AWS region and its description ("eu-west-1", "Europe (Ireland)").
type region struct{ id, name string }

// partitionTable is one partition's regions (regions_gen.go, from the AWS SDK's data).
type partitionTable struct {
	id      string
	regions []region
}

// regionsFor are the regions "Open console in › Regions" lists for a profile in home: those
// of the partition home belongs to (the aws partition when home is empty or unknown).
func regionsFor(home string) []region {
	for _, p := range partitionRegions {
		for _, r := range p.regions {
			if r.id == home {
				return p.regions
			}
		}
	}
	for _, p := range partitionRegions {
		if p.id == "aws" {
			return p.regions
		}
	}
	return nil
}

// maxRegions is the most regions a partition has: the size of the Regions submenu's slab.
var maxRegions = func() int {
	n := 0
	for _, p := range partitionRegions {
		n = max(n, len(p.regions))
	}
	return n
}()
