package fleet

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/fleet/fleettest"
)

// TestCluster runs the fleet's uses against a Redis Cluster of three
// masters and three replicas, reached through comma-separated seeds: two
// replicas share every use, a master killed under load fails over with
// no use waiting past its timeout and sharing back after, and a slot
// migrated under load loses no read or write.
func TestCluster(t *testing.T) {
	c := fleettest.StartCluster(t)
	url := c.URL()
	ctx := context.Background()

	t.Run("shares answers, values and persisted queries", func(t *testing.T) {
		shares(t, open(t, url), open(t, url))
	})
	t.Run("shares closed days, one MGET a tenant", func(t *testing.T) {
		sharesDays(t, open(t, url), open(t, url))
	})
	t.Run("shares rate limits", func(t *testing.T) {
		sharesLimits(t, url)
	})
	t.Run("relays pollers' answers", func(t *testing.T) {
		a, b := openWith(t, url, signed), openWith(t, url, signed)
		for _, key := range []string{"a", "b", "c", "d"} { // over the masters
			relays(t, a, b, key)
		}
	})

	t.Run("a slot migrates under load", func(t *testing.T) {
		patient := Options{Timeout: 2 * time.Second} // a loaded machine's delays are not losses
		a, b := openWith(t, url, patient), openWith(t, url, patient)
		va, vb := a.Values("chat"), b.Values("chat")
		va.Put(ctx, "moving", 0, time.Hour)
		var n, lost atomic.Int64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			until(stop, func() {
				i := n.Add(1)
				va.Put(ctx, "moving", i, time.Hour)
				var got int64
				if !vb.Get(ctx, "moving", &got) || got != i {
					lost.Add(1)
				}
			})
		})
		time.Sleep(100 * time.Millisecond)
		from, to := c.Migrate(prefix + "chat:moving")
		time.Sleep(200 * time.Millisecond)
		close(stop)
		wg.Wait()
		if now := c.MasterOf(prefix + "chat:moving"); now != to || now == from {
			t.Fatalf("the slot is on %s after the migration to %s", now.Addr, to.Addr)
		}
		if lost.Load() > 0 || a.Status() != "ok" || b.Status() != "ok" {
			t.Errorf("%d of %d writes not read back by the other replica across the migration; status %s, %s",
				lost.Load(), n.Load(), a.Status(), b.Status())
		}
	})

	t.Run("a master fails over under load", func(t *testing.T) {
		a, b := open(t, url), open(t, url)
		va, vb := a.Values("chat"), b.Values("chat")
		va.Put(ctx, "failing", 0, time.Hour)
		master := c.MasterOf(prefix + "chat:failing")
		var slowest atomic.Int64
		var n atomic.Int64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				until(stop, func() {
					start := time.Now()
					va.Put(ctx, "failing", n.Add(1), time.Hour)
					var got int64
					vb.Get(ctx, "failing", &got)
					if d := int64(time.Since(start)); d > slowest.Load() {
						slowest.Store(d)
					}
				})
			})
		}
		time.Sleep(100 * time.Millisecond)
		c.Kill(master)
		killed := time.Now()
		// Sharing is back when a value written through a is read through b.
		var back time.Duration
		for i := int64(-1); time.Since(killed) < 20*time.Second; i-- {
			va.Put(ctx, "probe", i, time.Hour)
			var got int64
			if vb.Get(ctx, "probe", &got) && got == i && a.Status() == "ok" && b.Status() == "ok" {
				back = time.Since(killed)
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		close(stop)
		wg.Wait()
		if back == 0 {
			t.Fatal("sharing did not resume in 20 s after the master was killed")
		}
		t.Logf("sharing resumed %s after the master was killed (node timeout %s); slowest write and read %s",
			back.Round(time.Millisecond), fleettest.NodeTimeout, time.Duration(slowest.Load()).Round(time.Millisecond))
		// Each use is bounded by its timeout, twice for a write and a read,
		// with room for a loaded machine: no request waits on the failover.
		if d := time.Duration(slowest.Load()); d > 2*DefaultTimeout+time.Second {
			t.Errorf("a write and read took %s while the master failed over", d)
		}
	})
}

// until runs f again and again until stop is closed.
func until(stop <-chan struct{}, f func()) {
	for {
		select {
		case <-stop:
			return
		default:
			f()
		}
	}
}
