package vault

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Overrides are the CLI flags that beat everything else: --region, --mfa-token, --duration.
type Overrides struct {
	Region   string
	MFAToken string
	// Duration, when positive, sets the AssumeRole, non-chained GetSessionToken and
	// GetFederationToken durations (not the chained GetSessionToken one), as aws-vault does.
	Duration time.Duration
}

// Resolver turns profile names into Profiles with aws-vault's precedence: Flags, then Env,
// then the profile's section, then its include_profile (or else [default]) recursively, then
// the built-in defaults. Each step only fills fields the previous ones left empty.
type Resolver struct {
	File  *ConfigFile // nil reads as an empty config
	Env   Env
	Flags Overrides
}

// resolution is the state of one Resolver.Profile call.
type resolution struct {
	*Resolver
	view        *cfgView
	sourceChain []string // profiles whose source_profile is being resolved, outermost first
}

// Profile resolves the named profile and, recursively, its source_profile chain. A name with
// no section in the file still resolves (from the environment and [default]), because the
// CLI uses such names for keys that live only in the keyring; use ConfigFile.HasProfile to
// tell them apart.
func (r *Resolver) Profile(name string) (*Profile, error) {
	if name == "" {
		return nil, WithHint(fmt.Errorf("%w: empty profile name", ErrProfileNotFound),
			"pick a profile from the config file")
	}
	view := &cfgView{}
	if r.File != nil {
		view = r.File.snapshot()
	}
	res := &resolution{Resolver: r, view: view}
	return res.profile(name, nil)
}

// profile resolves one profile; chainedFrom is the profile using it as source_profile, nil
// for the requested one.
func (r *resolution) profile(name string, chainedFrom *Profile) (*Profile, error) {
	p := &Profile{Name: name, ChainedFrom: chainedFrom}
	r.applyFlags(p)
	if err := r.applyEnv(p, chainedFrom == nil); err != nil {
		return nil, err
	}
	if err := r.fillFromSections(p); err != nil {
		return nil, err
	}
	// source_profile naming the profile itself means "use my own stored keys".
	if p.SourceProfileName == name {
		p.SourceProfileName = ""
	}
	cfgApplyDefaults(p)
	if p.SourceProfileName == "" {
		return p, nil
	}
	src, err := r.source(p)
	if err != nil {
		return nil, err
	}
	p.Source = src
	return p, nil
}

func (r *resolution) applyFlags(p *Profile) {
	p.Region = r.Flags.Region
	p.MFAToken = r.Flags.MFAToken
	if d := r.Flags.Duration; d > 0 {
		p.AssumeRoleDuration = d
		p.NonChainedSessionDuration = d
		p.FederationTokenDuration = d
	}
}

// fillFromSections reads the profile's section, then follows include_profile, or else falls
// back to [default], until a section has neither.
func (r *resolution) fillFromSections(p *Profile) error {
	chain := []string{p.Name}
	for name := p.Name; ; {
		// A missing section reads as empty: the requested profile may live only in the
		// keyring, and [default] is optional.
		sec, _ := r.view.profileSection(name)
		if err := r.fillFromSection(p, name, sec); err != nil {
			return err
		}
		next, explicit := cfgNextSection(name, sec)
		if next == "" {
			return nil
		}
		if err := r.checkInclude(chain, next, explicit); err != nil {
			return err
		}
		if _, ok := r.view.profileSection(next); !ok || slices.Contains(chain, next) {
			return nil // no [default], or [default] already read via include_profile
		}
		chain = append(chain, next)
		name = next
	}
}

// cfgNextSection is the profile read after name: its include_profile (explicit), else
// [default] unless name is default.
func cfgNextSection(name string, sec cfgSection) (next string, explicit bool) {
	if inc := sec.get(cfgKeyIncludeProfile); inc != "" {
		return inc, true
	}
	if name != cfgDefaultProfile {
		return cfgDefaultProfile, false
	}
	return "", false
}

// checkInclude rejects an include_profile that loops or names no section. The implicit
// [default] fallback is never an error.
func (r *resolution) checkInclude(chain []string, next string, explicit bool) error {
	if !explicit {
		return nil
	}
	from := chain[len(chain)-1]
	if slices.Contains(chain, next) {
		return r.errorf("remove one of the include_profile lines",
			"include_profile loop: %s", strings.Join(append(chain, next), " -> "))
	}
	if _, ok := r.view.profileSection(next); !ok {
		return r.errorf(fmt.Sprintf("add a [%s] section or fix include_profile in [%s]", cfgSectionOfProfile(next), cfgSectionOfProfile(from)),
			"[%s]: include_profile %q is not a profile in the file", cfgSectionOfProfile(from), next)
	}
	return nil
}

// source resolves p's source_profile, which must have a section of its own.
func (r *resolution) source(p *Profile) (*Profile, error) {
	name := p.SourceProfileName
	chain := append(r.sourceChain[:len(r.sourceChain):len(r.sourceChain)], p.Name)
	if slices.Contains(chain, name) {
		return nil, r.errorf("remove one of the source_profile lines",
			"source_profile loop: %s", strings.Join(append(chain, name), " -> "))
	}
	if _, ok := r.view.profileSection(name); !ok {
		return nil, r.errorf(fmt.Sprintf("add a [%s] section or fix source_profile of %q", cfgSectionOfProfile(name), p.Name),
			"profile %q: unknown source_profile %q", p.Name, name)
	}
	outer := r.sourceChain
	r.sourceChain = chain
	defer func() { r.sourceChain = outer }()
	return r.profile(name, p)
}

// cfgApplyDefaults fills the durations nothing else set.
func cfgApplyDefaults(p *Profile) {
	for _, d := range []struct {
		field *time.Duration
		def   time.Duration
	}{
		{&p.AssumeRoleDuration, DefaultAssumeRoleDuration},
		{&p.NonChainedSessionDuration, DefaultSessionTokenDuration},
		{&p.ChainedSessionTokenDuration, DefaultChainedSessionTokenDuration},
		{&p.FederationTokenDuration, DefaultFederationTokenDuration},
	} {
		if *d.field == 0 {
			*d.field = d.def
		}
	}
}

// errorf builds an ErrConfig error naming the file, with a hint for the user.
func (r *resolution) errorf(hint, format string, args ...any) error {
	where := ""
	if r.File != nil && r.File.path != "" {
		where = r.File.path + ": "
	}
	return WithHint(cfgErrorf("%s%s", where, fmt.Sprintf(format, args...)), "%s", hint)
}

// cfgErrorf formats an error wrapping ErrConfig.
func cfgErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
}
