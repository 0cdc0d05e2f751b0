package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// longTermLifetime is the Expiration advertised for long-term keys, which have none: botocore
// refuses credentials without one, and an hour makes clients come back for rotated keys.
const longTermLifetime = time.Hour

// ErrExpired is returned when the credentials function hands back credentials that have
// already expired: a server never serves those.
var ErrExpired = errors.New("credentials have expired")

// Snapshot is one set of credentials with its responses encoded once, so that serving it is
// writing bytes. It is immutable; a refresh replaces it whole.
type Snapshot struct {
	creds   aws.Credentials
	fetched time.Time
	expires time.Time // what clients are told, and when the Source stops serving it

	ecs, ec2       []byte   // response bodies
	ecsLen, ec2Len []string // their Content-Length header values, ready to assign
}

// Credentials returns the credentials the snapshot serves.
func (s *Snapshot) Credentials() aws.Credentials { return s.creds }

// Fetched returns when the credentials were fetched (the IMDS LastUpdated).
func (s *Snapshot) Fetched() time.Time { return s.fetched }

// Expires returns the expiration clients are told: the credentials' own, or an hour after
// fetching for long-term keys.
func (s *Snapshot) Expires() time.Time { return s.expires }

// The JSON shapes, field for field as the SDKs read them (aws-sdk-go-v2 endpointcreds and
// ec2rolecreds, botocore ContainerMetadataFetcher and InstanceMetadataFetcher).
type ecsBody struct {
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string `json:"SecretAccessKey"`
	Token           string `json:"Token"`
	Expiration      string `json:"Expiration"`
	AccountID       string `json:"AccountId,omitempty"`
}

type ec2Body struct {
	Code            string `json:"Code"`
	LastUpdated     string `json:"LastUpdated"`
	Type            string `json:"Type"`
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string `json:"SecretAccessKey"`
	Token           string `json:"Token"`
	Expiration      string `json:"Expiration"`
}

func newSnapshot(creds aws.Credentials, now time.Time) (*Snapshot, error) {
	if creds.AccessKeyID == "" || creds.SecretAccessKey == "" {
		return nil, errors.New("credentials function returned no access key")
	}
	expires := now.Add(longTermLifetime)
	if creds.CanExpire {
		expires = creds.Expires
		if !expires.After(now) {
			return nil, fmt.Errorf("%w (at %s)", ErrExpired, timestamp(expires))
		}
	}
	ecs, err := json.Marshal(ecsBody{
		AccessKeyID:     creds.AccessKeyID,
		SecretAccessKey: creds.SecretAccessKey,
		Token:           creds.SessionToken,
		Expiration:      timestamp(expires),
		AccountID:       creds.AccountID,
	})
	if err != nil {
		return nil, fmt.Errorf("encode ecs response: %w", err)
	}
	ec2, err := json.Marshal(ec2Body{
		Code:            "Success",
		LastUpdated:     timestamp(now),
		Type:            "AWS-HMAC",
		AccessKeyID:     creds.AccessKeyID,
		SecretAccessKey: creds.SecretAccessKey,
		Token:           creds.SessionToken,
		Expiration:      timestamp(expires),
	})
	if err != nil {
		return nil, fmt.Errorf("encode ec2 response: %w", err)
	}
	return &Snapshot{
		creds:   creds,
		fetched: now,
		expires: expires,
		ecs:     ecs,
		ec2:     ec2,
		ecsLen:  []string{strconv.Itoa(len(ecs))},
		ec2Len:  []string{strconv.Itoa(len(ec2))},
	}, nil
}

// timestamp formats t as the SDKs expect: RFC 3339 in UTC, whole seconds. Dropping the
// fraction rounds an expiration down, never past the real one.
func timestamp(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}
