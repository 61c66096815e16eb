package resolvers_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// TestUnusual: today up to now and a past day whole, against the same
// weekday of the four weeks before up to the same local time, every
// figure, its low, high, position and distance computed from the raw
// payments, orders and catalog.
func TestUnusual(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	type value struct {
		Money *gatewaytest.Money
		Count *int
		Share *float64
	}
	type figure struct {
		Kind                        string
		Key                         *string
		Value, Low, High, OutsideBy value
		Position                    string
	}
	cases := []struct {
		token, tenant, zone, currency, date string // date "": today
	}{
		{"demo-owner", "bistro", "America/New_York", "USD", ""},
		{"demo-owner", "bistro", "America/New_York", "USD", "2026-11-24"},
		{"izakaya-owner", "izakaya", "Asia/Tokyo", "JPY", ""},
	}
	for _, c := range cases {
		t.Run(c.tenant+" "+c.date, func(t *testing.T) {
			loc, _ := time.LoadLocation(c.zone)
			now := demotest.Now.Truncate(time.Minute).In(loc)
			day, until := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc), now
			vars := map[string]any{}
			if c.date != "" {
				day, _ = time.ParseInLocation(time.DateOnly, c.date, loc)
				until = day.AddDate(0, 0, 1)
				vars["r"] = map[string]any{"from": c.date, "to": c.date}
			}
			categories := map[string]string{}
			for _, p := range gatewaytest.RawProducts(t, h.Env, c.tenant) {
				categories[p.ID] = p.Category
			}
			// figures of week k back: key -> [int, share*1e15]
			type fig struct {
				n     int64
				share float64
				isSh  bool
			}
			read := func(k int) map[string]fig {
				start := day.AddDate(0, 0, -7*k)
				end := time.Date(start.Year(), start.Month(), start.Day(), until.Hour(), until.Minute(), 0, 0, loc)
				if c.date != "" {
					end = start.AddDate(0, 0, 1)
				}
				out := map[string]fig{}
				var captured, takings int64
				methods := map[string]int64{}
				for _, p := range gatewaytest.RawPayments(t, h.Env, c.tenant, start, end) {
					switch p.Status {
					case "CAPTURED":
						captured += p.Amount
						takings += p.Amount
						methods[p.Method] += p.Amount
					case "REFUNDED":
						takings -= p.Amount
					}
				}
				orders := 0
				units := map[string]int64{}
				for _, o := range gatewaytest.RawOrders(t, h.Env, c.tenant, gatewaytest.Window(start.Add(-time.Hour), end.Add(time.Hour))) {
					if o.Status == "COMPLETED" && !o.CreatedAt.Before(start) && o.CreatedAt.Before(end) {
						orders++
						for _, it := range o.Items {
							units[categories[it.ProductID]] += int64(it.Quantity)
						}
					}
				}
				out["REVENUE"] = fig{n: takings}
				out["ORDERS"] = fig{n: int64(orders)}
				if orders > 0 {
					q := float64(takings) / float64(orders)
					out["AVERAGE_TICKET"] = fig{n: int64(math.Copysign(math.Floor(math.Abs(q)+0.5), q))}
				}
				for m, a := range methods {
					out["METHOD_SHARE "+m] = fig{share: float64(a) / float64(captured), isSh: true}
				}
				for cat, n := range units {
					out["CATEGORY_UNITS "+cat] = fig{n: n}
				}
				return out
			}
			weeks := []map[string]fig{read(0), read(1), read(2), read(3), read(4)}
			var got struct{ Figures []figure }
			r := h.Query(t, c.token, `query($r: DateRange) { unusual(range: $r) { figures { kind key position
				value { money { amount } count share } low { money { amount } count share } high { money { amount } count share } outsideBy { money { amount } count share } } } }`, vars)
			r.Field(t, "unusual", &got)
			if len(r.Errors) > 0 || len(got.Figures) < 5 {
				t.Fatalf("%d figures, errors %v", len(got.Figures), r.Errors)
			}
			read1 := func(v value) float64 {
				switch {
				case v.Share != nil:
					return *v.Share
				case v.Count != nil:
					return float64(*v.Count)
				}
				var n float64
				fmt.Sscan(v.Money.Amount, &n)
				if c.currency == "USD" {
					return math.Round(n * 100)
				}
				return n
			}
			outside := true
			for _, f := range got.Figures {
				key := f.Kind
				if f.Key != nil {
					key += " " + *f.Key
				}
				at := func(k int) (float64, bool) {
					x, ok := weeks[k][key]
					if !ok && (f.Kind == "CATEGORY_UNITS" || f.Kind == "METHOD_SHARE" && weeks[k]["REVENUE"].n != 0) {
						return 0, true // none sold, or none of the captured
					}
					if x.isSh {
						return x.share, ok
					}
					return float64(x.n), ok
				}
				want, ok := at(0)
				lo, hi := math.Inf(1), math.Inf(-1)
				for k := 1; k <= 4; k++ {
					if x, ok := at(k); ok {
						lo, hi = math.Min(lo, x), math.Max(hi, x)
					}
				}
				pos, by := "WITHIN", 0.0
				if want > hi {
					pos, by = "ABOVE", want-hi
				} else if want < lo {
					pos, by = "BELOW", lo-want
				}
				near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
				if !ok || !near(read1(f.Value), want) || !near(read1(f.Low), lo) || !near(read1(f.High), hi) || f.Position != pos || !near(read1(f.OutsideBy), by) {
					t.Errorf("%s: %+v; want %v in [%v, %v], %s by %v", key, f, want, lo, hi, pos, by)
				}
				if f.Position != "WITHIN" && !outside {
					t.Errorf("%s is outside after one within", key)
				}
				outside = f.Position != "WITHIN"
			}
		})
	}
}
