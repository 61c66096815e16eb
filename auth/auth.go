// Package auth verifies bearer tokens once per request, caches the answers
// for their remaining life, and carries the viewer in the context.
package auth

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/gqlhttp"
)

// Viewer is the authenticated caller. The tenant comes only from here.
type Viewer struct {
	clients.Identity
	Location *time.Location
}

// Can reports whether the viewer holds permission.
func (v *Viewer) Can(permission string) bool {
	return slices.Contains(v.Permissions, permission)
}

type viewerKey struct{}

// WithViewer returns a context carrying v.
func WithViewer(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// ViewerFrom returns the context's viewer, or nil.
func ViewerFrom(ctx context.Context) *Viewer {
	v, _ := ctx.Value(viewerKey{}).(*Viewer)
	return v
}

// Config configures a Verifier.
type Config struct {
	// MaxTTL caps how long a verified token is trusted without asking the
	// auth service again, however long the token lives, so that a revoked
	// token stops working soon; zero asks for every request.
	MaxTTL time.Duration
	// Now is the gateway's clock, against which expires_at is read.
	Now func() time.Time
}

// Defaults trust a verified token for five minutes at most.
var Defaults = Config{MaxTTL: 5 * time.Minute}

// cacheSize bounds the tokens trusted at once; maxToken bounds a token's
// bytes, above any a real issuer signs.
const (
	cacheSize = 10_000
	maxToken  = 8 << 10
)

// Verifier checks tokens with the auth service.
type Verifier struct {
	auth  *clients.AuthService
	cfg   Config
	cache *lru.Cache[[32]byte, cached]
}

type cached struct {
	viewer  *Viewer
	expires time.Time // on the process's real clock
}

// NewVerifier returns a Verifier over the auth service.
func NewVerifier(a *clients.AuthService, cfg Config) (*Verifier, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c, err := lru.New[[32]byte, cached](cacheSize)
	if err != nil {
		return nil, err
	}
	return &Verifier{auth: a, cfg: cfg, cache: c}, nil
}

// Verify returns the token's viewer, from the cache when it is still
// valid there. The cache is keyed by a hash so no token is kept in memory.
func (v *Verifier) Verify(ctx context.Context, token string) (*Viewer, error) {
	if len(token) > maxToken {
		return nil, clients.ErrUnauthenticated // not worth a call
	}
	key := sha256.Sum256([]byte(token))
	if c, ok := v.cache.Get(key); ok {
		if time.Now().Before(c.expires) {
			return c.viewer, nil
		}
		v.cache.Remove(key)
	}
	id, err := v.auth.Verify(ctx, token)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(id.Timezone)
	if err != nil || id.Timezone == "" {
		return nil, &clients.Error{Service: clients.Auth, Kind: clients.KindMalformed, Err: fmt.Errorf("unusable time zone %q", id.Timezone)}
	}
	viewer := &Viewer{Identity: *id, Location: loc}
	left := id.ExpiresAt.Sub(v.cfg.Now())
	if left <= 0 {
		return nil, clients.ErrUnauthenticated
	}
	if life := min(left, v.cfg.MaxTTL); life > 0 {
		v.cache.Add(key, cached{viewer: viewer, expires: time.Now().Add(life)})
	}
	return viewer, nil
}

// Middleware verifies the bearer token before next runs, answering 401
// with UNAUTHENTICATED for a missing or bad token, and 503 with
// DOWNSTREAM_SERVICE_ERROR when the auth service fails: never a 401 that
// would log a user out for the service's fault.
func (v *Verifier) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		token, ok := Bearer(r.Header.Get("Authorization"))
		if !ok {
			unauthenticated(w, r, false, "a bearer token is required: send Authorization: Bearer <token>")
			return
		}
		viewer, err := v.Verify(ctx, token)
		switch {
		case err == nil:
			next.ServeHTTP(w, r.WithContext(WithViewer(ctx, viewer)))
		case errors.Is(err, clients.ErrUnauthenticated):
			unauthenticated(w, r, true, "the bearer token is invalid or expired")
		default:
			_, _, msg, ok := clients.Public(err)
			if !ok {
				msg = "the auth service failed"
			}
			e := errcode.New(errcode.DownstreamError, "cannot check the token: %s", msg)
			e.Extensions["service"] = clients.Auth
			w.Header().Set("Retry-After", "1")
			gqlhttp.WriteError(ctx, w, r, http.StatusServiceUnavailable, e)
		}
	})
}

// Bearer reads the token of an Authorization value "Bearer <token>".
func Bearer(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	token = strings.TrimSpace(token)
	return token, ok && strings.EqualFold(scheme, "Bearer") && token != ""
}

func unauthenticated(w http.ResponseWriter, r *http.Request, invalid bool, msg string) {
	w.Header().Set("WWW-Authenticate", challenge(r, invalid))
	if protected(r) { // a client that looked for an OAuth server found none
		msg += " (maitre has no OAuth authorization server: the token is one the restaurant's auth service issued)"
	}
	gqlhttp.WriteError(r.Context(), w, r, http.StatusUnauthorized, errcode.New(errcode.Unauthenticated, "%s", msg))
}
