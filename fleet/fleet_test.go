package fleet

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/admit"
	"github.com/maitre-pos/maitre/clients/cache"
	"github.com/maitre-pos/maitre/days"
	"github.com/maitre-pos/maitre/fleet/fleettest"
	"github.com/maitre-pos/maitre/throttle"
	"github.com/redis/go-redis/v9"
)

func open(t *testing.T, url string) *Redis {
	t.Helper()
	return openWith(t, url, Options{Timeout: DefaultTimeout})
}

// openWith opens a Redis with o; a test of accuracy under load gives it a
// timeout a loaded machine will not reach, so that Redis stays up.
func openWith(t *testing.T, url string, o Options) *Redis {
	t.Helper()
	r, err := Open(url, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// TestStores writes through one Redis and reads through another, as two
// replicas do.
func TestStores(t *testing.T) {
	s := fleettest.Start(t)
	shares(t, open(t, s.URL()), open(t, s.URL()))
}

// shares checks that what a writes, b reads: answers, values and
// persisted queries.
func shares(t *testing.T, a, b *Redis) {
	ctx := context.Background()

	at := time.Now().Add(-time.Minute).Truncate(time.Millisecond)
	a.Cache("orders").Put(ctx, "k", cache.Answer{Status: 200, Header: http.Header{"X": {"1"}}, Body: []byte(`{"orders":[]}`), At: at}, time.Hour)
	if got, ok := b.Cache("orders").Get(ctx, "k"); !ok || string(got.Body) != `{"orders":[]}` || !got.At.Equal(at) || got.Header.Get("X") != "1" {
		t.Errorf("cache: %+v, %v", got, ok)
	}
	if _, ok := b.Cache("payments").Get(ctx, "k"); ok {
		t.Error("another service's answer was found")
	}

	type value struct{ N int }
	a.Values("chat").Put(ctx, `["bistro","u1","c1"]`, value{7}, time.Hour)
	var got value
	if ok := b.Values("chat").Get(ctx, `["bistro","u1","c1"]`, &got); !ok || got.N != 7 {
		t.Errorf("values: %+v, %v", got, ok)
	}
	if b.Values("apq").Get(ctx, `["bistro","u1","c1"]`, &got) {
		t.Error("another use's value was found")
	}

	q := "{ me { name } }"
	a.PersistedQueries(admit.NewPersistedQueries(10, 1<<20), time.Hour).Add(ctx, sha256Hex(q), q)
	if got, ok := b.PersistedQueries(admit.NewPersistedQueries(10, 1<<20), time.Hour).Get(ctx, sha256Hex(q)); !ok || got != q {
		t.Errorf("persisted query: %q, %v", got, ok)
	}
}

// TestSharedRateLimit takes from one bucket through two clients at once,
// four callers each: together they stay within 10% of the limit, whether
// each request asks Redis or replicas lease tokens a few at a time.
func TestSharedRateLimit(t *testing.T) {
	sharesLimits(t, fleettest.Start(t).URL())
}

func sharesLimits(t *testing.T, url string) {
	tests := []struct {
		name  string
		limit throttle.Limit
	}{
		{"one token a call", throttle.Limit{Rate: 50, Burst: 10}},
		{"leased tokens", throttle.Limit{Rate: 2000, Burst: 400}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var allowed atomic.Int64
			var wg sync.WaitGroup
			start := time.Now()
			key := "tenant:" + tt.name
			patient := Options{Timeout: 2 * time.Second}
			for _, r := range []*Redis{openWith(t, url, patient), openWith(t, url, patient)} {
				lim := r.Limits()
				for range 4 {
					wg.Go(func() {
						for time.Since(start) < time.Second {
							if ok, _, err := lim.Allow(context.Background(), key, tt.limit); err == nil && ok {
								allowed.Add(1)
							}
						}
					})
				}
			}
			wg.Wait()
			want := tt.limit.Rate*time.Since(start).Seconds() + float64(tt.limit.Burst)
			if got := float64(allowed.Load()); got > want*1.1 || got < want*0.9 {
				t.Errorf("%.0f allowed in %s; want %.0f within 10%%", got, time.Since(start), want)
			}
		})
	}
}

// TestOutage stops Redis: uses fail fast and fall back, the status turns
// degraded, and comes back once Redis does.
func TestOutage(t *testing.T) {
	s := fleettest.Start(t)
	r := open(t, s.URL())
	ctx := context.Background()
	values := r.Values("chat")
	values.Put(ctx, "k", 1, time.Hour)
	s.Stop()
	t0 := time.Now()
	var v int
	if ok := values.Get(ctx, "k", &v); ok || time.Since(t0) > time.Second || r.Status() != "degraded" {
		t.Errorf("with Redis down: %v %v after %s, status %s; want nothing, at once, degraded", v, ok, time.Since(t0), r.Status())
	}
	if _, _, err := r.Limits().Allow(ctx, "k", throttle.Limit{Rate: 1, Burst: 1}); err == nil {
		t.Error("a rate limit was taken from a Redis that is down")
	}
	s.Restart()
	deadline := time.Now().Add(5 * time.Second)
	for r.Status() != "ok" && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		values.Get(ctx, "k", &v)
	}
	if r.Status() != "ok" {
		t.Error("Redis came back but the status stayed degraded")
	}
}

