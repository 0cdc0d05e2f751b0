// Package loadgen is the HTTP load generator behind scripts/bench-server.sh, which measures
// the metadata-server budget of DESIGN.md ("Performance budgets"): `vaultbar serve` against
// `aws-vault exec --ecs-server` and a bare net/http server, with cached credentials.
//
// Run starts a fixed number of workers, each with its own keep-alive connection (its own
// http.Transport, so c workers hold exactly c connections unless the server closes them),
// sends the same GET in a loop, reads every body to the end, and counts anything but a 200
// as an error. Requests that complete during the warm-up are not counted; the measured
// window then lasts a fixed duration. Latencies go to a log-linear Histogram (about 0.8%
// relative precision, fixed 32 KB per worker), so memory does not grow with the run.
//
// Only loopback targets are accepted: the benchmark is local by design, and the load
// generator must not be pointed at a real service by mistake.
//
// The load generator runs on the same machine as the server it measures and competes with
// it for the CPU (2 cores on the benchmark VM): the figures are for the pair, not for the
// server alone. That is why the benchmark also loads a bare net/http server returning a
// body of the same size: it is the practical limit of the machine with this client, and
// the servers are compared to it and to each other in the same run.
//
// The commands: cmd/loadgen (the generator) and cmd/bareserver (the bare server).
package loadgen
