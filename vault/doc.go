// Package vault is Vaultbar's credentials engine: the profiles of ~/.aws/config read with
// aws-vault's semantics, the OS keyring read and written in exactly aws-vault's format, and the
// credential providers that turn stored keys into short-lived sessions.
//
// # Compatibility
//
// Everything under keyring service "aws-vault" belongs to aws-vault's three item families
// (long-term keys, cached sessions, OIDC tokens). Vaultbar writes nothing else there, so the
// aws-vault CLI and Vaultbar can share one keyring.
//
// # Effects
//
// The package reads no environment variables and shows no UI: main passes the environment
// as an [Env] and the MFA prompt as a function. It never imports the tray or desktop packages.
package vault
