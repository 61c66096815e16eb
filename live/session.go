package live

import (
	"context"
	"errors"
	"sync"
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
	o     *Options
	token string
	timer *time.Timer

	// Guarded by mu: a WebSocket's token is checked again on its timer's
	// goroutine while its messages are read.
	mu     sync.Mutex
	viewer *auth.Viewer
	// expires is when the token expires on the process's real clock (the
	// gateway's may be pinned); zero for a token that does not say.
	expires time.Time
}

// newSession starts the expiry timer of v's token: expired's channel
// fires, or, when set, onExpiry is called.
func (o *Options) newSession(token string, v *auth.Viewer, onExpiry func()) *session {
	ss := &session{o: o, token: token}
	ss.trust(v)
	if onExpiry != nil {
		ss.timer = time.AfterFunc(ss.life(), onExpiry)
	} else {
		ss.timer = time.NewTimer(ss.life())
	}
	return ss
}

// trust takes v as the token's viewer, until its expiry.
func (ss *session) trust(v *auth.Viewer) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.viewer, ss.expires = v, time.Time{}
	if !v.ExpiresAt.IsZero() {
		ss.expires = time.Now().Add(v.ExpiresAt.Sub(ss.o.Now()))
	}
}

// current is the viewer the token was last found to be.
func (ss *session) current() *auth.Viewer {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.viewer
}

// life is how long the token is trusted from now.
func (ss *session) life() time.Duration {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.expires.IsZero() {
		return recheckAtMost
	}
	return min(max(time.Until(ss.expires), 0), recheckAtMost)
}

// expired fires when the token is due to be checked again.
func (ss *session) expired() <-chan time.Time { return ss.timer.C }

// recheck asks the auth service again. The stream ends with
// UNAUTHENTICATED when the token is refused, or has expired while the
// service cannot say; with FORBIDDEN when the token now grants other
// access than the stream was opened with. A failing auth service does not
// end a token still in its life: it is asked again shortly.
func (ss *session) recheck(ctx context.Context) *gqlerror.Error {
	v, err := ss.o.Verifier.Verify(ctx, ss.token)
	ss.mu.Lock()
	expired := !ss.expires.IsZero() && !time.Now().Before(ss.expires)
	was := ss.viewer
	ss.mu.Unlock()
	switch {
	case errors.Is(err, clients.ErrUnauthenticated), err != nil && expired:
		return errcode.New(errcode.Unauthenticated, "the bearer token expired or was revoked: subscribe again with a valid one")
	case err != nil:
		again := max(ss.life(), time.Second)
		if k := ss.o.Limits.KeepAlive; k > 0 {
			again = min(k, again)
		}
		ss.timer.Reset(again)
		return nil
	case access(v) != access(was):
		return errcode.New(errcode.Forbidden, "the token's access changed since the subscription began: subscribe again")
	}
	ss.trust(v)
	ss.timer.Reset(max(ss.life(), time.Second))
	return nil
}

func (ss *session) stop() { ss.timer.Stop() }
