package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// ECSOptions configure the ECS container-credentials handler.
type ECSOptions struct {
	// Token is what clients send as the Authorization header
	// (AWS_CONTAINER_AUTHORIZATION_TOKEN). Empty: 256 random bits, base64url.
	Token string
	// Roles, when set, serves GET /role-arn/<ARN> as aws-vault does: credentials for that role,
	// each ARN with its own Source. Nil: those paths are 404.
	Roles func(ctx context.Context, roleARN string) (aws.Credentials, error)
}

// maxRoles bounds the Sources the /role-arn/ route creates, since clients pick the ARNs.
const maxRoles = 64

// ECS serves credentials in the shape SDKs read from AWS_CONTAINER_CREDENTIALS_FULL_URI: every
// request must carry the token; GET on any path answers the credentials.
type ECS struct {
	src      *Source
	token    string
	roleFn   func(ctx context.Context, roleARN string) (aws.Credentials, error)
	jsonType []string // header value, shared so that the hot path does not allocate it

	mu    sync.Mutex
	roles map[string]*Source
}

// NewECS returns the handler over src.
func NewECS(src *Source, o ECSOptions) (*ECS, error) {
	if src == nil {
		return nil, errors.New("ecs server: no credentials source")
	}
	token := o.Token
	if token == "" {
		var err error
		if token, err = newToken(32); err != nil {
			return nil, fmt.Errorf("ecs server: %w", err)
		}
	}
	if err := checkHeaderToken(token); err != nil {
		return nil, fmt.Errorf("ecs server: %w", err)
	}
	return &ECS{
		src:      src,
		token:    token,
		roleFn:   o.Roles,
		jsonType: []string{"application/json"},
		roles:    map[string]*Source{},
	}, nil
}

// Token returns the token clients must send (AWS_CONTAINER_AUTHORIZATION_TOKEN).
func (e *ECS) Token() string { return e.token }

// Close closes the Sources made for /role-arn/ requests; the Source passed to NewECS belongs
// to the caller.
func (e *ECS) Close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, s := range e.roles {
		s.Close()
	}
	clear(e.roles)
}

func (e *ECS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The token comes first, so that nothing, not even which methods exist, is told without it.
	got, ok := r.Header["Authorization"]
	switch {
	case !ok || len(got) == 0:
		writeJSONError(w, http.StatusUnauthorized, "MissingToken", "missing Authorization token")
		return
	case len(got) != 1 || !tokenEqual(got[0], e.token):
		writeJSONError(w, http.StatusForbidden, "InvalidToken", "invalid Authorization token")
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		writeJSONError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "method not allowed: use GET")
		return
	}
	src := e.src
	if arn, ok := strings.CutPrefix(r.URL.Path, "/role-arn/"); ok {
		var status int
		if src, status = e.roleSource(arn); src == nil {
			writeJSONError(w, status, http.StatusText(status), roleMessage(status, arn))
			return
		}
	}
	snap, err := snapshot(r, src)
	if err != nil {
		status, code := credentialsStatus(err)
		writeJSONError(w, status, code, err.Error())
		return
	}
	h := w.Header()
	h["Content-Type"] = e.jsonType
	h["Content-Length"] = snap.ecsLen
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(snap.ecs)
}

// roleSource returns the Source for one role ARN, creating it on first use; or nil and the
// status to answer.
func (e *ECS) roleSource(arn string) (*Source, int) {
	if e.roleFn == nil {
		return nil, http.StatusNotFound
	}
	if !validRoleARN(arn) {
		return nil, http.StatusBadRequest
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if s := e.roles[arn]; s != nil {
		return s, 0
	}
	if len(e.roles) >= maxRoles {
		return nil, http.StatusTooManyRequests
	}
	fn := e.roleFn
	s := NewSource(func(ctx context.Context) (aws.Credentials, error) { return fn(ctx, arn) }, e.src.opts)
	e.roles[arn] = s
	return s, 0
}

func roleMessage(status int, arn string) string {
	switch status {
	case http.StatusNotFound:
		return "role credentials are not served here"
	case http.StatusBadRequest:
		return fmt.Sprintf("not an IAM role ARN: %q", arn)
	default:
		return fmt.Sprintf("too many roles: this server serves at most %d", maxRoles)
	}
}

// validRoleARN accepts arn:<partition>:iam::<account>:role/<path/name>.
func validRoleARN(arn string) bool {
	parts := strings.SplitN(arn, ":", 6)
	return len(parts) == 6 && parts[0] == "arn" && parts[1] != "" && parts[2] == "iam" &&
		parts[4] != "" && strings.HasPrefix(parts[5], "role/") && len(parts[5]) > len("role/") &&
		len(arn) <= 2048
}

// checkHeaderToken refuses tokens that cannot travel intact in a header value: net/http trims
// surrounding blanks, and control characters are invalid.
func checkHeaderToken(token string) error {
	if strings.TrimSpace(token) != token {
		return errors.New("token must not start or end with blanks")
	}
	for _, c := range []byte(token) {
		if c < 0x20 || c == 0x7f {
			return errors.New("token must not contain control characters")
		}
	}
	return nil
}
