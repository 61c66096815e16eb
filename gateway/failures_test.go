package gateway_test

import (
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// dashboard touches every service; each root field names the services it
// needs.
const dashboard = `{
	me { name }
	revenue { from total { amount } orderCount }
	bestSellers { product { name } quantity }
	tableOccupancy { occupied }
	lowStock { name }
}`

// needs maps data paths to the services they depend on.
var needs = map[string][]clients.Service{
	"revenue.total":      {clients.Payments},
	"revenue.orderCount": {clients.Orders},
	"bestSellers":        {clients.Orders, clients.Inventory},
	"tableOccupancy":     {clients.Restaurant},
	"lowStock":           {clients.Inventory},
}

func TestPartialData(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	eps := env.Endpoints(gatewaytest.Patient)
	eps[clients.Payments] = clients.Endpoint{Timeout: 300 * time.Millisecond} // the slow case's 2 s times out
	h := serve(t, env, options(env.ClientFor(t, eps, clients.Config{})))
	tests := []struct {
		service clients.Service
		fault   faults.Fault
		code    string
	}{
		{clients.Orders, faults.Fault{Mode: "down"}, "DOWNSTREAM_SERVICE_ERROR"},
		{clients.Payments, faults.Fault{Mode: "down"}, "DOWNSTREAM_SERVICE_ERROR"},
		{clients.Inventory, faults.Fault{Mode: "down"}, "DOWNSTREAM_SERVICE_ERROR"},
		{clients.Restaurant, faults.Fault{Mode: "down"}, "DOWNSTREAM_SERVICE_ERROR"},
		{clients.Payments, faults.Fault{Mode: "error", Status: 500}, "DOWNSTREAM_SERVICE_ERROR"},
		{clients.Orders, faults.Fault{Mode: "error", Status: 503}, "DOWNSTREAM_SERVICE_ERROR"},
		{clients.Inventory, faults.Fault{Mode: "malformed"}, "DOWNSTREAM_SERVICE_ERROR"},
		{clients.Restaurant, faults.Fault{Mode: "reset"}, "DOWNSTREAM_SERVICE_ERROR"},
		{clients.Payments, faults.Fault{Latency: 2 * time.Second}, "GATEWAY_TIMEOUT"},
	}
	h.Query(t, "demo-owner", `{ me { name } }`, nil) // the token is cached before faults
	for _, tt := range tests {
		name := string(tt.service) + " " + tt.fault.Mode
		if tt.fault.Latency > 0 {
			name += " latency"
		}
		h.Env.Demo.SetFaults(faults.Set{tt.service: tt.fault})
		resp := h.Query(t, "demo-owner", dashboard, nil)
		h.Env.Demo.SetFaults(nil)

		if resp.Status != 200 {
			t.Errorf("%s: HTTP %d; want 200", name, resp.Status)
		}
		var me struct{ Name string }
		resp.Field(t, "me", &me)
		if me.Name == "" {
			t.Errorf("%s: me lost", name)
		}
		for path, services := range needs {
			parts := strings.Split(path, ".")
			root := parts[0]
			var value any
			if len(parts) == 2 {
				var obj map[string]any
				resp.Field(t, root, &obj)
				value = obj[parts[1]]
			} else {
				resp.Field(t, root, &value)
			}
			broken := false
			for _, s := range services {
				broken = broken || s == tt.service
			}
			errPath := make([]any, len(parts))
			for i, p := range parts {
				errPath[i] = p
			}
			e := resp.ErrorAt(errPath...)
			if !broken {
				if value == nil || e != nil {
					t.Errorf("%s: %s is %v with error %+v; want a value", name, path, value, e)
				}
				continue
			}
			if value != nil || e == nil {
				t.Errorf("%s: %s is %v with error %+v; want null and an error", name, path, value, e)
				continue
			}
			if e.Extensions["code"] != tt.code || e.Extensions["service"] != string(tt.service) || e.Extensions["correlationId"] == "" {
				t.Errorf("%s: %s error extensions %v; want code %s, service %s and a correlationId", name, path, e.Extensions, tt.code, tt.service)
			}
			for _, leak := range []string{"127.0.0.1", "INJECTED", "EOF", "json", "http"} {
				if strings.Contains(e.Message, leak) {
					t.Errorf("%s: error message %q leaks %q", name, e.Message, leak)
				}
			}
		}
	}
}

func TestAuthentication(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name, token string
		status      int
		code        string
	}{
		{"no token", "", 401, "UNAUTHENTICATED"},
		{"unknown token", "nope", 401, "UNAUTHENTICATED"},
		{"expired token", "demo-expired", 401, "UNAUTHENTICATED"},
	}
	for _, tt := range tests {
		resp := h.Query(t, tt.token, `{ me { name } }`, nil)
		if resp.Status != tt.status || len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != tt.code {
			t.Errorf("%s: HTTP %d errors %+v; want %d with %s", tt.name, resp.Status, resp.Errors, tt.status, tt.code)
		}
		if resp.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: no WWW-Authenticate header", tt.name)
		}
	}

	// A verified token is cached: the auth service is asked once.
	h.Env.Reset()
	for range 3 {
		if resp := h.Query(t, "cafe-owner", `{ me { tenantId } }`, nil); resp.Status != 200 {
			t.Fatalf("cafe-owner: HTTP %d %+v", resp.Status, resp.Errors)
		}
	}
	if n := len(h.Env.Calls(clients.Auth)); n != 1 {
		t.Errorf("3 requests with one token made %d auth calls; want 1", n)
	}

	// When the auth service fails, a new token cannot be checked.
	h.Env.Demo.SetFaults(faults.Set{clients.Auth: {Mode: "down"}})
	resp := h.Query(t, "demo-cashier", `{ me { name } }`, nil)
	h.Env.Demo.SetFaults(nil)
	if resp.Status != 503 || len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "DOWNSTREAM_SERVICE_ERROR" ||
		resp.Errors[0].Extensions["service"] != "auth" {
		t.Errorf("auth down: HTTP %d errors %+v; want 503 DOWNSTREAM_SERVICE_ERROR from auth", resp.Status, resp.Errors)
	}
}

