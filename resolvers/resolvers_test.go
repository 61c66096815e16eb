package resolvers_test

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gatewaytest"
)

func newClient(t *testing.T) (*client.Client, *demotest.Env) {
	t.Helper()
	g := gatewaytest.New(t, nil)
	return client.New(g.App.Handler(), client.Path("/query")), g.Env
}

// TestOrderFields checks every Order field against the raw order, its
// payments and its table.
func TestOrderFields(t *testing.T) {
	t.Parallel()
	c, env := newClient(t)
	var page demo.OrderList
	env.Get(t, clients.Orders, "cafe", "/v1/orders", url.Values{"limit": {"400"}}, &page)
	tests := []demo.Order{}
	for _, o := range page.Orders {
		if o.TableID != "" && len(tests) < 3 || o.TableID == "" && len(tests) >= 3 && len(tests) < 5 {
			tests = append(tests, o)
		}
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, want := range tests {
		var pays demo.PaymentList
		env.Get(t, clients.Payments, "cafe", "/v1/payments", url.Values{"order_ids": {want.ID}}, &pays)
		var resp struct {
			Order struct {
				ID        string
				Number    int
				Status    string
				CreatedAt string
				Table     *struct{ ID string }
				Items     []struct {
					Product   struct{ ID string }
					Quantity  int
					UnitPrice money
					LineTotal money
				}
				Subtotal, Tax, Total money
				Payments             []struct {
					ID     string
					Amount money
					Status string
				}
			}
		}
		err := c.Post(`query($id: ID!) { order(id: $id) { id number status createdAt table { id }
			items { product { id } quantity unitPrice { amount formatted } lineTotal { amount } }
			subtotal { amount } tax { amount } total { amount formatted } payments { id amount { amount } status } } }`,
			&resp, client.Var("id", want.ID), client.AddHeader("Authorization", "Bearer cafe-owner"))
		if err != nil {
			t.Fatalf("order %s: %v", want.ID, err)
		}
		got := resp.Order
		if got.ID != want.ID || got.Number != want.Number || got.Status != want.Status {
			t.Errorf("order %s: %s #%d %s; want #%d %s", want.ID, got.ID, got.Number, got.Status, want.Number, want.Status)
		}
		if got.CreatedAt != want.CreatedAt.In(berlin).Format(time.RFC3339) {
			t.Errorf("order %s: createdAt %s; want %s", want.ID, got.CreatedAt, want.CreatedAt.In(berlin).Format(time.RFC3339))
		}
		if (got.Table == nil) != (want.TableID == "") || got.Table != nil && got.Table.ID != want.TableID {
			t.Errorf("order %s: table %+v; want %q", want.ID, got.Table, want.TableID)
		}
		for i, it := range got.Items {
			w := want.Items[i]
			line := w.UnitPrice * int64(w.Quantity)
			if it.Product.ID != w.ProductID || it.Quantity != w.Quantity || it.LineTotal.Amount != cents(line) ||
				it.UnitPrice.Formatted != "€"+cents(w.UnitPrice) {
				t.Errorf("order %s item %d: %+v; want %+v", want.ID, i, it, w)
			}
		}
		if got.Subtotal.Amount != cents(want.Subtotal) || got.Tax.Amount != cents(want.Tax) || got.Total.Amount != cents(want.Total) {
			t.Errorf("order %s: %s + %s = %s; want %d + %d = %d", want.ID, got.Subtotal.Amount, got.Tax.Amount, got.Total.Amount, want.Subtotal, want.Tax, want.Total)
		}
		if len(got.Payments) != len(pays.Payments) {
			t.Fatalf("order %s: %d payments; want %d", want.ID, len(got.Payments), len(pays.Payments))
		}
		for i, p := range got.Payments {
			if p.ID != pays.Payments[i].ID || p.Amount.Amount != cents(pays.Payments[i].Amount) || p.Status != pays.Payments[i].Status {
				t.Errorf("order %s payment %d: %+v; want %+v", want.ID, i, p, pays.Payments[i])
			}
		}
	}
}

func TestNullsWithoutErrors(t *testing.T) {
	t.Parallel()
	c, _ := newClient(t)
	tests := []struct{ name, query string }{
		{"unknown order", `{ order(id: "ord_nope") { id } }`},
		{"unknown product", `{ product(id: "prd_nope") { id } }`},
		{"unknown table", `{ table(id: "tbl_nope") { id } }`},
	}
	for _, tt := range tests {
		resp, err := c.RawPost(tt.query, client.AddHeader("Authorization", "Bearer demo-owner"))
		if err != nil || len(resp.Errors) != 0 && string(resp.Errors) != "null" {
			t.Errorf("%s: %v %s", tt.name, err, resp.Errors)
			continue
		}
		for _, v := range resp.Data.(map[string]any) {
			if v != nil {
				t.Errorf("%s: %v; want null", tt.name, v)
			}
		}
	}
}

func TestEveryPeriod(t *testing.T) {
	t.Parallel()
	c, _ := newClient(t)
	want := map[string][2]string{
		"TODAY": {"2026-11-26", "2026-11-26"}, "YESTERDAY": {"2026-11-25", "2026-11-25"},
		"THIS_WEEK": {"2026-11-23", "2026-11-29"}, "LAST_WEEK": {"2026-11-16", "2026-11-22"},
		"THIS_MONTH": {"2026-11-01", "2026-11-30"}, "LAST_MONTH": {"2026-10-01", "2026-10-31"},
		"LAST_7_DAYS": {"2026-11-20", "2026-11-26"}, "LAST_30_DAYS": {"2026-10-28", "2026-11-26"},
	}
	for period, w := range want {
		var resp struct {
			Revenue struct {
				From, To   string
				OrderCount int
			}
		}
		err := c.Post(`query($p: Period) { revenue(range: {period: $p}) { from to orderCount } }`, &resp,
			client.Var("p", period), client.AddHeader("Authorization", "Bearer demo-owner"))
		if err != nil || resp.Revenue.From != w[0] || resp.Revenue.To != w[1] || resp.Revenue.OrderCount == 0 {
			t.Errorf("%s: %+v, %v; want %s..%s with orders", period, resp.Revenue, err, w[0], w[1])
		}
	}
}

func cents(v int64) string { return fmt.Sprintf("%d.%02d", v/100, v%100) }
