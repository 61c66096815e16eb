package gateway_test

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// longQuery asks every aggregate of one range.
const longQuery = `query($r: DateRange) {
	revenue(range: $r) { total { amount } orderCount averageOrderValue { amount } refunds { amount }
		byMethod { method count amount { amount } } }
	paymentMethods(range: $r) { method count amount { amount } }
	bestSellers(range: $r, limit: 100) { product { id } quantity revenue { amount } }
}`

// aggregates is what longQuery answered, or what the raw rows say it must.
type aggregates struct {
	total, refunds, average string
	orders                  int
	methods                 []string // method:count:amount, highest first as answered
	sold                    []string // id:quantity:revenue, sorted
}

func answered(t *testing.T, resp response) aggregates {
	t.Helper()
	if len(resp.Errors) > 0 {
		t.Fatalf("errors %+v", resp.Errors)
	}
	type money struct{ Amount string }
	type share struct {
		Method string
		Count  int
		Amount money
	}
	var rev struct {
		Total             money
		OrderCount        int
		AverageOrderValue money
		Refunds           money
		ByMethod          []share
	}
	resp.Field(t, "revenue", &rev)
	var methods []share
	resp.Field(t, "paymentMethods", &methods)
	var best []struct {
		Product  struct{ ID string }
		Quantity int
		Revenue  money
	}
	resp.Field(t, "bestSellers", &best)
	a := aggregates{total: rev.Total.Amount, refunds: rev.Refunds.Amount, average: rev.AverageOrderValue.Amount, orders: rev.OrderCount}
	for _, m := range rev.ByMethod {
		a.methods = append(a.methods, fmt.Sprintf("%s:%d:%s", m.Method, m.Count, m.Amount.Amount))
	}
	if fmt.Sprint(methods) != fmt.Sprint(rev.ByMethod) {
		t.Errorf("paymentMethods %v differ from revenue.byMethod %v", methods, rev.ByMethod)
	}
	for _, s := range best {
		a.sold = append(a.sold, fmt.Sprintf("%s:%d:%s", s.Product.ID, s.Quantity, s.Revenue.Amount))
	}
	slices.Sort(a.sold)
	return a
}

// fromRows computes the aggregates of [from, to) from the raw rows.
func fromRows(o *oracle, from, to time.Time) aggregates {
	p := from.In(o.Loc).Format(time.DateOnly) + ".." + to.In(o.Loc).AddDate(0, 0, -1).Format(time.DateOnly)
	tk := o.Takings(p)
	a := aggregates{total: gatewaytest.Amount(tk.Total, o.Currency), refunds: gatewaytest.Amount(tk.Refunds, o.Currency),
		average: gatewaytest.Amount(tk.Average, o.Currency), orders: tk.Completed}
	methods := []string{"CARD", "CASH", "MOBILE", "VOUCHER"}
	slices.SortStableFunc(methods, func(x, y string) int { return int(tk.ByMethod[y] - tk.ByMethod[x]) })
	for _, m := range methods {
		a.methods = append(a.methods, fmt.Sprintf("%s:%d:%s", m, tk.CountByMethod[m], gatewaytest.Amount(tk.ByMethod[m], o.Currency)))
	}
	for _, s := range o.Sales(p, "") {
		a.sold = append(a.sold, fmt.Sprintf("%s:%d:%s", s.ID, s.Qty, gatewaytest.Amount(s.Revenue, o.Currency)))
	}
	slices.Sort(a.sold)
	return a
}

func sameAggregates(t *testing.T, what string, got, want aggregates) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s:\ngot  %+v\nwant %+v", what, got, want)
	}
}

// TestLongRanges checks every aggregate of long ranges against the raw
// rows, for each tenant (USD in New York, EUR in Berlin, JPY in Tokyo),
// over ranges that cross a daylight-saving change, cold and then with
// the closed days kept: the second asking reads only what is still open.
func TestLongRanges(t *testing.T) {
	h := newHarness(t)
	for _, tc := range gatewaytest.Tenants(t, h.Env) {
		o := gatewaytest.NewOracle(t, h.Env, tc)
		today := o.Day(0)
		ranges := []struct {
			name           string
			from, to       time.Time
			warmOrderCalls int // orders calls once the closed days are kept
		}{
			{"last 30 days", today.AddDate(0, 0, -29), today.AddDate(0, 0, 1), 1},
			{"last month", time.Date(today.Year(), today.Month()-1, 1, 0, 0, 0, 0, o.Loc), time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, o.Loc), 0},
			{"across the clocks going back", time.Date(2026, 10, 20, 0, 0, 0, 0, o.Loc), time.Date(2026, 11, 8, 0, 0, 0, 0, o.Loc), 0},
			{"89 days to yesterday", today.AddDate(0, 0, -89), today, 0},
		}
		for _, r := range ranges {
			t.Run(tc.ID+"/"+r.name, func(t *testing.T) {
				want := fromRows(o, r.from, r.to)
				cold := h.Query(t, tc.Token, longQuery, gatewaytest.RangeVar(r.from, r.to, o.Loc))
				sameAggregates(t, "cold", answered(t, cold), want)
				h.Env.Reset()
				warm := h.Query(t, tc.Token, longQuery, gatewaytest.RangeVar(r.from, r.to, o.Loc))
				sameAggregates(t, "warm", answered(t, warm), want)
				if n := len(h.Env.Calls(clients.Orders)); n != r.warmOrderCalls {
					t.Errorf("asked again: %d orders calls %v; want %d", n, h.Env.Calls(clients.Orders), r.warmOrderCalls)
				}
				if n := len(h.Env.Calls(clients.Payments)); n != r.warmOrderCalls {
					t.Errorf("asked again: %d payments calls; want %d", n, r.warmOrderCalls)
				}
			})
		}
	}
}