// TestPoisoned writes into Redis what a replica never would, as another
// build, a hand or an attacker might: each is refused or read as absent,
// and none marks Redis down.
func TestPoisoned(t *testing.T) {
	s := fleettest.Start(t)
	r := open(t, s.URL())
	ctx := context.Background()
	raw := redis.NewClient(&redis.Options{Addr: s.Addr})
	t.Cleanup(func() { raw.Close() })
	set := func(key, value string) {
		t.Helper()
		if err := raw.Set(ctx, prefix+key, value, time.Hour).Err(); err != nil {
			t.Fatal(err)
		}
	}

	tests := []struct {
		name, key, value string
		found            func() bool
	}{
		{"a failed answer", "cache:orders:a", `{"Status":500,"Body":"e30=","At":"2026-01-01T00:00:00Z"}`, func() bool { _, ok := r.Cache("orders").Get(ctx, "a"); return ok }},
		{"an answer from the future", "cache:orders:b", `{"Status":200,"Body":"e30=","At":"2099-01-01T00:00:00Z"}`, func() bool { _, ok := r.Cache("orders").Get(ctx, "b"); return ok }},
		{"an answer that is not JSON", "cache:orders:c", `{"Status":200,"Body":"bm9wZQ==","At":"2026-01-01T00:00:00Z"}`, func() bool { _, ok := r.Cache("orders").Get(ctx, "c"); return ok }},
		{"a persisted query that is not its hash's", "apq:" + sha256Hex("{ me { name } }"), `"{ revenue { total { amount } } }"`, func() bool {
			_, ok := r.PersistedQueries(admit.NewPersistedQueries(10, 1<<20), time.Hour).Get(ctx, sha256Hex("{ me { name } }"))
			return ok
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set(tt.key, tt.value)
			if tt.found() {
				t.Errorf("%s was trusted", tt.value)
			}
		})
	}

	// A value that is not what the caller keeps is absent.
	set("chat:x", `not json`)
	var v []string
	if r.Values("chat").Get(ctx, "x", &v) {
		t.Error("a value that is not JSON was found")
	}

	// A rate-limit key far ahead, or not a number, is a full bucket.
	for _, v := range []string{"1e18", "nan", "inf", "abc"} {
		set("rate:tenant:p", v)
		if ok, _, err := r.Limits().Allow(ctx, "tenant:p", throttle.Limit{Rate: 10, Burst: 5}); err != nil || !ok {
			t.Errorf("a rate key of %s: allowed %v, %v; want allowed", v, ok, err)
		}
	}

	// An error reply about one key leaves Redis up for the rest.
	raw.RPush(ctx, prefix+"cache:orders:list", "x")
	r.Cache("orders").Get(ctx, "list")
	if got := r.Status(); got != "ok" {
		t.Errorf("after a WRONGTYPE reply, status %s; want ok", got)
	}
}

// TestDays keeps a closed day through one replica and reads it, with
// others, through another in one MGET.
func TestDays(t *testing.T) {
	s := fleettest.Start(t)
	sharesDays(t, open(t, s.URL()), open(t, s.URL()))
}

func sharesDays(t *testing.T, a, b *Redis) {
	ctx := context.Background()
	da := Days(a, days.Memory[sum](1<<20, time.Hour), time.Hour)
	db := Days(b, days.Memory[sum](1<<20, time.Hour), time.Hour)
	da.Put(ctx, "orders/bistro/2026-11-20", sum{20})
	db.Put(ctx, "orders/bistro/2026-11-21", sum{21})
	got, found := db.GetMany(ctx, []string{"orders/bistro/2026-11-20", "orders/bistro/2026-11-21", "orders/cafe/2026-11-20"})
	if fmt.Sprint(got, found) != "[{20} {21} {0}] [true true false]" {
		t.Errorf("GetMany: %v %v; want 20 from the other replica, 21 from this one, no cafe day", got, found)
	}
}

// sum is a day's totals for TestDays.
type sum struct{ N int }

func (sum) Size() int64 { return 16 }

// TestRefusesWrites fills Redis (noeviction, so writes fail with OOM):
// the status turns degraded while reads still serve, rate limits and
// closed days fall back to the replica's own, and the first write taken
// once there is room turns it back.
func TestRefusesWrites(t *testing.T) {
	s := fleettest.Start(t)
	r := open(t, s.URL())
	ctx := context.Background()
	raw := redis.NewClient(&redis.Options{Addr: s.Addr})
	t.Cleanup(func() { raw.Close() })
	values := r.Values("chat")
	values.Put(ctx, "before", 1, time.Hour)
	ds := Days(r, days.Memory[sum](1<<20, time.Hour), time.Hour)
	if err := raw.ConfigSet(ctx, "maxmemory-policy", "noeviction").Err(); err != nil {
		t.Fatal(err)
	}
	if err := raw.ConfigSet(ctx, "maxmemory", "1").Err(); err != nil {
		t.Fatal(err)
	}

	values.Put(ctx, "after", 2, time.Hour)
	if got := r.Status(); got != "degraded" {
		t.Errorf("Redis full: status %s; want degraded", got)
	}
	var v int
	if !values.Get(ctx, "before", &v) || values.Get(ctx, "after", &v) {
		t.Error("Redis full: want the value from before read, the one after not kept")
	}
	if _, _, err := r.Limits().Allow(ctx, "tenant:full", throttle.Limit{Rate: 1, Burst: 1}); err == nil {
		t.Error("a rate limit was taken from a Redis that refuses writes")
	}
	ds.Put(ctx, "orders/bistro/2026-11-20", sum{20})
	if got, found := ds.GetMany(ctx, []string{"orders/bistro/2026-11-20"}); !found[0] || got[0].N != 20 {
		t.Errorf("a closed day Redis could not keep: %v %v; want this replica's", got, found)
	}
	if err := raw.ConfigSet(ctx, "maxmemory", "0").Err(); err != nil {
		t.Fatal(err)
	}
	values.Put(ctx, "after", 2, time.Hour)
	if r.Status() != "ok" {
		t.Errorf("Redis takes writes again; status %s, want ok", r.Status())
	}
}
