package login

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
)

// maxSlug caps the readable part of SafeProfileName; the hash suffix follows it.
const maxSlug = 40

// SafeProfileName turns an AWS profile name into a directory and flag value that is safe on
// every file system and in every browser: a lowercase slug of [a-z0-9-] (common Latin letters
// transliterated, other characters dropped), at most 40 characters, then "-" and the first 8 hex
// digits of the SHA-256 of the exact name. The hash keeps names apart that slug alike
// ("Prod/Admin", "prod admin", "prod&admin"); the display name is kept separately by callers.
// The result never starts with "-", never contains a path separator, and is never empty.
func SafeProfileName(profile string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(profile) {
		for _, c := range fold(r) {
			if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
				if dash && b.Len() > 0 {
					b.WriteByte('-')
				}
				b.WriteRune(c)
				dash = false
			} else {
				dash = true
			}
		}
	}
	slug := b.String()
	if len(slug) > maxSlug {
		slug = strings.TrimRight(slug[:maxSlug], "-")
	}
	slug = cmp.Or(slug, "profile")
	sum := sha256.Sum256([]byte(profile))
	return slug + "-" + hex.EncodeToString(sum[:4])
}

// fold transliterates the common accented Latin letters to ASCII; anything else is returned
// unchanged (and dropped by the caller unless it is [a-z0-9]).
func fold(r rune) string {
	if r < 0x80 {
		return string(r)
	}
	if s, ok := latinFold()[r]; ok {
		return s
	}
	return ""
}

// latinFold is built on first use: only browser isolation names need it, not every command's start.
var latinFold = sync.OnceValue(func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d", 'þ': "th", 'ł': "l", 'ı': "i"}
	for base, letters := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ", "i": "ìíîïĩīĭįİ",
		"j": "ĵ", "k": "ķ", "l": "ĺļľŀ", "n": "ñńņňŉ", "o": "òóôõöōŏő", "r": "ŕŗř", "s": "śŝşš",
		"t": "ţťŧ", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
})
