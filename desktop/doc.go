// Package desktop is the OS edge.
package desktop
