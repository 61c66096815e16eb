package clients_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/errcode"
)

// day is the first of the days the rows of these tests are on.
var day = time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)

// pay is a payment row as JSON: amount captured on the given day, at noon.
func pay(id string, amount int64, onDay int) string {
	return fmt.Sprintf(`{"id":%q,"order_id":"ord_1","amount":%d,"method":"CARD","status":"CAPTURED","created_at":%q}`,
		id, amount, day.AddDate(0, 0, onDay).Add(12*time.Hour).Format(time.RFC3339))
}

// order is an order row as JSON, of one line.
func order(id string, quantity int, unitPrice, subtotal, tax, total int64) string {
	return fmt.Sprintf(`{"id":%q,"number":1,"status":"COMPLETED","created_at":%q,"items":[{"product_id":"prd_1","quantity":%d,"unit_price":%d}],"subtotal":%d,"tax":%d,"total":%d}`,
		id, day.Add(12*time.Hour).Format(time.RFC3339), quantity, unitPrice, subtotal, tax, total)
}

// pages serves the pages of a list: the first without a cursor, the n-th
// at cursor n-1.
func pages(list string, rows ...[]string) func(url.Values) string {
	return func(q url.Values) string {
		i := 0
		fmt.Sscan(q.Get("cursor"), &i)
		next := ""
		if i+1 < len(rows) {
			next = fmt.Sprint(i + 1)
		}
		return fmt.Sprintf(`{%q:[%s],"next_cursor":%q}`, list, strings.Join(rows[i], ","), next)
	}
}

// byDay serves the payments of each window asked for: the rows of the
// days it covers, a row on day d being rows[d].
func byDay(rows ...string) func(url.Values) string {
	return func(q url.Values) string {
		from, _ := time.Parse(time.RFC3339, q.Get("from"))
		to, _ := time.Parse(time.RFC3339, q.Get("to"))
		var in []string
		for d, r := range rows {
			if at := day.AddDate(0, 0, d).Add(12 * time.Hour); !at.Before(from) && at.Before(to) {
				in = append(in, r)
			}
		}
		return `{"payments":[` + strings.Join(in, ",") + `],"next_cursor":""}`
	}
}

// answering is a client of services that answer every call with
// answer(query), and the reader of its metrics.
func answering(t *testing.T, answer func(url.Values) string) (*clients.Client, *sdkmetric.ManualReader) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, answer(r.URL.Query()))
	}))
	t.Cleanup(srv.Close)
	eps := map[clients.Service]clients.Endpoint{}
	for _, s := range clients.Services {
		eps[s] = clients.Endpoint{URL: srv.URL, Timeout: 5 * time.Second}
	}
	reader := sdkmetric.NewManualReader()
	c, err := clients.New(clients.Config{Endpoints: eps, ParallelWindows: 4, Meter: sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))})
	if err != nil {
		t.Fatal(err)
	}
	return c, reader
}

// violations reads the contract violations counted, by "service/kind",
// leaving out the zeros.
func violations(t *testing.T, reader *sdkmetric.ManualReader) map[string]int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if sum, ok := m.Data.(metricdata.Sum[int64]); ok && m.Name == "maitre.downstream.contract_violations" {
				for _, p := range sum.DataPoints {
					svc, _ := p.Attributes.Value(attribute.Key("maitre.service"))
					kind, _ := p.Attributes.Value(attribute.Key("kind"))
					if p.Value > 0 {
						out[svc.AsString()+"/"+kind.AsString()] += p.Value
					}
				}
			}
		}
	}
	return out
}

// sum is the amounts of rows, and their ids.
func sum(rows []clients.Payment) (int64, []string) {
	var n int64
	var ids []string
	for _, p := range rows {
		n += p.Amount
		ids = append(ids, p.ID)
	}
	return n, ids
}

