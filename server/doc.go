// Package server serves AWS credentials to SDKs and CLIs on this computer over HTTP, in the
// two shapes they already know: the ECS container-credentials endpoint
// (AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN) and the EC2
// instance-metadata service (IMDSv2 and, when allowed, IMDSv1).
//
// # Shape
//
// A [Source] turns a credentials function into ready-to-write responses: it keeps one immutable
// [Snapshot] with the response bodies already encoded, refreshes it ahead of expiry in the
// background, and makes exactly one call at a time however many requests arrive. [NewECS] and
// [NewEC2] are plain [net/http.Handler]s over a Source; [Listen] and [Serve] put a handler on a
// loopback address behind the checks every request must pass.
//
// # Security
//
// Anything that can reach the server can read the credentials, so a request must come from
// this computer (loopback peer, loopback listener), name the listener exactly in its Host
// header (DNS rebinding), and carry no browser headers (Origin, Sec-Fetch-*): a web page must
// never read credentials. The ECS handler also needs its token, compared in constant time.
// Nothing is logged, and no response may be cached.
//
// The package knows nothing of profiles, keyrings or the tray: main passes in the credentials
// function.
package server
