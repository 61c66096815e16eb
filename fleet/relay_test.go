package fleet

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/maitre-pos/maitre/fleet/fleettest"
)

var signed = Options{Timeout: 2 * time.Second, Key: []byte("a test key of more than 16 bytes")}

// TestRelay: the relay on one Redis (relays); a value sent on a poller's
// channel by anyone without the fleet's key, or sealed for another
// poller, is dropped.
func TestRelay(t *testing.T) {
	s := fleettest.Start(t)
	a, b := openWith(t, s.URL(), signed), openWith(t, s.URL(), signed)
	relays(t, a, b, "k1")

	raw := redis.NewClient(&redis.Options{Addr: s.Addr})
	defer raw.Close()
	ctx, key := context.Background(), "k2"
	got, stop := watch(b, key)
	defer stop()
	if held, _, _ := a.Lead(ctx, key, time.Minute); !held {
		t.Fatal("a could not lead")
	}
	channel, _, _, _ := pollKeys(key)
	other, _ := a.encode("poll:{k3}:last", published{Seq: 9, Payload: []byte(`"k3's"`)}, time.Minute)
	for _, v := range []string{`{"seq":8,"payload":"ImZvcmdlZCI="}`, string(other)} {
		if err := raw.Publish(ctx, channel, v).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if ok, _ := a.Publish(ctx, key, 1, []byte(`"one"`)); !ok {
		t.Fatal("the holder could not publish")
	}
	if v := got(); v != `1 "one"` {
		t.Errorf("after an unsigned value and another poller's, the watcher got %s; want 1 \"one\"", v)
	}
}

// watch watches key through r, each answer read by got as "seq payload".
func watch(r *Redis, key string) (got func() string, stop func()) {
	ch := make(chan string, 10)
	stop = r.Watch(key, func(seq uint64, p []byte) { ch <- fmt.Sprint(seq, " ", string(p)) })
	time.Sleep(100 * time.Millisecond) // the subscription is sent within the timeout
	return func() string {
		select {
		case v := <-ch:
			return v
		case <-time.After(5 * time.Second):
			return "nothing"
		}
	}, stop
}

// relays checks, on replicas a and b, that one replica at a time holds a
// poller's lease; only it publishes, with numbers that only grow; the
// other replica's watcher gets what it publishes, and Last the latest;
// a lease released or lapsed passes to the other replica, which numbers
// on, and the replica that lost it publishes nothing.
func relays(t *testing.T, a, b *Redis, key string) {
	t.Helper()
	ctx, lease := context.Background(), time.Minute
	got, stop := watch(b, key)
	defer stop()
	if held, seq, err := a.Lead(ctx, key, lease); !held || seq != 0 || err != nil {
		t.Fatalf("the first to lead: held %v, seq %d, %v; want true, 0, nil", held, seq, err)
	}
	if held, _, err := b.Lead(ctx, key, lease); held || err != nil {
		t.Fatalf("a second replica leads too (%v, %v)", held, err)
	}
	if ok, err := b.Publish(ctx, key, 1, []byte(`"b"`)); ok || err != nil {
		t.Errorf("a replica without the lease published (%v, %v)", ok, err)
	}
	for i, v := range []string{`"one"`, `"two"`} {
		if ok, err := a.Publish(ctx, key, uint64(i+1), []byte(v)); !ok || err != nil {
			t.Fatalf("the holder could not publish %s (%v, %v)", v, ok, err)
		}
		if want := fmt.Sprint(i+1, " ", v); got() != want {
			t.Errorf("the watcher did not get %s", want)
		}
	}
	if ok, _ := a.Publish(ctx, key, 2, []byte(`"again"`)); ok {
		t.Error("a number already published was published again")
	}
	if seq, p := b.Last(ctx, key); seq != 2 || string(p) != `"two"` {
		t.Errorf("Last: %d %s; want 2 \"two\"", seq, p)
	}
	a.Release(ctx, key)
	if held, seq, _ := b.Lead(ctx, key, 300*time.Millisecond); !held || seq != 2 {
		t.Fatalf("after a release: b held %v at %d; want true at 2", held, seq)
	}
	time.Sleep(400 * time.Millisecond) // b dies: its lease lapses
	if held, seq, _ := a.Lead(ctx, key, lease); !held || seq != 2 {
		t.Errorf("after a lapse: a held %v at %d; want true at 2", held, seq)
	}
	if ok, _ := b.Publish(ctx, key, 3, []byte(`"late"`)); ok {
		t.Error("a holder whose lease lapsed published")
	}
	a.Release(ctx, key)
}
