package resolvers_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/gatewaytest"
)

const seriesQuery = `query($r: DateRange, $i: Interval!, $c: DateRange) {
	revenueSeries(range: $r, interval: $i, compareTo: $c) {
		start revenue { amount currency } orders covers
		comparison { start revenue { amount } orders covers }
	}
	revenue(range: $r) { total { amount } orderCount }
}`

type seriesPoint struct {
	Start   time.Time
	Revenue struct{ Amount, Currency string }
	Orders  int
	Covers  int
	// Comparison is the aligned point of the compareTo range.
	Comparison *struct {
		Start   time.Time
		Revenue struct{ Amount string }
		Orders  int
		Covers  int
	}
}

// bucketFromRows is what a bucket [from, to) holds by the raw rows.
func bucketFromRows(o *gatewaytest.Oracle, from, to time.Time) (revenue int64, orders, covers int) {
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	for _, p := range o.Payments {
		switch {
		case !in(p.CreatedAt):
		case p.Status == demo.PaymentCaptured:
			revenue += p.Amount
		case p.Status == demo.PaymentRefunded:
			revenue -= p.Amount
		}
	}
	for _, od := range o.Orders {
		if in(od.CreatedAt) && od.Status == demo.OrderCompleted {
			orders++
			covers += od.Covers
		}
	}
	return revenue, orders, covers
}

// TestRevenueSeries checks every bucket of hourly and daily series, and
// their comparisons, against the raw rows for each tenant (New York,
// Berlin, Tokyo), across both of autumn 2026's clock changes: 25 hours
// on the night the clocks go back where they do, every bucket present,
// and the points summing to revenue's total.
func TestRevenueSeries(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	for _, tc := range gatewaytest.Tenants(t, h.Env) {
		o := gatewaytest.NewOracle(t, h.Env, tc)
		day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, o.Loc) }
		today := o.Day(0)
		// 72 hours, or 73 where zone's clocks go back an hour in them.
		threeDays := func(zone string) int {
			if tc.Loc.String() == zone {
				return 73
			}
			return 72
		}
		cases := []struct {
			name             string
			from, to         time.Time // to exclusive
			hourly           bool
			wantPoints       int
			compFrom, compTo time.Time // zero: no comparison
		}{
			{"today by hour, against the same day last week", today, today.AddDate(0, 0, 1), true, 24, today.AddDate(0, 0, -7), today.AddDate(0, 0, -6)},
			{"the US clocks going back, by hour", day(2026, 10, 31), day(2026, 11, 3), true, threeDays("America/New_York"), time.Time{}, time.Time{}},
			{"the EU clocks going back, by hour", day(2026, 10, 24), day(2026, 10, 27), true, threeDays("Europe/Berlin"), time.Time{}, time.Time{}},
			{"three weeks by day, against the three before", day(2026, 10, 20), day(2026, 11, 10), false, 21, day(2026, 9, 29), day(2026, 10, 20)},
		}
		for _, c := range cases {
			t.Run(tc.ID+"/"+c.name, func(t *testing.T) {
				interval := "DAY"
				if c.hourly {
					interval = "HOUR"
				}
				vars := gatewaytest.RangeVar(c.from, c.to, o.Loc)
				vars["i"] = interval
				if !c.compFrom.IsZero() {
					vars["c"] = gatewaytest.RangeVar(c.compFrom, c.compTo, o.Loc)["r"]
				}
				resp := h.Query(t, tc.Token, seriesQuery, vars)
				if len(resp.Errors) > 0 {
					t.Fatalf("errors %+v", resp.Errors)
				}
				// Asked again, the closed days come from the store: the same.
				if again := h.Query(t, tc.Token, seriesQuery, vars); string(again.Data["revenueSeries"]) != string(resp.Data["revenueSeries"]) {
					t.Errorf("asked again: %s\nfirst: %s", again.Data["revenueSeries"], resp.Data["revenueSeries"])
				}
				var points []seriesPoint
				resp.Field(t, "revenueSeries", &points)
				if len(points) != c.wantPoints {
					t.Fatalf("%d points; want %d", len(points), c.wantPoints)
				}
				next := func(s time.Time) time.Time {
					if c.hourly {
						return s.Add(time.Hour)
					}
					l := s.In(o.Loc)
					return day(l.Year(), l.Month(), l.Day()+1)
				}
				var sum int64
				start, compStart := c.from, c.compFrom
				for i, p := range points {
					rev, orders, covers := bucketFromRows(o, start, next(start))
					sum += rev
					got := fmt.Sprintf("%s %s %s %d %d", p.Start.Format(time.RFC3339), p.Revenue.Amount, p.Revenue.Currency, p.Orders, p.Covers)
					want := fmt.Sprintf("%s %s %s %d %d", start.Format(time.RFC3339), gatewaytest.Amount(rev, o.Currency), o.Currency, orders, covers)
					if got != want {
						t.Errorf("point %d: got %s; want %s", i, got, want)
					}
					if !c.compFrom.IsZero() {
						rev, orders, covers := bucketFromRows(o, compStart, next(compStart))
						want := fmt.Sprintf("%s %s %d %d", compStart.Format(time.RFC3339), gatewaytest.Amount(rev, o.Currency), orders, covers)
						if p.Comparison == nil {
							t.Errorf("point %d has no comparison; want %s", i, want)
						} else if got := fmt.Sprintf("%s %s %d %d", p.Comparison.Start.Format(time.RFC3339), p.Comparison.Revenue.Amount, p.Comparison.Orders, p.Comparison.Covers); got != want {
							t.Errorf("comparison %d: got %s; want %s", i, got, want)
						}
						compStart = next(compStart)
					}
					start = next(start)
				}
				if !start.Equal(c.to) {
					t.Errorf("the buckets end at %v; want %v", start, c.to)
				}
				var rev struct{ Total struct{ Amount string } }
				resp.Field(t, "revenue", &rev)
				if gatewaytest.Amount(sum, o.Currency) != rev.Total.Amount {
					t.Errorf("the points sum to %s; revenue.total is %s", gatewaytest.Amount(sum, o.Currency), rev.Total.Amount)
				}
			})
		}
	}
}

