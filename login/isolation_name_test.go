package login

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var safeShape = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?-[0-9a-f]{8}$`)

func TestSafeProfileNameExamples(t *testing.T) {
	cases := []struct{ in, slug string }{
		{"prod-admin", "prod-admin"},
		{"Prod/Admin", "prod-admin"},
		{"prod admin", "prod-admin"},
		{"prod&admin", "prod-admin"},
		{"Prod/Admin & Co = ü", "prod-admin-co-u"},
		{"Zürich Straße Œuvre", "zurich-strasse-oeuvre"},
		{"日本語", "profile"},
		{"", "profile"},
		{"../../etc/passwd", "etc-passwd"},
		{"-rf", "rf"},
		{`"quoted" 'name'`, "quoted-name"},
		{strings.Repeat("a", 100), strings.Repeat("a", 40)},
		{strings.Repeat("a", 39) + "-b", strings.Repeat("a", 39)}, // cut at the dash, which is trimmed
	}
	seen := map[string]string{}
	for _, c := range cases {
		got := SafeProfileName(c.in)
		if !safeShape.MatchString(got) {
			t.Errorf("SafeProfileName(%q) = %q: bad shape", c.in, got)
		}
		if slug := got[:len(got)-9]; slug != c.slug {
			t.Errorf("SafeProfileName(%q) slug = %q, want %q", c.in, slug, c.slug)
		}
		if prev, dup := seen[got]; dup {
			t.Errorf("SafeProfileName(%q) = SafeProfileName(%q) = %q", c.in, prev, got)
		}
		seen[got] = c.in
		if again := SafeProfileName(c.in); again != got {
			t.Errorf("SafeProfileName(%q) not stable: %q then %q", c.in, got, again)
		}
	}
	// A fixed value: stored directories must keep their names across releases.
	if got, want := SafeProfileName("Prod/Admin"), "prod-admin-8adff505"; got != want {
		t.Errorf("SafeProfileName(Prod/Admin) = %q, want %q", got, want)
	}
}

// Many names that slug alike never collide, and every result has the safe shape.
func TestSafeProfileNameProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("aAbB01-_/ &=+.\"'üßé日\t\\:%$~")
	seen := map[string]string{}
	for range 50000 {
		n := r.IntN(60)
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = alphabet[r.IntN(len(alphabet))]
		}
		name := string(rs)
		got := SafeProfileName(name)
		if !safeShape.MatchString(got) {
			t.Fatalf("SafeProfileName(%q) = %q: bad shape", name, got)
		}
		if prev, dup := seen[got]; dup && prev != name {
			t.Fatalf("collision: %q and %q both give %q", prev, name, got)
		}
		seen[got] = name
	}
}

func FuzzSafeProfileName(f *testing.F) {
	for _, s := range []string{"Prod/Admin & Co = ü", "", "-", "日本語", "a\x00b", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := SafeProfileName(name)
		if !safeShape.MatchString(got) || !utf8.ValidString(got) {
			t.Fatalf("SafeProfileName(%q) = %q: bad shape", name, got)
		}
		if got != SafeProfileName(name) {
			t.Fatal("not deterministic")
		}
	})
}

func ExampleSafeProfileName() {
	for _, p := range []string{"Prod/Admin", "prod admin", "prod&admin"} {
		s := SafeProfileName(p)
		fmt.Println(s[:len("prod-admin")], len(s))
	}
	// Output:
	// prod-admin 19
	// prod-admin 19
	// prod-admin 19
}
