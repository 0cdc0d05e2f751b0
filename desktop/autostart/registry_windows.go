package autostart

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/sys/windows/registry"

	"github.com/vaultbar/vaultbar/vault"
)

// startupApproved holds Task Manager's enabled/disabled marks for the Run key's values.
const startupApproved = `Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run`

// runEntry is the Run key's "Vaultbar" value, which Explorer runs at logon.
type runEntry struct{ exe string }

func (r *runEntry) where() string { return `HKCU\` + runKey + `\` + runValueName }

// Status: the value exists and Task Manager's Startup tab has not disabled it.
func (r *runEntry) Status(context.Context) (Status, error) {
	st := Status{Where: r.where()}
	cur, ok, err := readString(runKey, runValueName)
	if err != nil || !ok {
		return st, err
	}
	if disabled, err := approvalDisabled(); err != nil {
		return st, err
	} else if disabled {
		st.Note = "disabled in Task Manager › Startup apps"
		return st, nil
	}
	st.On = true
	if want := RunValue(r.exe).Data; cur != want {
		st.Note = "it starts " + cur
	}
	return st, nil
}

// Enable writes the Run value. A Task Manager "disabled" mark on it is removed too, since the
// user now asks for it on; Disable leaves that mark to Windows.
func (r *runEntry) Enable(context.Context) error {
	if err := setValues([]RegValue{RunValue(r.exe)}); err != nil {
		return err
	}
	if disabled, err := approvalDisabled(); err != nil || !disabled {
		return err
	}
	return deleteValue(startupApproved, runValueName)
}

func (r *runEntry) Disable(context.Context) error { return deleteValue(runKey, runValueName) }

// RegisterURLScheme makes vaultbar:// links start exe, for this user. It writes only the
// values that differ, so the tray can call it at every start.
func RegisterURLScheme(exe string) error {
	var stale []RegValue
	for _, v := range URLSchemeValues(exe) {
		cur, ok, err := readString(v.Key, v.Name)
		if err != nil {
			return err
		}
		if !ok || cur != v.Data {
			stale = append(stale, v)
		}
	}
	return setValues(stale)
}

func approvalDisabled() (bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, startupApproved, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf(`read HKCU\%s: %w`, startupApproved, err)
	}
	defer k.Close()
	data, _, err := k.GetBinaryValue(runValueName)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf(`read HKCU\%s\%s: %w`, startupApproved, runValueName, err)
	}
	return startupDisabled(data), nil
}

// readString reads a REG_SZ value; ok is false when the key or value is missing.
func readString(key, name string) (string, bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, key, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf(`read HKCU\%s: %w`, key, err)
	}
	defer k.Close()
	s, _, err := k.GetStringValue(name)
	switch {
	case errors.Is(err, registry.ErrNotExist):
		return "", false, nil
	case errors.Is(err, registry.ErrUnexpectedType):
		return "", true, nil // not ours: rewritten
	case err != nil:
		return "", false, fmt.Errorf(`read HKCU\%s: %w`, key, err)
	}
	return s, true, nil
}

func setValues(values []RegValue) error {
	for _, v := range values {
		k, _, err := registry.CreateKey(registry.CURRENT_USER, v.Key, registry.SET_VALUE)
		if err == nil {
			err = k.SetStringValue(v.Name, v.Data)
			k.Close()
		}
		if err != nil {
			return vault.WithHint(fmt.Errorf(`write HKCU\%s: %w`, v.Key, err), "check that your account may change its own registry settings")
		}
	}
	return nil
}

func deleteValue(key, name string) error {
	k, err := registry.OpenKey(registry.CURRENT_USER, key, registry.SET_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf(`open HKCU\%s: %w`, key, err)
	}
	defer k.Close()
	if err := k.DeleteValue(name); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return fmt.Errorf(`delete HKCU\%s\%s: %w`, key, name, err)
	}
	return nil
}