func TestForbidden(t *testing.T) {
	h := newHarness(t)
	h.Query(t, "demo-cashier", `{ me { name } }`, nil)
	h.Env.Reset()
	resp := h.Query(t, "demo-cashier", `{
		revenue { total { amount } }
		paymentMethods { method }
		orders(first: 3) { nodes { number payments { id } } }
		products(first: 2) { nodes { name price { amount } cost { amount } stock } }
		tableOccupancy { occupied }
		bestSellers(by: REVENUE) { quantity }
	}`, nil)
	if resp.Status != 200 {
		t.Fatalf("HTTP %d; want 200", resp.Status)
	}
	for _, path := range [][]any{
		{"revenue"}, {"paymentMethods"}, {"orders", "nodes", 0, "payments"},
		{"products", "nodes", 0, "cost"}, {"products", "nodes", 0, "stock"}, {"bestSellers"},
	} {
		e := resp.ErrorAt(path...)
		if e == nil || e.Extensions["code"] != "FORBIDDEN" {
			t.Errorf("%v: error %+v; want FORBIDDEN", path, e)
		}
	}
	var orders struct {
		Nodes []struct {
			Number   int
			Payments *[]any
		}
	}
	resp.Field(t, "orders", &orders)
	if len(orders.Nodes) != 3 || orders.Nodes[0].Number == 0 || orders.Nodes[0].Payments != nil {
		t.Errorf("orders %+v; want 3 orders without payments", orders)
	}
	var products struct {
		Nodes []struct {
			Name  string
			Price money
			Cost  *money
		}
	}
	resp.Field(t, "products", &products)
	if len(products.Nodes) != 2 || products.Nodes[0].Name == "" || products.Nodes[0].Price.Amount == "" || products.Nodes[0].Cost != nil {
		t.Errorf("products %+v; want names and prices without cost", products)
	}
	var occ struct{ Occupied int }
	resp.Field(t, "tableOccupancy", &occ)
	if occ.Occupied == 0 {
		t.Errorf("tableOccupancy lost")
	}
	if calls := h.Env.Calls(clients.Payments); len(calls) != 0 {
		t.Errorf("forbidden fields still called payments: %v", calls)
	}
}

