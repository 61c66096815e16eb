// Package fleet keeps in Redis the state a fleet of replicas shares:
// downstream answers (fresh and stale), rate limits, chat conversations,
// automatic persisted queries and closed days' totals.
//
// Redis failing never fails a request: every use has a short timeout and,
// on any error, the replica's own copy answers instead. The first failure
// of an outage is logged once and the state turns degraded; while it is,
// Redis is tried again at most once a second, and the first success turns
// it back, with no restart. A Redis that answers but refuses writes (out
// of memory, a read-only replica) is degraded too, until a write succeeds.
//
// With a key, what is written is signed and what is read must be (mac.go):
// a value anyone else wrote is absent, and counted.
//
//	r, err := fleet.Open("redis://:secret@redis:6379/0", fleet.Options{Key: key, Logger: log, Meter: mp})
//	store := r.Cache("orders") // a cache.Store
//
// A comma-separated list of seed URLs opens a Redis Cluster instead
// (connect.go).
package fleet

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/redis/go-redis/v9"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
)

// Options tune a Redis.
type Options struct {
	// Timeout bounds each use, and must be positive: past it, the
	// replica's own state answers. DefaultTimeout is how maitre runs.
	Timeout time.Duration
	// Key, when set (MinKeyBytes at least), signs every value written and
	// must have signed every value read; PreviousKey's signatures are
	// accepted too, for a rotation. Without them values are trusted as
	// read.
	Key, PreviousKey []byte
	Logger           *slog.Logger
	Meter            metric.MeterProvider
}

// Redis is the fleet's shared store.
type Redis struct {
	c            redis.UniversalClient
	timeout      time.Duration
	log          *slog.Logger
	fallbacks    metric.Int64Counter
	keyring      keyring
	rejected     metric.Int64Counter
	forgedLogged atomic.Bool

	leases *lru.Cache[string, *lease] // see Limits

	id       string // this replica's (replicas.go)
	replicas atomic.Int64
	stop     context.CancelFunc
	beating  chan struct{} // closed when beatUntil has returned
	watches  watches       // relay.go

	mu       sync.Mutex
	down     bool
	retryAt  time.Time
	refusing bool // writes are refused
}

// DefaultTimeout bounds each use of Redis unless configured otherwise:
// long enough for a Redis on the same network, short next to a request.
const DefaultTimeout = 50 * time.Millisecond

// errSkipped is a use not tried, Redis being down a moment ago.
var errSkipped = errors.New("fleet: redis is unavailable")

// Open connects to the Redis at url (redis:// or rediss://, with
// password, database and TLS as go-redis reads them), or, given a
// comma-separated list of such URLs, to the Redis Cluster they are seeds
// of. It does not wait for Redis: a replica starts, degraded, while Redis
// is down.
func Open(url string, o Options) (*Redis, error) {
	timeout := o.Timeout
	if timeout <= 0 {
		return nil, fmt.Errorf("fleet: a timeout of %v: each use of Redis needs a positive one", timeout)
	}
	log, mp := o.Logger, o.Meter
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if mp == nil {
		mp = noop.NewMeterProvider()
	}
	k, err := newKeyring(o.Key, o.PreviousKey)
	if err != nil {
		return nil, err
	}
	m := mp.Meter("github.com/maitre-pos/maitre/fleet")
	fallbacks, err := m.Int64Counter("maitre.redis.fallbacks", metric.WithUnit("{use}"),
		metric.WithDescription("Uses of Redis that failed or were skipped while it was down, answered from the replica's own state instead, by use."))
	if err != nil {
		return nil, err
	}
	rejected, err := m.Int64Counter("maitre.redis.rejected", metric.WithUnit("{value}"),
		metric.WithDescription("Values read from Redis whose MAC did not verify under the fleet's keys, ignored as absent, by use."))
	if err != nil {
		return nil, err
	}
	c, err := connect(url, timeout)
	if err != nil {
		return nil, err
	}
	ctx, stop := context.WithCancel(context.Background())
	r := &Redis{c: c, timeout: timeout, log: log, fallbacks: fallbacks, keyring: k, rejected: rejected, leases: newLeases(),
		id: newID(), stop: stop, beating: make(chan struct{})}
	if _, err := m.Int64ObservableGauge("maitre.redis.degraded",
		metric.WithDescription("1 while Redis cannot be reached or refuses writes and the replica runs on its own state, else 0."),
		metric.WithInt64Callback(func(_ context.Context, o metric.Int64Observer) error {
			o.Observe(map[string]int64{"ok": 0, "degraded": 1}[r.Status()])
			return nil
		})); err != nil {
		c.Close()
		stop()
		return nil, err
	}
	go func() {
		defer close(r.beating)
		r.beatUntil(ctx)
	}()
	return r, nil
}

