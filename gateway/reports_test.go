package gateway_test

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/demotest"
)

// Expectations here are computed from the services' raw REST data, with
// arithmetic written out in the test, never from the gateway's answers.

type tenantCase struct {
	token, tenant string
	loc           *time.Location
	currency      string
}

// tenants reads each owner's tenant, zone and currency from the auth
// service itself.
func tenants(t *testing.T, h *harness) []tenantCase {
	t.Helper()
	var out []tenantCase
	for _, token := range []string{"demo-owner", "cafe-owner", "izakaya-owner"} {
		req, _ := http.NewRequest(http.MethodGet, h.Env.URLs[clients.Auth]+"/v1/verify", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var id clients.Identity
		decodeBody(t, resp, &id)
		loc, err := time.LoadLocation(id.Timezone)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tenantCase{token, id.TenantID, loc, id.Currency})
	}
	return out
}

// periodBounds computes a period's [start, end) at the pinned clock.
func periodBounds(period string, loc *time.Location) (time.Time, time.Time) {
	return periodSpan(period, demotest.Now, loc)
}

func window(from, to time.Time) url.Values {
	return url.Values{"from": {from.UTC().Format(time.RFC3339)}, "to": {to.UTC().Format(time.RFC3339)}}
}

func rawPayments(t *testing.T, h *harness, tenant string, from, to time.Time) []demo.Payment {
	return demotest.All[demo.Payment](t, h.Env, clients.Payments, tenant, "/v1/payments", "payments", window(from, to))
}

// netTakings is captured minus refunded.
func netTakings(payments []demo.Payment) int64 {
	var total int64
	for _, p := range payments {
		switch p.Status {
		case "CAPTURED":
			total += p.Amount
		case "REFUNDED":
			total -= p.Amount
		}
	}
	return total
}

func rawOrders(t *testing.T, h *harness, tenant string, q url.Values) []demo.Order {
	return demotest.All[demo.Order](t, h.Env, clients.Orders, tenant, "/v1/orders", "orders", q)
}

func rawProducts(t *testing.T, h *harness, tenant string) []demo.Product {
	return demotest.All[demo.Product](t, h.Env, clients.Inventory, tenant, "/v1/products", "products", url.Values{})
}

// amount writes minor units as a decimal amount, by the exponents of the
// demo's currencies, written here apart from the money package.
func amount(v int64, currency string) string {
	exp := map[string]int64{"USD": 100, "EUR": 100, "JPY": 1}[currency]
	if exp == 1 {
		return fmt.Sprint(v)
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/exp, v%exp)
}

type money struct{ Amount, Currency, Formatted string }

func TestRevenue(t *testing.T) {
	h := newHarness(t)
	for _, tc := range tenants(t, h) {
		for _, period := range []string{"TODAY", "YESTERDAY", "LAST_7_DAYS", "THIS_MONTH"} {
			from, to := periodBounds(period, tc.loc)
			var captured, refunded int64
			counts := map[string]int{}
			amounts := map[string]int64{}
			for _, p := range rawPayments(t, h, tc.tenant, from, to) {
				switch p.Status {
				case "CAPTURED":
					captured += p.Amount
					counts[p.Method]++
					amounts[p.Method] += p.Amount
				case "REFUNDED":
					refunded += p.Amount
				}
			}
			var completed int
			var sum int64
			for _, o := range rawOrders(t, h, tc.tenant, window(from, to)) {
				if o.Status == "COMPLETED" {
					completed++
					sum += o.Total
				}
			}
			if completed == 0 || captured == 0 {
				t.Fatalf("%s %s: the demo has no sales to check", tc.tenant, period)
			}
			avg := (sum + int64(completed)/2) / int64(completed)

			resp := h.Query(t, tc.token, `query($p: Period) { revenue(range: {period: $p}) {
				from to timezone total { amount currency formatted } orderCount averageOrderValue { amount }
				refunds { amount } byMethod { method count amount { amount } share } } }`, map[string]any{"p": period})
			if len(resp.Errors) > 0 {
				t.Fatalf("%s %s: errors %+v", tc.tenant, period, resp.Errors)
			}
			var got struct {
				From, To, Timezone string
				Total              money
				OrderCount         int
				AverageOrderValue  money
				Refunds            money
				ByMethod           []struct {
					Method string
					Count  int
					Amount money
					Share  float64
				}
			}
			resp.Field(t, "revenue", &got)
			name := tc.tenant + " " + period
			if got.From != from.Format(time.DateOnly) || got.To != to.AddDate(0, 0, -1).Format(time.DateOnly) {
				t.Errorf("%s: range %s..%s; want %s..%s", name, got.From, got.To, from.Format(time.DateOnly), to.AddDate(0, 0, -1).Format(time.DateOnly))
			}
			if got.Timezone != tc.loc.String() || got.Total.Currency != tc.currency {
				t.Errorf("%s: zone %s currency %s; want %s %s", name, got.Timezone, got.Total.Currency, tc.loc, tc.currency)
			}
			if got.Total.Amount != amount(captured-refunded, tc.currency) {
				t.Errorf("%s: total %s; want %s", name, got.Total.Amount, amount(captured-refunded, tc.currency))
			}
			if got.Refunds.Amount != amount(refunded, tc.currency) {
				t.Errorf("%s: refunds %s; want %s", name, got.Refunds.Amount, amount(refunded, tc.currency))
			}
			if got.OrderCount != completed || got.AverageOrderValue.Amount != amount(avg, tc.currency) {
				t.Errorf("%s: %d orders averaging %s; want %d averaging %s", name, got.OrderCount, got.AverageOrderValue.Amount, completed, amount(avg, tc.currency))
			}
			if len(got.ByMethod) != 4 {
				t.Fatalf("%s: %d methods; want all 4", name, len(got.ByMethod))
			}
			for i, m := range got.ByMethod {
				if m.Count != counts[m.Method] || m.Amount.Amount != amount(amounts[m.Method], tc.currency) {
					t.Errorf("%s: %s %d for %s; want %d for %s", name, m.Method, m.Count, m.Amount.Amount, counts[m.Method], amount(amounts[m.Method], tc.currency))
				}
				if want := float64(amounts[m.Method]) / float64(captured); math.Abs(m.Share-want) > 1e-9 {
					t.Errorf("%s: %s share %v; want %v", name, m.Method, m.Share, want)
				}
				if i > 0 && amounts[got.ByMethod[i-1].Method] < amounts[m.Method] {
					t.Errorf("%s: methods not by amount descending", name)
				}
			}
		}
	}
}

