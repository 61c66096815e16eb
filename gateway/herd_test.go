package gateway_test

import (
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/faults"
)

// TestThunderingHerd sends 100 identical revenue questions at once, with
// the services as slow as at lunch, from a token not yet verified.
func TestThunderingHerd(t *testing.T) {
	h, _ := resilient(t, nil)
	h.Env.Demo.SetFaults(faults.Set{
		clients.Auth:     {Latency: 50 * time.Millisecond},
		clients.Orders:   {Latency: 150 * time.Millisecond},
		clients.Payments: {Latency: 150 * time.Millisecond},
	})
	var wg sync.WaitGroup
	failed := make(chan string, 100)
	for range 100 {
		wg.Go(func() {
			resp := h.Query(t, "demo-owner", `{ revenue { total { amount } orderCount } }`, nil)
			if resp.Status != 200 || len(resp.Errors) > 0 {
				failed <- resp.Errors[0].Message
			}
		})
	}
	wg.Wait()
	close(failed)
	for f := range failed {
		t.Errorf("a request failed: %s", f)
	}
	for _, s := range []clients.Service{clients.Auth, clients.Orders, clients.Payments} {
		if n := len(h.Env.Calls(s)); n > 2 {
			t.Errorf("100 identical queries made %d calls to %s; want at most 2", n, s)
		}
	}
}

