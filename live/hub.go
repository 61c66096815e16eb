package live

import (
	"context"
	"crypto/sha256"
	"slices"
	"time"

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
	var seen [sha256.Size]byte
	for first := true; ; first = false {
		o, start := h.srv.opts(), time.Now()
		resp, final := h.execute(ctx, o)
		if ctx.Err() != nil {
			return
		}
		if print := fingerprint(resp); first || final || print != seen {
			seen = print
			h.publish(o, gqlhttp.Body(resp, !final), final)
		}
		if final || !h.rest(ctx, start, time.Since(start)) {
			return
		}
	}
}

// rest waits for the next poll of one that started at start and took
// took: an interval after its start, the interval a reload sets as soon
// as it is set, and never sooner than took after its end, so that a slow
// service or a tiny interval does not have the poller poll back to back.
// It reports false when ctx ended first.
func (h *hub) rest(ctx context.Context, start time.Time, took time.Duration) bool {
	wait := newTimer(0)
	defer wait.Stop()
	for {
		reload := h.srv.reload()
		if d := h.srv.opts().Limits.Interval; d > 0 { // else: polled once
			wait.Stop()
			wait = newTimer(max(time.Until(start.Add(d)), took, time.Nanosecond))
		}
		select {
		case <-ctx.Done():
			return false
		case <-wait.C():
			return true
		case <-reload:
		}
	}
}

// execute runs the shape once, as its own operation: fresh dataloaders,
// call log and correlation ID. final says the shape cannot run at all.
func (h *hub) execute(ctx context.Context, o *Options) (resp *graphql.Response, final bool) {
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
func (h *hub) publish(o *Options, b []byte, final bool) {
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	h.last = b
	for sub := range h.subs {
		select {
		case sub.out <- b:
		default:
			s.remove(sub)
			sub.end(errcode.New(errcode.SlowConsumer, "the client fell %d updates behind; subscribe again", o.Limits.Buffer))
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
