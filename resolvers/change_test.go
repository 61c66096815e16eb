package resolvers_test

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/gatewaytest"
)

// TestRevenueChange: for two ranges of three tenants (USD, EUR, and JPY
// with no minor unit), the takings, orders and each split's rows computed
// from the raw orders, payments and catalog, every split adding up to
// the change to the minor unit, and the effects rounded as documented.
func TestRevenueChange(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	type money struct{ Amount string }
	type row struct {
		Name, Kind                string
		Current, Previous, Change money
	}
	type period struct {
		From, To string
		Takings  money
		Orders   int
	}
	minor := func(a string) int64 {
		n, err := strconv.ParseInt(strings.Replace(a, ".", "", 1), 10, 64)
		if err != nil {
			t.Fatalf("an amount %q", a)
		}
		return n
	}
	cases := []struct {
		token, tenant, zone, currency string
		from, to, prevFrom, prevTo    string // prevFrom "": the default, a week back
	}{
		{"demo-owner", "bistro", "America/New_York", "USD", "2026-11-24", "2026-11-25", "", ""},
		{"demo-owner", "bistro", "America/New_York", "USD", "2026-11-02", "2026-11-08", "2026-10-26", "2026-11-01"}, // the clocks went back on the 1st
		{"cafe-owner", "cafe", "Europe/Berlin", "EUR", "2026-11-20", "2026-11-20", "", ""},
		{"izakaya-owner", "izakaya", "Asia/Tokyo", "JPY", "2026-11-16", "2026-11-22", "", ""},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s %s to %s", c.tenant, c.from, c.to), func(t *testing.T) {
			loc, _ := time.LoadLocation(c.zone)
			day := func(d string, plus int) time.Time {
				tm, _ := time.ParseInLocation(time.DateOnly, d, loc)
				return tm.AddDate(0, 0, plus)
			}
			vars := map[string]any{"r": map[string]any{"from": c.from, "to": c.to}}
			prevFrom, prevTo := c.prevFrom, c.prevTo
			if prevFrom == "" {
				days := int(day(c.to, 1).Sub(day(c.from, 0)).Hours()/24 + 0.5)
				back := (days + 6) / 7 * 7
				prevFrom, prevTo = day(c.from, -back).Format(time.DateOnly), day(c.to, -back).Format(time.DateOnly)
			} else {
				vars["c"] = map[string]any{"from": prevFrom, "to": prevTo}
			}
			var got struct {
				Current, Previous                       period
				Change, Volume, Ticket, Cross           money
				ByCategory, ByProduct, ByMethod, ByHour []row
			}
			r := h.Query(t, c.token, `query($r: DateRange, $c: DateRange) { revenueChange(range: $r, compareTo: $c, limit: 3) {
				current { from to takings { amount } orders } previous { from to takings { amount } orders }
				change { amount } volume { amount } ticket { amount } cross { amount }
				byCategory { name kind current { amount } previous { amount } change { amount } }
				byProduct { name kind current { amount } previous { amount } change { amount } }
				byMethod { name kind current { amount } previous { amount } change { amount } }
				byHour { name kind current { amount } previous { amount } change { amount } } } }`, vars)
			r.Field(t, "revenueChange", &got)
			if len(r.Errors) > 0 {
				t.Fatalf("errors %v", r.Errors)
			}

			// The raw figures of each range.
			type raw struct {
				takings, refunded int64
				orders            int
				methods, hours    map[string]int64
				categories        map[string]int64
				products          map[string]int64
			}
			names, categories := map[string]string{}, map[string]string{}
			for _, p := range gatewaytest.RawProducts(t, h.Env, c.tenant) {
				names[p.ID], categories[p.ID] = p.Name, p.Category
			}
			read := func(from, to string) raw {
				start, end := day(from, 0), day(to, 1)
				x := raw{methods: map[string]int64{}, hours: map[string]int64{}, categories: map[string]int64{}, products: map[string]int64{}}
				for _, p := range gatewaytest.RawPayments(t, h.Env, c.tenant, start, end) {
					hour := p.CreatedAt.In(loc).Format("15")
					switch p.Status {
					case "CAPTURED":
						x.takings += p.Amount
						x.methods[p.Method] += p.Amount
						x.hours[hour] += p.Amount
					case "REFUNDED":
						x.takings -= p.Amount
						x.refunded += p.Amount
						x.hours[hour] -= p.Amount
					}
				}
				for _, o := range gatewaytest.RawOrders(t, h.Env, c.tenant, gatewaytest.Window(start.Add(-time.Hour), end.Add(time.Hour))) {
					if o.Status != "COMPLETED" || o.CreatedAt.Before(start) || !o.CreatedAt.Before(end) {
						continue
					}
					x.orders++
					for _, it := range o.Items {
						x.categories[categories[it.ProductID]] += int64(it.Quantity) * it.UnitPrice
						x.products[names[it.ProductID]] += int64(it.Quantity) * it.UnitPrice
					}
				}
				return x
			}
			cur, prev := read(c.from, c.to), read(prevFrom, prevTo)
			amount := func(n int64) string { return gatewaytest.Amount(n, c.currency) }
			if got.Current.From != c.from || got.Previous.From != prevFrom || got.Previous.To != prevTo ||
				got.Current.Takings.Amount != amount(cur.takings) || got.Previous.Takings.Amount != amount(prev.takings) ||
				got.Current.Orders != cur.orders || got.Previous.Orders != prev.orders || got.Change.Amount != amount(cur.takings-prev.takings) {
				t.Errorf("the periods: %+v and %+v, change %s; want %s..%s %s %d orders, %s..%s %s %d orders",
					got.Current, got.Previous, got.Change.Amount, c.from, c.to, amount(cur.takings), cur.orders, prevFrom, prevTo, amount(prev.takings), prev.orders)
			}
			// The effects: exact, then rounded half away from zero.
			round := func(num, den *big.Int) int64 {
				q, m := new(big.Int).QuoRem(num, den, new(big.Int))
				if new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(new(big.Int).Abs(den)) >= 0 {
					q.Add(q, big.NewInt(int64(num.Sign()*den.Sign())))
				}
				return q.Int64()
			}
			n0, n1, t0, t1 := big.NewInt(int64(prev.orders)), big.NewInt(int64(cur.orders)), big.NewInt(prev.takings), big.NewInt(cur.takings)
			volume := round(new(big.Int).Mul(t0, new(big.Int).Sub(n1, n0)), n0)
			ticket := round(new(big.Int).Sub(new(big.Int).Mul(t1, n0), new(big.Int).Mul(t0, n1)), n1)
			if minor(got.Volume.Amount) != volume || minor(got.Ticket.Amount) != ticket ||
				minor(got.Volume.Amount)+minor(got.Ticket.Amount)+minor(got.Cross.Amount) != cur.takings-prev.takings {
				t.Errorf("effects %s + %s + %s; want %d + %d + the rest of %d", got.Volume.Amount, got.Ticket.Amount, got.Cross.Amount, volume, ticket, cur.takings-prev.takings)
			}

			for split, rows := range map[string][]row{"byCategory": got.ByCategory, "byProduct": got.ByProduct, "byMethod": got.ByMethod, "byHour": got.ByHour} {
				var sum int64
				for _, x := range rows {
					sum += minor(x.Change.Amount)
					var want [2]int64
					switch {
					case x.Kind == "ITEM" && split == "byCategory":
						want = [2]int64{cur.categories[x.Name], prev.categories[x.Name]}
					case x.Kind == "ITEM" && split == "byProduct":
						want = [2]int64{cur.products[x.Name], prev.products[x.Name]}
					case x.Kind == "ITEM" && split == "byMethod":
						want = [2]int64{cur.methods[x.Name], prev.methods[x.Name]}
					case x.Kind == "ITEM":
						want = [2]int64{cur.hours[x.Name], prev.hours[x.Name]}
					case x.Kind == "REFUNDS":
						want = [2]int64{-cur.refunded, -prev.refunded}
					default:
						continue // OTHERS and UNATTRIBUTED: the sum checks them
					}
					if minor(x.Current.Amount) != want[0] || minor(x.Previous.Amount) != want[1] || minor(x.Change.Amount) != want[0]-want[1] {
						t.Errorf("%s %s: %+v; want %d and %d", split, x.Name, x, want[0], want[1])
					}
				}
				if sum != cur.takings-prev.takings {
					t.Errorf("%s adds up to %d; the change is %d", split, sum, cur.takings-prev.takings)
				}
			}
			if len(got.ByHour) == 0 || len(got.ByMethod) < 2 || got.ByCategory[len(got.ByCategory)-1].Kind != "UNATTRIBUTED" {
				t.Errorf("splits: %d hours, %d methods, categories %v", len(got.ByHour), len(got.ByMethod), got.ByCategory)
			}
		})
	}
}
