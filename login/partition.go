package login

import "strings"

// Partition is an AWS partition as console sign-in sees it.
type Partition struct {
	ID            string // aws, aws-cn, aws-us-gov, aws-eusc
	SigninDomain  string // host of the partition's global federation endpoint
	ConsoleDomain string // console host; regional consoles are <region>.<ConsoleDomain>
}

// The partitions with a public console.
var (
	PartitionAWS   = Partition{ID: "aws", SigninDomain: "signin.aws.amazon.com", ConsoleDomain: "console.aws.amazon.com"}
	PartitionCN    = Partition{ID: "aws-cn", SigninDomain: "signin.amazonaws.cn", ConsoleDomain: "console.amazonaws.cn"}
	PartitionUSGov = Partition{ID: "aws-us-gov", SigninDomain: "signin.amazonaws-us-gov.com", ConsoleDomain: "console.amazonaws-us-gov.com"}
	PartitionEUSC  = Partition{ID: "aws-eusc", SigninDomain: "signin.amazonaws-eusc.eu", ConsoleDomain: "console.amazonaws-eusc.eu"}
)

// PartitionOf returns the partition of region by its prefix (cn-, us-gov-, eusc-); anything
// else, the empty region included, is the aws partition.
func PartitionOf(region string) Partition {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return PartitionCN
	case strings.HasPrefix(region, "us-gov-"):
		return PartitionUSGov
	case strings.HasPrefix(region, "eusc-"):
		return PartitionEUSC
	default:
		return PartitionAWS
	}
}

// FederationEndpoint is the federation URL to exchange credentials at and sign in through.
//
// In the aws partition AWS Sign-In has regional endpoints, <region>.signin.aws.amazon.com,
// except us-east-1 whose endpoint is the global signin.aws.amazon.com ("AWS Sign-In
// endpoints and quotas"). Signing in through the profile's own region keeps working when
// us-east-1 has trouble. The other partitions use their partition-wide host. An empty or
// malformed region gets the partition's global endpoint.
func FederationEndpoint(region string) string {
	p := PartitionOf(region)
	if p.ID == "aws" && validRegion(region) && region != "us-east-1" {
		return "https://" + region + "." + p.SigninDomain + "/federation"
	}
	return "https://" + p.SigninDomain + "/federation"
}

// validRegion accepts region names as AWS spells them (us-east-1, eusc-de-east-1): lowercase
// letters, digits and single hyphens, starting with a letter. It keeps a region from ever
// changing the host it is put into.
func validRegion(region string) bool {
	if region == "" || len(region) > 32 || region[0] < 'a' || region[0] > 'z' || region[len(region)-1] == '-' {
		return false
	}
	for i := 0; i < len(region); i++ {
		c := region[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && region[i-1] != '-':
		default:
			return false
		}
	}
	return true
}
