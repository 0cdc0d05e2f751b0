package fakeaws

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// sigv4 is a parsed "AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…" header.
type sigv4 struct {
	accessKeyID   string
	scope         string // date/region/service/aws4_request
	signedHeaders []string
	signature     string
}

const sigv4Algorithm = "AWS4-HMAC-SHA256"

func parseAuthorization(header string) (sigv4, error) {
	rest, ok := strings.CutPrefix(header, sigv4Algorithm+" ")
	if !ok {
		return sigv4{}, errors.New("authorization header is not " + sigv4Algorithm)
	}
	var a sigv4
	for _, field := range strings.Split(rest, ",") {
		key, value, _ := strings.Cut(strings.TrimSpace(field), "=")
		switch key {
		case "Credential":
			a.accessKeyID, a.scope, _ = strings.Cut(value, "/")
		case "SignedHeaders":
			a.signedHeaders = strings.Split(value, ";")
		case "Signature":
			a.signature = value
		}
	}
	if a.accessKeyID == "" || a.scope == "" || len(a.signedHeaders) == 0 || a.signature == "" {
		return sigv4{}, errors.New("authorization header requires Credential, SignedHeaders and Signature")
	}
	return a, nil
}

// verify recomputes the signature the way the SDKs compute it and compares. Verifying (rather
// than trusting the key id) is what catches a client signing with the wrong secret.
func (a sigv4) verify(r *http.Request, body []byte, secret string) bool {
	date := r.Header.Get("X-Amz-Date")
	scope := strings.Split(a.scope, "/")
	if date == "" || len(scope) != 4 {
		return false
	}
	canonical := sha256.Sum256([]byte(a.canonicalRequest(r, body)))
	toSign := strings.Join([]string{sigv4Algorithm, date, a.scope, hex.EncodeToString(canonical[:])}, "\n")
	key := []byte("AWS4" + secret)
	for _, part := range scope {
		key = hmacSHA256(key, part)
	}
	want := hex.EncodeToString(hmacSHA256(key, toSign))
	return hmac.Equal([]byte(want), []byte(a.signature))
}

func (a sigv4) canonicalRequest(r *http.Request, body []byte) string {
	var b strings.Builder
	path := cmp.Or(r.URL.EscapedPath(), "/")
	b.WriteString(r.Method + "\n" + path + "\n" + canonicalQuery(r.URL.Query()) + "\n")
	for _, h := range a.signedHeaders {
		b.WriteString(h + ":" + canonicalHeader(r, h) + "\n")
	}
	b.WriteString("\n" + strings.Join(a.signedHeaders, ";") + "\n" + payloadHash(r, body))
	return b.String()
}

// canonicalHeader is a header's values trimmed, inner spaces collapsed, joined by commas.
// Go's server moves Host out of the header map, and may do the same with Content-Length.
func canonicalHeader(r *http.Request, name string) string {
	values := slices.Clone(r.Header.Values(name))
	switch {
	case name == "host":
		values = []string{r.Host}
	case name == "content-length" && len(values) == 0:
		values = []string{strconv.FormatInt(r.ContentLength, 10)}
	}
	for i, v := range values {
		values[i] = strings.Join(strings.Fields(v), " ")
	}
	return strings.Join(values, ",")
}

// canonicalQuery sorts the encoded parameters by name, then value.
func canonicalQuery(q url.Values) string {
	var pairs [][2]string
	for k, vs := range q {
		for _, v := range vs {
			pairs = append(pairs, [2]string{awsEscape(k), awsEscape(v)})
		}
	}
	slices.SortFunc(pairs, func(a, b [2]string) int {
		return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
	})
	out := make([]string, len(pairs))
	for i, p := range pairs {
		out[i] = p[0] + "=" + p[1]
	}
	return strings.Join(out, "&")
}

// awsEscape is RFC 3986 percent-encoding, which differs from url.QueryEscape in two places.
func awsEscape(s string) string {
	return strings.NewReplacer("+", "%20", "%7E", "~").Replace(url.QueryEscape(s))
}

func payloadHash(r *http.Request, body []byte) string {
	if r.Header.Get("X-Amz-Content-Sha256") == "UNSIGNED-PAYLOAD" {
		return "UNSIGNED-PAYLOAD"
	}
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}
