package gateway_test

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/faults"
)

// isolationQueries touch every root field, each in the shape a client
// would ask for it.
var isolationQueries = []string{
	`{ me { tenantId currency } }`,
	`{ orders(first: 3) { nodes { id number table { id } items { product { id } } payments { id amount { currency } } } } }`,
	`{ pendingOrders { id table { id } } }`,
	`{ payments(first: 3) { nodes { id order { id } amount { currency } } } }`,
	`{ products(first: 3) { nodes { id price { currency } } } }`,
	`{ tables { id currentOrder { id } } }`,
	`{ revenue { total { currency } orderCount } paymentMethods { amount { currency } } }`,
	`{ bestSellers { product { id } revenue { currency } } }`,
	`{ lowStock { id } inventoryValue { total { currency } } tableOccupancy { occupied } }`,
	`{ order(id: "ord_bis_20261126_001") { id } product(id: "prd_caf_001") { id } table(id: "tbl_bis_01") { id } }`,
	`{ orderByNumber(number: 20783001) { id } }`,
	`{ chat(question: "what sold best today?") { answer data } }`,
}

// TestTenantIsolationUnderLoad has two tenants send 10,000 requests at
// once over every query, through the caches and the coalescer, and checks
// every answer holds only the asker's data.
func TestTenantIsolationUnderLoad(t *testing.T) {
	h, _ := resilient(t, map[string]string{"MAITRE_CLIENT_RATE": "0", "MAITRE_TENANT_RATE": "0"})
	own := map[string]struct{ id, currency, tenant string }{
		"demo-owner": {"_bis_", "USD", "bistro"},
		"cafe-owner": {"_caf_", "EUR", "cafe"},
	}
	var wg sync.WaitGroup
	var wrong, done atomic.Int32
	for w := range 20 {
		token := []string{"demo-owner", "cafe-owner"}[w%2]
		other := own[[]string{"cafe-owner", "demo-owner"}[w%2]]
		wg.Go(func() {
			for i := range 500 {
				q := isolationQueries[(i+w)%len(isolationQueries)]
				resp := h.query(t, token, q, nil)
				done.Add(1)
				body := ""
				for _, v := range resp.Data {
					body += string(v)
				}
				if resp.status != 200 || len(resp.Errors) > 0 || strings.Contains(body, other.id) ||
					strings.Contains(body, `"`+other.currency+`"`) || strings.Contains(body, `"`+other.tenant+`"`) {
					if wrong.Add(1) <= 3 {
						t.Errorf("%s asked %s and got %d %+v %.300s", token, q, resp.status, resp.Errors, body)
					}
				}
			}
		})
	}
	wg.Wait()
	if wrong.Load() > 0 || done.Load() != 10000 {
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
	h.env.Demo.SetFaults(faults.Set{clients.Orders: {Latency: 300 * time.Millisecond}})
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { h.query(t, "demo-owner", `{ revenue { orderCount } }`, nil) })
	}
	time.Sleep(100 * time.Millisecond)
	// A third that waited for a slot would be answered 200 once the two
	// were done.
	shed := h.query(t, "demo-owner", `{ me { name } }`, nil)
	if shed.status != 503 || shed.Errors[0].Extensions["code"] != "SERVICE_OVERLOADED" {
		t.Errorf("third request while two are in flight: %d %+v; want 503 SERVICE_OVERLOADED", shed.status, shed.Errors)
	}
	wg.Wait()
}

func TestRequestDeadline(t *testing.T) {
	h, _ := resilient(t, map[string]string{"MAITRE_REQUEST_TIMEOUT": "250ms"})
	h.env.Demo.Warm() // the tables must answer within the deadline, not wait for the day's data to be generated
	h.query(t, "demo-owner", `{ me { name } }`, nil)
	h.env.Demo.SetFaults(faults.Set{clients.Orders: {Latency: time.Second}})
	start := time.Now()
	resp := h.query(t, "demo-owner", `{ revenue { orderCount } tableOccupancy { occupied } }`, nil)
	d := time.Since(start)
	if resp.status != 200 || resp.errorAt("revenue", "orderCount") == nil || resp.errorAt("revenue", "orderCount").Extensions["code"] != "GATEWAY_TIMEOUT" ||
		d > 900*time.Millisecond || string(resp.Data["tableOccupancy"]) == "null" { // orders answers after 1 s
		t.Errorf("%v: %d %+v; want orderCount timed out by the 250ms request deadline, tables answered", d, resp.status, resp.Errors)
	}
}
