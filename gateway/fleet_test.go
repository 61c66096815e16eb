package gateway_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/fleet"
	"github.com/maitre-pos/maitre/fleet/fleettest"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// fleetKey is the key replicas sign with unless their vars say otherwise.
const fleetKey = "a test key of more than 16 bytes"

// replica is one gateway of a fleet sharing the Redis at url, configured
// as the binary is, with vars set, signing with fleetKey unless vars set
// MAITRE_REDIS_KEY.
func replica(t *testing.T, env *demotest.Env, url string, vars map[string]string) (*harness, *fleet.Redis) {
	t.Helper()
	vars = maps.Clone(vars)
	if vars == nil {
		vars = map[string]string{}
	}
	if _, ok := vars["MAITRE_REDIS_KEY"]; !ok {
		vars["MAITRE_REDIS_KEY"] = fleetKey
	}
	o, cfg := configured(t, env, vars, clients.Config{})
	r, err := fleet.Open(url, fleet.Options{Timeout: cfg.Redis.Timeout, Key: []byte(cfg.Redis.Key), PreviousKey: []byte(cfg.Redis.PreviousKey)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	eps := cfg.Endpoints()
	r.ShareCaches(eps)
	o.Clients, o.Fleet = env.ClientFor(t, eps, clients.Config{ParallelWindows: cfg.ParallelWindows}), r
	return serve(t, env, o), r
}

// TestFleet runs two replicas on one Redis: a stale answer written by one
// serves the other, a follow-up asked of the other continues the
// conversation, an APQ hash registered on one is known to the other, and
// last month's figures cost the other no call.
func TestFleet(t *testing.T) {
	s := fleettest.Start(t)
	env := demotest.Start(t, demotest.Now)
	a, _ := replica(t, env, s.URL(), nil)
	b, _ := replica(t, env, s.URL(), nil)

	// Stale across replicas.
	q := `{ lowStock { id } }`
	if r := a.Query(t, "demo-owner", q, nil); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	env.Demo.SetFaults(faults.Set{clients.Inventory: {Mode: "down"}})
	time.Sleep(50 * time.Millisecond) // the shared write is asynchronous
	stale := b.Query(t, "demo-owner", q, nil)
	env.Demo.SetFaults(nil)
	if meta := stale.Services(t)["inventory"]; len(stale.Errors) > 0 || !(meta.Stale || meta.Cached > 0) {
		t.Errorf("the other replica, inventory down: errors %+v, %+v; want the answer the first one fetched", stale.Errors, meta)
	}
	// ... and never to another tenant.
	env.Demo.SetFaults(faults.Set{clients.Inventory: {Mode: "down"}})
	other := b.Query(t, "cafe-owner", q, nil)
	env.Demo.SetFaults(nil)
	if len(other.Errors) == 0 {
		t.Errorf("cafe was answered with bistro's stock: %s", other.Data["lowStock"])
	}

	// A follow-up on the other replica.
	first, _ := a.AskIn(t, "demo-owner", "what's my revenue today?", "")
	follow, _ := b.AskIn(t, "demo-owner", "and yesterday?", first.Conversation)
	if follow.Conversation != first.Conversation || !bytes.Contains([]byte(follow.Graphql), []byte("revenue")) {
		t.Errorf("the follow-up on the other replica: %q in %q; want revenue yesterday in %q", follow.Graphql, follow.Conversation, first.Conversation)
	}

	// APQ registered on one, used on the other.
	apq := `{ me { tenantId } }`
	sum := sha256.Sum256([]byte(apq))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	post := func(h *harness, body map[string]any) response {
		raw, _ := json.Marshal(body)
		req, _ := http.NewRequest(http.MethodPost, h.URL+"/query", bytes.NewReader(raw))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer demo-owner")
		return gatewaytest.Do(t, req)
	}
	post(a, map[string]any{"query": apq, "extensions": ext})
	time.Sleep(20 * time.Millisecond)
	if r := post(b, map[string]any{"extensions": ext}); len(r.Errors) > 0 {
		t.Errorf("the hash on the other replica: %+v", r.Errors)
	}

	// Closed days computed on one, read on the other.
	month := `{ revenue(range: {period: LAST_MONTH}) { total { amount } orderCount } }`
	want := a.Query(t, "demo-owner", month, nil)
	env.Reset()
	got := b.Query(t, "demo-owner", month, nil)
	if string(got.Data["revenue"]) != string(want.Data["revenue"]) || len(env.Calls(clients.Orders))+len(env.Calls(clients.Payments)) != 0 {
		t.Errorf("last month on the other replica: %s with %d orders and %d payments calls; want %s with none",
			got.Data["revenue"], len(env.Calls(clients.Orders)), len(env.Calls(clients.Payments)), want.Data["revenue"])
	}
}

// TestFleetRateLimit sends one tenant's requests to two replicas at once:
// together they are held to one limit, within 10%.
func TestFleetRateLimit(t *testing.T) {
	s := fleettest.Start(t)
	env := demotest.Start(t, demotest.Now)
	vars := map[string]string{"MAITRE_TENANT_RATE": "40", "MAITRE_TENANT_BURST": "10", "MAITRE_CLIENT_RATE": "0",
		"MAITRE_REDIS_TIMEOUT": "2s"} // Redis stays up on a loaded machine: this measures accuracy
	a, _ := replica(t, env, s.URL(), vars)
	b, _ := replica(t, env, s.URL(), vars)
	var ok, limited atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for _, h := range []*harness{a, b, a, b} {
		wg.Go(func() {
			for time.Since(start) < 2*time.Second {
				switch r := h.Query(t, "demo-owner", `{ me { name } }`, nil); r.Status {
				case 200:
					ok.Add(1)
				case 429:
					limited.Add(1)
				default:
					t.Errorf("HTTP %d", r.Status)
				}
			}
		})
	}
	wg.Wait()
	want := 40*time.Since(start).Seconds() + 10
	if got := float64(ok.Load()); got > want*1.1 || got < want*0.9 || limited.Load() == 0 {
		t.Errorf("%d allowed, %d limited in %s across two replicas; want %.0f within 10%%", ok.Load(), limited.Load(), time.Since(start), want)
	}
}

// TestFleetRedisOutage kills Redis under load: no request fails, the
// replica reports Redis degraded, and shares again once it is back.
func TestFleetRedisOutage(t *testing.T) {
	s := fleettest.Start(t)
	env := demotest.Start(t, demotest.Now)
	a, r := replica(t, env, s.URL(), map[string]string{"MAITRE_CLIENT_RATE": "0", "MAITRE_TENANT_RATE": "100000",
		"MAITRE_REDIS_TIMEOUT": fleet.DefaultTimeout.String()}) // as maitre runs: the outage is noticed within it
	stop := make(chan struct{})
	var failed atomic.Int64
	var served atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp := a.Query(t, "demo-owner", `{ revenue { total { amount } } tableOccupancy { occupied } }`, nil)
				served.Add(1)
				if resp.Status != 200 || len(resp.Errors) > 0 {
					failed.Add(1)
				}
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	s.Stop()
	time.Sleep(700 * time.Millisecond)
	degraded := r.Status()
	var ready struct{ Redis string }
	resp, err := http.Get(a.URL + "/health/ready")
	if err == nil {
		decodeBody(t, resp, &ready)
	}
	s.Restart()
	// Back within a retry or two; a loaded machine may time one out.
	for deadline := time.Now().Add(5 * time.Second); r.Status() != "ok" && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if failed.Load() > 0 || degraded != "degraded" || ready.Redis != "degraded" || r.Status() != "ok" {
		t.Errorf("%d of %d requests failed; status while down %q (ready %q), after %q", failed.Load(), served.Load(), degraded, ready.Redis, r.Status())
	}
}

// TestFleetRedisFull fills Redis (noeviction: every write answered OOM):
// requests are answered all the same, /health/ready says Redis is
// degraded, and ok again once Redis takes writes.
func TestFleetRedisFull(t *testing.T) {
	s := fleettest.Start(t)
	env := demotest.Start(t, demotest.Now)
	a, _ := replica(t, env, s.URL(), map[string]string{"MAITRE_REDIS_TIMEOUT": "2s"}) // full, not slow, on a loaded machine
	raw, ctx := rawRedis(t, s), context.Background()
	redisReady := func() string {
		t.Helper()
		var ready struct{ Redis string }
		resp, err := http.Get(a.URL + "/health/ready")
		if err != nil {
			t.Fatal(err)
		}
		decodeBody(t, resp, &ready)
		return ready.Redis
	}
	steps := []struct{ name, maxmemory, want string }{
		{"full", "1", "degraded"},
		{"room again", "0", "ok"},
	}
	if err := raw.ConfigSet(ctx, "maxmemory-policy", "noeviction").Err(); err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := raw.ConfigSet(ctx, "maxmemory", st.maxmemory).Err(); err != nil {
				t.Fatal(err)
			}
			// Until the next write, some of them in the background.
			got := ""
			for deadline := time.Now().Add(5 * time.Second); got != st.want && time.Now().Before(deadline); got = redisReady() {
				time.Sleep(20 * time.Millisecond)
				for _, q := range []string{`{ me { name } }`, `{ revenue(range: {period: LAST_MONTH}) { total { amount } } }`} {
					if r := a.Query(t, "demo-owner", q, nil); r.Status != http.StatusOK || len(r.Errors) > 0 {
						t.Errorf("%s: HTTP %d, %v", q, r.Status, r.Errors)
					}
				}
			}
			if got != st.want {
				t.Errorf("/health/ready: redis %q; want %q", got, st.want)
			}
		})
	}
}
