package resolvers_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// TestBusyHours: the 7×24 grid, each cell computed from the raw orders
// and payments by the local weekday and hour of each row, the weekdays
// counted, and the busiest five; over New York's four weeks by default,
// three days around the night the clocks went back (a 25-hour Sunday),
// and Tokyo's four weeks. reports' TestBusyHours puts rows on the hours
// the clocks change and in a half-hour zone, which the demo never sells in.
func TestBusyHours(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	type cell struct {
		Weekday        string
		Hour           int
		Revenue        gatewaytest.Money
		Orders, Covers int
	}
	names := []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}
	cases := []struct {
		name, token, tenant, zone, currency string
		from, to                            string // "" for the default
	}{
		{"New York, four weeks", "demo-owner", "bistro", "America/New_York", "USD", "", ""},
		{"New York, the night the clocks went back", "demo-owner", "bistro", "America/New_York", "USD", "2026-10-31", "2026-11-02"},
		{"Tokyo, four weeks", "izakaya-owner", "izakaya", "Asia/Tokyo", "JPY", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			loc, _ := time.LoadLocation(c.zone)
			now := demotest.Now.In(loc)
			today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
			start, end := today.AddDate(0, 0, -28), today
			vars := map[string]any{}
			if c.from != "" {
				f, _ := time.ParseInLocation(time.DateOnly, c.from, loc)
				to, _ := time.ParseInLocation(time.DateOnly, c.to, loc)
				start, end = f, to.AddDate(0, 0, 1)
				vars["r"] = map[string]any{"from": c.from, "to": c.to}
			}
			var want [7][24]cell
			var revenue [7][24]int64
			at := func(tm time.Time) (int, int) { l := tm.In(loc); return (int(l.Weekday()) + 6) % 7, l.Hour() }
			for _, o := range gatewaytest.RawOrders(t, h.Env, c.tenant, gatewaytest.Window(start.Add(-time.Hour), end.Add(time.Hour))) {
				if o.Status == "COMPLETED" && !o.CreatedAt.Before(start) && o.CreatedAt.Before(end) {
					d, hr := at(o.CreatedAt)
					want[d][hr].Orders++
					want[d][hr].Covers += o.Covers
				}
			}
			for _, p := range gatewaytest.RawPayments(t, h.Env, c.tenant, start, end) {
				d, hr := at(p.CreatedAt)
				switch p.Status {
				case "CAPTURED":
					revenue[d][hr] += p.Amount
				case "REFUNDED":
					revenue[d][hr] -= p.Amount
				}
			}
			var days [7]int
			for d := start; d.Before(end); d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc) {
				days[(int(d.Weekday())+6)%7]++
			}
			var got struct {
				Weekdays []int
				Cells    []cell
				Busiest  []cell
			}
			r := h.Query(t, c.token, `query($r: DateRange) { busyHours(range: $r) { weekdays cells { weekday hour revenue { amount } orders covers } busiest { weekday hour revenue { amount } orders } } }`, vars)
			r.Field(t, "busyHours", &got)
			if len(got.Cells) != 168 || fmt.Sprint(got.Weekdays) != fmt.Sprint(days[:]) {
				t.Fatalf("%d cells, weekdays %v; want 168 and %v (errors %v)", len(got.Cells), got.Weekdays, days, r.Errors)
			}
			for i, g := range got.Cells {
				d, hr := i/24, i%24
				w := want[d][hr]
				w.Weekday, w.Hour, w.Revenue.Amount = names[d], hr, gatewaytest.Amount(revenue[d][hr], c.currency)
				if g.Weekday != w.Weekday || g.Hour != w.Hour || g.Revenue.Amount != w.Revenue.Amount || g.Orders != w.Orders || g.Covers != w.Covers {
					t.Errorf("cell %d: %+v; want %+v", i, g, w)
				}
			}
			var last int64
			for i, b := range got.Busiest {
				d := slices.Index(names, b.Weekday)
				rev := revenue[d][b.Hour]
				if b.Revenue.Amount != gatewaytest.Amount(rev, c.currency) || b.Orders != want[d][b.Hour].Orders || i > 0 && rev > last {
					t.Errorf("busiest %d: %+v, after %d; want its cell's figures, by revenue", i, b, last)
				}
				last = rev
			}
			if len(got.Busiest) != 5 {
				t.Errorf("%d busiest; want 5", len(got.Busiest))
			}
			if strings.Contains(string(r.Raw), `"errors"`) {
				t.Errorf("errors: %s", r.Errors)
			}
		})
	}
}
