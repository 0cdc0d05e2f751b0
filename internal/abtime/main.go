// Command abtime times two commands in alternation and says whether the first is slower.
//
// hyperfine runs all of one command's runs, then all of the other's, so a change of load on a
// shared machine between the two blocks shows as a difference of a millisecond either way,
// which is the whole gap being measured in scripts/bench-start.sh. abtime alternates A and B
// (and which goes first), so both see the same machine, and compares them pair by pair: the
// median of the paired differences A−B, with a 95% confidence interval from the order
// statistics of those differences (a sign-test interval: no assumption about their
// distribution).
//
//	go run ./internal/abtime -n 300 -- 'cmd A …' 'cmd B …'
//
// Each command is split on spaces (no quoting) and run with the environment abtime has.
// Output, one line: medians of A and B in ms, the paired median difference A−B with its
// interval, and the share of pairs where A was faster.
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

func main() {
	n := flag.Int("n", 200, "pairs to run")
	warmup := flag.Int("warmup", 10, "pairs to run first and not count")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: abtime [-n N] [-warmup W] -- 'command A' 'command B'")
		os.Exit(2)
	}
	a, b := strings.Fields(flag.Arg(0)), strings.Fields(flag.Arg(1))
	var ta, tb, diff []float64
	for i := range *warmup + *n {
		var da, db float64
		if i%2 == 0 {
			da, db = timed(a), timed(b)
		} else {
			db, da = timed(b), timed(a)
		}
		if i >= *warmup {
			ta, tb, diff = append(ta, da), append(tb, db), append(diff, da-db)
		}
	}
	lo, hi := medianInterval(diff)
	faster := 0
	for _, d := range diff {
		if d < 0 {
			faster++
		}
	}
	fmt.Printf("A %.2f ms, B %.2f ms, A-B %+.2f ms (95%% CI %+.2f to %+.2f), A faster in %d%% of %d pairs\n",
		median(ta), median(tb), median(diff), lo, hi, 100*faster/len(diff), len(diff))
}

// timed runs argv once and returns its wall time in ms; a failure ends abtime, since a
// command that fails is not the one being measured.
func timed(argv []string) float64 {
	cmd := exec.Command(argv[0], argv[1:]...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err != nil {
		fmt.Fprintf(os.Stderr, "abtime: %s: %v\n%s", argv[0], err, out)
		os.Exit(1)
	}
	return float64(took.Microseconds()) / 1000
}

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// medianInterval is the 95% confidence interval of the median of xs: the order statistics
// k and n−k+1 (1-based), k from the normal approximation of Binomial(n, 1/2).
func medianInterval(xs []float64) (lo, hi float64) {
	s := slices.Sorted(slices.Values(xs))
	n := float64(len(s))
	k := int(math.Floor(n/2 - 1.96*math.Sqrt(n)/2))
	k = max(k, 1)
	return s[k-1], s[len(s)-k]
}
