package demo_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/demotest"
)

// TestTodayHasData checks that whatever the hour, today has completed and
// open orders and occupied tables, and nothing is dated in the future.
func TestTodayHasData(t *testing.T) {
	for _, tenant := range []struct{ id, zone string }{{"bistro", "America/New_York"}, {"cafe", "Europe/Berlin"}} {
		loc, _ := time.LoadLocation(tenant.zone)
		for _, clock := range []string{"00:00:30", "06:15:00", "12:00:00", "23:59:59"} {
			at, _ := time.ParseInLocation(time.DateTime, "2026-11-26 "+clock, loc)
			env := demotest.Start(t, at)
			start := time.Date(2026, 11, 26, 0, 0, 0, 0, loc)
			orders := demotest.All[demo.Order](t, env, clients.Orders, tenant.id, "/v1/orders", "orders",
				map[string][]string{"from": {start.Format(time.RFC3339)}})
			status := map[string]int{}
			for _, o := range orders {
				status[o.Status]++
				if o.CreatedAt.After(at) {
					t.Errorf("%s at %s: order %s created in the future", tenant.id, clock, o.ID)
				}
			}
			payments := demotest.All[demo.Payment](t, env, clients.Payments, tenant.id, "/v1/payments", "payments",
				map[string][]string{"from": {start.Format(time.RFC3339)}})
			for _, p := range payments {
				if p.CreatedAt.After(at) {
					t.Errorf("%s at %s: payment %s created in the future", tenant.id, clock, p.ID)
				}
			}
			var tables demo.TableList
			env.Get(t, clients.Restaurant, tenant.id, "/v1/tables", map[string][]string{"status": {"OCCUPIED"}}, &tables)
			if status["COMPLETED"] == 0 || status["PENDING"]+status["IN_PROGRESS"] == 0 || len(tables.Tables) == 0 || len(payments) == 0 {
				t.Errorf("%s at %s: orders %v, %d payments, %d occupied tables", tenant.id, clock, status, len(payments), len(tables.Tables))
			}
		}
	}
}

func TestHandlerErrors(t *testing.T) {
	d := demo.New(func() time.Time { return demotest.Now })
	orders := httptest.NewServer(d.Handler(clients.Orders))
	defer orders.Close()
	many := "a"
	for range clients.MaxIDs {
		many += ",a"
	}
	tests := []struct {
		name, method, path, tenant string
		status                     int
	}{
		{"no tenant", "GET", "/v1/orders", "", 400},
		{"unknown tenant", "GET", "/v1/orders", "diner", 404},
		{"too many ids", "GET", "/v1/orders?ids=" + many, "bistro", 400},
		{"bad limit", "GET", "/v1/orders?limit=0", "bistro", 400},
		{"bad cursor", "GET", "/v1/orders?cursor=zzz", "bistro", 400},
		{"bad status", "GET", "/v1/orders?status=LOST", "bistro", 400},
		{"bad from", "GET", "/v1/orders?from=yesterday", "bistro", 400},
		{"wrong method", "DELETE", "/v1/orders", "bistro", 405},
		{"an order without a body", "POST", "/v1/orders", "bistro", 400},
		{"an order without a tenant", "POST", "/v1/orders", "", 400},
		{"unknown path", "GET", "/v1/nope", "bistro", 404},
		{"health", "GET", "/health", "", 200},
		{"ok", "GET", "/v1/orders?limit=5", "bistro", 200},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, orders.URL+tt.path, nil)
		if tt.tenant != "" {
			req.Header.Set("X-Tenant-ID", tt.tenant)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: HTTP %d %s; want %d JSON", tt.name, resp.StatusCode, body, tt.status)
		}
	}
}

func TestPagesCoverTheList(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	var whole demo.ProductList
	env.Get(t, clients.Inventory, "cafe", "/v1/products", map[string][]string{"limit": {"1000"}}, &whole)
	var paged []demo.Product
	q := map[string][]string{"limit": {"7"}}
	for {
		var page demo.ProductList
		env.Get(t, clients.Inventory, "cafe", "/v1/products", q, &page)
		paged = append(paged, page.Products...)
		if page.NextCursor == "" {
			break
		}
		q["cursor"] = []string{page.NextCursor}
	}
	if !reflect.DeepEqual(paged, whole.Products) || len(paged) < 50 {
		t.Errorf("pages of 7 give %d products; one page gives %d", len(paged), len(whole.Products))
	}
}

