// Command thief plays another local user taking console sign-ins, for the end-to-end
// tests: it polls every process's command line for a one-time loopback address given to a
// browser whose command line also contains the marker (its first argument, so it leaves
// other tests' browsers alone), and fetches each address it finds, again and again, until
// its standard input closes. It prints "ready uid=N" once polling, then each outcome the
// first time it happens: "saw address", "status CODE", "refused", or "token" when an
// answer carried the sign-in.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

var oneTime = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+/[A-Za-z0-9_-]{20,}`)

func main() {
	marker := os.Args[1]
	client := &http.Client{
		Timeout:       2 * time.Second,
		Transport:     &http.Transport{DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	stop := make(chan struct{})
	go func() { _, _ = io.Copy(io.Discard, os.Stdin); close(stop) }()
	said := map[string]bool{}
	say := func(s string) {
		if !said[s] {
			said[s] = true
			fmt.Println(s)
		}
	}
	fmt.Printf("ready uid=%d\n", os.Getuid())
	for {
		select {
		case <-stop:
			return
		default:
		}
		for _, addr := range addresses(marker) {
			say("saw address")
			say(fetch(client, addr))
		}
		time.Sleep(2 * time.Millisecond) // polling command lines: there is no event to wait on
	}
}

func addresses(marker string) []string {
	var out []string
	files, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil || !strings.Contains(string(b), marker) {
			continue
		}
		out = append(out, oneTime.FindAllString(string(b), -1)...)
	}
	return out
}

func fetch(client *http.Client, addr string) string {
	resp, err := client.Get(addr)
	if err != nil {
		return "refused"
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	if strings.Contains(resp.Header.Get("Location")+string(body), "SigninToken") {
		return "token"
	}
	return fmt.Sprintf("status %d", resp.StatusCode)
}
