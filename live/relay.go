package live

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// Relay shares each poller with the fleet's other replicas (fleet.Redis
// is one): for each key one replica at a time holds a lease, polls, and
// publishes each new answer, numbered; every replica with subscribers
// for the key pushes what is published to its own.
type Relay interface {
	// Lead takes key's lease for ttl, or keeps it when this replica holds
	// it; it reports whether this replica holds it, and the number of the
	// last answer published for key (0: none).
	Lead(ctx context.Context, key string, ttl time.Duration) (held bool, seq uint64, err error)
	// Publish stores payload (JSON) as key's answer number seq and sends
	// it to the replicas watching key, if this replica still holds the
	// lease and seq is past the last; it reports whether it did.
	Publish(ctx context.Context, key string, seq uint64, payload []byte) (bool, error)
	// Last is the last answer published for key (seq 0: none, or none
	// to be had).
	Last(ctx context.Context, key string) (seq uint64, payload []byte)
	// Watch calls f with each answer published for key, until stop; f
	// must not block.
	Watch(key string, f func(seq uint64, payload []byte)) (stop func())
	// Release gives key's lease up, if this replica holds it.
	Release(ctx context.Context, key string)
}

// relay feeds the subscribers from the fleet until ctx ends. Each third
// of a lease it takes or keeps the lease: holding it, it polls and
// publishes (lead); else it makes sure it has the last answer published,
// which pub/sub may have lost (follow). While Redis cannot be reached it
// polls for its own subscribers, as without a relay.
func (h *hub) relay(ctx context.Context, r Relay) {
	defer r.Watch(h.key, h.received)()
	var polling *leading
	defer func() {
		polling.stop()
		r.Release(context.WithoutCancel(ctx), h.key)
	}()
	for {
		lease := h.srv.opts().Limits.Lease
		held, seq, err := r.Lead(ctx, h.key, lease)
		if ctx.Err() != nil {
			return
		}
		if err == nil && !held {
			polling.stop()
			polling = nil
			h.follow(ctx, r, seq)
		} else if polling.done() {
			polling = h.lead(ctx, r, seq)
		}
		if err == nil && polling != nil {
			polling.base(seq)
		}
		wait := time.NewTimer(lease / 3)
		select {
		case <-ctx.Done():
			wait.Stop()
			return
		case <-wait.C:
		}
	}
}

// leading is a poll that publishes for the fleet.
type leading struct {
	cancel context.CancelFunc
	ended  chan struct{}
	last   chan uint64 // the number last published, as Lead says, for the next to follow
}

// lead polls, publishing each new answer numbered after seq, until ctx
// ends or the lease is lost.
func (h *hub) lead(ctx context.Context, r Relay, seq uint64) *leading {
	ctx, cancel := context.WithCancel(ctx)
	l := &leading{cancel: cancel, ended: make(chan struct{}), last: make(chan uint64, 1)}
	h.srv.mu.Lock()
	known, seen := h.last != nil, h.print // no news to the fleet is none to publish
	h.srv.mu.Unlock()
	go func() {
		defer close(l.ended)
		h.poll(ctx, known, seen, func(a answer) bool {
			select {
			case n := <-l.last:
				seq = max(seq, n)
			default:
			}
			ok, err := r.Publish(ctx, h.key, seq+1, a.wire())
			switch {
			case err != nil: // Redis cannot be reached: ours alone
				h.deliver(0, a)
			case ok:
				seq++
				h.deliver(seq, a)
			default: // the lease is lost: its new holder publishes
				return false
			}
			return true
		})
	}()
	return l
}

// base tells the poll the number Lead last saw published.
func (l *leading) base(seq uint64) {
	select {
	case <-l.last:
	default:
	}
	l.last <- seq
}

// done reports whether no poll runs: none started, or it ended.
func (l *leading) done() bool {
	if l == nil {
		return true
	}
	select {
	case <-l.ended:
		return true
	default:
		return false
	}
}

// stop ends the poll and waits for it.
func (l *leading) stop() {
	if l != nil {
		l.cancel()
		<-l.ended
	}
}

// follow fetches the last answer published when it is past the last one
// delivered: pub/sub drops what is sent while a replica reconnects. A
// number below the last delivered is a Redis that lost its data and
// numbers from 0 again.
func (h *hub) follow(ctx context.Context, r Relay, seq uint64) {
	h.srv.mu.Lock()
	if seq < h.seq {
		h.seq = 0
	}
	behind := seq > h.seq
	h.srv.mu.Unlock()
	if !behind {
		return
	}
	if got, payload := r.Last(ctx, h.key); got > 0 {
		h.received(got, payload)
	}
}

// wire is a as the fleet passes it on: its body as it is, byte for byte.
func (a answer) wire() []byte {
	b := fmt.Appendf(nil, `{"print":"%x","final":%t,"body":`, a.print, a.final)
	return append(append(b, a.body...), '}')
}

// wire is an answer as the fleet passes it on.
type wire struct {
	Print string          `json:"print"`
	Final bool            `json:"final,omitempty"`
	Body  json.RawMessage `json:"body"`
}

// received delivers an answer published by the replica that leads; one
// that does not decode is dropped.
func (h *hub) received(seq uint64, payload []byte) {
	var w wire
	var a answer
	if json.Unmarshal(payload, &w) != nil || hex.DecodedLen(len(w.Print)) != sha256.Size || len(w.Body) == 0 {
		return
	}
	if _, err := hex.Decode(a.print[:], []byte(w.Print)); err != nil {
		return
	}
	a.body, a.final = w.Body, w.Final
	h.deliver(seq, a)
}
