package tray

import (
	"slices"
	"strings"
	"testing"
)

// "…" promises a dialog; a line saying that something runs wears BusyMark instead, in the
// submenu's first line, after the profile's name and while the profiles load.
func TestBusyLinesDoNotPromiseADialog(t *testing.T) {
	for k := NoAction; k <= RotateKeys; k++ {
		line := busyText(Action{Kind: k, Profile: "alice"})
		if strings.Contains(line, "…") || !strings.HasSuffix(line, " "+BusyMark) {
			t.Errorf("kind %d is busy as %q, want it to end in %q and carry no …", k, line, BusyMark)
		}
	}
	m := Build(State{Problem: loadingLine, Profiles: []Profile{{Name: "alice", Busy: busyText(Action{Kind: CopyEnv})}},
		SignIns: []SignIn{{StartURL: "https://example.awsapps.com/start", UserCode: "ABCD-EFGH"}}})
	for _, it := range m.Items {
		if strings.Contains(it.Title, "…") && it.Action == (Action{}) && len(it.Children) == 0 {
			t.Errorf("%q ends in … but opens nothing", it.Title)
		}
	}
	alice := find(t, m.Items, "alice "+BusyMark)
	if line := alice.Children[0].Title; line != "Cancel copying "+BusyMark {
		t.Errorf("alice's first line while copying is %q", line)
	}
	global := Build(State{Busy: busyText(Action{Kind: AddCredentials})})
	if c := globalCancel(t, global); c.Title != "Cancel adding credentials "+BusyMark || c.Hidden {
		t.Errorf("the cancel line while adding credentials is %+v", c)
	}
}

func TestDoingNamesTheProfile(t *testing.T) {
	for _, c := range []struct {
		a    Action
		want string
	}{
		{Action{Kind: CopyEnv, Profile: "alice"}, "copy env for alice"},
		{Action{Kind: CopyServerEnv, Profile: "bob"}, "copy the server env for bob"},
		{Action{Kind: AddCredentials}, "add credentials"},
		{Action{Kind: Quit}, ""},
	} {
		if got := Doing(c.a); got != c.want {
			t.Errorf("Doing(%+v) = %q, want %q", c.a, got, c.want)
		}
	}
}

// "Notify on success" shows the setting and a click asks for the other state; without the
// setting (an app that has none) it is hidden.
func TestNotifySuccessCheckbox(t *testing.T) {
	for _, on := range []bool{true, false} {
		m := Build(State{NotifySuccess: LoginItem{Available: true, On: on}})
		it := find(t, m.Items, "Notify on success")
		if !it.Checkable || it.Checked != on || it.Hidden || it.Action != (Action{Kind: SetNotifySuccess, On: !on}) {
			t.Errorf("with the setting %v the item is %+v", on, it)
		}
	}
	i := slices.IndexFunc(Build(State{}).Items, func(it Item) bool { return it.Title == "Notify on success" })
	if i < 0 || !Build(State{}).Items[i].Hidden {
		t.Errorf("without the setting the item is at %d, want there and hidden", i)
	}
}
