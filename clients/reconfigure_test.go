package clients_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/clients/breaker"
	"github.com/maitre-pos/maitre/clients/cache"
)

// TestReconfigure changes settings of a running client: the next call
// runs on them, cached answers stay, and a breaker keeps its state unless
// its own settings change.
func TestReconfigure(t *testing.T) {
	var calls atomic.Int64
	var delay, failing atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if delay.Load() {
			time.Sleep(100 * time.Millisecond)
		}
		if failing.Load() {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		fmt.Fprint(w, `{"tables":[]}`)
	}))
	defer srv.Close()
	config := func(timeout, fresh time.Duration, minRequests uint32) clients.Config {
		eps := map[clients.Service]clients.Endpoint{}
		for _, s := range clients.Services {
			eps[s] = clients.Endpoint{URL: srv.URL, Timeout: timeout, Cache: cache.Config{FreshFor: fresh},
				Breaker: breaker.Config{FailureRatio: 0.5, MinRequests: minRequests, Window: time.Minute, OpenFor: time.Minute, Probes: 1}}
		}
		return clients.Config{Endpoints: eps}
	}
	c, err := clients.New(config(time.Second, time.Minute, 2))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Tables.List(ctx, "cafe", ""); err != nil {
		t.Fatal(err)
	}

	// A shorter timeout applies to the next call; the cached answer stays.
	delay.Store(true)
	if err := c.Reconfigure(config(20*time.Millisecond, time.Minute, 2)); err != nil {
		t.Fatal(err)
	}
	before := calls.Load()
	if _, err := c.Tables.List(ctx, "cafe", ""); err != nil || calls.Load() != before {
		t.Errorf("after a reload the cached answer: %v, %d calls; want it served with none", err, calls.Load()-before)
	}
	if _, err := c.Tables.List(ctx, "bistro", ""); err == nil || !strings.Contains(err.Error(), "timed out") && !strings.Contains(err.Error(), "deadline") {
		t.Errorf("a new read under a 20 ms timeout of a 100 ms service: %v; want a timeout", err)
	}

	// Open the breaker, then reload a timeout: it stays open. Reload its
	// own settings: it starts closed.
	delay.Store(false)
	failing.Store(true)
	for range 3 {
		_, _ = c.Tables.List(ctx, "izakaya", "")
	}
	if got := c.Breakers()[clients.Restaurant]; got != "open" {
		t.Fatalf("breaker %s after failures; want open", got)
	}
	if err := c.Reconfigure(config(time.Second, time.Minute, 2)); err != nil {
		t.Fatal(err)
	}
	if got := c.Breakers()[clients.Restaurant]; got != "open" {
		t.Errorf("breaker %s after a reload of timeouts; want still open", got)
	}
	if err := c.Reconfigure(config(time.Second, time.Minute, 5)); err != nil {
		t.Fatal(err)
	}
	if got := c.Breakers()[clients.Restaurant]; got != "closed" {
		t.Errorf("breaker %s after a reload of its settings; want closed", got)
	}

	// Reloads that keep the caches' size and retention start no goroutine
	// (each cache store holds one for good).
	before = int64(runtime.NumGoroutine())
	for range 50 {
		if err := c.Reconfigure(config(time.Second, time.Minute, 5)); err != nil {
			t.Fatal(err)
		}
	}
	if grown := int64(runtime.NumGoroutine()) - before; grown > 2 {
		t.Errorf("50 reloads left %d more goroutines", grown)
	}

	// A URL cannot change.
	moved := config(time.Second, time.Minute, 5)
	ep := moved.Endpoints[clients.Orders]
	ep.URL = "http://127.0.0.1:1"
	moved.Endpoints[clients.Orders] = ep
	if err := c.Reconfigure(moved); err == nil || !strings.Contains(err.Error(), "orders") {
		t.Errorf("a changed URL: %v; want an error naming orders", err)
	}
}
