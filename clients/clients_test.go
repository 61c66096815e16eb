package clients_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/calllog"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/correlation"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
)

func TestReads(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	c := env.Client(t, time.Second)
	ctx := context.Background()

	month := clients.OrderFilter{From: demotest.Now.AddDate(0, 0, -30), To: demotest.Now}
	all, err := c.Orders.ListAll(ctx, "bistro", month)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 2*clients.MaxLimit {
		t.Fatalf("a month has %d orders; want several pages", len(all))
	}
	// Read in windows fetched at once: one call each, as each fits a page.
	raw := demotest.All[demo.Order](t, env, clients.Orders, "bistro", "/v1/orders", "orders",
		url.Values{"from": {month.From.Format(time.RFC3339)}, "to": {month.To.Format(time.RFC3339)}})
	if calls := env.Calls(clients.Orders); len(all) != len(raw) || len(calls) != clients.DefaultParallelWindows {
		t.Errorf("%d orders of %d took %d calls; want all in %d windows", len(all), len(raw), len(calls), clients.DefaultParallelWindows)
	}
	for i := 1; i < len(all); i++ {
		if all[i].CreatedAt.Before(all[i-1].CreatedAt) {
			t.Fatalf("orders not oldest first at %d", i)
		}
		if all[i].CreatedAt.Before(month.From) || !all[i].CreatedAt.Before(month.To) {
			t.Fatalf("order %s at %v is outside the window", all[i].ID, all[i].CreatedAt)
		}
	}

	got, err := c.Orders.Get(ctx, "bistro", []string{all[5].ID, "ord_missing", all[2].ID})
	if err != nil || len(got) != 2 || got[0].ID != all[5].ID || got[1].ID != all[2].ID {
		t.Errorf("Get: %d orders, %v; want the two known ones in order", len(got), err)
	}
	if got, err := c.Orders.Get(ctx, "cafe", []string{all[5].ID}); err != nil || len(got) != 0 {
		t.Errorf("cafe reads bistro's order: %v, %v", got, err)
	}

	pays, err := c.Payments.ForOrders(ctx, "bistro", []string{all[0].ID, all[1].ID})
	if err != nil || len(pays) == 0 {
		t.Errorf("ForOrders: %d payments, %v", len(pays), err)
	}
	for _, p := range pays {
		if p.OrderID != all[0].ID && p.OrderID != all[1].ID {
			t.Errorf("payment %s belongs to %s", p.ID, p.OrderID)
		}
	}
	drinks, err := c.Products.ListAll(ctx, "bistro", clients.ProductFilter{Category: "drinks"})
	if err != nil || len(drinks) == 0 {
		t.Fatalf("drinks: %d, %v", len(drinks), err)
	}
	for _, p := range drinks {
		if p.Category != "Drinks" {
			t.Errorf("category filter returned %s in %s", p.Name, p.Category)
		}
	}
	free, err := c.Tables.List(ctx, "cafe", clients.TableFree)
	if err != nil || len(free) == 0 {
		t.Fatalf("free tables: %d, %v", len(free), err)
	}
	for _, tb := range free {
		if tb.Status != clients.TableFree {
			t.Errorf("table %s is %s", tb.ID, tb.Status)
		}
	}
	if _, err := c.Products.Get(ctx, "bistro", make([]string, clients.MaxIDs+1)); err == nil {
		t.Errorf("Get with %d ids: no error", clients.MaxIDs+1)
	}
}

func TestFailures(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	c := env.Client(t, 200*time.Millisecond)
	tests := []struct {
		fault  faults.Fault
		kind   clients.Kind
		status int
	}{
		{faults.Fault{Mode: "down"}, clients.KindUnavailable, 0},
		{faults.Fault{Mode: "reset"}, clients.KindUnavailable, 0},
		{faults.Fault{Mode: "malformed"}, clients.KindMalformed, 0},
		{faults.Fault{Mode: "error", Status: 503}, clients.KindStatus, 503},
		{faults.Fault{Latency: time.Second}, clients.KindTimeout, 0},
	}
	for _, tt := range tests {
		env.Demo.SetFaults(faults.Set{clients.Inventory: tt.fault})
		_, err := c.Products.Get(context.Background(), "bistro", []string{"prd_bis_001"})
		var e *clients.Error
		if !errors.As(err, &e) || e.Kind != tt.kind || e.StatusCode != tt.status || e.Service != clients.Inventory {
			t.Errorf("fault %+v: error %v; want %s %d from inventory", tt.fault, err, tt.kind, tt.status)
		}
	}
	env.Demo.SetFaults(nil)

	if _, err := c.Auth.Verify(context.Background(), "demo-expired"); !errors.Is(err, clients.ErrUnauthenticated) {
		t.Errorf("expired token: %v; want ErrUnauthenticated", err)
	}

	// A refused connection: a port nobody listens on.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	eps := env.Endpoints(time.Second)
	eps[clients.Orders] = clients.Endpoint{URL: "http://" + addr, Timeout: time.Second}
	refused, err := clients.New(clients.Config{Endpoints: eps})
	if err != nil {
		t.Fatal(err)
	}
	_, err = refused.Orders.Get(context.Background(), "bistro", []string{"x"})
	var e *clients.Error
	if !errors.As(err, &e) || e.Kind != clients.KindUnavailable {
		t.Errorf("refused: %v; want unavailable", err)
	}
	if failed := refused.Health(context.Background()); len(failed) != 1 || failed[clients.Orders] == nil {
		t.Errorf("Health with orders refused: %v", failed)
	}
}

func TestRequestHeaders(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		fmt.Fprint(w, `{"tables":[]}`)
	}))
	defer srv.Close()
	eps := map[clients.Service]clients.Endpoint{}
	for _, s := range clients.Services {
		eps[s] = clients.Endpoint{URL: srv.URL, Timeout: time.Second}
	}
	c, err := clients.New(clients.Config{Endpoints: eps})
	if err != nil {
		t.Fatal(err)
	}
	ctx := correlation.With(context.Background(), "corr-1")
	calls := &calllog.Log{}
	ctx = calllog.With(ctx, calls)
	if _, err := c.Tables.List(ctx, "cafe", ""); err != nil {
		t.Fatal(err)
	}
	for h, want := range map[string]string{"X-Tenant-Id": "cafe", "X-Correlation-Id": "corr-1", "Accept": "application/json"} {
		if got.Get(h) != want {
			t.Errorf("header %s = %q; want %q", h, got.Get(h), want)
		}
	}
	sum := calls.Summary(clients.Names...)
	if len(sum) != 1 || sum[0].Service != string(clients.Restaurant) || sum[0].Calls != 1 || sum[0].Status != "ok" {
		t.Errorf("call log %+v; want one ok restaurant call", sum)
	}
}

func TestNewValidates(t *testing.T) {
	good := clients.Endpoint{URL: "http://127.0.0.1:1", Timeout: time.Second}
	tests := []struct {
		name string
		ep   clients.Endpoint
	}{
		{"no URL", clients.Endpoint{Timeout: time.Second}},
		{"relative URL", clients.Endpoint{URL: "orders", Timeout: time.Second}},
		{"no timeout", clients.Endpoint{URL: "http://127.0.0.1:1"}},
	}
	for _, tt := range tests {
		eps := map[clients.Service]clients.Endpoint{}
		for _, s := range clients.Services {
			eps[s] = good
		}
		eps[clients.Payments] = tt.ep
		_, err := clients.New(clients.Config{Endpoints: eps})
		if err == nil || !strings.Contains(err.Error(), "payments") {
			t.Errorf("%s: error %v; want one naming payments", tt.name, err)
		}
	}
}
