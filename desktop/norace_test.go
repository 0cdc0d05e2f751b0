//go:build !race

package desktop

const raceEnabled = false
