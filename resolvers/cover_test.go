package resolvers_test

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// TestStockCover: for each demo tenant (New York across the clocks going
// back, Berlin, Tokyo) and look-back, each product's daily sales, days
// left and run-out date computed by hand from the raw orders and stock,
// in the order the field promises; a threshold keeps the soonest.
func TestStockCover(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	type cover struct {
		Product    struct{ ID, Name string }
		Stock      int
		DailySales float64
		DaysLeft   *float64
		RunsOutOn  *string
	}
	cases := []struct {
		token, tenant, zone string
		days                int
		threshold           *float64
	}{
		{"demo-owner", "bistro", "America/New_York", 28, nil}, // from 29 October: the clocks went back on 1 November
		{"demo-owner", "bistro", "America/New_York", 1, nil},
		{"cafe-owner", "cafe", "Europe/Berlin", 7, nil},
		{"izakaya-owner", "izakaya", "Asia/Tokyo", 28, ptr(20.0)},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s %d days", c.tenant, c.days), func(t *testing.T) {
			loc, _ := time.LoadLocation(c.zone)
			now := demotest.Now.In(loc)
			today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
			from := today.AddDate(0, 0, -c.days)
			units := map[string]int{}
			for _, o := range gatewaytest.RawOrders(t, h.Env, c.tenant, gatewaytest.Window(from.Add(-time.Hour), today.Add(time.Hour))) {
				if o.Status == "COMPLETED" && !o.CreatedAt.Before(from) && o.CreatedAt.Before(today) {
					for _, it := range o.Items {
						units[it.ProductID] += it.Quantity
					}
				}
			}
			var want []cover
			for _, p := range gatewaytest.RawProducts(t, h.Env, c.tenant) {
				w := cover{Stock: p.Stock, DailySales: float64(units[p.ID]) / float64(c.days)}
				w.Product.ID, w.Product.Name = p.ID, p.Name
				if units[p.ID] > 0 {
					left := float64(max(p.Stock, 0)) * float64(c.days) / float64(units[p.ID])
					on := today.AddDate(0, 0, int(math.Floor(left))).Format(time.DateOnly)
					w.DaysLeft, w.RunsOutOn = &left, &on
				}
				if c.threshold == nil || w.DaysLeft != nil && *w.DaysLeft <= *c.threshold {
					want = append(want, w)
				}
			}
			slices.SortFunc(want, func(a, b cover) int {
				if (a.DaysLeft == nil) != (b.DaysLeft == nil) {
					return map[bool]int{true: 1, false: -1}[a.DaysLeft == nil]
				}
				if a.DaysLeft != nil {
					if d := cmp.Compare(*a.DaysLeft, *b.DaysLeft); d != 0 {
						return d
					}
				}
				return cmp.Or(cmp.Compare(a.Product.Name, b.Product.Name), cmp.Compare(a.Product.ID, b.Product.ID))
			})
			var got []cover
			r := h.Query(t, c.token, `query($t: Float, $d: Int) { stockCover(threshold: $t, lookbackDays: $d) { product { id name } stock dailySales daysLeft runsOutOn } }`,
				map[string]any{"t": c.threshold, "d": c.days})
			r.Field(t, "stockCover", &got)
			if len(got) != len(want) || len(want) == 0 {
				t.Fatalf("%d products; want %d (errors %v)", len(got), len(want), r.Errors)
			}
			for i := range want {
				g, w := got[i], want[i]
				if g.Product != w.Product || g.Stock != w.Stock || math.Abs(g.DailySales-w.DailySales) > 1e-9 ||
					(g.DaysLeft == nil) != (w.DaysLeft == nil) || g.DaysLeft != nil && (math.Abs(*g.DaysLeft-*w.DaysLeft) > 1e-9 || *g.RunsOutOn != *w.RunsOutOn) {
					t.Errorf("row %d: %+v; want %+v", i, g, w)
				}
			}
		})
	}
	for _, bad := range []string{`{ stockCover(lookbackDays: 0) { stock } }`, `{ stockCover(lookbackDays: 366) { stock } }`, `{ stockCover(threshold: -1) { stock } }`} {
		if r := h.Query(t, "demo-owner", bad, nil); r.ErrorAt("stockCover") == nil || r.ErrorAt("stockCover").Extensions["code"] != "BAD_USER_INPUT" {
			t.Errorf("%s: %s; want BAD_USER_INPUT", bad, r.Raw)
		}
	}
	if r := h.Query(t, "demo-cashier", `{ stockCover { stock } }`, nil); r.ErrorAt("stockCover") == nil || r.ErrorAt("stockCover").Extensions["code"] != "FORBIDDEN" {
		t.Errorf("the cashier: %s; want FORBIDDEN", r.Raw)
	}
}

func ptr[T any](v T) *T { return &v }