// TestContract reads answers that break the contract in each way, within
// a page, across pages, across windows and in lookups: an identical
// repeat is dropped and counted, anything else fails the read with an
// error naming the service, and is counted by rule.
func TestContract(t *testing.T) {
	ctx := context.Background()
	page := func(c *clients.Client) (int64, []string, error) {
		l, err := c.Payments.List(ctx, "t", clients.PaymentFilter{}, 100, "")
		if err != nil {
			return 0, nil, err
		}
		n, ids := sum(l.Payments)
		return n, ids, nil
	}
	all := func(c *clients.Client) (int64, []string, error) {
		rows, err := c.Payments.ListAll(ctx, "t", clients.PaymentFilter{})
		n, ids := sum(rows)
		return n, ids, err
	}
	windows := func(c *clients.Client) (int64, []string, error) {
		rows, err := c.Payments.ListAll(ctx, "t", clients.PaymentFilter{From: day, To: day.AddDate(0, 0, 4)})
		n, ids := sum(rows)
		return n, ids, err
	}
	lookup := func(c *clients.Client) (int64, []string, error) {
		rows, err := c.Payments.Get(ctx, "t", []string{"a", "b", "c"})
		n, ids := sum(rows)
		return n, ids, err
	}
	list := func(rows ...string) func(url.Values) string { return pages("payments", rows) }
	cases := []struct {
		name   string
		answer func(url.Values) string
		read   func(*clients.Client) (int64, []string, error)
		want   int64  // the sum read, when the read succeeds
		broken string // the rule counted, or "duplicate" for a repeat dropped
		says   string // what the error says, when the read fails
	}{
		{name: "repeat within a page", answer: list(pay("a", 5, 0), pay("b", 7, 0), pay("a", 5, 0)), read: page, want: 12, broken: "duplicate"},
		{name: "repeat across pages", answer: pages("payments", []string{pay("a", 5, 0), pay("b", 7, 0)}, []string{pay("b", 7, 0), pay("c", 1, 0)}),
			read: all, want: 13, broken: "duplicate"},
		{name: "repeat in a lookup", answer: list(pay("a", 5, 0), pay("a", 5, 0), pay("c", 1, 0)), read: lookup, want: 6, broken: "duplicate"},
		{name: "repeat in another time zone", answer: list(pay("a", 5, 0), strings.Replace(pay("a", 5, 0), "12:00:00Z", "13:00:00+01:00", 1)),
			read: page, want: 5, broken: "duplicate"},
		{name: "conflict within a page", answer: list(pay("a", 5, 0), pay("a", 6, 0)), read: page, broken: "conflict", says: "contradict each other"},
		{name: "conflict across pages", answer: pages("payments", []string{pay("a", 5, 0)}, []string{pay("a", 6, 0)}), read: all, broken: "conflict", says: "contradict each other"},
		{name: "conflict across windows", answer: byDay(pay("a", 5, 0), pay("b", 1, 1), pay("a", 5, 2), pay("c", 1, 3)), read: windows, broken: "conflict", says: "contradict each other"},
		{name: "conflict in a lookup", answer: list(pay("a", 5, 0), pay("a", 6, 0)), read: lookup, broken: "conflict", says: "contradict each other"},
		{name: "null row", answer: list(pay("a", 5, 0), "null"), read: page, broken: "null", says: "null rows"},
		{name: "null row in a window", answer: byDay(pay("a", 5, 0), "null"), read: windows, broken: "null", says: "null rows"},
		{name: "null row in a lookup", answer: list("null", pay("a", 5, 0)), read: lookup, broken: "null", says: "null rows"},
		{name: "row without an id", answer: list(pay("", 5, 0)), read: page, broken: "missing_id", says: "without an id"},
		{name: "negative amount", answer: list(pay("a", -5, 0)), read: page, broken: "bounds", says: "out of bounds"},
		{name: "amount near 2^62", answer: list(pay("a", 1<<62, 0), pay("b", 5, 0)), read: all, broken: "bounds", says: "out of bounds"},
		{name: "amount past the bound", answer: list(pay("a", clients.MaxAmount+1, 0)), read: page, broken: "bounds", says: "out of bounds"},
		{name: "amount at the bound", answer: list(pay("a", clients.MaxAmount, 0), pay("b", 0, 0)), read: page, want: clients.MaxAmount},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, reader := answering(t, tc.answer)
			got, ids, err := tc.read(c)
			counted := violations(t, reader)
			if tc.says == "" {
				if err != nil || got != tc.want {
					t.Errorf("read %d (%v), %v; want %d", got, ids, err, tc.want)
				}
			} else if code, svc, msg, ok := clients.Public(err); !ok || code != errcode.DownstreamError || svc != clients.Payments || !strings.Contains(msg, tc.says) {
				t.Errorf("read %d (%v), %v; want a %s naming payments that says %q, not %q", got, ids, err, errcode.DownstreamError, tc.says, msg)
			}
			want := map[string]int64{}
			if tc.broken != "" {
				want["payments/"+tc.broken] = 1
			}
			if !reflect.DeepEqual(counted, want) {
				t.Errorf("violations counted %v; want %v", counted, want)
			}
		})
	}
}

