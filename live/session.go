package live

import (
	"context"
	"errors"
	"time"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/errcode"
)

// recheckAtMost bounds how long a token is trusted without asking the auth
// service again, so that a revoked one stops within it.
const recheckAtMost = 5 * time.Minute

// session is the token a stream was opened with, checked again when it
// expires.
type session struct {
	o      *Options
	token  string
	viewer *auth.Viewer
	timer  *time.Timer
}

// newSession starts the expiry timer of v's token.
func (o *Options) newSession(token string, v *auth.Viewer) *session {
	ss := &session{o: o, token: token, viewer: v}
	ss.timer = time.NewTimer(ss.life())
	return ss
}

// life is how long the token is trusted from now.
func (ss *session) life() time.Duration {
	if ss.viewer.ExpiresAt.IsZero() {
		return recheckAtMost
	}
	return min(max(ss.viewer.ExpiresAt.Sub(ss.o.Now()), 0), recheckAtMost)
}

// expired fires when the token is due to be checked again.
func (ss *session) expired() <-chan time.Time { return ss.timer.C }

// recheck asks the auth service again: an UNAUTHENTICATED error ends the
// stream; a failing auth service does not, and is asked again shortly.
func (ss *session) recheck(ctx context.Context) *gqlerror.Error {
	v, err := ss.o.Verifier.Verify(ctx, ss.token)
	switch {
	case errors.Is(err, clients.ErrUnauthenticated):
		return errcode.New(errcode.Unauthenticated, "the bearer token expired or was revoked: subscribe again with a valid one")
	case err != nil:
		ss.timer.Reset(ss.o.Limits.KeepAlive)
		return nil
	}
	ss.viewer = v
	ss.timer.Reset(max(ss.life(), time.Second))
	return nil
}

func (ss *session) stop() { ss.timer.Stop() }
