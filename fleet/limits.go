package fleet

import (
	"context"
	"errors"
	"math"
	"strconv"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/redis/go-redis/v9"

	"github.com/maitre-pos/maitre/throttle"
)

// gcra is the generic cell rate algorithm, run in Redis so that every
// replica takes from one bucket, on Redis's own clock: a key holds the
// theoretical arrival time of the next request; a request may come when
// it is at most burst intervals ahead of now; a key further ahead than the
// burst allows is corrupt and read as a full bucket. It grants ARGV[3] tokens at
// once when the bucket holds them, else one, and returns how many it
// granted, or 0 and the seconds to wait.
//
// Its state is not signed: the script reads and writes it inside Redis,
// which would need the key to check a MAC, so the key would travel in
// every call to the server whose other users it guards against (MONITOR
// and the slow log show arguments). Nor would a MAC help much: an absent key is a full bucket, so one who can write can always
// lift a limit by deleting; what forgery adds, a bucket made to look
// emptier, the bound above limits to a burst's worth of tokens per write.
var gcra = redis.NewScript(`
local interval = 1 / tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local t = redis.call("TIME")
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local tat = tonumber(redis.call("GET", KEYS[1]) or now) or now
-- past, or further ahead than the burst can be (not a number, written
-- by hand): the bucket is full
if tat ~= tat or tat < now or tat > now + (burst + 1) * interval then tat = now end
if tat + (n - burst) * interval > now then n = 1 end
local allowAt = tat + (n - burst) * interval
if allowAt > now then
  return {0, tostring(allowAt - now)}
end
tat = tat + n * interval
redis.call("SET", KEYS[1], tostring(tat), "PX", math.ceil((tat - now) * 1000) + 1000)
return {n, "0"}
`)

// Limits is a fleet-wide token bucket for throttle's limiters.
//
// Asking Redis for every request would cost a round trip each, twice
// with both limits on. A replica under load leases tokens a few at a
// time instead, taken from the shared bucket in one call and handed out
// here. The fleet never admits more than the limit, since every token is
// counted in Redis when it is leased; the lease grows, doubling up to a
// twentieth of a second's worth and a tenth of the burst, while the
// replica uses each one up, and shrinks when tokens go unused until the
// lease lapses (twice the time they stand for, 100 ms at least), so that
// a quiet key wastes few; and when the bucket holds less than a lease,
// one token is asked for, so that near the limit Redis decides.
func (r *Redis) Limits() throttle.Shared { return limits{r} }

type limits struct{ r *Redis }

func (l limits) Replicas() int { return l.r.Replicas() }

// lease is tokens taken from the shared bucket and not yet handed out,
// how many to ask for next, and whether a caller is asking now.
type lease struct {
	mu    sync.Mutex
	left  int
	until time.Time
	size  int
	ready chan struct{} // while a caller asks for a lease: closed when it has one
}

// leaseKeys bounds the memory of the leases.
const leaseKeys = 100_000

func newLeases() *lru.Cache[string, *lease] {
	c, _ := lru.New[string, *lease](leaseKeys) // errors only for a size under 1
	return c
}

// maxLease is the most tokens one call to Redis takes for lim.
func maxLease(lim throttle.Limit) int {
	return max(1, min(lim.Burst/10, int(lim.Rate/20)))
}

func (l limits) Allow(ctx context.Context, key string, lim throttle.Limit) (bool, time.Duration, error) {
	n := 1
	var held *lease
	if most := maxLease(lim); most > 1 {
		var ok bool
		if held, ok = l.r.leases.Get(key); !ok {
			held = &lease{size: 2} // a racing twin may replace it: its tokens go unused, never doubled
			l.r.leases.Add(key, held)
		}
		// Spend a leased token, or lease more, or share the lease another
		// caller is asking for; a few rounds, then ask for one token.
		for range 3 {
			if held.spend() {
				return true, 0, nil
			}
			var ready <-chan struct{}
			if n, ready = held.ask(most); ready == nil {
				break
			}
			select {
			case <-ready:
			case <-ctx.Done():
			}
		}
	}
	granted, wait, err := l.take(ctx, key, lim, n)
	if n > 1 {
		held.got(max(granted-1, 0), max(2*time.Duration(float64(granted)/lim.Rate*float64(time.Second)), 100*time.Millisecond))
	}
	switch {
	case err != nil:
		return false, 0, err
	case granted > 0:
		return true, 0, nil
	case held != nil && held.spend(): // another caller's lease came in meanwhile
		return true, 0, nil
	}
	return false, wait, nil
}

// take asks the shared bucket for n tokens, or one when it holds fewer,
// and returns how many it granted, or 0 and how long until one is free.
func (l limits) take(ctx context.Context, key string, lim throttle.Limit, n int) (int, time.Duration, error) {
	var res []any
	err := l.r.do(ctx, "rate_limit", writes, func(ctx context.Context) error {
		var err error
		res, err = gcra.Run(ctx, l.r.c, []string{prefix + "rate:" + key}, lim.Rate, max(lim.Burst, 1), n).Slice()
		return err
	})
	if err == nil && len(res) != 2 {
		err = errors.New("fleet: the rate limit script answered " + strconv.Itoa(len(res)) + " values")
	}
	if err != nil {
		return 0, 0, err
	}
	if granted, _ := res[0].(int64); granted >= 1 {
		return int(granted), 0, nil
	}
	s, _ := res[1].(string)
	wait, _ := strconv.ParseFloat(s, 64)
	return 0, time.Duration(math.Ceil(wait * float64(time.Second))), nil
}

// spend hands out one leased token, if one is left and the lease fresh.
func (l *lease) spend() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.left > 0 && time.Now().Before(l.until) {
		l.left--
		if l.left == 0 { // used up in time: lease more next
			l.size *= 2
		}
		return true
	}
	if l.left > 0 { // lapsed unused: lease fewer next
		l.size = max(l.size/2, 2)
		l.left = 0
	}
	return false
}

// ask is how many tokens to ask Redis for, at most most: a lease when no
// other caller is asking for one; else one token, and the channel that is
// closed when the other caller's lease comes.
func (l *lease) ask(most int) (int, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ready != nil {
		return 1, l.ready
	}
	l.ready = make(chan struct{})
	l.size = min(l.size, most)
	return l.size, nil
}

// got keeps n more leased tokens for up to d, ending an ask.
func (l *lease) got(n int, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	close(l.ready)
	l.ready = nil
	if n == 0 {
		return
	}
	if time.Now().After(l.until) {
		l.left = 0
	}
	l.left += n
	l.until = time.Now().Add(d)
}
