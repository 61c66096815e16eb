package gateway_test

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/config"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// resilient is a gateway with the configured default policies, overridden
// by the given MAITRE_* variables, in front of the demo services.
func resilient(t *testing.T, vars map[string]string) (*harness, *config.Config) {
	t.Helper()
	env := demotest.Start(t, demotest.Now)
	o, cfg := configured(t, env, vars, clients.Config{})
	return serve(t, env, o), cfg
}

// matrixQuery needs every service, in every way it can be needed.
const matrixQuery = `{
	me { tenantId }
	revenue { total { amount } orderCount }
	orders(range: {period: LAST_7_DAYS}, first: 6) { nodes { id payments { id } table { name } items { product { name } } } }
	lowStock { id }
	tableOccupancy { occupied }
	tables { name currentOrder { id } }
}`

// probes are the places in matrixQuery's data and the services they need.
var probes = []struct {
	path    string
	service clients.Service
}{
	{"revenue.total", clients.Payments},
	{"revenue.orderCount", clients.Orders},
	{"orders", clients.Orders},
	{"orders.nodes.*.payments", clients.Payments},
	{"orders.nodes.*.table", clients.Restaurant},
	{"orders.nodes.*.items.*.product", clients.Inventory},
	{"lowStock", clients.Inventory},
	{"tableOccupancy", clients.Restaurant},
	{"tables", clients.Restaurant},
	{"tables.*.currentOrder", clients.Orders},
}

// lookupsAlone look rows up by id with no list read to prime them.
var lookupsAlone = map[clients.Service]string{
	clients.Orders:     `{ tables { currentOrder { id } } }`,
	clients.Inventory:  `{ orders(range: {period: LAST_7_DAYS}, first: 6) { nodes { items { product { name } } } } }`,
	clients.Restaurant: `{ orders(range: {period: LAST_7_DAYS}, first: 6) { nodes { table { name } } } }`,
}

type located struct {
	path  []any
	value any
}

// walk finds the values at a dotted path, "*" standing for every element.
func walk(v any, parts []string, at []any) []located {
	if len(parts) == 0 {
		return []located{{at, v}}
	}
	switch x := v.(type) {
	case map[string]any:
		return walk(x[parts[0]], parts[1:], append(append([]any{}, at...), parts[0]))
	case []any:
		if parts[0] != "*" {
			return nil
		}
		var out []located
		for i, e := range x {
			out = append(out, walk(e, parts[1:], append(append([]any{}, at...), i))...)
		}
		return out
	}
	return nil // a null parent: nothing below to check
}

// errorExactly is r's error at exactly path.
func errorExactly(r response, path []any) *gqlError {
	for i, e := range r.Errors {
		if len(e.Path) == len(path) {
			if e := r.ErrorAt(path...); e != nil && len(e.Path) == len(path) {
				return &r.Errors[i]
			}
		}
	}
	return nil
}

// expected computes the root values of matrixQuery from the raw data.
type expected struct {
	total       string
	orderCount  int
	orderIDs    []string
	lowStock    []string
	occupied    int
	tablesCount int
}

func computeExpected(t *testing.T, h *harness) expected {
	loc, _ := time.LoadLocation("America/New_York")
	from, to := gatewaytest.Bounds("TODAY", demotest.Now, loc)
	var e expected
	total := gatewaytest.NetTakings(gatewaytest.RawPayments(t, h.Env, "bistro", from, to))
	e.total = gatewaytest.Amount(total, "USD")
	for _, o := range gatewaytest.RawOrders(t, h.Env, "bistro", gatewaytest.Window(from, to)) {
		if o.Status == "COMPLETED" {
			e.orderCount++
		}
	}
	wfrom, wto := gatewaytest.Bounds("LAST_7_DAYS", demotest.Now, loc)
	for _, o := range gatewaytest.RawOrders(t, h.Env, "bistro", gatewaytest.Window(wfrom, wto))[:6] {
		e.orderIDs = append(e.orderIDs, o.ID)
	}
	products := gatewaytest.RawProducts(t, h.Env, "bistro")
	sort.Slice(products, func(i, j int) bool {
		if products[i].Stock != products[j].Stock {
			return products[i].Stock < products[j].Stock
		}
		return products[i].Name < products[j].Name
	})
	for _, p := range products {
		if p.Stock <= p.ReorderPoint {
			e.lowStock = append(e.lowStock, p.ID)
		}
	}
	var tl demo.TableList
	h.Env.Get(t, clients.Restaurant, "bistro", "/v1/tables", url.Values{}, &tl)
	e.tablesCount = len(tl.Tables)
	for _, tb := range tl.Tables {
		if tb.Status == "OCCUPIED" {
			e.occupied++
		}
	}
	return e
}

