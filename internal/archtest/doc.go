// Package archtest holds tests, and no code, that keep Vaultbar's architecture as
// ARCHITECTURE.md draws it: the import direction between packages and one package doc
// comment per package.
package archtest
