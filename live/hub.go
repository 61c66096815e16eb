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
	subs  map[*subscriber]struct{}
	last  []byte            // the last answer delivered, nil before the first
	print [sha256.Size]byte // its fingerprint
	seq   uint64            // its number in the fleet, 0 if none (relay.go)
}

// answer is one poll's answer, encoded for the subscribers, and what
// makes it new.
type answer struct {
	print [sha256.Size]byte
	body  []byte
	final bool // the shape cannot run: the streams end after it
}

// run feeds the subscribers until ctx ends: from polls of its own or,
// with a relay, from whichever replica of the fleet polls (relay.go).
func (h *hub) run(ctx context.Context) {
	if o := h.srv.opts(); o.Relay != nil && o.Limits.Lease > 0 {
		h.relay(ctx, o.Relay)
		return
	}
	h.poll(ctx, false, [sha256.Size]byte{}, func(a answer) bool {
		h.deliver(0, a)
		return true
	})
}

// poll polls until ctx ends, handing send the first answer (unless it is
// seen, known) and each that differs from the one before; it stops after
// a final answer, or when send reports false.
func (h *hub) poll(ctx context.Context, known bool, seen [sha256.Size]byte, send func(answer) bool) {
	for {
		o, start := h.srv.opts(), time.Now()
		resp, final := h.execute(ctx, o)
		if ctx.Err() != nil {
			return
		}
		if print := fingerprint(resp); !known || final || print != seen {
			known, seen = true, print
			if !send(answer{print: print, body: gqlhttp.Body(resp, !final), final: final}) {
				return
			}
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

// deliver queues a for every subscriber, dropping those whose queue is
// full, unless it is no news: numbered (seq > 0) at most as the last one
// delivered, or, not final, the same as it. A final answer ends the
// streams after it.
func (h *hub) deliver(seq uint64, a answer) {
	s := h.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	if seq > 0 && seq <= h.seq {
		return
	}
	h.seq = max(h.seq, seq)
	if h.last != nil && !a.final && a.print == h.print {
		return
	}
	h.last, h.print = a.body, a.print
	for sub := range h.subs {
		select {
		case sub.out <- a.body:
		default:
			s.remove(sub)
			sub.end(errcode.New(errcode.SlowConsumer, "the client fell %d updates behind; subscribe again", s.opts().Limits.Buffer))
			continue
		}
		if a.final {
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
