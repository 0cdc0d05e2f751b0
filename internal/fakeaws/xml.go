package fakeaws

import (
	"encoding/xml"
	"net/http"
)

// stsNamespace is the xmlns of every STS response, errors included.
const stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"

// expirationLayout is how STS writes timestamps: UTC, whole seconds, "Z".
const expirationLayout = "2006-01-02T15:04:05Z"

// The types below mirror AWS's XML element for element; field order is wire order.

type xmlCredentials struct {
	AccessKeyID     string `xml:"AccessKeyId"`
	SecretAccessKey string
	SessionToken    string
	Expiration      string
}

func credentialsXML(c issued) xmlCredentials {
	return xmlCredentials{c.akid, c.secret, c.token, c.expires.UTC().Format(expirationLayout)}
}

type getSessionTokenResult struct {
	Credentials xmlCredentials
}

type xmlAssumedRoleUser struct {
	Arn           string
	AssumedRoleID string `xml:"AssumedRoleId"`
}

type assumeRoleResult struct {
	SourceIdentity   string `xml:",omitempty"`
	AssumedRoleUser  xmlAssumedRoleUser
	Credentials      xmlCredentials
	PackedPolicySize *int `xml:",omitempty"`
}

type xmlFederatedUser struct {
	Arn             string
	FederatedUserID string `xml:"FederatedUserId"`
}

type getFederationTokenResult struct {
	Credentials      xmlCredentials
	FederatedUser    xmlFederatedUser
	PackedPolicySize *int `xml:",omitempty"`
}

type getCallerIdentityResult struct {
	Arn     string
	UserID  string `xml:"UserId"`
	Account string
}

type responseMetadata struct {
	RequestID string `xml:"RequestId"`
}

// response is <{Action}Response><{Action}Result>…</…><ResponseMetadata>…</…></…>.
type response struct {
	XMLName  xml.Name
	Xmlns    string           `xml:"xmlns,attr"`
	Result   any              `xml:",omitempty"` // nil for actions that answer nothing (DeleteAccessKey)
	Metadata responseMetadata `xml:"ResponseMetadata"`
}

type errorResponse struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Error   struct {
		Type    string
		Code    string
		Message string
	}
	RequestID string `xml:"RequestId"`
}

// writeResultIn answers a Query API call (STS or IAM, each with its xmlns).
func writeResultIn(w http.ResponseWriter, namespace, action, requestID string, result any) {
	var res any
	if result != nil {
		res = named{action + "Result", result}
	}
	writeXML(w, http.StatusOK, requestID, response{
		XMLName:  xml.Name{Local: action + "Response"},
		Xmlns:    namespace,
		Result:   res,
		Metadata: responseMetadata{requestID},
	})
}

// named encodes v as an element whose name is only known at run time (<{Action}Result>).
type named struct {
	name string
	v    any
}

func (n named) MarshalXML(e *xml.Encoder, _ xml.StartElement) error {
	return e.EncodeElement(n.v, xml.StartElement{Name: xml.Name{Local: n.name}})
}

func writeErrorIn(w http.ResponseWriter, namespace, requestID string, e *apiError) {
	body := errorResponse{Xmlns: namespace, RequestID: requestID}
	body.Error.Type, body.Error.Code, body.Error.Message = e.errorType(), e.code, e.message
	writeXML(w, e.status, requestID, body)
}

func writeXML(w http.ResponseWriter, status int, requestID string, v any) {
	out, err := xml.Marshal(v)
	if err != nil {
		// Only a bug in this package's types can get here.
		http.Error(w, "fakeaws: marshal response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("X-Amzn-Requestid", requestID)
	w.WriteHeader(status)
	_, _ = w.Write(out)
}
