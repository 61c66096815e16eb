package live

import (
	"context"
	"crypto/sha256"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/calllog"
	"github.com/maitre-pos/maitre/correlation"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/gqlhttp"
)

// hub is the poller of one tenant and shape, and its subscribers.
type hub struct {
	srv    *Server
	o      *Options
	key    string
	viewer *auth.Viewer
	shape  shape
	cancel context.CancelFunc

	// Guarded by srv.mu.
	subs map[*subscriber]struct{}
	last []byte
}

// run polls until ctx ends: it pushes the first answer, then each that
// differs from the one before.
func (h *hub) run(ctx context.Context) {
	tick := newTicker(h.o.Limits.Interval)
	defer tick.Stop()
	var seen [sha256.Size]byte
	for first := true; ; first = false {
		resp, final := h.execute(ctx)
		if ctx.Err() != nil {
			return
		}
		if print := fingerprint(resp); first || final || print != seen {
			seen = print
			h.publish(gqlhttp.Body(resp, !final), final)
		}
		if final {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C():
		}
	}
}

// execute runs the shape once, as its own operation: fresh dataloaders,
// call log and correlation ID. final says the shape cannot run at all.
func (h *hub) execute(ctx context.Context) (resp *graphql.Response, final bool) {
	o := h.o
	ctx = correlation.With(auth.WithViewer(ctx, h.viewer), correlation.New())
	ctx, cancel := withTimeout(o.Prepare(ctx), o.Timeout)
	defer cancel()
	ctx = graphql.StartOperationTrace(ctx)
	p := h.shape.params
	op, errs := o.Exec.CreateOperationContext(ctx, &p)
	if errs != nil {
		return o.Exec.DispatchError(graphql.WithOperationContext(ctx, op), errs), true
	}
	responses, ctx := o.Exec.DispatchOperation(ctx, op)
	if resp = responses(ctx); resp == nil {
		return o.Exec.DispatchError(ctx, gqlerror.List{errcode.Ended(ctx)}), false
	}
	h.shape.propagate(resp)
	return resp, false
}

// publish queues b for every subscriber, dropping those whose queue is
// full; final ends their streams after it.
func (h *hub) publish(b []byte, final bool) {
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	h.last = b
	for sub := range h.subs {
		select {
		case sub.out <- b:
		default:
			s.remove(sub)
			sub.end(errcode.New(errcode.SlowConsumer, "the client fell %d updates behind; subscribe again", h.o.Limits.Buffer))
			continue
		}
		if final {
			s.remove(sub)
			sub.end(nil)
		}
	}
}

// fingerprint is what makes an answer new: its data, its errors in any
// order (without the correlation IDs, new each time) and the services it
// was served stale from.
func fingerprint(resp *graphql.Response) [sha256.Size]byte {
	d := sha256.New()
	d.Write(resp.Data)
	var marks []string
	for _, e := range resp.Errors {
		marks = append(marks, e.Path.String()+"\x00"+e.Message+"\x00"+errcode.Of(e))
	}
	if calls, ok := resp.Extensions["services"].([]calllog.ServiceCalls); ok {
		for _, c := range calls {
			if c.Stale {
				marks = append(marks, "stale:"+string(c.Service))
			}
		}
	}
	slices.Sort(marks)
	for _, m := range marks {
		d.Write([]byte("\x00" + m))
	}
	var out [sha256.Size]byte
	d.Sum(out[:0])
	return out
}
