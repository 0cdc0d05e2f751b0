// Package login turns AWS credentials into a console sign-in: the federation endpoint and
// console domain of each partition, console destinations from a region and a service
// shortcut or path, the getSigninToken exchange, the login and log-out URLs, and a one-time
// loopback redirect so the sign-in URL never has to appear on a command line; and the
// browsers: detection, one isolated browser profile (or Firefox container) per AWS profile,
// and detached launching without AWS_* variables.
//
// The rules come from AWS's "Enable custom identity broker access to the AWS console" (IAM
// User Guide) and "AWS Sign-In endpoints and quotas" (General Reference). Nothing here logs,
// and no error carries a secret, a sign-in token or a URL that holds one.
package login
