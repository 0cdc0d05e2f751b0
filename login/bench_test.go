package login

import (
	"strings"
	"testing"
)

// BenchmarkConsoleURL measures, per destination, what Vaultbar does on each "Open console" besides the one
// sign-in round trip: the destination and the login URL around it.
func BenchmarkConsoleURL(b *testing.B) {
	token := "fakesignintoken" + strings.Repeat("Ab9-_", 150) // real tokens are ~700 url-safe characters
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range []Destination{
			{Region: "eu-west-1", Service: "ec2"},
			{Region: "eu-west-1", Path: "/cloudwatch/home#logsV2:log-groups"},
			{Region: "us-east-1"},
		} {
			dest, err := ConsoleURL(d)
			if err != nil {
				b.Fatal(err)
			}
			_ = LoginURL(FederationEndpoint(d.Region), "vaultbar", dest, token)
		}
	}
}
