package fakeaws

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Account is the AWS account of every user added with AddUser.
const Account = "111111111111"

type user struct {
	name    string
	secret  string
	created time.Time // IAM's CreateDate, see SetKeyCreated
	// unseen is how many more requests signed with this key are refused as an unknown key:
	// IAM's eventual consistency for keys CreateAccessKey just made, see IAM.SetPropagation.
	unseen int
}

// principal is who signed a request, as GetCallerIdentity and the authorisation checks see it.
type principal struct {
	kind     principalKind
	name     string // IAM user or federated user name
	roleARN  string // the role an assumed-role session belongs to
	session  string // the role session name
	account  string
	mfa      bool // authenticated with MFA (aws:MultiFactorAuthPresent)
	longTerm bool // signed with an AKIA key rather than session credentials
}

type principalKind int

const (
	iamUser principalKind = iota
	assumedRole
	federatedUser
)

func (p principal) arn() string {
	switch p.kind {
	case assumedRole:
		return fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", p.account, roleName(p.roleARN), p.session)
	case federatedUser:
		return fmt.Sprintf("arn:aws:sts::%s:federated-user/%s", p.account, p.name)
	default:
		return fmt.Sprintf("arn:aws:iam::%s:user/%s", p.account, p.name)
	}
}

// userID is GetCallerIdentity's UserId: the unique id of the user or role, plus the session.
func (p principal) userID() string {
	switch p.kind {
	case assumedRole:
		return roleID(p.roleARN) + ":" + p.session
	case federatedUser:
		return p.account + ":" + p.name
	default:
		return uniqueID("AIDA", p.name)
	}
}

// roleID is the AROA… id AWS gives a role; stable so tests can compare it across calls.
func roleID(roleARN string) string { return uniqueID("AROA", roleARN) }

func uniqueID(prefix, of string) string {
	sum := sha256.Sum256([]byte(of))
	return prefix + strings.ToUpper(hex.EncodeToString(sum[:]))[:17]
}

// roleName is the last path segment of a role ARN: arn:aws:iam::1:role/path/name -> name.
func roleName(roleARN string) string {
	return roleARN[strings.LastIndex(roleARN, "/")+1:]
}

// roleAccount is the account field of an ARN.
func roleAccount(roleARN string) string {
	return strings.Split(roleARN, ":")[4]
}

// validRoleARN accepts arn:<partition>:iam::<12 digits>:role/<name>.
func validRoleARN(arn string) bool {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || len(parts[4]) != 12 {
		return false
	}
	name, ok := strings.CutPrefix(parts[5], "role/")
	return ok && roleName(name) != ""
}

// AddUser registers a long-term access key for the IAM user arn:aws:iam::111111111111:user/<name>.
// The secret is what the fake checks request signatures against. Only registered AKIA keys
// (and credentials the fake issued) are accepted.
func (s *STS) AddUser(accessKeyID, secret, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[accessKeyID] = user{name: name, secret: secret, created: s.now().UTC().Truncate(time.Second)}
}

// SetMFA registers an MFA device: calls sending SerialNumber=serial must send TokenCode=code.
// A serial that was never set accepts no code.
func (s *STS) SetMFA(serial, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mfa[serial] = code
}

// checkMFA validates the SerialNumber/TokenCode pair of a call. It reports whether MFA was
// sent at all; a wrong or missing code is an AccessDenied, as on AWS.
func (s *STS) checkMFA(serial, code string) (sent bool, err error) {
	if serial == "" {
		return false, nil
	}
	s.mu.Lock()
	want, ok := s.mfa[serial]
	s.mu.Unlock()
	if !ok || code == "" || code != want {
		return true, invalidMFA()
	}
	return true, nil
}