// checkRoots compares the root values that are present with the raw data.
func checkRoots(t *testing.T, name string, resp response, want expected) {
	t.Helper()
	var me struct{ TenantID string }
	resp.Field(t, "me", &me)
	if me.TenantID != "bistro" {
		t.Errorf("%s: me.tenantId %q", name, me.TenantID)
	}
	var rev struct {
		Total      *struct{ Amount string }
		OrderCount *int
	}
	resp.Field(t, "revenue", &rev)
	if rev.Total != nil && rev.Total.Amount != want.total || rev.OrderCount != nil && *rev.OrderCount != want.orderCount {
		t.Errorf("%s: revenue %+v; want total %s over %d orders", name, rev, want.total, want.orderCount)
	}
	var orders *struct{ Nodes []struct{ ID string } }
	resp.Field(t, "orders", &orders)
	if orders != nil {
		ids := []string{}
		for _, n := range orders.Nodes {
			ids = append(ids, n.ID)
		}
		if fmt.Sprint(ids) != fmt.Sprint(want.orderIDs) {
			t.Errorf("%s: orders %v; want %v", name, ids, want.orderIDs)
		}
	}
	var low []struct{ ID string }
	resp.Field(t, "lowStock", &low)
	if low != nil {
		ids := []string{}
		for _, p := range low {
			ids = append(ids, p.ID)
		}
		if fmt.Sprint(ids) != fmt.Sprint(want.lowStock) {
			t.Errorf("%s: lowStock %v; want %v", name, ids, want.lowStock)
		}
	}
	var occ *struct{ Occupied int }
	resp.Field(t, "tableOccupancy", &occ)
	if occ != nil && occ.Occupied != want.occupied {
		t.Errorf("%s: %d occupied; want %d", name, occ.Occupied, want.occupied)
	}
}

// TestFaultMatrix drives every service through every fault and checks
// what survives, what fails and how, how long it takes, and that nothing
// leaks.
func TestFaultMatrix(t *testing.T) {
	cases := []struct {
		name  string
		fault faults.Fault
		code  string // of the fields that need the faulty service
	}{
		{"down", faults.Fault{Mode: "down"}, "DOWNSTREAM_SERVICE_ERROR"},
		{"slow", faults.Fault{Latency: 2 * time.Second}, "GATEWAY_TIMEOUT"},
		{"500", faults.Fault{Mode: "error", Status: 500}, "DOWNSTREAM_SERVICE_ERROR"},
		{"503", faults.Fault{Mode: "error", Status: 503}, "DOWNSTREAM_SERVICE_ERROR"},
		{"malformed", faults.Fault{Mode: "malformed"}, "DOWNSTREAM_SERVICE_ERROR"},
		{"reset", faults.Fault{Mode: "reset"}, "DOWNSTREAM_SERVICE_ERROR"},
		{"partial", faults.Fault{Mode: "partial"}, "NOT_FOUND"},
	}
	defer gatewaytest.LeakCheck()(t)
	for _, svc := range clients.Services {
		for _, f := range cases {
			name := string(svc) + " " + f.name
			h, cfg := resilient(t, map[string]string{"MAITRE_" + strings.ToUpper(string(svc)) + "_TIMEOUT": "500ms"}) // the slow fault's 2 s times out
			want := computeExpected(t, h)
			h.Query(t, "demo-owner", `{ me { name } }`, nil) // demo-owner's token is now cached

			h.Env.Demo.SetFaults(faults.Set{svc: f.fault})
			start := time.Now()
			resp := h.Query(t, "demo-owner", matrixQuery, nil)
			elapsed := time.Since(start)
			fresh := h.Query(t, "demo-cashier", `{ me { name } }`, nil) // a token not yet verified
			h.Env.Demo.SetFaults(nil)

			if limit := cfg.Endpoints()[svc].Timeout + 900*time.Millisecond; elapsed > limit { // the slow fault answers after 2 s
				t.Errorf("%s: answered in %v; want within %v", name, elapsed, limit)
			}
			if resp.Status != 200 {
				t.Errorf("%s: HTTP %d; want 200", name, resp.Status)
				continue
			}
			checkRoots(t, name, resp, want)
			if svc == clients.Auth {
				if f.name != "partial" && (fresh.Status != 503 || fresh.Errors[0].Extensions["code"] != "DOWNSTREAM_SERVICE_ERROR" ||
					fresh.Errors[0].Extensions["service"] != "auth") {
					t.Errorf("%s: a new token got HTTP %d %+v; want 503 DOWNSTREAM_SERVICE_ERROR from auth", name, fresh.Status, fresh.Errors)
				}
				if len(resp.Errors) > 0 {
					t.Errorf("%s: a cached token's request got errors %+v", name, resp.Errors)
				}
				continue
			}
			var data map[string]any
			raw, _ := jsonOf(resp.Data)
			_ = raw.decode(&data)
			broken := 0
			for _, p := range probes {
				for _, at := range walk(data, strings.Split(p.path, "."), nil) {
					e := errorExactly(resp, at.path)
					needs := p.service == svc
					if !needs || at.value != nil {
						if e != nil && !needs {
							t.Errorf("%s: %v needs no %s but has error %+v", name, at.path, svc, e)
						}
						continue
					}
					// Orders without a table and tables without an order
					// are null by right.
					if e == nil && (strings.HasSuffix(p.path, ".table") || strings.HasSuffix(p.path, ".currentOrder")) {
						continue
					}
					broken++
					if e == nil || e.Extensions["code"] != f.code || e.Extensions["service"] != string(svc) {
						t.Errorf("%s: %v is null with error %+v; want %s from %s", name, at.path, e, f.code, svc)
					}
				}
			}
			// A list read primes the lookups by id of the rows it returned,
			// so a partial lookup shows reliably only in a query without
			// the list; a partial payments service cannot show at all: an
			// order without payment rows is a valid answer.
			if alone, ok := lookupsAlone[svc]; ok && f.name == "partial" {
				h.Env.Demo.SetFaults(faults.Set{svc: f.fault})
				resp := h.Query(t, "demo-owner", alone, nil)
				h.Env.Demo.SetFaults(nil)
				broken = 0
				for _, e := range resp.Errors {
					if e.Extensions["code"] == "NOT_FOUND" && e.Extensions["service"] == string(svc) {
						broken++
					}
				}
			}
			if broken == 0 && !(f.name == "partial" && svc == clients.Payments) {
				t.Errorf("%s: nothing broke", name)
			}
		}
	}
}