// TestContractRows reads rows of every kind whose own figures break the
// contract, and rows just within it.
func TestContractRows(t *testing.T) {
	ctx := context.Background()
	orders := func(c *clients.Client) error {
		_, err := c.Orders.List(ctx, "t", clients.OrderFilter{}, 100, "")
		return err
	}
	products := func(c *clients.Client) error {
		_, err := c.Products.List(ctx, "t", clients.ProductFilter{}, 100, "")
		return err
	}
	tables := func(c *clients.Client) error { _, err := c.Tables.List(ctx, "t", ""); return err }
	product := func(price, cost int64, stock int) string {
		return fmt.Sprintf(`{"id":"prd_1","sku":"s","name":"Soup","category":"Starters","price":%d,"cost":%d,"stock":%d,"reorder_point":2}`, price, cost, stock)
	}
	table := func(seats, covers int) string {
		return fmt.Sprintf(`{"id":"tbl_1","name":"T1","seats":%d,"status":"OCCUPIED","covers":%d}`, seats, covers)
	}
	cases := []struct {
		name    string
		list    string
		row     string
		read    func(*clients.Client) error
		service clients.Service
		broken  string // "" where the row keeps the contract
	}{
		{"order", "orders", order("o", 2, 500, 1000, 100, 1100), orders, clients.Orders, ""},
		{"order at the bounds", "orders", order("o", clients.MaxCount, clients.MaxAmount/clients.MaxCount, clients.MaxAmount, 0, clients.MaxAmount), orders, clients.Orders, ""},
		{"order whose total is not subtotal plus tax", "orders", order("o", 2, 500, 1000, 100, 1101), orders, clients.Orders, "total"},
		{"negative tax", "orders", order("o", 2, 500, 1000, -100, 900), orders, clients.Orders, "bounds"},
		{"quantity 0", "orders", order("o", 0, 500, 0, 0, 0), orders, clients.Orders, "bounds"},
		{"negative quantity", "orders", order("o", -2, 500, 0, 0, 0), orders, clients.Orders, "bounds"},
		{"quantity past the bound", "orders", order("o", clients.MaxCount+1, 1, 1000, 0, 1000), orders, clients.Orders, "bounds"},
		{"line past the bound", "orders", order("o", 1000, clients.MaxAmount, 1000, 0, 1000), orders, clients.Orders, "bounds"},
		{"huge total", "orders", order("o", 1, 1, 1<<62, 0, 1<<62), orders, clients.Orders, "bounds"},
		{"product", "products", product(750, 240, 42), products, clients.Inventory, ""},
		{"oversold product", "products", product(750, 240, -3), products, clients.Inventory, ""},
		{"negative price", "products", product(-750, 240, 42), products, clients.Inventory, "bounds"},
		{"stock worth past the bound", "products", product(750, clients.MaxAmount, 2), products, clients.Inventory, "bounds"},
		{"stock past the bound", "products", product(750, 1, -clients.MaxCount-1), products, clients.Inventory, "bounds"},
		{"table", "tables", table(4, 2), tables, clients.Restaurant, ""},
		{"negative seats", "tables", table(-4, 0), tables, clients.Restaurant, "bounds"},
		{"covers past the bound", "tables", table(4, clients.MaxCount+1), tables, clients.Restaurant, "bounds"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, reader := answering(t, pages(tc.list, []string{tc.row}))
			err := tc.read(c)
			want := map[string]int64{}
			if tc.broken == "" {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
			} else {
				want[string(tc.service)+"/"+tc.broken] = 1
				if code, svc, _, ok := clients.Public(err); !ok || code != errcode.DownstreamError || svc != tc.service {
					t.Errorf("read: %v; want a %s naming %s", err, errcode.DownstreamError, tc.service)
				}
			}
			if got := violations(t, reader); !reflect.DeepEqual(got, want) {
				t.Errorf("violations counted %v; want %v", got, want)
			}
		})
	}
}

