// Package login opens the AWS console: sign-in URLs, browsers and per-profile isolation.
package login
