package resolvers_test

import (
	"math"
	"net/url"
	"sort"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// Expectations here are computed from the services' raw REST data, with
// arithmetic written out in the test, never from the gateway's answers.

type money struct{ Amount, Currency, Formatted string }

func TestRevenue(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	for _, tc := range gatewaytest.Tenants(t, h.Env) {
		for _, period := range []string{"TODAY", "YESTERDAY", "LAST_7_DAYS", "THIS_MONTH"} {
			from, to := gatewaytest.Bounds(period, demotest.Now, tc.Loc)
			var captured, refunded int64
			counts := map[string]int{}
			amounts := map[string]int64{}
			for _, p := range gatewaytest.RawPayments(t, h.Env, tc.ID, from, to) {
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
			for _, o := range gatewaytest.RawOrders(t, h.Env, tc.ID, gatewaytest.Window(from, to)) {
				if o.Status == "COMPLETED" {
					completed++
					sum += o.Total
				}
			}
			if completed == 0 || captured == 0 {
				t.Fatalf("%s %s: the demo has no sales to check", tc.ID, period)
			}
			avg := (sum + int64(completed)/2) / int64(completed)

			resp := h.Query(t, tc.Token, `query($p: Period) { revenue(range: {period: $p}) {
				from to timezone total { amount currency formatted } orderCount averageOrderValue { amount }
				refunds { amount } byMethod { method count amount { amount } share } } }`, map[string]any{"p": period})
			if len(resp.Errors) > 0 {
				t.Fatalf("%s %s: errors %+v", tc.ID, period, resp.Errors)
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
			name := tc.ID + " " + period
			if got.From != from.Format(time.DateOnly) || got.To != to.AddDate(0, 0, -1).Format(time.DateOnly) {
				t.Errorf("%s: range %s..%s; want %s..%s", name, got.From, got.To, from.Format(time.DateOnly), to.AddDate(0, 0, -1).Format(time.DateOnly))
			}
			if got.Timezone != tc.Loc.String() || got.Total.Currency != tc.Currency {
				t.Errorf("%s: zone %s currency %s; want %s %s", name, got.Timezone, got.Total.Currency, tc.Loc, tc.Currency)
			}
			if got.Total.Amount != gatewaytest.Amount(captured-refunded, tc.Currency) {
				t.Errorf("%s: total %s; want %s", name, got.Total.Amount, gatewaytest.Amount(captured-refunded, tc.Currency))
			}
			if got.Refunds.Amount != gatewaytest.Amount(refunded, tc.Currency) {
				t.Errorf("%s: refunds %s; want %s", name, got.Refunds.Amount, gatewaytest.Amount(refunded, tc.Currency))
			}
			if got.OrderCount != completed || got.AverageOrderValue.Amount != gatewaytest.Amount(avg, tc.Currency) {
				t.Errorf("%s: %d orders averaging %s; want %d averaging %s", name, got.OrderCount, got.AverageOrderValue.Amount, completed, gatewaytest.Amount(avg, tc.Currency))
			}
			if len(got.ByMethod) != 4 {
				t.Fatalf("%s: %d methods; want all 4", name, len(got.ByMethod))
			}
			for i, m := range got.ByMethod {
				if m.Count != counts[m.Method] || m.Amount.Amount != gatewaytest.Amount(amounts[m.Method], tc.Currency) {
					t.Errorf("%s: %s %d for %s; want %d for %s", name, m.Method, m.Count, m.Amount.Amount, counts[m.Method], gatewaytest.Amount(amounts[m.Method], tc.Currency))
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
	t.Parallel()
	h := gatewaytest.New(t, nil)
	for _, tc := range gatewaytest.Tenants(t, h.Env) {
		names := map[string]string{}
		for _, p := range gatewaytest.RawProducts(t, h.Env, tc.ID) {
			names[p.ID] = p.Name
		}
		from, to := gatewaytest.Bounds("LAST_7_DAYS", demotest.Now, tc.Loc)
		qty := map[string]int{}
		rev := map[string]int64{}
		for _, o := range gatewaytest.RawOrders(t, h.Env, tc.ID, gatewaytest.Window(from, to)) {
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
			resp := h.Query(t, tc.Token, `query($by: SalesMetric) { bestSellers(range: {period: LAST_7_DAYS}, limit: 7, by: $by) {
				product { id name } quantity revenue { amount } } }`, map[string]any{"by": by})
			var got []struct {
				Product  struct{ ID, Name string }
				Quantity int
				Revenue  money
			}
			resp.Field(t, "bestSellers", &got)
			if len(got) != 7 {
				t.Fatalf("%s by %s: %d rows; want 7 (errors %+v)", tc.ID, by, len(got), resp.Errors)
			}
			for i, g := range got {
				id := ids[i]
				if g.Product.ID != id || g.Quantity != qty[id] || g.Revenue.Amount != gatewaytest.Amount(rev[id], tc.Currency) || g.Product.Name != names[id] {
					t.Errorf("%s by %s #%d: %s %q x%d %s; want %s %q x%d %s", tc.ID, by, i+1,
						g.Product.ID, g.Product.Name, g.Quantity, g.Revenue.Amount, id, names[id], qty[id], gatewaytest.Amount(rev[id], tc.Currency))
				}
			}
		}
	}
}

func TestStockReports(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	for _, tc := range gatewaytest.Tenants(t, h.Env) {
		products := gatewaytest.RawProducts(t, h.Env, tc.ID)
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
		resp := h.Query(t, tc.Token, `{ inventoryValue { total { amount } productCount unitCount byCategory { category total { amount } } }
			low: lowStock { id lowStock } under20: lowStock(threshold: 20) { id } }`, nil)
		if len(resp.Errors) > 0 {
			t.Fatalf("%s: errors %+v", tc.ID, resp.Errors)
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
		if iv.Total.Amount != gatewaytest.Amount(total, tc.Currency) || iv.ProductCount != len(products) || iv.UnitCount != units {
			t.Errorf("%s: inventory %s, %d products, %d units; want %s, %d, %d", tc.ID, iv.Total.Amount, iv.ProductCount, iv.UnitCount, gatewaytest.Amount(total, tc.Currency), len(products), units)
		}
		if len(iv.ByCategory) != len(byCat) {
			t.Errorf("%s: %d categories; want %d", tc.ID, len(iv.ByCategory), len(byCat))
		}
		for i, c := range iv.ByCategory {
			if c.Total.Amount != gatewaytest.Amount(byCat[c.Category], tc.Currency) {
				t.Errorf("%s: %s worth %s; want %s", tc.ID, c.Category, c.Total.Amount, gatewaytest.Amount(byCat[c.Category], tc.Currency))
			}
			if i > 0 && byCat[iv.ByCategory[i-1].Category] < byCat[c.Category] {
				t.Errorf("%s: categories not by value descending", tc.ID)
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
				t.Fatalf("%s %s: the demo has no low stock to check", tc.ID, q.field)
			}
			if len(got) != len(q.want) {
				t.Fatalf("%s %s: %d products; want %d", tc.ID, q.field, len(got), len(q.want))
			}
			for i := range got {
				if got[i].ID != q.want[i] {
					t.Errorf("%s %s #%d: %s; want %s", tc.ID, q.field, i, got[i].ID, q.want[i])
				}
				if q.field == "low" && (got[i].LowStock == nil || !*got[i].LowStock) {
					t.Errorf("%s: %s listed as low but lowStock is not true", tc.ID, got[i].ID)
				}
			}
		}
	}
}

func TestTablesAndPendingOrders(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	for _, tc := range gatewaytest.Tenants(t, h.Env) {
		var tl demo.TableList
		h.Env.Get(t, clients.Restaurant, tc.ID, "/v1/tables", url.Values{}, &tl)
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
		pending := gatewaytest.RawOrders(t, h.Env, tc.ID, url.Values{"status": {"PENDING,IN_PROGRESS"}})
		resp := h.Query(t, tc.Token, `{ tableOccupancy { total occupied free reserved covers seats occupancyRate }
			pendingOrders { id status createdAt table { id status } } }`, nil)
		if len(resp.Errors) > 0 {
			t.Fatalf("%s: errors %+v", tc.ID, resp.Errors)
		}
		var occ struct {
			Total, Occupied, Free, Reserved, Covers, Seats int
			OccupancyRate                                  float64
		}
		resp.Field(t, "tableOccupancy", &occ)
		if occ.Total != len(tl.Tables) || occ.Occupied != occupied || occ.Free != free || occ.Reserved != reserved ||
			occ.Covers != covers || occ.Seats != seats || math.Abs(occ.OccupancyRate-float64(occupied)/float64(len(tl.Tables))) > 1e-9 {
			t.Errorf("%s: occupancy %+v; want %d tables, %d occupied, %d free, %d reserved, %d covers, %d seats",
				tc.ID, occ, len(tl.Tables), occupied, free, reserved, covers, seats)
		}
		if occupied == 0 || len(pending) == 0 {
			t.Fatalf("%s: the demo has no occupied tables or open orders now", tc.ID)
		}
		var got []struct {
			ID, Status, CreatedAt string
			Table                 *struct{ ID, Status string }
		}
		resp.Field(t, "pendingOrders", &got)
		if len(got) != len(pending) {
			t.Fatalf("%s: %d pending orders; want %d", tc.ID, len(got), len(pending))
		}
		for i, o := range got {
			if o.ID != pending[i].ID || o.Status != pending[i].Status {
				t.Errorf("%s: pending #%d %s %s; want %s %s", tc.ID, i, o.ID, o.Status, pending[i].ID, pending[i].Status)
			}
			if (o.Table == nil) != (pending[i].TableID == "") || o.Table != nil && o.Table.ID != pending[i].TableID {
				t.Errorf("%s: pending %s at table %+v; want %q", tc.ID, o.ID, o.Table, pending[i].TableID)
			}
		}
	}
}
