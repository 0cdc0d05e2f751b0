package loadgen

import (
	"math"
	"math/bits"
	"time"
)

// subBits sets the precision: each power of two is split into 2^subBits equal buckets, so a
// bucket is at most 1/128 (0.8%) of its values wide. Values below 2^(subBits+1) ns (256 ns)
// are exact.
const (
	subBits    = 7
	subCount   = 1 << subBits
	numBuckets = 4096 // covers 0 to 2^38 ns (about 275 s); longer values land in the last bucket
)

// Histogram records durations in log-linear buckets, as HDR histograms do, in fixed memory.
// The zero value is ready to use. It is not safe for concurrent use: give each worker its own
// and Merge them.
type Histogram struct {
	counts   [numBuckets]uint64
	n        uint64
	sum      float64 // nanoseconds
	min, max time.Duration
}

// bucketOf returns the bucket holding v nanoseconds (v >= 0).
func bucketOf(v uint64) int {
	if v < 2*subCount {
		return int(v)
	}
	shift := bits.Len64(v) - (subBits + 1)
	i := shift<<subBits + int(v>>shift)
	return min(i, numBuckets-1)
}

// bucketBounds returns the smallest and largest value, in nanoseconds, that land in bucket i.
func bucketBounds(i int) (lo, hi uint64) {
	if i < 2*subCount {
		return uint64(i), uint64(i)
	}
	shift := i>>subBits - 1
	top := uint64(i - shift<<subBits)
	return top << shift, (top+1)<<shift - 1
}

// Record adds one duration; negative durations count as 0.
func (h *Histogram) Record(d time.Duration) {
	d = max(d, 0)
	h.counts[bucketOf(uint64(d))]++
	if h.n == 0 || d < h.min {
		h.min = d
	}
	h.max = max(h.max, d)
	h.n++
	h.sum += float64(d)
}

// Merge adds every value recorded in o.
func (h *Histogram) Merge(o *Histogram) {
	if o.n == 0 {
		return
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	if h.n == 0 || o.min < h.min {
		h.min = o.min
	}
	h.max = max(h.max, o.max)
	h.n += o.n
	h.sum += o.sum
}

// Count is the number of values recorded.
func (h *Histogram) Count() uint64 { return h.n }

// Min and Max are exact.
func (h *Histogram) Min() time.Duration { return h.min }
func (h *Histogram) Max() time.Duration { return h.max }

// Mean is exact up to float64 rounding.
func (h *Histogram) Mean() time.Duration {
	if h.n == 0 {
		return 0
	}
	return time.Duration(math.Round(h.sum / float64(h.n)))
}

// Quantile returns a value at or above the q-quantile (0 <= q <= 1) of the recorded values:
// the upper bound of the bucket holding the value of rank ceil(q*n), capped at Max, so at
// most 0.8% above the exact value and never below it. Quantile(0) is Min, Quantile(1) Max,
// and an empty histogram gives 0.
func (h *Histogram) Quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	if q <= 0 {
		return h.min
	}
	if q >= 1 {
		return h.max
	}
	rank := uint64(math.Ceil(q * float64(h.n)))
	rank = min(max(rank, 1), h.n)
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			if i == numBuckets-1 { // holds everything longer, too
				return h.max
			}
			_, hi := bucketBounds(i)
			return min(time.Duration(hi), h.max)
		}
	}
	return h.max
}
