// Package coalesce lets identical downstream reads in flight at the same
// moment share one call, so a rush of identical questions reaches each
// service once.
package coalesce

import (
	"context"
	"io"
	"net/http"
	"sync/atomic"

	"golang.org/x/sync/singleflight"

	"github.com/maitre-pos/maitre/clients/replay"
	"github.com/maitre-pos/maitre/clients/reqkey"
)

// SharedHeader is set on answers that were shared with other callers.
const SharedHeader = "X-Maitre-Coalesced"

// maxBody bounds what is read of one shared answer.
const maxBody = 64 << 20

// Transport coalesces GETs through Next.
type Transport struct {
	next  http.RoundTripper
	group singleflight.Group
}

// New returns a coalescer in front of next.
func New(next http.RoundTripper) *Transport { return &Transport{next: next} }

type answer struct {
	status int
	header http.Header
	body   []byte
}

// RoundTrip implements http.RoundTripper. The shared call keeps the first
// caller's deadline but not its cancellation: a caller who leaves, by its
// own deadline or by going away, does not cancel the others.
func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodGet {
		return t.next.RoundTrip(r)
	}
	// Only the caller whose function ran made the call; the others
	// shared it.
	var made atomic.Bool
	ch := t.group.DoChan(reqkey.Of(r), func() (any, error) {
		made.Store(true)
		ctx := context.WithoutCancel(r.Context())
		if d, ok := r.Context().Deadline(); ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(ctx, d)
			defer cancel()
		}
		resp, err := t.next.RoundTrip(r.WithContext(ctx))
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
		if err != nil {
			return nil, err
		}
		return &answer{status: resp.StatusCode, header: resp.Header, body: body}, nil
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			return nil, res.Err
		}
		a := res.Val.(*answer)
		h := a.header.Clone()
		if res.Shared && !made.Load() {
			h.Set(SharedHeader, "1")
		}
		return replay.Response(r, a.status, h, a.body), nil
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
}
