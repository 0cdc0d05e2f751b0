package login

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestBrowserEnv(t *testing.T) {
	in := []string{
		"PATH=/usr/bin", "AWS_SECRET_ACCESS_KEY=s", "HOME=/home/u", "AWS_SESSION_TOKEN=t", "aws_profile=lower",
		"AWS_VAULT_FILE_PASSPHRASE=p", "MY_AWS_THING=kept", "AWS=kept-too", "DISPLAY=:0", "AWS_=empty-name",
	}
	want := []string{"PATH=/usr/bin", "HOME=/home/u", "MY_AWS_THING=kept", "AWS=kept-too", "DISPLAY=:0"}
	if got := BrowserEnv(in); !slices.Equal(got, want) {
		t.Errorf("BrowserEnv:\n got %q\nwant %q", got, want)
	}
	if got := BrowserEnv(nil); got == nil || len(got) != 0 {
		t.Errorf("BrowserEnv(nil) = %#v, want an empty non-nil slice (nil would mean inherit)", got)
	}
}

func TestLaunchMissingExecutable(t *testing.T) {
	for _, argv := range [][]string{{"vaultbar-no-such-browser", "x"}, {"/nonexistent/dir/browser"}} {
		_, err := Launch(context.Background(), argv, nil)
		if !errors.Is(err, ErrBrowserNotInstalled) {
			t.Errorf("Launch(%q) err = %v, want ErrBrowserNotInstalled", argv, err)
		}
	}
	if _, err := Launch(context.Background(), nil, nil); err == nil {
		t.Error("Launch(nil) succeeded")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Launch(ctx, []string{"true"}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Launch with a cancelled context: err = %v", err)
	}
}