func TestBestSellers(t *testing.T) {
	h := newHarness(t)
	for _, tc := range tenants(t, h) {
		names := map[string]string{}
		for _, p := range rawProducts(t, h, tc.tenant) {
			names[p.ID] = p.Name
		}
		from, to := periodBounds("LAST_7_DAYS", tc.loc)
		qty := map[string]int{}
		rev := map[string]int64{}
		for _, o := range rawOrders(t, h, tc.tenant, window(from, to)) {
			if o.Status != "COMPLETED" {
				continue
			}
			for _, it := range o.Items {
				qty[it.ProductID] += it.Quantity
				rev[it.ProductID] += int64(it.Quantity) * it.UnitPrice
			}
		}
		for _, by := range []string{"QUANTITY", "REVENUE"} {
			ids := make([]string, 0, len(qty))
			for id := range qty {
				ids = append(ids, id)
			}
			sort.Slice(ids, func(i, j int) bool {
				a, b := ids[i], ids[j]
				if by == "QUANTITY" && qty[a] != qty[b] {
					return qty[a] > qty[b]
				}
				if by == "REVENUE" && rev[a] != rev[b] {
					return rev[a] > rev[b]
				}
				return names[a] < names[b]
			})
			resp := h.Query(t, tc.token, `query($by: SalesMetric) { bestSellers(range: {period: LAST_7_DAYS}, limit: 7, by: $by) {
				product { id name } quantity revenue { amount } } }`, map[string]any{"by": by})
			var got []struct {
				Product  struct{ ID, Name string }
				Quantity int
				Revenue  money
			}
			resp.Field(t, "bestSellers", &got)
			if len(got) != 7 {
				t.Fatalf("%s by %s: %d rows; want 7 (errors %+v)", tc.tenant, by, len(got), resp.Errors)
			}
			for i, g := range got {
				id := ids[i]
				if g.Product.ID != id || g.Quantity != qty[id] || g.Revenue.Amount != amount(rev[id], tc.currency) || g.Product.Name != names[id] {
					t.Errorf("%s by %s #%d: %s %q x%d %s; want %s %q x%d %s", tc.tenant, by, i+1,
						g.Product.ID, g.Product.Name, g.Quantity, g.Revenue.Amount, id, names[id], qty[id], amount(rev[id], tc.currency))
				}
			}
		}
	}
}

