package gateway_test

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
)

// TestTenantIsolationUnderLoad has two tenants hammer the same queries at
// once, through the caches and the coalescer, and checks every answer is
// the asker's own.
func TestTenantIsolationUnderLoad(t *testing.T) {
	h, _ := resilient(t, map[string]string{"MAITRE_CLIENT_RATE": "0", "MAITRE_TENANT_RATE": "0"})
	const q = `{ me { tenantId } products(first: 3) { nodes { id } } tables { id } lowStock { id }
		revenue { total { currency } } orders(first: 2) { nodes { id items { product { id } } } } }`
	prefix := map[string]string{"demo-owner": "_bis_", "cafe-owner": "_caf_"}
	tenant := map[string]string{"demo-owner": "bistro", "cafe-owner": "cafe"}
	currency := map[string]string{"demo-owner": "USD", "cafe-owner": "EUR"}
	var wg sync.WaitGroup
	var wrong, done atomic.Int32
	for w := range 16 {
		token := []string{"demo-owner", "cafe-owner"}[w%2]
		wg.Go(func() {
			for range 125 {
				resp := h.query(t, token, q, nil)
				done.Add(1)
				body := ""
				for _, k := range []string{"products", "tables", "lowStock", "orders"} {
					body += string(resp.Data[k])
				}
				other := map[string]string{"_bis_": "_caf_", "_caf_": "_bis_"}[prefix[token]]
				if resp.status != 200 || len(resp.Errors) > 0 || strings.Contains(body, other) || !strings.Contains(body, prefix[token]) ||
					!strings.Contains(string(resp.Data["me"]), tenant[token]) || !strings.Contains(string(resp.Data["revenue"]), currency[token]) {
					if wrong.Add(1) == 1 {
						t.Errorf("%s got %d %+v %s", token, resp.status, resp.Errors, body)
					}
				}
			}
		})
	}
	wg.Wait()
	if wrong.Load() > 0 || done.Load() != 2000 {
		t.Errorf("%d of %d answers were wrong", wrong.Load(), done.Load())
	}
}

func TestRateLimits(t *testing.T) {
	h, _ := resilient(t, map[string]string{"MAITRE_CLIENT_RATE": "1", "MAITRE_CLIENT_BURST": "3", "MAITRE_TENANT_RATE": "1", "MAITRE_TENANT_BURST": "2"})
	var statuses []int
	for range 3 {
		statuses = append(statuses, h.query(t, "demo-owner", `{ me { name } }`, nil).status)
	}
	// The tenant's burst of 2 is spent; a third from bistro waits, cafe goes on.
	limited := h.query(t, "demo-owner", `{ me { name } }`, nil)
	if statuses[0] != 200 || statuses[1] != 200 || statuses[2] != 429 {
		t.Errorf("statuses %v; want 200, 200, then 429 for the tenant", statuses)
	}
	if limited.status != 429 || limited.header.Get("Retry-After") == "" || limited.Errors[0].Extensions["code"] != "RATE_LIMITED" {
		t.Errorf("over the address's limit: %d %v %+v; want 429 with Retry-After and RATE_LIMITED", limited.status, limited.header, limited.Errors)
	}
}

func TestLoadShedding(t *testing.T) {
	h, _ := resilient(t, map[string]string{"MAITRE_MAX_IN_FLIGHT": "2"})
	h.query(t, "demo-owner", `{ me { name } }`, nil)
	h.env.Demo.SetFaults(demo.Faults{clients.Orders: {Latency: 300 * time.Millisecond}})
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { h.query(t, "demo-owner", `{ revenue { orderCount } }`, nil) })
	}
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	shed := h.query(t, "demo-owner", `{ me { name } }`, nil)
	if shed.status != 503 || shed.Errors[0].Extensions["code"] != "SERVICE_OVERLOADED" || time.Since(start) > 100*time.Millisecond {
		t.Errorf("third request while two are in flight: %d %+v after %v; want an immediate 503 SERVICE_OVERLOADED",
			shed.status, shed.Errors, time.Since(start))
	}
	wg.Wait()
}

func TestRequestDeadline(t *testing.T) {
	h, _ := resilient(t, map[string]string{"MAITRE_REQUEST_TIMEOUT": "250ms"})
	h.query(t, "demo-owner", `{ me { name } }`, nil)
	h.env.Demo.SetFaults(demo.Faults{clients.Orders: {Latency: time.Second}})
	start := time.Now()
	resp := h.query(t, "demo-owner", `{ revenue { orderCount } tableOccupancy { occupied } }`, nil)
	d := time.Since(start)
	if resp.status != 200 || resp.errorAt("revenue", "orderCount") == nil || resp.errorAt("revenue", "orderCount").Extensions["code"] != "GATEWAY_TIMEOUT" ||
		d > 400*time.Millisecond || string(resp.Data["tableOccupancy"]) == "null" {
		t.Errorf("%v: %d %+v; want orderCount timed out by the 250ms request deadline, tables answered", d, resp.status, resp.Errors)
	}
}
