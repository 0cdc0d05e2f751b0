package fakeaws

import (
	"net/http"
	"strings"
	"sync"
)

// IAM is a fake of the IAM Query API (version 2010-05-08), as much as key rotation needs:
// GetUser, ListAccessKeys, CreateAccessKey and DeleteAccessKey on the users and long-term keys
// of an STS fake. Keys it creates sign STS calls like keys added with AddUser, and keys it
// deletes stop working at once. It authenticates like STS (SigV4 with the key's secret) and
// under IAM's own rules: sessions from GetSessionToken without MFA and federated sessions
// may not call IAM, role sessions must name the user. Its calls are recorded, held and failed
// with the STS fake's Calls, Hold and FailNext/Fail (the action names differ).
//
// Create it with [NewIAM]. All methods are safe for concurrent use.
type IAM struct {
	sts *STS

	mu          sync.Mutex
	propagation int             // see SetPropagation
	requireMFA  map[string]bool // user names, see RequireMFA
}

// NewIAM returns an IAM fake over the users of sts.
func NewIAM(sts *STS) *IAM {
	return &IAM{sts: sts, requireMFA: map[string]bool{}}
}

const (
	iamVersion   = "2010-05-08"
	iamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/"
	// maxKeysPerUser is IAM's quota of access keys per user.
	maxKeysPerUser = 2
)

// SetPropagation simulates IAM's eventual consistency: a key CreateAccessKey makes from now
// on is refused (InvalidClientTokenId, as AWS answers) for its first n signed requests, to
// STS or IAM. 0, the default, makes new keys work at once.
func (i *IAM) SetPropagation(n int) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.propagation = n
}

// RequireMFA puts AWS's "force MFA" policy on a user: every IAM call about the user except
// GetUser is denied unless it is signed with a session opened with MFA.
func (i *IAM) RequireMFA(userName string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.requireMFA[userName] = true
}

func (i *IAM) mfaRequired(userName string) bool {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.requireMFA[userName]
}

// Route serves requests for IAM's hosts (iam.amazonaws.com, iam.us-gov.amazonaws.com, …)
// with i and every other request with next, for the Proxy.
func (i *IAM) Route(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Host, "iam.") {
			i.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (i *IAM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	serveQuery(w, r, iamNamespace, i.handle)
}

func (i *IAM) handle(r *http.Request) (action string, result any, err error) {
	req, err := i.sts.admit(r)
	if err != nil {
		return "", nil, err
	}
	caller, err := i.sts.authenticate(req)
	if err != nil {
		return "", nil, err
	}
	if err := iamCaller(caller); err != nil {
		return "", nil, err
	}
	if v := req.params.Get("Version"); v != iamVersion {
		return "", nil, invalidAction(req.action, v)
	}
	result, err = i.dispatch(req, caller)
	return req.action, result, err
}

// iamCaller refuses the credentials IAM refuses whatever the policy says.
func iamCaller(caller principal) error {
	switch {
	case caller.kind == federatedUser:
		return accessDenied("User: %s is not authorized to access IAM", caller.arn())
	case caller.kind == iamUser && !caller.longTerm && !caller.mfa:
		// AWS: GetSessionToken credentials can call IAM only if MFA was sent.
		return invalidClientTokenID()
	}
	return nil
}

func (i *IAM) dispatch(req *request, caller principal) (any, error) {
	name, err := i.targetUser(req, caller)
	if err != nil {
		return nil, err
	}
	if req.action != "GetUser" && i.mfaRequired(name) && !caller.mfa {
		return nil, accessDenied("User: %s is not authorized to perform: iam:%s on resource: user %s with an explicit deny in an identity-based policy",
			caller.arn(), req.action, name)
	}
	switch req.action {
	case "GetUser":
		return i.getUser(name), nil
	case "ListAccessKeys":
		return i.listAccessKeys(name), nil
	case "CreateAccessKey":
		return i.createAccessKey(name)
	case "DeleteAccessKey":
		return nil, i.deleteAccessKey(name, req.params.Get("AccessKeyId"))
	default:
		return nil, invalidAction(req.action, iamVersion)
	}
}

// targetUser is the user a call is about: UserName, else the caller. IAM users manage
// themselves only; a role (given the permission) names anyone.
func (i *IAM) targetUser(req *request, caller principal) (string, error) {
	name := req.params.Get("UserName")
	switch {
	case name == "" && caller.kind != iamUser:
		return "", validationError("Must specify userName when calling with non-User credentials")
	case name == "":
		return caller.name, nil
	case caller.kind == iamUser && name != caller.name:
		return "", accessDenied("User: %s is not authorized to perform: iam:%s on resource: user %s",
			caller.arn(), req.action, name)
	case len(i.sts.keysOf(name)) == 0:
		return "", noSuchEntity("The user with name %s cannot be found.", name)
	}
	return name, nil
}

func noSuchEntity(format string, args ...any) *apiError {
	e := validationError(format, args...)
	e.status, e.code = http.StatusNotFound, "NoSuchEntity"
	return e
}
