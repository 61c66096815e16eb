// Package throttle decides which incoming requests the gateway takes on:
// a rate limit per client address before authentication, one per tenant
// after it, and a cap on requests in flight beyond which it sheds load at
// once rather than queue without bound.
package throttle

import (
	"context"
	"math"
	"net"
	"net/http"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vektah/gqlparser/v2/gqlerror"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"

	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/gqlhttp"
)

// Limit is a token bucket: Rate requests a second on average, Burst at
// once. A zero Rate turns it off.
type Limit struct {
	Rate  float64
	Burst int
}

// The limits maitre runs with unless configured otherwise: a client
// address before authentication, a tenant after it, and the requests
// served at once.
var (
	DefaultClientLimit = Limit{Rate: 300, Burst: 150}
	DefaultTenantLimit = Limit{Rate: 600, Burst: 300}
)

// DefaultMaxInFlight caps the requests served at once.
const DefaultMaxInFlight = 512

// Limiter keeps one token bucket per key (address or tenant), the least
// recently seen forgotten first, so memory stays bounded whoever calls.
// With a Shared bucket the fleet's replicas share one limit; while it
// cannot be asked, each replica's own bucket admits its share of the
// limit, so that an outage neither multiplies the fleet's limit nor
// locks tenants out.
type Limiter struct {
	limit  Limit
	mu     sync.Mutex
	keys   *lru.Cache[string, *rate.Limiter]
	shared Shared
	scope  string
}

// Shared is a token bucket every replica takes from; an error means it
// could not be asked.
type Shared interface {
	Allow(ctx context.Context, key string, l Limit) (bool, time.Duration, error)
	// Replicas is how many replicas take from it, as last seen.
	Replicas() int
}

// NewLimiter returns a limiter remembering at most size keys; scope names
// its buckets among a Shared one's (nil: this replica's alone).
func NewLimiter(l Limit, size int, shared Shared, scope string) *Limiter {
	keys, _ := lru.New[string, *rate.Limiter](max(size, 1))
	return &Limiter{limit: l, keys: keys, shared: shared, scope: scope}
}

// Limit is the limit l applies.
func (l *Limiter) Limit() Limit { return l.limit }

// Allow takes a token for key, or says how long until one is free.
func (l *Limiter) Allow(ctx context.Context, key string) (bool, time.Duration) {
	if l == nil || l.limit.Rate <= 0 {
		return true, 0
	}
	own := l.limit
	if l.shared != nil {
		ok, wait, err := l.shared.Allow(ctx, l.scope+":"+key, l.limit)
		if err == nil {
			return ok, wait
		}
		own = own.Share(l.shared.Replicas())
	}
	now := time.Now()
	l.mu.Lock()
	lim, ok := l.keys.Get(key)
	if !ok {
		lim = rate.NewLimiter(rate.Limit(own.Rate), max(own.Burst, 1))
		l.keys.Add(key, lim)
	} else if lim.Limit() != rate.Limit(own.Rate) || lim.Burst() != max(own.Burst, 1) { // the fleet's size changed
		lim.SetLimitAt(now, rate.Limit(own.Rate))
		lim.SetBurstAt(now, max(own.Burst, 1))
	}
	l.mu.Unlock()
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// Share is one of n replicas' share of l: its rate divided by n, and its
// burst, at least one request.
func (l Limit) Share(n int) Limit {
	n = max(n, 1)
	return Limit{Rate: l.Rate / float64(n), Burst: max(l.Burst/n, 1)}
}

// Middleware answers 429 with Retry-After and RATE_LIMITED once key(r)
// has used its budget; an empty key is not limited.
func (l *Limiter) Middleware(key func(*http.Request) string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := key(r)
		if ok, wait := l.Allow(r.Context(), k); !ok && k != "" {
			secs := int(math.Ceil(wait.Seconds()))
			w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
			gqlhttp.WriteError(r.Context(), w, r, http.StatusTooManyRequests,
				errcode.New(errcode.RateLimited, "too many requests: retry in %d s", max(secs, 1)))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ClientAddress keys a request by the address it came from.
func ClientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ShedOnMemory answers 503 with SERVICE_OVERLOADED at once while the
// memory live requests hold, live's measure, is above max; max <= 0 turns
// it off. Counting requests cannot tell a request waiting with a day of
// orders decoded from one that holds nothing.
func ShedOnMemory(max int64, live func() int64, next http.Handler) http.Handler {
	if max <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if live() > max {
			w.Header().Set("Retry-After", "1")
			gqlhttp.WriteError(r.Context(), w, r, http.StatusServiceUnavailable, ShortOfMemory())
			return
		}
		next.ServeHTTP(w, r)
	})
}

// LiveHeap is the heap the last garbage collection found live, read at
// most every 10 ms.
func LiveHeap() int64 {
	now := time.Now().UnixNano()
	if last := heapReadAt.Load(); now-last < int64(10*time.Millisecond) || !heapReadAt.CompareAndSwap(last, now) {
		return heapLive.Load()
	}
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		heapLive.Store(int64(s[0].Value.Uint64()))
	}
	return heapLive.Load()
}

var heapReadAt, heapLive atomic.Int64

// InFlight counts the requests being served. Handlers built by Shed over
// one InFlight, as before and after a reload, share the count.
type InFlight struct{ n atomic.Int64 }

// Shed lets at most n requests counted by in through at once (a fresh
// count when in is nil) and answers the rest 503 with SERVICE_OVERLOADED
// at once; n <= 0 turns it off.
func Shed(n int, in *InFlight, next http.Handler) http.Handler {
	if n <= 0 {
		return next
	}
	if in == nil {
		in = &InFlight{}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leave, ok := in.Enter(n)
		if !ok {
			w.Header().Set("Retry-After", "1")
			gqlhttp.WriteError(r.Context(), w, r, http.StatusServiceUnavailable, AtCapacity())
			return
		}
		defer leave()
		next.ServeHTTP(w, r)
	})
}

// Enter counts one more in flight if fewer than n are (any number when
// n <= 0); leave counts it out.
func (in *InFlight) Enter(n int) (leave func(), ok bool) {
	if n <= 0 {
		return func() {}, true
	}
	if in.n.Add(1) > int64(n) {
		in.n.Add(-1)
		return nil, false
	}
	return func() { in.n.Add(-1) }, true
}

// ShortOfMemory is the error of a request shed for the memory held.
func ShortOfMemory() *gqlerror.Error {
	return errcode.New(errcode.Overloaded, "the gateway is short of memory: retry shortly")
}

// AtCapacity is the error of a request shed because too many are in flight.
func AtCapacity() *gqlerror.Error {
	return errcode.New(errcode.Overloaded, "the gateway is at capacity: retry shortly")
}