// TestSequenceOnDemo asks the demo, on a fresh gateway, this month and
// then last month (the first teaches the windows each tenant's density,
// so the second is cut at other instants), then last month again from
// the kept days: every answer is the raw rows'.
func TestSequenceOnDemo(t *testing.T) {
	h := newHarness(t)
	for _, tc := range gatewaytest.Tenants(t, h.Env) {
		o := gatewaytest.NewOracle(t, h.Env, tc)
		today := o.Day(0)
		this := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, o.Loc)
		last := this.AddDate(0, -1, 0)
		for i, a := range []struct {
			period   string
			from, to time.Time
		}{{"THIS_MONTH", this, this.AddDate(0, 1, 0)}, {"LAST_MONTH", last, this}, {"LAST_MONTH", last, this}} {
			resp := h.Query(t, tc.Token, longQuery, map[string]any{"r": map[string]any{"period": a.period}})
			sameAggregates(t, fmt.Sprintf("%s, question %d (%s)", tc.ID, i+1, a.period), answered(t, resp), fromRows(o, a.from, a.to))
		}
	}
}

// TestLongRangeWindows checks that a cold month is read in windows
// fetched at once, reported in extensions.services.
func TestLongRangeWindows(t *testing.T) {
	h := newHarness(t)
	resp := h.Query(t, "demo-owner", longQuery, map[string]any{"r": map[string]any{"period": "LAST_30_DAYS"}})
	for _, s := range []string{"orders", "payments"} {
		meta := resp.Services(t)[s]
		if meta.Windows < 2 || meta.Calls < meta.Windows {
			t.Errorf("%s: %+v; want the month read in several windows", s, meta)
		}
	}
}

// TestAcrossMidnight moves the clock of the demo and the gateway across
// the bistro's midnight: before the grace period ends the day that just
// closed is still read from its rows, after it from the store, and every
// answer matches the rows as the services have them then.
func TestAcrossMidnight(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	var now atomic.Pointer[time.Time]
	set := func(t time.Time) { now.Store(&t) }
	clock := func() time.Time { return *now.Load() }
	set(time.Date(2026, 11, 26, 23, 30, 0, 0, ny))
	env := demotest.StartClock(t, clock)
	h := serve(t, env, with(options(env.Client(t, time.Second)), func(o *gateway.Options) {
		o.Now = clock
	}))
	tc := tenantCase{Token: "demo-owner", ID: "bistro", Loc: ny, Currency: "USD"}
	for _, step := range []struct {
		name string
		at   time.Time
	}{
		{"before midnight", time.Date(2026, 11, 26, 23, 30, 0, 0, ny)},
		{"within the grace period", time.Date(2026, 11, 27, 0, 30, 0, 0, ny)},
		{"after it", time.Date(2026, 11, 27, 1, 30, 0, 0, ny)},
		{"a day later", time.Date(2026, 11, 28, 9, 0, 0, 0, ny)},
	} {
		set(step.at)
		o := gatewaytest.NewOracle(t, h.Env, tc)
		o.Now = step.at
		from, to := o.Day(-6), o.Day(1)
		resp := h.Query(t, tc.Token, longQuery, gatewaytest.RangeVar(from, to, ny))
		sameAggregates(t, step.name, answered(t, resp), fromRows(o, from, to))
	}
}

// TestLongRangeFailure checks that with the closed days kept a failing
// service costs only the fields that need it, and only where a range
// still needs its rows.
func TestLongRangeFailure(t *testing.T) {
	h := newHarness(t)
	month := map[string]any{"r": map[string]any{"period": "LAST_MONTH"}}
	recent := map[string]any{"r": map[string]any{"period": "LAST_30_DAYS"}}
	h.Query(t, "demo-owner", longQuery, month)
	h.Query(t, "demo-owner", longQuery, recent)
	h.Env.Demo.SetFaults(faults.Set{clients.Payments: {Mode: "down"}})
	defer h.Env.Demo.SetFaults(nil)
	if resp := h.Query(t, "demo-owner", longQuery, month); len(resp.Errors) > 0 {
		t.Errorf("last month, all days kept, with payments down: %+v", resp.Errors)
	}
	resp := h.Query(t, "demo-owner", `query($r: DateRange) { revenue(range: $r) { total { amount } orderCount } }`, recent)
	var paths []string
	for _, e := range resp.Errors {
		paths = append(paths, fmt.Sprint(e.Path))
	}
	var rev struct{ OrderCount *int }
	resp.Field(t, "revenue", &rev)
	if rev.OrderCount == nil || len(paths) != 1 || !strings.Contains(paths[0], "total") {
		t.Errorf("the last 30 days with payments down: errors at %v, order count %v; want only the total to fail", paths, rev.OrderCount)
	}
}
