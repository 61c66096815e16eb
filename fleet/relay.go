package fleet

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// The relay of subscriptions' pollers (live.Relay): for each poller key,
// a lease naming the replica that polls, the number of the last answer
// it published, that answer, and a pub/sub channel that carries each
// answer to the replicas watching. All four share a hash tag, so that a
// script can use them together in a cluster.
//
// Pub/sub rather than streams: only the latest answer matters, and a
// stream would cost a blocking read, a connection, per key watched. What
// pub/sub drops while a replica reconnects, the number Lead returns
// shows missing, and Last fetches.

// pollKeys are the keys of poller key k, with the channel's name first.
func pollKeys(k string) (channel, lease, seq, last string) {
	base := prefix + "poll:{" + k + "}"
	return base, base + ":lease", base + ":seq", base + ":last"
}

// pollKept is how long a poller's number and last answer outlive the
// last lease taken or kept for it.
const pollKept = 10 * time.Minute

// maxAnswer bounds a published answer: a subscription's selection is
// bounded by the query limits well below it.
const maxAnswer = 8 << 20

// lead takes or keeps the lease, keeps the number and last answer while
// it is held, and returns whether this replica holds it and the number.
var lead = redis.NewScript(`
local held = redis.call("GET", KEYS[1])
if held == ARGV[1] then
  redis.call("PEXPIRE", KEYS[1], ARGV[2])
elseif not held then
  redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
  held = ARGV[1]
end
if held == ARGV[1] then
  redis.call("PEXPIRE", KEYS[2], ARGV[3])
  redis.call("PEXPIRE", KEYS[3], ARGV[3])
end
return {held == ARGV[1] and 1 or 0, tonumber(redis.call("GET", KEYS[2]) or "0") or 0}
`)

// publish stores and publishes an answer if the lease is still held and
// its number is past the last: a holder that was cut off and comes back
// publishes nothing, whatever it polled meanwhile.
var publish = redis.NewScript(`
if redis.call("GET", KEYS[1]) ~= ARGV[1] then return 0 end
if tonumber(ARGV[2]) <= (tonumber(redis.call("GET", KEYS[2]) or "0") or 0) then return 0 end
redis.call("SET", KEYS[2], ARGV[2], "PX", ARGV[5])
redis.call("SET", KEYS[3], ARGV[3], "PX", ARGV[5])
redis.call("PUBLISH", ARGV[4], ARGV[3])
return 1
`)

