package vault

import "testing"

// FuzzParseSessionKey: parsing never panics, and every key it accepts survives
// String and a second parse unchanged.
func FuzzParseSessionKey(f *testing.F) {
	f.Add("sts.GetSessionToken,bXktcHJvZg,YXJuOmF3czppYW06OjExMTExMTExMTExMTptZmEvam9u,1795874053")
	f.Add("sts.GetSessionToken,YmFzZQ,,1795863278")
	f.Add("session,my-prof,,1500000000")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseSessionKey(s)
		if err != nil {
			return
		}
		again, err := ParseSessionKey(k.String())
		if err != nil {
			t.Fatalf("ParseSessionKey(%q) = %+v, but its String %q does not parse: %v", s, k, k.String(), err)
		}
		if again.Type != k.Type || again.Profile != k.Profile || again.MFASerial != k.MFASerial ||
			!again.Expiration.Equal(k.Expiration) {
			t.Fatalf("round trip of %q: %+v != %+v", s, again, k)
		}
		if again.String() != k.String() {
			t.Fatalf("String not stable: %q != %q", again.String(), k.String())
		}
	})
}
