package login

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/vaultbar/vaultbar/vault"
)

// Errors ConsoleURL returns; test with errors.Is.
var (
	// ErrUnknownService: the service shortcut is not in the table (see Services).
	ErrUnknownService = errors.New("unknown console service")
	// ErrBadDestination: the region, path or URL cannot be used as a console destination.
	ErrBadDestination = errors.New("invalid console destination")
)

// Destination is where the console opens: a region plus either a service shortcut ("ec2",
// see Services) or a Path. Path is a console path ("/ec2/home#Instances") or a full https
// URL on the partition's console domain. All fields may be empty.
type Destination struct {
	Region, Service, Path string
}

// ConsoleURL builds the console URL for d, the Destination parameter of the login URL.
//
//   - Nothing set: https://console.aws.amazon.com/ (the console picks the region).
//   - Region only: https://<region>.<console domain>/console/home?region=<region>.
//   - Service: the shortcut's page on the regional console host with region=<region>, or on
//     the partition's global console host without a region for global services (IAM, ...).
//   - Path: the path on the regional console host, region=<region> added to its query unless
//     it has one; a full URL is used as it is, but only on the partition's console domain
//     (an open-redirect guard: a sign-in link must not land anywhere else).
func ConsoleURL(d Destination) (string, error) {
	p := PartitionOf(d.Region)
	switch {
	case d.Region != "" && !validRegion(d.Region):
		return "", vault.WithHint(fmt.Errorf("%w: region %q is not a region name", ErrBadDestination, d.Region),
			"use a region name such as us-east-1")
	case strings.HasPrefix(d.Region, "us-iso"):
		return "", vault.WithHint(fmt.Errorf("%w: region %s has no public console", ErrBadDestination, d.Region),
			"sign in to isolated regions through their own console")
	case d.Service != "" && d.Path != "":
		return "", vault.WithHint(fmt.Errorf("%w: both a service and a path were given", ErrBadDestination),
			"give either a service shortcut or a path")
	case d.Path != "" && isAbsoluteURL(d.Path):
		return consoleURLFromFull(d.Path, p)
	case d.Path != "":
		return consoleURLFromPath(d.Path, d.Region, p)
	case d.Service != "":
		s, ok := lookupService(d.Service)
		if !ok {
			return "", unknownService(d.Service)
		}
		if s.global {
			return "https://" + p.ConsoleDomain + s.path, nil
		}
		return consoleURLFromPath(s.path, d.Region, p)
	case d.Region != "":
		return "https://" + d.Region + "." + p.ConsoleDomain + "/console/home?region=" + d.Region, nil
	default:
		return "https://" + p.ConsoleDomain + "/", nil
	}
}

func unknownService(name string) error {
	err := fmt.Errorf("%w %q", ErrUnknownService, name)
	if close := closeServices(name); len(close) > 0 {
		return vault.WithHint(err, "did you mean %s? or give a console path instead", strings.Join(close, ", "))
	}
	return vault.WithHint(err, "known shortcuts: %s; or give a console path instead", strings.Join(Services(), ", "))
}

// isAbsoluteURL reports whether path names a host of its own (scheme:// or //host).
func isAbsoluteURL(path string) bool {
	return strings.HasPrefix(path, "//") || strings.Contains(path, "://") ||
		strings.HasPrefix(strings.ToLower(path), "https:") || strings.HasPrefix(strings.ToLower(path), "http:")
}

// consoleURLFromFull accepts a full URL only when it is https on p's console domain.
func consoleURLFromFull(raw string, p Partition) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || hasUnsafeChars(raw) {
		return "", vault.WithHint(fmt.Errorf("%w: the console url does not parse", ErrBadDestination),
			"give a path such as /ec2/home or an https url on %s", p.ConsoleDomain)
	}
	host := strings.ToLower(u.Hostname())
	onConsole := host == p.ConsoleDomain || strings.HasSuffix(host, "."+p.ConsoleDomain)
	if u.Scheme != "https" || u.User != nil || u.Port() != "" || !onConsole {
		return "", vault.WithHint(fmt.Errorf("%w: %q is not an https url on %s", ErrBadDestination, redactURL(u), p.ConsoleDomain),
			"sign-in links may only lead to the aws console; give a path such as /ec2/home")
	}
	return u.String(), nil
}

// consoleURLFromPath puts path on the console host of region, adding region=<region> to the
// query (before any fragment) unless the path already sets it.
func consoleURLFromPath(path, region string, p Partition) (string, error) {
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	u, err := url.Parse(path)
	if err != nil || hasUnsafeChars(path) || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "", vault.WithHint(fmt.Errorf("%w: console path %q is not a plain path", ErrBadDestination, path),
			"give a path such as /ec2/home#Instances")
	}
	host := p.ConsoleDomain
	if region != "" {
		host = region + "." + host
		q := u.Query()
		if !q.Has("region") {
			if u.RawQuery != "" {
				u.RawQuery += "&"
			}
			u.RawQuery += "region=" + region
		}
	}
	u.Scheme, u.Host = "https", host
	return u.String(), nil
}

// hasUnsafeChars rejects backslashes (browsers read them as slashes), spaces and controls.
func hasUnsafeChars(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r == '\\' || r <= ' ' || r == 0x7f })
}

// redactURL keeps only scheme and host for error texts: a rejected URL's query could hold
// anything.
func redactURL(u *url.URL) string {
	return (&url.URL{Scheme: u.Scheme, Host: u.Host}).String()
}
