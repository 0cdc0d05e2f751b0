package desktop

import (
	"errors"
	"strings"
	"testing"
)

// zenity joins the fields with the separator and ends with a line break; a '|' inside a
// field is kept, and an answer that does not split into one value per field is refused.
func TestParseForm(t *testing.T) {
	t.Parallel()
	got, err := parseForm("a|b\x1e\x1e sec|ret \x1e\x1e\n", formSeparator, 5)
	if err != nil {
		t.Fatal(err)
	}
	f := formOf(got)
	if want := (KeysForm{Profile: "a|b", Secret: "sec|ret"}); f != want {
		t.Errorf("parsed %+v, want %+v", f, want)
	}
	for _, out := range []string{"a\x1eb\n", "a\x1eb\x1ec\x1ed\x1ee\x1ef\n", ""} {
		if _, err := parseForm(out, formSeparator, 5); !errors.Is(err, errAmbiguousAnswer) {
			t.Errorf("parseForm(%q) = %v, want it refused", out, err)
		}
	}
	if _, err := parseJSONForm(`["a","b"]`, 5); !errors.Is(err, errAmbiguousAnswer) {
		t.Errorf("a JSON answer with 2 of 5 values: %v", err)
	}
	if v, err := parseJSONForm("[\"a|\\u001e\",\"\",\"\",\"\",\"\"]\n", 5); err != nil || v[0] != "a|\x1e" {
		t.Errorf("parseJSONForm = %q, %v", v, err)
	}
}

// A field left empty keeps what was typed before; the text above the form lists those
// values, never the secret, and escapes markup so an error holding '&' still shows.
func TestKeysFormKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	last := KeysForm{Profile: "carol", KeyID: "AKIACAROL00000000001", Secret: "s3cr3t-value", Region: "eu-west-1"}
	got := keepTyped(last, KeysForm{KeyID: "AKIANEW0000000000001"})
	if want := (KeysForm{Profile: "carol", KeyID: "AKIANEW0000000000001", Secret: "s3cr3t-value", Region: "eu-west-1"}); got != want {
		t.Errorf("keepTyped = %+v, want %+v", got, want)
	}
	text := formText("AWS did not accept these keys", last)
	for _, want := range []string{"AWS did not accept these keys\n\n", "Profile name: carol", "Access key ID: AKIACAROL00000000001", "Secret access key: as typed", "Region: eu-west-1"} {
		if !strings.Contains(text, want) {
			t.Errorf("form text %q lacks %q", text, want)
		}
	}
	if strings.Contains(text, last.Secret) {
		t.Errorf("form text %q shows the secret", text)
	}
	if formText("", KeysForm{}) != formIntro {
		t.Errorf("the first form says %q", formText("", KeysForm{}))
	}
	if got := markupEscape("a & b <c>"); got != "a &amp; b &lt;c&gt;" {
		t.Errorf("markupEscape = %q", got)
	}
}
