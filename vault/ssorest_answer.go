package vault

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/aws/smithy-go"
)

// readSSOAnswer decodes a 2xx answer into out (nil: ignore the body) and turns any other
// status into the error it carries. An empty body reads as {}, as the SDK reads it; a body
// that is not the JSON expected is a *smithy.DeserializationError, reported as garbled.
func readSSOAnswer(status int, header http.Header, body []byte, out any) error {
	if status/100 != 2 {
		return ssoErrorAnswer(status, header, body)
	}
	if out == nil || len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		// The decoder's message names a type or a character, never the answer's values.
		return &smithy.DeserializationError{Err: err}
	}
	return nil
}

// ssoErrorAnswer reads an IAM Identity Center error answer the way the SDK's restJson1
// protocol does: the exception's name from the X-Amzn-ErrorType header, else the body's
// "__type", else its "code", stripped of a ":http://internal.amazon.com/..." suffix and a
// "namespace#" prefix; the message from the body's "message". OIDC answers carry RFC 6749's
// {"error": "authorization_pending", "error_description": ...}: their description is the
// message, and their "error" names the exception when nothing else does.
func ssoErrorAnswer(status int, header http.Header, body []byte) error {
	var info struct {
		Type             string `json:"__type"`
		Message          string `json:"message"`
		Code             any    `json:"code"`
		Error            any    `json:"error"`
		ErrorDescription any    `json:"error_description"`
	}
	isJSON := len(bytes.TrimSpace(body)) == 0 || json.Unmarshal(body, &info) == nil
	code := header.Get("X-Amzn-ErrorType")
	if code == "" && isJSON {
		code = cmp.Or(info.Type, jsonString(info.Code), oauthException(jsonString(info.Error)))
	}
	switch {
	case code == "" && !isJSON:
		// A proxy's or captive portal's page, not IAM Identity Center's answer.
		return &smithy.DeserializationError{Err: &ssoNotJSONError{Status: status}}
	case code == "":
		return &smithy.GenericAPIError{Code: http.StatusText(status), Message: fmt.Sprintf("http status %d", status)}
	}
	if i := strings.IndexByte(code, ':'); i >= 0 {
		code = code[:i]
	}
	if i := strings.IndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	return &smithy.GenericAPIError{Code: code, Message: cmp.Or(info.Message, jsonString(info.ErrorDescription))}
}

func jsonString(v any) string {
	s, _ := v.(string)
	return s
}

// oauthException is the exception name of an OAuth error code: authorization_pending is
// AuthorizationPendingException, as AWS names it in X-Amzn-ErrorType. Anything that is not
// such a code gives "".
func oauthException(code string) string {
	var name strings.Builder
	for word := range strings.SplitSeq(code, "_") {
		if word == "" || strings.Trim(word, "abcdefghijklmnopqrstuvwxyz") != "" {
			return ""
		}
		name.WriteString(strings.ToUpper(word[:1]) + word[1:])
	}
	return name.String() + "Exception"
}

// ssoStatusError is an error that came with an answer: its HTTP status decides, as in the
// SDK, whether the call is retried (500, 502, 503, 504).
type ssoStatusError struct {
	Status int
	Err    error
}

func (e *ssoStatusError) Error() string       { return e.Err.Error() }
func (e *ssoStatusError) Unwrap() error       { return e.Err }
func (e *ssoStatusError) HTTPStatusCode() int { return e.Status }

// ssoNotJSONError is an error answer that is not JSON.
type ssoNotJSONError struct{ Status int }

func (e *ssoNotJSONError) Error() string {
	return fmt.Sprintf("http status %d and an answer that is not json", e.Status)
}
