//go:build !linux

package loadgen

import (
	"errors"
	"time"
)

// cpuTime is only implemented on Linux (/proc); elsewhere CPU figures are left out.
func cpuTime(int) (time.Duration, error) {
	return 0, errors.New("CPU time is only measured on Linux")
}