// TestContradictionInEveryField looks up two rows of one id that differ
// in one field, for every field of every kind of row: each pair is a
// contradiction, so that no field can be left out of the comparison.
func TestContradictionInEveryField(t *testing.T) {
	ctx := context.Background()
	at := day.Add(12 * time.Hour)
	kinds := []struct {
		list string
		row  any
		read func(*clients.Client) error
	}{
		{"orders", clients.Order{ID: "a", Number: 1, Status: "COMPLETED", TableID: "tbl_1", Covers: 2, CreatedAt: at,
			Items: []clients.OrderItem{{ProductID: "prd_1", Quantity: 2, UnitPrice: 500}}, Subtotal: 1000, Tax: 100, Total: 1100},
			func(c *clients.Client) error { _, err := c.Orders.Get(ctx, "t", []string{"a"}); return err }},
		{"payments", clients.Payment{ID: "a", OrderID: "ord_1", Amount: 1100, Method: "CARD", Status: "CAPTURED", CreatedAt: at},
			func(c *clients.Client) error { _, err := c.Payments.Get(ctx, "t", []string{"a"}); return err }},
		{"products", clients.Product{ID: "a", SKU: "s", Name: "Soup", Category: "Starters", Price: 750, Cost: 240, Stock: 42, ReorderPoint: 2},
			func(c *clients.Client) error { _, err := c.Products.Get(ctx, "t", []string{"a"}); return err }},
		{"tables", clients.Table{ID: "a", Name: "T1", Seats: 4, Status: "OCCUPIED", Covers: 2, OrderID: "ord_1", Server: "Chen"},
			func(c *clients.Client) error { _, err := c.Tables.Get(ctx, "t", []string{"a"}); return err }},
	}
	for _, k := range kinds {
		typ := reflect.TypeOf(k.row)
		for i := range typ.NumField() {
			f := typ.Field(i)
			if f.Name == "ID" {
				continue
			}
			t.Run(k.list+"/"+f.Name, func(t *testing.T) {
				other := reflect.New(typ).Elem()
				other.Set(reflect.ValueOf(k.row))
				switch v := other.Field(i); v.Interface().(type) {
				case string:
					v.SetString(v.String() + "x")
				case int, int64:
					v.SetInt(v.Int() + 1)
				case time.Time:
					v.Set(reflect.ValueOf(at.Add(time.Second)))
				case []clients.OrderItem:
					v.Set(reflect.Append(v, reflect.ValueOf(clients.OrderItem{ProductID: "prd_2", Quantity: 1, UnitPrice: 1})))
				default:
					t.Fatalf("no change for a field of type %s: add one here", f.Type)
				}
				a, _ := json.Marshal(k.row)
				b, _ := json.Marshal(other.Interface())
				c, _ := answering(t, pages(k.list, []string{string(a), string(b)}))
				if _, _, msg, _ := clients.Public(k.read(c)); !strings.Contains(msg, "contradict each other") {
					t.Errorf("two rows that differ in %s only: %q; want them refused as contradicting each other", f.Name, msg)
				}
			})
		}
	}
}