func TestDeterministic(t *testing.T) {
	a, b := demotest.Start(t, demotest.Now), demotest.Start(t, demotest.Now)
	var x, y demo.OrderList
	a.Get(t, clients.Orders, "bistro", "/v1/orders", map[string][]string{"limit": {"1000"}}, &x)
	b.Get(t, clients.Orders, "bistro", "/v1/orders", map[string][]string{"limit": {"1000"}}, &y)
	if !reflect.DeepEqual(x, y) {
		t.Errorf("two demos at one instant disagree")
	}
}

// TestPlaceOrder: POST /v1/orders completes an order at the catalog's
// prices, which the orders and payments services then report; bad
// orders are refused and change nothing.
func TestPlaceOrder(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	var products demo.ProductList
	env.Get(t, clients.Inventory, "bistro", "/v1/products", map[string][]string{"limit": {"2"}}, &products)
	p := products.Products[1]
	post := func(body string) (int, demo.Placed) {
		req, _ := http.NewRequest(http.MethodPost, env.URLs[clients.Orders]+"/v1/orders", strings.NewReader(body))
		req.Header.Set("X-Tenant-ID", "bistro")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var placed demo.Placed
		_ = json.NewDecoder(resp.Body).Decode(&placed)
		return resp.StatusCode, placed
	}
	for _, bad := range []string{`{}`, `{"items":[{"product_id":"nope","quantity":1}]}`,
		`{"items":[{"product_id":"` + p.ID + `","quantity":0}]}`, `{"items":[{"product_id":"` + p.ID + `","quantity":1}],"method":"GOLD"}`,
		`{"items":[{"product_id":"` + p.ID + `","quantity":1}],"table_id":"tbl_nope"}`, `{"items":[],"extra":1}`} {
		if code, _ := post(bad); code != http.StatusBadRequest {
			t.Errorf("%s: HTTP %d; want 400", bad, code)
		}
	}
	code, placed := post(`{"items":[{"product_id":"` + p.ID + `","quantity":3}],"covers":2,"method":"CASH"}`)
	subtotal := 3 * p.Price
	tax := (subtotal*888 + 5000) / 10000 // the bistro's 8.88%
	if code != http.StatusCreated || placed.Order.Status != "COMPLETED" || placed.Order.Total != subtotal+tax ||
		placed.Payment.Amount != subtotal+tax || placed.Payment.Status != "CAPTURED" || placed.Payment.Method != "CASH" {
		t.Fatalf("HTTP %d %+v; want a completed order of %d and its captured payment", code, placed, subtotal+tax)
	}
	var orders demo.OrderList
	env.Get(t, clients.Orders, "bistro", "/v1/orders", map[string][]string{"ids": {placed.Order.ID}}, &orders)
	var payments demo.PaymentList
	env.Get(t, clients.Payments, "bistro", "/v1/payments", map[string][]string{"order_ids": {placed.Order.ID}}, &payments)
	if len(orders.Orders) != 1 || len(payments.Payments) != 1 || payments.Payments[0].Amount != placed.Order.Total {
		t.Errorf("the services report %v and %v for the new order", orders.Orders, payments.Payments)
	}

	// Without a method the payment is stored, not only answered, as CARD.
	_, placed = post(`{"items":[{"product_id":"` + p.ID + `","quantity":1}]}`)
	env.Get(t, clients.Payments, "bistro", "/v1/payments", map[string][]string{"order_ids": {placed.Order.ID}}, &payments)
	if placed.Payment.Method != "CARD" || len(payments.Payments) != 1 || payments.Payments[0].Method != "CARD" {
		t.Errorf("an order without a method: answered %q, stored %+v; want CARD", placed.Payment.Method, payments.Payments)
	}
}

// TestPlaceOrderUnknownMethod: an unknown method is refused by name,
// naming the ones allowed.
func TestPlaceOrderUnknownMethod(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	req, _ := http.NewRequest(http.MethodPost, env.URLs[clients.Orders]+"/v1/orders",
		strings.NewReader(`{"items":[{"product_id":"prd_bis_001","quantity":1}],"method":"card"}`))
	req.Header.Set("X-Tenant-ID", "bistro")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body clients.ErrorBody
	_ = json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != http.StatusBadRequest || body.Error.Message != `method must be one of CASH, CARD, MOBILE, VOUCHER, not "card"` {
		t.Errorf("HTTP %d %q; want 400 naming the methods", resp.StatusCode, body.Error.Message)
	}
}
