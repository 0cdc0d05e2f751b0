package vault

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// keysProvider serves a profile's long-term access keys from the keyring.
type keysProvider struct {
	store   *Store
	profile string
	debug   Logf
}

func (k *keysProvider) Retrieve(context.Context) (aws.Credentials, error) {
	creds, err := k.store.Credentials(k.profile)
	if err != nil {
		k.debug.Printf("keyring: reading the access key of %s failed: %v", k.profile, err)
		return aws.Credentials{}, err
	}
	k.debug.Printf("keyring: read access key %s of %s", MaskKeyID(creds.AccessKeyID), k.profile)
	creds.Source = "keyring"
	return creds, nil
}
