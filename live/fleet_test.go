package live_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/fleet"
	"github.com/maitre-pos/maitre/fleet/fleettest"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/gatewaytest"
	"github.com/maitre-pos/maitre/live"
)

// replicas serves n gateways over env sharing the Redis at url, their
// pollers run every interval under leases of lease.
func replicas(t testing.TB, env *demotest.Env, url string, n int, interval, lease time.Duration) ([]*gatewaytest.Gateway, []*fleet.Redis) {
	t.Helper()
	var gws []*gatewaytest.Gateway
	var rs []*fleet.Redis
	for range n {
		// Redis's timeout is one a loaded machine does not reach: a
		// replica that took Redis for down would poll for itself.
		r, err := fleet.Open(url, fleet.Options{Timeout: gatewaytest.Patient, Key: []byte("a test key of more than 16 bytes")})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		o := gatewaytest.With(gatewaytest.OptionsFor(env.Client(t, gatewaytest.Patient)), func(o *gateway.Options) {
			o.Fleet = r
			o.Live.Interval, o.Live.Lease, o.Live.PerToken = interval, lease, 0
		})
		gws, rs = append(gws, serveOn(t, env, o)), append(rs, r)
	}
	return gws, rs
}

// holder is the replica of rs that holds the one poller's lease.
func holder(t testing.TB, raw *redis.Client, rs []*fleet.Redis) int {
	t.Helper()
	ctx := context.Background()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		keys, err := raw.Keys(ctx, "maitre:poll:*:lease").Result()
		if err != nil || len(keys) != 1 {
			continue
		}
		id, _ := raw.Get(ctx, keys[0]).Result()
		for i, r := range rs {
			if r.ID() == id {
				return i
			}
		}
	}
	t.Fatal("no replica holds the poller's lease")
	return -1
}

// TestFleetPollers spreads 300 subscribers of one tenant and selection
// over three replicas: the services see the calls of one poller; a new
// order reaches all 300; the replica that polls is cut off from Redis
// and another takes over, every subscriber of the others getting the
// next figures within the lease; and no subscriber sees a value twice or
// figures that go back.
func TestFleetPollers(t *testing.T) {
	t.Parallel()
	const interval, lease, window = 100 * time.Millisecond, time.Second, 10 * time.Second
	s := fleettest.Start(t)
	raw := redis.NewClient(&redis.Options{Addr: s.Addr})
	defer raw.Close()
	env := demotest.Start(t, demotest.Now)
	gws, rs := replicas(t, env, s.URL(), 3, interval, lease)
	calls := func() int { return len(env.Calls(clients.Orders)) + len(env.Calls(clients.Payments)) }

	one := gws[0].SubscribeSSE(t, "demo-owner", revenueSub, nil)
	one.Next(t)
	env.Reset()
	time.Sleep(window)
	single := calls()
	one.Stop()

	subs := make([][]*gatewaytest.Subscription, len(gws))
	for i := range 300 {
		subs[i%3] = append(subs[i%3], gws[i%3].SubscribeSSE(t, "demo-owner", revenueSub, nil))
	}
	want, wantOrders := gatewaytest.BistroToday(t, env)
	seen := map[*gatewaytest.Subscription][2]int64{}
	var mu sync.Mutex
	check := func(t *testing.T, s *gatewaytest.Subscription) (string, int) {
		total, orders := revenue(t, s.Next(t))
		cents := parseCents(t, total)
		mu.Lock()
		defer mu.Unlock()
		if last, ok := seen[s]; ok && (cents < last[0] || int64(orders) < last[1] || cents == last[0] && int64(orders) == last[1]) {
			t.Errorf("a subscriber got %s and %d orders after %d cents and %d: a value again, or figures going back", total, orders, last[0], last[1])
		}
		seen[s] = [2]int64{cents, int64(orders)}
		return total, orders
	}
	for _, rep := range subs {
		for _, s := range rep {
			if total, orders := check(t, s); total != gatewaytest.Amount(want, "USD") || orders != wantOrders {
				t.Fatalf("a subscriber's first value: %s and %d orders; want %s and %d", total, orders, gatewaytest.Amount(want, "USD"), wantOrders)
			}
		}
	}
	env.Reset()
	time.Sleep(window)
	many := calls()
	t.Logf("in %v: one subscriber on one replica cost %d calls to orders and payments; 300 on 3 replicas %d", window, single, many)
	if many*10 > single*12 || many*10 < single*8 {
		t.Errorf("300 subscribers on 3 replicas cost %d calls in %v; one poller costs %d", many, window, single)
	}

	// All of them get a new order's figures, from the raw data; reach
	// places one and says when the last subscriber had them, after since.
	reach := func(t *testing.T, since time.Time) time.Duration {
		t.Helper()
		placeOrder(t, gws[0])
		want, wantOrders := gatewaytest.BistroToday(t, env)
		var slowest time.Duration
		var wg sync.WaitGroup
		for _, rep := range subs {
			for _, s := range rep {
				wg.Go(func() {
					for {
						total, orders := check(t, s)
						if total == gatewaytest.Amount(want, "USD") && orders == wantOrders {
							mu.Lock()
							slowest = max(slowest, time.Since(since))
							mu.Unlock()
							return
						}
					}
				})
			}
		}
		wg.Wait()
		return slowest
	}
	t.Logf("a new order reached all 300 subscribers in %v", reach(t, time.Now()).Round(time.Millisecond))

	// The holder is cut off from Redis: all but one of its subscribers go,
	// as in a crash; that one is fed by the replica's own poller.
	h := holder(t, raw, rs)
	cut := time.Now()
	rs[h].Close()
	for _, s := range subs[h][1:] {
		s.Stop()
	}
	subs[h] = subs[h][:1]
	took := reach(t, cut)
	t.Logf("replica %d cut off: 99 of its subscribers gone; the other 201 had the next order's figures %v after the cut", h, took.Round(time.Millisecond))
	if most := lease + lease/3 + interval + 2*time.Second; took > most {
		t.Errorf("the takeover took %v; want at most %v", took, most)
	}
	for _, rep := range subs {
		for _, s := range rep {
			if !s.Quiet(0) {
				t.Fatal("a subscriber got another value though nothing changed")
			}
		}
	}
}

