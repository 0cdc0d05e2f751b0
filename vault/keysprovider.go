package vault

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// keysProvider serves a profile's long-term access keys from the keyring.
type keysProvider struct {
	store   *Store
	profile string
}

func (k *keysProvider) Retrieve(context.Context) (aws.Credentials, error) {
	creds, err := k.store.Credentials(k.profile)
	if err != nil {
		return aws.Credentials{}, err
	}
	creds.Source = "keyring"
	return creds, nil
}
