package server

import (
	"cmp"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// EC2Options configure the instance-metadata handler.
type EC2Options struct {
	// IMDSv2Only refuses GETs without a session token (401), as an instance with
	// HttpTokens=required does. Otherwise IMDSv1 GETs are answered too.
	IMDSv2Only bool
	// Region answers placement/region and the identity document. Empty: those are 404.
	Region string
	// RoleName is the one role listed under iam/security-credentials/, a single path segment.
	// Default "vaultbar".
	RoleName string
	// Now is the clock for session tokens. Default time.Now.
	Now func() time.Time
}

// Paths, as aws-sdk-go-v2 (feature/ec2/imds, credentials/ec2rolecreds) and botocore request
// them; trailing slashes are trimmed before matching, since the two disagree on them.
const (
	imdsTokenPath    = "/latest/api/token"
	imdsMetaData     = "/latest/meta-data"
	imdsIAM          = imdsMetaData + "/iam"
	imdsIAMInfo      = imdsIAM + "/info"
	imdsCredentials  = imdsIAM + "/security-credentials"
	imdsInstanceID   = imdsMetaData + "/instance-id"
	imdsPlacement    = imdsMetaData + "/placement"
	imdsRegion       = imdsPlacement + "/region"
	imdsZone         = imdsPlacement + "/availability-zone"
	imdsIdentityDocs = "/latest/dynamic/instance-identity/document"

	// Headers in canonical form, so that lookups index the map directly.
	imdsTokenHeader = "X-Aws-Ec2-Metadata-Token"
	imdsTTLHeader   = "X-Aws-Ec2-Metadata-Token-Ttl-Seconds"

	maxTokenTTL = 21600 // seconds: six hours, as EC2 allows

	// Stable fakes: the instance is this computer, and there is no instance profile.
	fakeInstanceID = "i-vaultbar"
	fakeProfileID  = "AIPAVAULTBAR000000000"
)

// EC2 serves the parts of the EC2 instance-metadata service that SDKs use to find credentials
// and a region: IMDSv2 session tokens, the role list and its credentials, iam/info,
// instance-id, placement and the identity document. Everything else is 404.
type EC2 struct {
	src    *Source
	v2Only bool
	region string
	role   string
	now    func() time.Time
	tokens imdsTokens

	textType []string // header value, shared so that the hot path does not allocate it
}

// NewEC2 returns the handler over src.
func NewEC2(src *Source, o EC2Options) *EC2 {
	o.RoleName = cmp.Or(o.RoleName, "vaultbar")
	if o.Now == nil {
		o.Now = time.Now
	}
	return &EC2{
		src:      src,
		v2Only:   o.IMDSv2Only,
		region:   o.Region,
		role:     o.RoleName,
		now:      o.Now,
		textType: []string{"text/plain"},
	}
}

func (e *EC2) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimSuffix(r.URL.Path, "/")
	if p == imdsTokenPath {
		e.serveToken(w, r)
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		writeText(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	if tok, ok := r.Header[imdsTokenHeader]; ok {
		if len(tok) != 1 || !e.tokens.valid(tok[0], e.now()) {
			writeText(w, http.StatusUnauthorized, "invalid or expired session token")
			return
		}
	} else if e.v2Only {
		writeText(w, http.StatusUnauthorized, "session token required (IMDSv2): PUT "+imdsTokenPath+" first")
		return
	}

	switch {
	case strings.HasPrefix(p, imdsCredentials+"/"):
		if p[len(imdsCredentials)+1:] != e.role {
			writeText(w, http.StatusNotFound, "not found")
			return
		}
		e.serveCredentials(w, r)
	case p == imdsCredentials:
		writeText(w, http.StatusOK, e.role)
	case p == imdsIAMInfo:
		e.serveIAMInfo(w, r)
	case p == imdsInstanceID:
		writeText(w, http.StatusOK, fakeInstanceID)
	case p == imdsRegion && e.region != "":
		writeText(w, http.StatusOK, e.region)
	case p == imdsZone && e.region != "":
		writeText(w, http.StatusOK, e.region+"a")
	case p == imdsIdentityDocs:
		e.serveIdentityDocument(w)
	case p == imdsMetaData:
		writeText(w, http.StatusOK, "iam/\ninstance-id\nplacement/")
	case p == imdsIAM:
		writeText(w, http.StatusOK, "info\nsecurity-credentials/")
	case p == imdsPlacement && e.region != "":
		writeText(w, http.StatusOK, "availability-zone\nregion")
	default:
		writeText(w, http.StatusNotFound, "not found")
	}
}

// serveToken issues an IMDSv2 session token. Like EC2, it refuses a PUT that went through a
// proxy (X-Forwarded-For), which is how IMDSv2 keeps tokens from being fetched on a client's
// behalf.
func (e *EC2) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPut {
		w.Header().Set("Allow", http.MethodPut)
		writeText(w, http.StatusMethodNotAllowed, "method not allowed: use PUT")
		return
	}
	if _, ok := r.Header["X-Forwarded-For"]; ok {
		writeText(w, http.StatusForbidden, "forwarded token requests are refused")
		return
	}
	ttl, err := strconv.Atoi(r.Header.Get(imdsTTLHeader))
	if err != nil || ttl < 1 || ttl > maxTokenTTL {
		writeText(w, http.StatusBadRequest, imdsTTLHeader+" must be a whole number of seconds from 1 to 21600")
		return
	}
	now := e.now()
	tok, freeAt, err := e.tokens.issue(now, time.Duration(ttl)*time.Second)
	if errors.Is(err, errTooManyTokens) {
		// 429, not 403/404/405 (after which aws-sdk-go-v2 stops asking for tokens for good)
		// nor 400 (a terminal error): SDKs treat it as "no token this time", use IMDSv1 for
		// that request when allowed, and ask again on the next.
		w.Header().Set("Retry-After", strconv.Itoa(int(freeAt.Sub(now)/time.Second)+1))
		writeText(w, http.StatusTooManyRequests, "too many session tokens in use; try again when one expires")
		return
	}
	if err != nil {
		writeText(w, http.StatusInternalServerError, "cannot issue a token")
		return
	}
	w.Header().Set(imdsTTLHeader, strconv.Itoa(ttl))
	writeText(w, http.StatusOK, tok)
}

func (e *EC2) serveCredentials(w http.ResponseWriter, r *http.Request) {
	snap, err := snapshot(r, e.src)
	if err != nil {
		status, _ := credentialsStatus(err)
		writeText(w, status, err.Error())
		return
	}
	h := w.Header()
	h["Content-Type"] = e.textType
	h["Content-Length"] = snap.ec2Len
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(snap.ec2)
}

func (e *EC2) serveIAMInfo(w http.ResponseWriter, r *http.Request) {
	snap, err := snapshot(r, e.src)
	if err != nil {
		status, _ := credentialsStatus(err)
		writeText(w, status, err.Error())
		return
	}
	body, err := json.Marshal(struct {
		Code               string
		LastUpdated        string
		InstanceProfileArn string
		InstanceProfileID  string `json:"InstanceProfileId"`
	}{
		Code:               "Success",
		LastUpdated:        timestamp(snap.fetched),
		InstanceProfileArn: "arn:" + partition(e.region) + ":iam::" + snap.creds.AccountID + ":instance-profile/" + e.role,
		InstanceProfileID:  fakeProfileID,
	})
	if err != nil {
		writeText(w, http.StatusInternalServerError, "cannot encode iam info")
		return
	}
	writeText(w, http.StatusOK, string(body))
}

// serveIdentityDocument answers what SDKs read a region from. The account is there when the
// credentials say it; it never waits for a refresh.
func (e *EC2) serveIdentityDocument(w http.ResponseWriter) {
	var account string
	if snap := e.src.cur.Load(); snap != nil {
		account = snap.creds.AccountID
	}
	doc := struct {
		AccountID        string `json:"accountId,omitempty"`
		AvailabilityZone string `json:"availabilityZone,omitempty"`
		InstanceID       string `json:"instanceId"`
		Region           string `json:"region,omitempty"`
		Version          string `json:"version"`
	}{AccountID: account, InstanceID: fakeInstanceID, Region: e.region, Version: "2017-09-30"}
	if e.region != "" {
		doc.AvailabilityZone = e.region + "a"
	}
	body, err := json.Marshal(doc)
	if err != nil {
		writeText(w, http.StatusInternalServerError, "cannot encode identity document")
		return
	}
	writeText(w, http.StatusOK, string(body))
}

// partition names the AWS partition of a region, for the instance-profile ARN.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "eusc-"):
		return "aws-eusc"
	}
	return "aws"
}
