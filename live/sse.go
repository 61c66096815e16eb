package live

import (
	"net/http"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/gqlhttp"
)

// WantsSSE reports whether r, a GET or a POST, prefers an event stream
// to a JSON answer: its Accept header names text/event-stream before any
// JSON type. A client that lists every type it can read, JSON first (urql
// does), gets JSON for its queries.
func WantsSSE(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return false
	}
	for part := range strings.SplitSeq(r.Header.Get("Accept"), ",") {
		mt, _, _ := strings.Cut(part, ";")
		switch strings.ToLower(strings.TrimSpace(mt)) {
		case "text/event-stream":
			return true
		case gqlhttp.JSON, gqlhttp.GraphQLResponse, "application/graphql+json", "application/*", "*/*":
			return false
		}
	}
	return false
}

// ServeSSE serves one operation as Server-Sent Events, graphql-sse's
// distinct connections mode: "next" events, then "complete". It runs
// behind the authentication middleware, so the viewer is in the context.
func (s *Server) ServeSSE(w http.ResponseWriter, r *http.Request) {
	ctx, o := r.Context(), s.opts()
	v := auth.ViewerFrom(ctx)
	token, _ := auth.Bearer(r.Header.Get("Authorization"))
	// A stream its tenant or token has no room for is refused before
	// anything is read.
	release, err := s.reserve(o, v.TenantID, token, streamBytes)
	if err != nil {
		gqlhttp.WriteError(ctx, w, r, http.StatusTooManyRequests, err)
		return
	}
	defer release()
	p, perr := gqlhttp.ReadParams(r)
	if perr != nil {
		w.Header().Set("Content-Type", gqlhttp.JSON)
		w.WriteHeader(perr.Status)
		_, _ = w.Write(o.errorBody(ctx, gqlerror.List{perr.GraphQL()}))
		return
	}
	// The stream outlives the server's read and write timeouts; each
	// write has its own deadline instead.
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	send := func(event string, data []byte) bool {
		_ = rc.SetWriteDeadline(deadline(o.Limits.WriteTimeout))
		var b []byte
		if event == "" {
			b = []byte(":\n\n") // a comment: the keep-alive
		} else {
			b = append(append([]byte("event: "+event+"\ndata: "), data...), "\n\n"...)
		}
		if _, err := w.Write(b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	complete := func() { send("complete", nil) }

	sub, answer := s.start(ctx, p)
	if sub == nil {
		if send("next", answer) {
			complete()
		}
		return
	}
	defer s.leave(sub)
	ss := o.newSession(token, v, nil)
	defer ss.stop()
	keep := newTicker(o.Limits.KeepAlive)
	defer keep.Stop()
	for {
		select {
		case b := <-sub.out:
			if !send("next", b) {
				return
			}
		case <-sub.stop:
			if sub.reason == nil {
				for len(sub.out) > 0 {
					if !send("next", <-sub.out) {
						return
					}
				}
			} else if !send("next", o.errorBody(ctx, gqlerror.List{sub.reason})) {
				return
			}
			complete()
			return
		case <-ss.expired():
			if err := ss.recheck(ctx); err != nil {
				if send("next", o.errorBody(ctx, gqlerror.List{err})) {
					complete()
				}
				return
			}
		case <-keep.C():
			if !send("", nil) {
				return
			}
		case <-s.ctx.Done():
			complete()
			return
		case <-ctx.Done():
			return
		}
	}
}