// Close leaves the fleet and closes the connections.
func (r *Redis) Close() error {
	r.stop()
	<-r.beating
	r.watches.mu.Lock()
	if ps := r.watches.ps; ps != nil {
		_ = ps.Close()
	}
	r.watches.mu.Unlock()
	return r.c.Close()
}

// Status is "ok", or "degraded" while Redis cannot be reached or refuses
// writes, and each replica uses its own state.
func (r *Redis) Status() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.down || r.refusing {
		return "degraded"
	}
	return "ok"
}

// access is whether a use writes: only a write that succeeds shows that
// Redis takes writes again.
type access bool

const (
	reads  access = false
	writes access = true
)

// do runs f against Redis within the timeout, or the time the caller has
// left if that is less, and records how it went; redis.Nil (no such key)
// is a success. An error means the caller falls back. Only Redis not
// answering in its own timeout, or not reachable, marks it down: not an
// error reply about one key, nor a caller short of time. A reply that
// refuses writes as a whole marks it refusing until a write succeeds.
func (r *Redis) do(ctx context.Context, use string, a access, f func(ctx context.Context) error) error {
	r.mu.Lock()
	skip := r.down && time.Now().Before(r.retryAt)
	r.mu.Unlock()
	timeout := r.timeout
	if dl, ok := ctx.Deadline(); ok {
		timeout = min(timeout, time.Until(dl))
	}
	if skip || timeout <= 0 {
		r.fallbacks.Add(ctx, 1, metric.WithAttributes(attribute.String("use", use)))
		return errSkipped
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	err := f(ctx)
	var reply redis.Error
	if err != nil && !errors.Is(err, redis.Nil) {
		r.fallbacks.Add(ctx, 1, metric.WithAttributes(attribute.String("use", use)))
		if errors.As(err, &reply) {
			if refuses(err) {
				r.refused(use, err)
			}
			return err // Redis answered
		}
		if timeout < r.timeout {
			return err // the caller was short of time
		}
		if cc, ok := r.c.(*redis.ClusterClient); ok {
			cc.ReloadState(ctx) // a node gone: its slots may have a new master, which only a fresh map of the slots names
		}
		r.mu.Lock()
		if !r.down {
			r.log.Warn("redis is unavailable: each replica uses its own state until it is back", "use", use, "error", err.Error())
		}
		r.down, r.retryAt = true, time.Now().Add(time.Second)
		r.mu.Unlock()
		return err
	}
	r.mu.Lock()
	if r.down {
		r.log.Info("redis is back: state is shared again")
	}
	r.down = false
	if a == writes && r.refusing {
		r.log.Info("redis takes writes again: state is shared again")
		r.refusing = false
	}
	r.mu.Unlock()
	return err
}

// refuses reports whether a reply refuses writes to every key, not one:
// out of memory under noeviction, a read-only replica (a failover left
// maitre on the old master), snapshots failing, too few replicas. Rate
// limits then hold per replica, and nothing new is shared.
func refuses(err error) bool {
	return redis.IsOOMError(err) || redis.IsReadOnlyError(err) || redis.IsNoReplicasError(err) ||
		strings.HasPrefix(err.Error(), "MISCONF ")
}

func (r *Redis) refused(use string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.refusing {
		r.log.Warn("redis refuses writes: rate limits hold per replica and new state stays in each replica until it takes them again",
			"use", use, "error", err.Error())
	}
	r.refusing = true
}