// release drops the lease if this replica holds it.
var release = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end
return 0
`)

// published is an answer as stored and sent: sealed under the last
// answer's key, so that the number too is the writer's.
type published struct {
	Seq     uint64 `json:"seq"`
	Payload []byte `json:"payload"`
}

// Lead takes a poller's lease or keeps it (live.Relay).
func (r *Redis) Lead(ctx context.Context, key string, ttl time.Duration) (bool, uint64, error) {
	_, lease, seq, last := pollKeys(key)
	var res []any
	err := r.do(ctx, "poll", writes, func(ctx context.Context) error {
		var err error
		res, err = lead.Run(ctx, r.c, []string{lease, seq, last}, r.id, ttl.Milliseconds(), pollKept.Milliseconds()).Slice()
		return err
	})
	if err != nil {
		return false, 0, err
	}
	if len(res) != 2 {
		return false, 0, errors.New("fleet: the lease script answered " + strconv.Itoa(len(res)) + " values")
	}
	held, _ := res[0].(int64)
	n, _ := res[1].(int64)
	return held == 1, uint64(max(n, 0)), nil
}

// Publish stores and sends a poller's answer, if the lease is held and
// seq is past the last (live.Relay).
func (r *Redis) Publish(ctx context.Context, key string, seq uint64, payload []byte) (bool, error) {
	channel, lease, seqKey, last := pollKeys(key)
	raw, ok := r.encode(last[len(prefix):], published{Seq: seq, Payload: payload}, pollKept)
	if !ok || len(raw) > maxAnswer {
		return false, errors.New("fleet: an answer too large to publish")
	}
	var done int64
	err := r.do(ctx, "poll", writes, func(ctx context.Context) error {
		var err error
		done, err = publish.Run(ctx, r.c, []string{lease, seqKey, last}, r.id, seq, raw, channel, pollKept.Milliseconds()).Int64()
		return err
	})
	return done == 1, err
}

// Last is a poller's last answer that opens under the fleet's keys, seq
// 0 when there is none or Redis cannot say (live.Relay).
func (r *Redis) Last(ctx context.Context, key string) (uint64, []byte) {
	_, _, _, last := pollKeys(key)
	var p published
	if !r.get(ctx, "poll", last[len(prefix):], &p) {
		return 0, nil
	}
	return p.Seq, p.Payload
}

// Release gives a poller's lease up, if this replica holds it
// (live.Relay).
func (r *Redis) Release(ctx context.Context, key string) {
	_, lease, _, _ := pollKeys(key)
	_ = r.do(ctx, "poll", writes, func(ctx context.Context) error {
		return release.Run(ctx, r.c, []string{lease}, r.id).Err()
	})
}

// watches is one pub/sub connection's channels and who watches each.
type watches struct {
	subscribing sync.Mutex // orders the (un)subscriptions sent to Redis
	mu          sync.Mutex // guards what follows
	ps          *redis.PubSub
	by          map[string]map[*watcher]struct{} // by channel
}

type watcher struct{ f func(uint64, []byte) }

// Watch calls f with each answer published for a poller, from one
// pub/sub connection per replica (live.Relay).
func (r *Redis) Watch(key string, f func(seq uint64, payload []byte)) (stop func()) {
	channel, _, _, _ := pollKeys(key)
	w := &watcher{f: f}
	r.zeroRejected("poll")
	r.watches.subscribing.Lock()
	defer r.watches.subscribing.Unlock()
	r.watches.mu.Lock()
	ps := r.watches.ps
	if ps == nil {
		ps = r.c.Subscribe(context.Background())
		r.watches.ps, r.watches.by = ps, map[string]map[*watcher]struct{}{}
		go r.dispatch(ps.Channel())
	}
	first := r.watches.by[channel] == nil
	if first {
		r.watches.by[channel] = map[*watcher]struct{}{}
	}
	r.watches.by[channel][w] = struct{}{}
	r.watches.mu.Unlock()
	if first {
		r.pubsub(func(ctx context.Context) error { return ps.Subscribe(ctx, channel) })
	}
	return func() {
		r.watches.subscribing.Lock()
		defer r.watches.subscribing.Unlock()
		r.watches.mu.Lock()
		delete(r.watches.by[channel], w)
		last := len(r.watches.by[channel]) == 0
		if last {
			delete(r.watches.by, channel)
		}
		r.watches.mu.Unlock()
		if last {
			r.pubsub(func(ctx context.Context) error { return ps.Unsubscribe(ctx, channel) })
		}
	}
}

// pubsub sends a (un)subscription within the timeout. One that fails is
// not retried: go-redis keeps the channels it is to be subscribed to,
// and subscribes again when it reconnects.
func (r *Redis) pubsub(f func(ctx context.Context) error) {
	ctx, cancel := context.WithTimeout(context.Background(), r.timeout)
	defer cancel()
	_ = f(ctx)
}

// dispatch hands each answer received to the channel's watchers; one
// that does not open, or that nobody watches any more, is dropped.
func (r *Redis) dispatch(msgs <-chan *redis.Message) {
	for m := range msgs {
		r.watches.mu.Lock()
		var ws []*watcher
		for w := range r.watches.by[m.Channel] {
			ws = append(ws, w)
		}
		r.watches.mu.Unlock()
		var p published
		if len(ws) == 0 || !r.decode(context.Background(), "poll", m.Channel[len(prefix):]+":last", []byte(m.Payload), &p) {
			continue
		}
		for _, w := range ws {
			w.f(p.Seq, p.Payload)
		}
	}
}
