package autostart

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
	"github.com/ebitengine/purego/objc"

	"github.com/vaultbar/vaultbar/vault"
)

// SMAppServiceStatus values (ServiceManagement/SMAppService.h).
const (
	smNotRegistered    = 0
	smEnabled          = 1
	smRequiresApproval = 2
	smNotFound         = 3
)

var (
	selMainApp      = objc.RegisterName("mainAppService")
	selStatus       = objc.RegisterName("status")
	selRegister     = objc.RegisterName("registerAndReturnError:")
	selUnregister   = objc.RegisterName("unregisterAndReturnError:")
	selOpenSettings = objc.RegisterName("openSystemSettingsLoginItems")
	selDescription  = objc.RegisterName("localizedDescription")
	selUTF8String   = objc.RegisterName("UTF8String")
)

// loadServiceManagement loads the framework once; without it objc.GetClass("SMAppService") is
// nil even on macOS 13, and on macOS 12 the class does not exist at all.
var loadServiceManagement = sync.OnceValue(func() error {
	_, err := purego.Dlopen("/System/Library/Frameworks/ServiceManagement.framework/ServiceManagement", purego.RTLD_NOW|purego.RTLD_GLOBAL)
	return err
})

// smAppService is SMAppService.mainApp: the bundle itself as a login item (macOS 13+).
type smAppService struct {
	bundle string
	class  objc.Class
}

func mainAppService(bundle string) (*smAppService, error) {
	if err := loadServiceManagement(); err != nil {
		return nil, err
	}
	class := objc.GetClass("SMAppService")
	if class == 0 {
		return nil, errors.New("no SMAppService before macOS 13")
	}
	return &smAppService{bundle: bundle, class: class}, nil
}

// service is +[SMAppService mainAppService], fetched for each call: it is cheap, and an
// autoreleased object is not kept across goroutines without a pool.
func (s *smAppService) service() (objc.ID, error) {
	svc := objc.ID(s.class).Send(selMainApp)
	if svc == 0 {
		return 0, errors.New("SMAppService.mainApp is nil")
	}
	return svc, nil
}

func (s *smAppService) status() (int, error) {
	svc, err := s.service()
	if err != nil {
		return 0, err
	}
	return objc.Send[int](svc, selStatus), nil
}

// Status: requiresApproval means registered but not allowed (or later revoked) in Login Items,
// so the next login does not start Vaultbar: it is off, with where to allow it.
func (s *smAppService) Status(context.Context) (Status, error) {
	st := Status{Where: "Login Items (SMAppService.mainApp) for " + s.bundle}
	code, err := s.status()
	if err != nil {
		return st, err
	}
	switch code {
	case smEnabled:
		st.On = true
	case smRequiresApproval:
		st.Note = "waiting for approval: allow Vaultbar in System Settings › General › Login Items"
	case smNotFound:
		st.Note = "macOS cannot find this app bundle; move Vaultbar.app to /Applications"
	}
	return st, nil
}

// Enable registers the bundle. When macOS wants the user's approval first, it opens the Login
// Items pane and says so: until the user allows it, the next login does not start Vaultbar.
func (s *smAppService) Enable(context.Context) error {
	code, err := s.status()
	if err != nil || code == smEnabled {
		return err
	}
	if err := s.call(selRegister); err != nil {
		return vault.WithHint(fmt.Errorf("register vaultbar as a login item: %w", err),
			"move Vaultbar.app to /Applications, open it from there, and try again")
	}
	if code, err = s.status(); err == nil && code == smRequiresApproval {
		objc.ID(s.class).Send(selOpenSettings)
		return vault.WithHint(errors.New("macos asks you to allow vaultbar as a login item"),
			"turn Vaultbar on in System Settings › General › Login Items, which is now open")
	}
	return err
}

// Disable unregisters the bundle; one that is not registered is already off.
func (s *smAppService) Disable(context.Context) error {
	code, err := s.status()
	if err != nil || code == smNotRegistered || code == smNotFound {
		return err
	}
	if err := s.call(selUnregister); err != nil {
		return fmt.Errorf("unregister vaultbar as a login item: %w", err)
	}
	return nil
}

// call sends a register/unregister selector that takes an NSError** and returns a BOOL.
func (s *smAppService) call(sel objc.SEL) error {
	svc, err := s.service()
	if err != nil {
		return err
	}
	var nserr objc.ID
	if objc.Send[bool](svc, sel, unsafe.Pointer(&nserr)) {
		return nil
	}
	if nserr == 0 {
		return errors.New("no reason given")
	}
	if desc := nserr.Send(selDescription); desc != 0 {
		if text := objc.Send[string](desc, selUTF8String); text != "" {
			return errors.New(text)
		}
	}
	return errors.New("no reason given")
}