func TestStockReports(t *testing.T) {
	h := newHarness(t)
	for _, tc := range tenants(t, h) {
		products := rawProducts(t, h, tc.tenant)
		var total int64
		units := 0
		byCat := map[string]int64{}
		var low, under20 []demo.Product
		for _, p := range products {
			total += int64(p.Stock) * p.Cost
			units += p.Stock
			byCat[p.Category] += int64(p.Stock) * p.Cost
			if p.Stock <= p.ReorderPoint {
				low = append(low, p)
			}
			if p.Stock <= 20 {
				under20 = append(under20, p)
			}
		}
		byStock := func(ps []demo.Product) []string {
			sort.Slice(ps, func(i, j int) bool {
				if ps[i].Stock != ps[j].Stock {
					return ps[i].Stock < ps[j].Stock
				}
				return ps[i].Name < ps[j].Name
			})
			out := make([]string, len(ps))
			for i, p := range ps {
				out[i] = p.ID
			}
			return out
		}
		resp := h.Query(t, tc.token, `{ inventoryValue { total { amount } productCount unitCount byCategory { category total { amount } } }
			low: lowStock { id lowStock } under20: lowStock(threshold: 20) { id } }`, nil)
		if len(resp.Errors) > 0 {
			t.Fatalf("%s: errors %+v", tc.tenant, resp.Errors)
		}
		var iv struct {
			Total        money
			ProductCount int
			UnitCount    int
			ByCategory   []struct {
				Category string
				Total    money
			}
		}
		resp.Field(t, "inventoryValue", &iv)
		if iv.Total.Amount != amount(total, tc.currency) || iv.ProductCount != len(products) || iv.UnitCount != units {
			t.Errorf("%s: inventory %s, %d products, %d units; want %s, %d, %d", tc.tenant, iv.Total.Amount, iv.ProductCount, iv.UnitCount, amount(total, tc.currency), len(products), units)
		}
		if len(iv.ByCategory) != len(byCat) {
			t.Errorf("%s: %d categories; want %d", tc.tenant, len(iv.ByCategory), len(byCat))
		}
		for i, c := range iv.ByCategory {
			if c.Total.Amount != amount(byCat[c.Category], tc.currency) {
				t.Errorf("%s: %s worth %s; want %s", tc.tenant, c.Category, c.Total.Amount, amount(byCat[c.Category], tc.currency))
			}
			if i > 0 && byCat[iv.ByCategory[i-1].Category] < byCat[c.Category] {
				t.Errorf("%s: categories not by value descending", tc.tenant)
			}
		}
		for _, q := range []struct {
			field string
			want  []string
		}{{"low", byStock(low)}, {"under20", byStock(under20)}} {
			var got []struct {
				ID       string
				LowStock *bool
			}
			resp.Field(t, q.field, &got)
			if len(q.want) == 0 {
				t.Fatalf("%s %s: the demo has no low stock to check", tc.tenant, q.field)
			}
			if len(got) != len(q.want) {
				t.Fatalf("%s %s: %d products; want %d", tc.tenant, q.field, len(got), len(q.want))
			}
			for i := range got {
				if got[i].ID != q.want[i] {
					t.Errorf("%s %s #%d: %s; want %s", tc.tenant, q.field, i, got[i].ID, q.want[i])
				}
				if q.field == "low" && (got[i].LowStock == nil || !*got[i].LowStock) {
					t.Errorf("%s: %s listed as low but lowStock is not true", tc.tenant, got[i].ID)
				}
			}
		}
	}
}

func TestTablesAndPendingOrders(t *testing.T) {
	h := newHarness(t)
	for _, tc := range tenants(t, h) {
		var tl demo.TableList
		h.Env.Get(t, clients.Restaurant, tc.tenant, "/v1/tables", url.Values{}, &tl)
		var occupied, free, reserved, covers, seats int
		for _, tb := range tl.Tables {
			seats += tb.Seats
			switch tb.Status {
			case "OCCUPIED":
				occupied++
				covers += tb.Covers
			case "FREE":
				free++
			case "RESERVED":
				reserved++
			}
		}
		pending := rawOrders(t, h, tc.tenant, url.Values{"status": {"PENDING,IN_PROGRESS"}})
		resp := h.Query(t, tc.token, `{ tableOccupancy { total occupied free reserved covers seats occupancyRate }
			pendingOrders { id status createdAt table { id status } } }`, nil)
		if len(resp.Errors) > 0 {
			t.Fatalf("%s: errors %+v", tc.tenant, resp.Errors)
		}
		var occ struct {
			Total, Occupied, Free, Reserved, Covers, Seats int
			OccupancyRate                                  float64
		}
		resp.Field(t, "tableOccupancy", &occ)
		if occ.Total != len(tl.Tables) || occ.Occupied != occupied || occ.Free != free || occ.Reserved != reserved ||
			occ.Covers != covers || occ.Seats != seats || math.Abs(occ.OccupancyRate-float64(occupied)/float64(len(tl.Tables))) > 1e-9 {
			t.Errorf("%s: occupancy %+v; want %d tables, %d occupied, %d free, %d reserved, %d covers, %d seats",
				tc.tenant, occ, len(tl.Tables), occupied, free, reserved, covers, seats)
		}
		if occupied == 0 || len(pending) == 0 {
			t.Fatalf("%s: the demo has no occupied tables or open orders now", tc.tenant)
		}
		var got []struct {
			ID, Status, CreatedAt string
			Table                 *struct{ ID, Status string }
		}
		resp.Field(t, "pendingOrders", &got)
		if len(got) != len(pending) {
			t.Fatalf("%s: %d pending orders; want %d", tc.tenant, len(got), len(pending))
		}
		for i, o := range got {
			if o.ID != pending[i].ID || o.Status != pending[i].Status {
				t.Errorf("%s: pending #%d %s %s; want %s %s", tc.tenant, i, o.ID, o.Status, pending[i].ID, pending[i].Status)
			}
			if (o.Table == nil) != (pending[i].TableID == "") || o.Table != nil && o.Table.ID != pending[i].TableID {
				t.Errorf("%s: pending %s at table %+v; want %q", tc.tenant, o.ID, o.Table, pending[i].TableID)
			}
		}
	}
}