// TestSpreadHerd sends 100 identical revenue questions from 100 clients
// arriving at random over 250 ms, as a lunch rush does, with the services
// answering at once: coalescing alone would let each late arrival make
// its own call. Half the herd arrives after the first answer, however
// slow this machine is. Counted by the services themselves, orders and
// payments are called once each.
func TestSpreadHerd(t *testing.T) {
	h, _ := resilient(t, map[string]string{ // answers fresh for longer than a loaded machine takes to send the herd
		"MAITRE_ORDERS_CACHE_TTL": "10s", "MAITRE_PAYMENTS_CACHE_TTL": "10s"})
	h.Query(t, "demo-owner", `{ me { name } }`, nil) // the token, verified once
	before := map[clients.Service]int64{}
	for _, s := range []clients.Service{clients.Orders, clients.Payments} {
		before[s] = h.Env.Demo.Received(s)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var once sync.Once
	answered := make(chan struct{})
	cached := 0
	for i := range 100 {
		start := time.Duration(rng.Int64N(int64(250 * time.Millisecond)))
		wg.Go(func() {
			if i%2 == 1 {
				<-answered
			}
			time.Sleep(start)
			resp := h.Query(t, "demo-owner", `{ revenue { total { amount } orderCount } }`, nil)
			once.Do(func() { close(answered) })
			if resp.Status != 200 || len(resp.Errors) > 0 {
				t.Errorf("HTTP %d %+v", resp.Status, resp.Errors)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if resp.Services(t)["orders"].Cached > 0 {
				cached++
			}
		})
	}
	wg.Wait()
	for s, n := range before {
		if got := h.Env.Demo.Received(s) - n; got != 1 {
			t.Errorf("%s received %d requests for the herd; want 1", s, got)
		}
	}
	if cached < 50 {
		t.Errorf("%d answers reported orders as cached; want the 50 that arrived after the first answer at least", cached)
	}
}

// TestCascadeAndRecovery slows inventory past its timeout: what needs only
// orders and tables stays fast, what needs inventory times out, the
// breaker opens and fails fast, and closes again once inventory recovers.
func TestCascadeAndRecovery(t *testing.T) {
	h, cfg := resilient(t, map[string]string{
		"MAITRE_BREAKER_MIN_REQUESTS": "4",
		"MAITRE_BREAKER_OPEN_FOR":     "2s", // long enough for the checks while open, on a loaded machine
		"MAITRE_INVENTORY_CACHE_TTL":  "0s",
		"MAITRE_INVENTORY_STALE_FOR":  "0s",
		"MAITRE_INVENTORY_TIMEOUT":    "500ms",
	})
	h.Query(t, "demo-owner", `{ me { name } }`, nil)
	h.Env.Demo.SetFaults(faults.Set{clients.Inventory: {Latency: 3 * time.Second}})
	timeout := cfg.Endpoints()[clients.Inventory].Timeout

	start := time.Now()
	other := h.Query(t, "demo-owner", `{ revenue { orderCount } tableOccupancy { occupied } }`, nil)
	if d := time.Since(start); len(other.Errors) > 0 || d > time.Second {
		t.Errorf("orders and tables while inventory is slow: %v, errors %+v", d, other.Errors)
	}

	var codes []string
	for range 4 {
		start := time.Now()
		resp := h.Query(t, "demo-owner", `{ lowStock { id } }`, nil)
		if d := time.Since(start); d > timeout+time.Second { // inventory answers after 3 s
			t.Errorf("lowStock took %v; want within %v", d, timeout)
		}
		codes = append(codes, resp.Errors[0].Extensions["code"].(string))
	}
	if strings.Join(codes, ",") != "GATEWAY_TIMEOUT,GATEWAY_TIMEOUT,GATEWAY_TIMEOUT,GATEWAY_TIMEOUT" {
		t.Errorf("codes while the breaker counts: %v", codes)
	}
	// A caller whose deadline passes leaves at once; the shared call it
	// waited on reaches the breaker a moment later, later still on a
	// loaded machine: wait for the breaker to open, a bounded while.
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if r := h.Query(t, "demo-owner", `{ lowStock { id } }`, nil); r.Errors[0].Extensions["code"] == "CIRCUIT_OPEN" {
			break
		}
	}
	// An open breaker answers without reaching the service: the demo
	// inventory receives nothing, however slow this machine is.
	received := h.Env.Demo.Received(clients.Inventory)
	for i := range 5 {
		resp := h.Query(t, "demo-owner", `{ lowStock { id } }`, nil)
		inv := resp.Services(t)["inventory"]
		if resp.Errors[0].Extensions["code"] != "CIRCUIT_OPEN" || inv.Breaker != "open" {
			t.Errorf("open breaker, call %d: %+v, inventory %+v; want CIRCUIT_OPEN", i, resp.Errors, inv)
		}
	}
	if got := h.Env.Demo.Received(clients.Inventory) - received; got != 0 {
		t.Errorf("inventory received %d requests while its breaker was open; want 0", got)
	}
	ready, _ := http.Get(h.URL + "/health/ready")
	var body struct{ Breakers map[string]string }
	decodeBody(t, ready, &body)
	if body.Breakers["inventory"] != "open" || body.Breakers["orders"] != "closed" {
		t.Errorf("/health/ready breakers %v", body.Breakers)
	}

	h.Env.Demo.SetFaults(nil)
	time.Sleep(2100 * time.Millisecond)
	resp := h.Query(t, "demo-owner", `{ lowStock { id } }`, nil)
	inv := resp.Services(t)["inventory"]
	if len(resp.Errors) > 0 || inv.Breaker != "closed" || inv.Stale || inv.Status != "ok" {
		t.Errorf("after recovery: errors %+v, inventory %+v; want a fresh answer and a closed breaker", resp.Errors, inv)
	}
}

// TestStaleFallback checks that a failed read is answered by the last good
// one, marked stale with its age, and that a fresh hit is marked cached.
func TestStaleFallback(t *testing.T) {
	// Without the one-second reuse, so that the failing calls are made.
	h, _ := resilient(t, map[string]string{"MAITRE_ORDERS_CACHE_TTL": "0s", "MAITRE_PAYMENTS_CACHE_TTL": "0s"})
	q := `{ revenue { total { amount } orderCount } lowStock { id } }`
	good := h.Query(t, "demo-owner", q, nil)
	time.Sleep(20 * time.Millisecond)
	h.Env.Demo.SetFaults(faults.Set{clients.Payments: {Mode: "down"}, clients.Orders: {Mode: "error", Status: 500},
		clients.Inventory: {Mode: "down"}})
	stale := h.Query(t, "demo-owner", q, nil)
	h.Env.Demo.SetFaults(nil)
	if len(stale.Errors) > 0 || string(stale.Data["revenue"]) != string(good.Data["revenue"]) || string(stale.Data["lowStock"]) != string(good.Data["lowStock"]) {
		t.Fatalf("stale answer %s %s, errors %+v; want the earlier answer", stale.Data["revenue"], stale.Data["lowStock"], stale.Errors)
	}
	meta := stale.Services(t)
	for _, s := range []string{"orders", "payments"} {
		if !meta[s].Stale || meta[s].AgeMs < 20 {
			t.Errorf("%s: %+v; want stale with an age of 20 ms or more", s, meta[s])
		}
	}
	if meta["inventory"].Cached != 1 || meta["inventory"].Stale {
		t.Errorf("inventory: %+v; want a fresh cache hit", meta["inventory"])
	}
}
