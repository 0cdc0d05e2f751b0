package fakeaws

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// AccessKey is one long-term key of a user, as ListAccessKeys shows it.
type AccessKey struct {
	ID      string
	Created time.Time
}

// Keys returns the user's access keys, oldest first.
func (i *IAM) Keys(userName string) []AccessKey {
	return i.sts.keysOf(userName)
}

// SetKeyCreated backdates (or postdates) a key's CreateDate, for tests of key age.
func (i *IAM) SetKeyCreated(accessKeyID string, created time.Time) {
	s := i.sts
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.users[accessKeyID]; ok {
		u.created = created.UTC().Truncate(time.Second)
		s.users[accessKeyID] = u
	}
}

func (s *STS) keysOf(userName string) []AccessKey {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []AccessKey
	for id, u := range s.users {
		if u.name == userName {
			out = append(out, AccessKey{ID: id, Created: u.created})
		}
	}
	slices.SortFunc(out, func(a, b AccessKey) int {
		return cmp.Or(a.Created.Compare(b.Created), strings.Compare(a.ID, b.ID))
	})
	return out
}

// The types below mirror IAM's XML element for element; field order is wire order.

type xmlIAMUser struct {
	Path       string
	UserName   string
	UserID     string `xml:"UserId"`
	Arn        string
	CreateDate string
}

type getUserResult struct {
	User xmlIAMUser
}

type xmlAccessKeyMetadata struct {
	UserName    string
	AccessKeyID string `xml:"AccessKeyId"`
	Status      string
	CreateDate  string
}

type listAccessKeysResult struct {
	UserName          string
	AccessKeyMetadata []xmlAccessKeyMetadata `xml:"AccessKeyMetadata>member"`
	IsTruncated       bool
}

type xmlAccessKey struct {
	UserName        string
	AccessKeyID     string `xml:"AccessKeyId"`
	Status          string
	SecretAccessKey string
	CreateDate      string
}

type createAccessKeyResult struct {
	AccessKey xmlAccessKey
}

func (i *IAM) getUser(name string) getUserResult {
	who := principal{kind: iamUser, name: name, account: Account}
	keys := i.sts.keysOf(name)
	return getUserResult{xmlIAMUser{
		Path: "/", UserName: name, UserID: who.userID(), Arn: who.arn(),
		CreateDate: keys[0].Created.Format(expirationLayout), // the user is as old as its oldest key
	}}
}

func (i *IAM) listAccessKeys(name string) listAccessKeysResult {
	out := listAccessKeysResult{UserName: name}
	for _, k := range i.sts.keysOf(name) {
		out.AccessKeyMetadata = append(out.AccessKeyMetadata, xmlAccessKeyMetadata{
			UserName: name, AccessKeyID: k.ID, Status: "Active", CreateDate: k.Created.Format(expirationLayout),
		})
	}
	return out
}

func (i *IAM) createAccessKey(name string) (createAccessKeyResult, error) {
	i.mu.Lock()
	unseen := i.propagation
	i.mu.Unlock()
	s := i.sts
	created := s.now().UTC().Truncate(time.Second)
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, u := range s.users {
		if u.name == name {
			n++
		}
	}
	if n >= maxKeysPerUser {
		return createAccessKeyResult{}, &apiError{http.StatusConflict, "LimitExceeded",
			fmt.Sprintf("Cannot exceed quota for AccessKeysPerUser: %d", maxKeysPerUser)}
	}
	id := "AKIA" + strings.ToUpper(randomHex(8))
	secret := SecretMarker + randomHex(15)
	s.users[id] = user{name: name, secret: secret, created: created, unseen: unseen}
	return createAccessKeyResult{xmlAccessKey{
		UserName: name, AccessKeyID: id, Status: "Active", SecretAccessKey: secret,
		CreateDate: created.Format(expirationLayout),
	}}, nil
}

func (i *IAM) deleteAccessKey(name, id string) error {
	if id == "" {
		return missingParam("accessKeyId")
	}
	s := i.sts
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.users[id]; !ok || u.name != name {
		return noSuchEntity("The Access Key with id %s cannot be found.", id)
	}
	delete(s.users, id)
	return nil
}