// parseCents reads "1234.56" as 123456.
func parseCents(t *testing.T, amount string) int64 {
	t.Helper()
	var whole, frac int64
	if _, err := fmt.Sscanf(strings.Replace(amount, ".", " ", 1), "%d %d", &whole, &frac); err != nil {
		t.Fatalf("an amount %q", amount)
	}
	return whole*100 + frac
}

// TestFleetPollerAccess: a cashier subscribed on one replica and an owner
// on another, to the same selection, are fed by pollers of their own:
// the cashier never receives the owner's revenue, whichever replica
// polls for whom.
func TestFleetPollerAccess(t *testing.T) {
	t.Parallel()
	s := fleettest.Start(t)
	env := demotest.Start(t, demotest.Now)
	gws, _ := replicas(t, env, s.URL(), 2, 50*time.Millisecond, 600*time.Millisecond)
	owner := gws[1].SubscribeSSE(t, "demo-owner", revenueSub, nil)
	cashier := gws[0].SubscribeSSE(t, "demo-cashier", revenueSub, nil)
	if total, _ := revenue(t, owner.Next(t)); total == "" {
		t.Fatal("the owner has no revenue")
	}
	cashierSees := func(u gatewaytest.Update) {
		var v revenueValue
		_ = json.Unmarshal(u.Data, &v)
		if v.Dashboard != nil && v.Dashboard.Revenue != nil && v.Dashboard.Revenue.Total != nil {
			t.Fatalf("the cashier received revenue %s", v.Dashboard.Revenue.Total.Amount)
		}
		forbidden := false
		for _, e := range u.Errors {
			forbidden = forbidden || e.Extensions["code"] == "FORBIDDEN"
		}
		if !forbidden {
			t.Errorf("the cashier's value does not say revenue is forbidden: %s %v", u.Data, u.Errors)
		}
	}
	cashierSees(cashier.Next(t))
	for range 3 {
		placeOrder(t, gws[0])
		revenue(t, owner.Next(t))
		for u, ok := cashier.Within(300 * time.Millisecond); ok; u, ok = cashier.Within(300 * time.Millisecond) {
			cashierSees(u)
		}
	}
}

// BenchmarkTakeover cuts the replica that polls for the fleet off from
// Redis, places an order, and times how long after the cut the last
// subscriber of the other replicas has its figures, under the default
// lease and interval, the cut at any point between two renewals of the
// lease; a new replica replaces the one cut each time. Run
// it 20 times: go test ./live -run XXX -bench Takeover -benchtime 20x
func BenchmarkTakeover(b *testing.B) {
	s := fleettest.Start(b)
	raw := redis.NewClient(&redis.Options{Addr: s.Addr})
	defer raw.Close()
	env := demotest.Start(b, demotest.Now)
	d := live.Defaults
	gws, rs := replicas(b, env, s.URL(), 3, d.Interval, d.Lease)
	subscribe := func(g *gatewaytest.Gateway) []*gatewaytest.Subscription {
		var subs []*gatewaytest.Subscription
		for range 20 {
			s := g.SubscribeSSE(b, "demo-owner", revenueSub, nil)
			s.Next(b)
			subs = append(subs, s)
		}
		return subs
	}
	subs := make([][]*gatewaytest.Subscription, 3)
	for i, g := range gws {
		subs[i] = subscribe(g)
	}
	var times []time.Duration
	for b.Loop() {
		h := holder(b, raw, rs)
		time.Sleep(rand.N(d.Lease / 3)) // a crash comes at any point of the holder's renewals
		cut := time.Now()
		rs[h].Close()
		for _, s := range subs[h] {
			s.Stop()
		}
		placeOrder(b, gws[0])
		want, orders := gatewaytest.BistroToday(b, env)
		var slowest time.Duration
		for i, rep := range subs {
			for _, s := range rep {
				for i != h {
					if total, n := revenue(b, s.Next(b)); total == gatewaytest.Amount(want, "USD") && n == orders {
						slowest = max(slowest, time.Since(cut))
						break
					}
				}
			}
		}
		times = append(times, slowest)
		g, r := replicas(b, env, s.URL(), 1, d.Interval, d.Lease)
		gws[h], rs[h], subs[h] = g[0], r[0], subscribe(g[0])
	}
	slices.Sort(times)
	var sum time.Duration
	for _, d := range times {
		sum += d
	}
	b.ReportMetric(float64(sum.Milliseconds())/float64(len(times)), "ms/takeover")
	b.ReportMetric(float64(times[len(times)-1].Milliseconds()), "ms-max")
	b.Logf("%d takeovers, lease %v: %v", len(times), d.Lease, times)
}
