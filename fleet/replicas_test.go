package fleet

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/fleet/fleettest"
	"github.com/maitre-pos/maitre/throttle"
)

// TestLimitsWithoutRedis: three replicas that saw each other through
// Redis each admit a third of the limit once it is gone, so that the
// fleet admits at most its limit plus one burst, and not much less.
func TestLimitsWithoutRedis(t *testing.T) {
	s := fleettest.Start(t)
	lim := throttle.Limit{Rate: 60, Burst: 9}
	var limiters []*throttle.Limiter
	var fleet []*Redis
	for range 3 {
		r := openWith(t, s.URL(), Options{Timeout: DefaultTimeout})
		fleet = append(fleet, r)
		limiters = append(limiters, throttle.NewLimiter(lim, 10, r.Limits(), "tenant"))
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if fleet[0].Replicas() == 3 && fleet[1].Replicas() == 3 && fleet[2].Replicas() == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replicas see %d, %d and %d replicas; want 3", fleet[0].Replicas(), fleet[1].Replicas(), fleet[2].Replicas())
		}
	}
	s.Stop()

	const run = 2 * time.Second
	var admitted atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for _, l := range limiters {
		wg.Go(func() {
			for time.Since(start) < run {
				if ok, _ := l.Allow(context.Background(), "bistro"); ok {
					admitted.Add(1)
				}
				time.Sleep(time.Millisecond)
			}
		})
	}
	wg.Wait()
	took := time.Since(start).Seconds()
	most, least := lim.Rate*took+float64(lim.Burst), 0.8*lim.Rate*took
	t.Logf("Redis down: the fleet of 3 admitted %d in %.2f s; at most %.0f (limit and one burst)", admitted.Load(), took, most)
	if n := float64(admitted.Load()); n > most || n < least {
		t.Errorf("admitted %.0f in %.2f s; want from %.0f to %.0f", n, took, least, most)
	}
}