func TestBadInput(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name, query string
		code        string
	}{
		{"first too small", `{ orders(first: 0) { nodes { id } } }`, "BAD_USER_INPUT"},
		{"first too big", `{ payments(first: 501) { nodes { id } } }`, "BAD_USER_INPUT"},
		{"from without to", `{ revenue(range: {from: "2026-11-01"}) { from } }`, "BAD_USER_INPUT"},
		{"period and dates", `{ revenue(range: {period: TODAY, from: "2026-11-01", to: "2026-11-02"}) { from } }`, "BAD_USER_INPUT"},
		{"to before from", `{ revenue(range: {from: "2026-11-05", to: "2026-11-01"}) { from } }`, "BAD_USER_INPUT"},
		{"bad date", `{ revenue(range: {from: "26/11/2026", to: "2026-11-27"}) { from } }`, "BAD_USER_INPUT"},
		{"negative threshold", `{ lowStock(threshold: -1) { id } }`, "BAD_USER_INPUT"},
		{"limit too big", `{ bestSellers(limit: 1000) { quantity } }`, "BAD_USER_INPUT"},
		{"unknown field", `{ nope }`, "GRAPHQL_VALIDATION_FAILED"},
		{"syntax", `{ me { name }`, "GRAPHQL_PARSE_FAILED"},
	}
	for _, tt := range tests {
		resp := h.Query(t, "demo-owner", tt.query, nil)
		if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != tt.code {
			t.Errorf("%s: HTTP %d errors %+v; want %s", tt.name, resp.Status, resp.Errors, tt.code)
		}
		if resp.Status >= 500 {
			t.Errorf("%s: HTTP %d", tt.name, resp.Status)
		}
	}
}

func TestBadCursor(t *testing.T) {
	h := newHarness(t)
	for _, q := range []string{
		`{ orders(first: 2, after: "bogus") { nodes { id } } }`,
		`{ payments(first: 2, after: "bogus") { nodes { id } } }`,
		`{ products(first: 2, after: "bogus") { nodes { id } } }`,
	} {
		resp := h.Query(t, "demo-owner", q, nil)
		if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || resp.Errors[0].Extensions["argument"] != "after" {
			t.Errorf("%s: errors %+v; want BAD_USER_INPUT on after", q, resp.Errors)
		}
	}
	// A real cursor pages on.
	first := h.Query(t, "demo-owner", `{ products(first: 2) { nodes { id } pageInfo { endCursor hasNextPage } } }`, nil)
	var page struct {
		Nodes    []struct{ ID string }
		PageInfo struct {
			EndCursor   string
			HasNextPage bool
		}
	}
	first.Field(t, "products", &page)
	next := h.Query(t, "demo-owner", `query($c: String) { products(first: 2, after: $c) { nodes { id } } }`, map[string]any{"c": page.PageInfo.EndCursor})
	var page2 struct{ Nodes []struct{ ID string } }
	next.Field(t, "products", &page2)
	if !page.PageInfo.HasNextPage || len(page2.Nodes) != 2 || page2.Nodes[0].ID == page.Nodes[0].ID {
		t.Errorf("paging: first %+v, next %+v", page, page2)
	}
}

// TestInternalErrorsMasked: an error nobody coded, which gqlgen hands the
// presenter wrapped, is shown as "internal error" and logged, never as
// its own words.
func TestInternalErrorsMasked(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	h := serve(t, env, with(options(env.Client(t, 2*time.Second)), func(o *gateway.Options) {
		o.Limits.Document.NoIntrospection = true
	}))
	r := h.Query(t, "demo-owner", `{ _service { sdl } }`, nil) // gqlgen's plain "federated introspection disabled"
	if len(r.Errors) != 1 || r.Errors[0].Message != "internal error" || r.Errors[0].Extensions["code"] != "INTERNAL_SERVER_ERROR" {
		t.Errorf("got %s; want the message masked", r.Raw)
	}
}