// TestRevenueSeriesRefusals checks the bounds and the permission.
func TestRevenueSeriesRefusals(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	tests := []struct {
		name, token string
		vars        map[string]any
		code        string
	}{
		{"eight days by hour", "demo-owner", map[string]any{"i": "HOUR", "r": map[string]any{"from": "2026-11-01", "to": "2026-11-08"}}, "BAD_USER_INPUT"},
		{"a comparison of eight days by hour", "demo-owner", map[string]any{"i": "HOUR", "c": map[string]any{"from": "2026-11-01", "to": "2026-11-08"}}, "BAD_USER_INPUT"},
		{"an impossible date", "demo-owner", map[string]any{"i": "DAY", "r": map[string]any{"from": "2026-02-30", "to": "2026-03-01"}}, "BAD_USER_INPUT"},
		{"a cashier", "demo-cashier", map[string]any{"i": "DAY"}, "FORBIDDEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.Query(t, tt.token, `query($r: DateRange, $i: Interval!, $c: DateRange) { revenueSeries(range: $r, interval: $i, compareTo: $c) { start } }`, tt.vars)
			e := resp.ErrorAt("revenueSeries")
			if e == nil || e.Extensions["code"] != tt.code || string(resp.Data["revenueSeries"]) != "null" {
				t.Errorf("got %s %+v; want revenueSeries null with %s", resp.Data["revenueSeries"], resp.Errors, tt.code)
			}
		})
	}
}

// TestRevenueSeriesReads checks that a series shares its range's reads
// with the other aggregates: one orders call and one payments call.
func TestRevenueSeriesReads(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	h.Query(t, "demo-owner", `{ me { name } }`, nil)
	h.Env.Reset()
	resp := h.Query(t, "demo-owner", `{ revenueSeries(interval: HOUR) { orders } revenue { total { amount } orderCount } paymentMethods { count } }`, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("errors %+v", resp.Errors)
	}
	if o, p := len(h.Env.Calls(clients.Orders)), len(h.Env.Calls(clients.Payments)); o != 1 || p != 1 {
		t.Errorf("%d orders and %d payments calls; want one each", o, p)
	}
}
