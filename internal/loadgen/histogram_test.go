package loadgen

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestBucketsCoverEveryValueOnce(t *testing.T) {
	// Buckets are contiguous: each starts right after the previous one ends.
	var next uint64
	for i := range numBuckets {
		lo, hi := bucketBounds(i)
		if lo != next || hi < lo {
			t.Fatalf("bucket %d = [%d, %d], want it to start at %d", i, lo, hi, next)
		}
		if w := hi - lo + 1; lo >= 2*subCount && float64(w) > float64(lo)/subCount {
			t.Fatalf("bucket %d = [%d, %d] is wider than 1/%d of its values", i, lo, hi, subCount)
		}
		if bucketOf(lo) != i || bucketOf(hi) != i {
			t.Fatalf("bucket %d = [%d, %d]: bucketOf gives %d and %d", i, lo, hi, bucketOf(lo), bucketOf(hi))
		}
		next = hi + 1
	}
	if time.Duration(next) < 4*time.Minute {
		t.Errorf("buckets end at %v, want at least 4 minutes", time.Duration(next))
	}
	if got := bucketOf(math.MaxUint64); got != numBuckets-1 {
		t.Errorf("bucketOf(MaxUint64) = %d, want the last bucket", got)
	}
}

func TestQuantileEmptyAndSingle(t *testing.T) {
	var h Histogram
	if h.Quantile(0.5) != 0 || h.Mean() != 0 || h.Count() != 0 {
		t.Errorf("empty histogram: p50 %v, mean %v, count %d; want zeros", h.Quantile(0.5), h.Mean(), h.Count())
	}
	h.Record(1234567 * time.Nanosecond)
	for _, q := range []float64{0, 0.5, 0.99, 1} {
		if got := h.Quantile(q); got != 1234567 {
			t.Errorf("one value: Quantile(%v) = %d, want it exactly (capped at max)", q, got)
		}
	}
	h.Record(-time.Second)
	if h.Min() != 0 || h.Quantile(0) != 0 {
		t.Errorf("a negative duration should count as 0; min %v", h.Min())
	}
}

func TestQuantileSmallValuesAreExact(t *testing.T) {
	var h Histogram
	for v := range 100 {
		h.Record(time.Duration(v + 1)) // 1..100 ns
	}
	for _, tc := range []struct {
		q    float64
		want time.Duration
	}{{0.01, 1}, {0.5, 50}, {0.9, 90}, {0.99, 99}, {0.995, 100}, {1, 100}} {
		if got := h.Quantile(tc.q); got != tc.want {
			t.Errorf("Quantile(%v) = %d, want %d", tc.q, got, tc.want)
		}
	}
	if h.Mean() != 51 { // 50.5 rounds to 51
		t.Errorf("Mean = %v, want 51ns", h.Mean())
	}
}

// exact is the q-quantile by the same rank rule, on sorted samples.
func exact(sorted []time.Duration, q float64) time.Duration {
	rank := int(math.Ceil(q * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

func TestQuantileWithinPrecisionOfSortedSamples(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	dists := map[string]func() time.Duration{
		"lognormal around 300µs": func() time.Duration {
			return time.Duration(300e3 * math.Exp(rng.NormFloat64()*0.8))
		},
		"uniform 0-5ms": func() time.Duration { return time.Duration(rng.Int64N(5e6)) },
		"bimodal with 40ms tail": func() time.Duration {
			if rng.IntN(100) == 0 {
				return 40*time.Millisecond + time.Duration(rng.Int64N(1e6))
			}
			return time.Duration(50e3 + rng.Int64N(100e3))
		},
	}
	for name, gen := range dists {
		t.Run(name, func(t *testing.T) {
			var h Histogram
			samples := make([]time.Duration, 100_000)
			var sum float64
			for i := range samples {
				samples[i] = gen()
				h.Record(samples[i])
				sum += float64(samples[i])
			}
			slices.Sort(samples)
			for _, q := range []float64{0, 0.001, 0.5, 0.9, 0.99, 0.999, 0.9999, 1} {
				got, want := h.Quantile(q), exact(samples, q)
				if got < want || float64(got-want) > float64(want)/subCount {
					t.Errorf("Quantile(%v) = %v, exact %v: want at or above, within 1/%d", q, got, want, subCount)
				}
			}
			if h.Min() != samples[0] || h.Max() != samples[len(samples)-1] {
				t.Errorf("min/max = %v/%v, want %v/%v", h.Min(), h.Max(), samples[0], samples[len(samples)-1])
			}
			if want := time.Duration(math.Round(sum / float64(len(samples)))); h.Mean() != want {
				t.Errorf("Mean = %v, want %v", h.Mean(), want)
			}
		})
	}
}

func TestQuantileBeyondRange(t *testing.T) {
	var h Histogram
	for range 10 {
		h.Record(time.Millisecond)
	}
	h.Record(time.Hour) // past the last bucket's bounds
	if got := h.Quantile(0.999); got != time.Hour {
		t.Errorf("Quantile(0.999) = %v, want the exact max (1h) for a value past the buckets", got)
	}
	if got := h.Quantile(0.5); got < time.Millisecond || got > time.Millisecond+time.Millisecond/subCount {
		t.Errorf("Quantile(0.5) = %v, want about 1ms", got)
	}
}

func TestMergeEqualsRecordingEverything(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var all Histogram
	parts := make([]Histogram, 8)
	for i := range 50_000 {
		d := time.Duration(rng.Int64N(int64(20 * time.Millisecond)))
		all.Record(d)
		parts[i%len(parts)].Record(d)
	}
	var merged Histogram
	merged.Merge(new(Histogram)) // merging an empty one changes nothing
	for i := range parts {
		merged.Merge(&parts[i])
	}
	if merged.counts != all.counts || merged.Count() != all.Count() || merged.Min() != all.Min() || merged.Max() != all.Max() {
		t.Fatalf("merged histogram differs from the one that recorded everything")
	}
	if d := merged.Mean() - all.Mean(); d < -1 || d > 1 {
		t.Errorf("merged mean %v, want %v", merged.Mean(), all.Mean())
	}
}
