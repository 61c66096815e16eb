package gateway_test

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// TestOrdersBatching checks that nested fields cost one call per service
// and batch, never one per order, and that each nested value is the right one.
func TestOrdersBatching(t *testing.T) {
	h := newHarness(t)
	h.Query(t, "demo-owner", `{ me { name } }`, nil) // warm the token cache
	from, to := gatewaytest.Bounds("THIS_MONTH", demotest.Now, gatewaytest.Tenants(t, h.Env)[0].Loc)
	raw := gatewaytest.RawOrders(t, h.Env, "bistro", gatewaytest.Window(from, to))
	payments := map[string]int{}
	for _, p := range gatewaytest.RawPayments(t, h.Env, "bistro", from, to.AddDate(0, 0, 1)) {
		payments[p.OrderID]++
	}
	tests := []struct {
		n                 int
		wantPaymentsCalls int
	}{{10, 1}, {100, 1}, {200, 1}, {500, 3}}
	for _, tt := range tests {
		h.Env.Reset()
		resp := h.Query(t, "demo-owner", `query($n: Int) { orders(range: {period: THIS_MONTH}, first: $n) {
			nodes { id table { id } items { product { id name } } payments { id } } pageInfo { hasNextPage } } }`,
			map[string]any{"n": tt.n})
		if len(resp.Errors) > 0 {
			t.Fatalf("first %d: errors %+v", tt.n, resp.Errors[0])
		}
		var got struct {
			Nodes []struct {
				ID    string
				Table *struct{ ID string }
				Items []struct {
					Product struct{ ID, Name string }
				}
				Payments []struct{ ID string }
			}
			PageInfo struct{ HasNextPage bool }
		}
		resp.Field(t, "orders", &got)
		if len(got.Nodes) != tt.n || !got.PageInfo.HasNextPage {
			t.Fatalf("first %d: %d orders, hasNextPage %v", tt.n, len(got.Nodes), got.PageInfo.HasNextPage)
		}
		for i, o := range got.Nodes {
			want := raw[i]
			if o.ID != want.ID || len(o.Items) != len(want.Items) || len(o.Payments) != payments[want.ID] ||
				(o.Table == nil) != (want.TableID == "") || o.Table != nil && o.Table.ID != want.TableID {
				t.Fatalf("first %d: order #%d %s does not match the raw order %s", tt.n, i, o.ID, want.ID)
			}
			for j, it := range o.Items {
				if it.Product.ID != want.Items[j].ProductID || it.Product.Name == "" {
					t.Fatalf("first %d: order %s item %d is %s; want %s", tt.n, o.ID, j, it.Product.ID, want.Items[j].ProductID)
				}
			}
		}
		wantCalls := map[clients.Service]int{
			clients.Auth: 0, clients.Orders: 1, clients.Payments: tt.wantPaymentsCalls,
			clients.Inventory: 1, clients.Restaurant: 1,
		}
		for s, want := range wantCalls {
			if got := h.Env.Calls(s); len(got) != want {
				t.Errorf("first %d: %d calls to %s; want %d: %v", tt.n, len(got), s, want, got)
			}
		}
	}
}

// TestDashboardSharesReads checks that aggregates over one period share
// their downstream reads.
func TestDashboardSharesReads(t *testing.T) {
	h := newHarness(t)
	h.Query(t, "demo-owner", `{ me { name } }`, nil)
	h.Env.Reset()
	resp := h.Query(t, "demo-owner", `{
		revenue { total { amount } orderCount averageOrderValue { amount } byMethod { method } }
		paymentMethods { method share }
		bestSellers { product { name } quantity }
		tableOccupancy { occupied }
		tables { name currentOrder { number } }
		lowStock { name } inventoryValue { total { amount } } }`, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("errors %+v", resp.Errors)
	}
	// Orders: today's completed orders, and the tables' current orders by
	// id. Inventory: the catalog, and perhaps the best sellers by id when
	// they are asked for before the catalog has arrived.
	limits := map[clients.Service][2]int{
		clients.Orders: {2, 2}, clients.Payments: {1, 1}, clients.Inventory: {1, 2}, clients.Restaurant: {1, 1},
	}
	for s, lim := range limits {
		calls := h.Env.Calls(s)
		if len(calls) < lim[0] || len(calls) > lim[1] {
			t.Errorf("%d calls to %s; want %d to %d: %v", len(calls), s, lim[0], lim[1], calls)
		}
		seen := map[string]bool{}
		for _, c := range calls {
			if seen[c] {
				t.Errorf("%s called twice with %s", s, c)
			}
			seen[c] = true
		}
	}
}

func TestTenantIsolation(t *testing.T) {
	h := newHarness(t)
	var bistro demo.OrderList
	h.Env.Get(t, clients.Orders, "bistro", "/v1/orders", url.Values{"limit": {"1"}}, &bistro)
	id := bistro.Orders[0].ID
	q := fmt.Sprintf(`{ order(id: %q) { id } me { tenantId currency } revenue { total { currency formatted } } }`, id)

	own := h.Query(t, "demo-owner", q, nil)
	var order *struct{ ID string }
	own.Field(t, "order", &order)
	if order == nil || order.ID != id {
		t.Fatalf("bistro cannot read its own order %s: %+v", id, own.Errors)
	}

	other := h.Query(t, "cafe-owner", q, nil)
	other.Field(t, "order", &order)
	if order != nil || len(other.Errors) > 0 {
		t.Errorf("cafe read bistro's order %s: %+v %+v", id, order, other.Errors)
	}
	var me struct{ TenantID, Currency string }
	other.Field(t, "me", &me)
	var rev struct{ Total money }
	other.Field(t, "revenue", &rev)
	if me.TenantID != "cafe" || me.Currency != "EUR" || rev.Total.Currency != "EUR" || rev.Total.Formatted[:len("€")] != "€" {
		t.Errorf("cafe-owner sees %+v, revenue %+v; want the cafe tenant in EUR", me, rev.Total)
	}
}
