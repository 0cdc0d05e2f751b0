// Package fakeaws is test support: fakes of the AWS endpoints Vaultbar talks to, good enough
// that real clients (aws-sdk-go-v2, the aws-vault CLI, the AWS CLI) can be pointed at them.
//
// [STS] is an http.Handler speaking the STS Query API with AWS's XML, status codes and
// validation rules. It checks SigV4 signatures, issues unique short-lived credentials, records
// every call and can be told to fail or to hold its answers.
//
// [Signin] is the console federation endpoint (getSigninToken, login, logout) and a tiny
// console page, accepting only credentials the STS fake issued, under AWS's rules.
//
// [SSO] is IAM Identity Center: the OIDC device-authorization and refresh-token grants and the
// portal (role credentials, account and role listings with paging), with a test playing the
// user's browser (Approve, Deny). Its role credentials are issued through the STS fake.
//
// [IAM] is the part of IAM key rotation needs (GetUser, ListAccessKeys, CreateAccessKey,
// DeleteAccessKey) over the STS fake's users, with IAM's eventual consistency for new keys.
//
// [Proxy] is an HTTPS-intercepting forward proxy for clients that cannot be given an endpoint
// URL: it terminates TLS for any host with certificates from a throwaway CA and serves the fake
// for every request. [Start] wires both up for a test.
//
// Nothing here talks to the network beyond 127.0.0.1, and nothing resolves DNS.
package fakeaws
