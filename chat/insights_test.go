package chat_test

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// The owner insights' expected sentences, from the raw rows alone.

// busyWants: the busiest hour (or day, on average) of the 28 days before
// today, by takings, orders or covers, ties to the earlier in the week.
func busyWants(o *gatewaytest.Oracle, s map[string]string) []string {
	from, to := o.Day(-28), o.Day(0)
	type slot struct {
		revenue        int64
		orders, covers int
		weekday, hour  int
	}
	var week [7][24]slot
	at := func(t time.Time) *slot { l := t.In(o.Loc); return &week[(int(l.Weekday())+6)%7][l.Hour()] }
	for _, p := range o.Payments {
		if !gatewaytest.In(p.CreatedAt, from, to) {
			continue
		}
		switch p.Status {
		case demo.PaymentCaptured:
			at(p.CreatedAt).revenue += p.Amount
		case demo.PaymentRefunded:
			at(p.CreatedAt).revenue -= p.Amount
		}
	}
	for _, ord := range o.Orders {
		if ord.Status == demo.OrderCompleted && gatewaytest.In(ord.CreatedAt, from, to) {
			at(ord.CreatedAt).orders++
			at(ord.CreatedAt).covers += ord.Covers
		}
	}
	var slots []slot
	for d := range week {
		day := slot{weekday: d}
		for h, x := range week[d] {
			x.weekday, x.hour = d, h
			slots = append(slots, x)
			day.revenue += x.revenue
			day.orders += x.orders
			day.covers += x.covers
		}
		if s["split"] == "day" {
			slots = slots[:len(slots)-24]
			slots = append(slots, slot{revenue: halfAway(day.revenue, 4), orders: int(halfAway(int64(day.orders), 4)),
				covers: int(halfAway(int64(day.covers), 4)), weekday: d})
		}
	}
	measure := func(x slot) int64 {
		switch s["metric"] {
		case "orders":
			return int64(x.orders)
		case "covers":
			return int64(x.covers)
		}
		return x.revenue
	}
	best := slices.MaxFunc(slots, func(a, b slot) int { return cmp.Compare(measure(a), measure(b)) })
	money := gatewaytest.Display(best.revenue, o.Currency)
	when := time.Weekday((best.weekday + 1) % 7).String()
	if s["split"] != "day" {
		when += fmt.Sprintf(" %02d:00", best.hour)
	}
	switch s["metric"] {
	case "orders":
		return []string{fmt.Sprintf("were %s (%s order", when, gatewaytest.Number(best.orders)), money}
	case "covers":
		return []string{fmt.Sprintf("were %s (%s cover", when, gatewaytest.Number(best.covers)), money}
	}
	return []string{fmt.Sprintf("were %s (%s, %s order", when, money, gatewaytest.Number(best.orders))}
}

// halfAway is v/n rounded half away from zero.
func halfAway(v, n int64) int64 {
	if v < 0 {
		return -halfAway(-v, n)
	}
	return (2*v + n) / (2 * n)
}

// changeWants: both periods' takings, the change, the orders, and the
// biggest mover of the split the way the takings went. Without a
// comparison, the period is set against as many days whole weeks before.
func changeWants(o *gatewaytest.Oracle, s map[string]string) []string {
	money := func(v int64) string { return gatewaytest.Display(v, o.Currency) }
	cur, prev := s["period"], s["compare"]
	if prev == "" {
		f, t := o.Bounds(cur)
		days := int(math.Round(t.Sub(f).Hours() / 24))
		back := (days + 6) / 7 * 7
		prev = f.AddDate(0, 0, -back).Format(time.DateOnly) + ".." + t.AddDate(0, 0, -back-1).Format(time.DateOnly)
	}
	a, b := o.Takings(cur), o.Takings(prev)
	diff := a.Total - b.Total
	out := []string{money(a.Total), money(b.Total), money(abs64(diff)), gatewaytest.Number(a.Completed) + " order"}
	if diff == 0 {
		return out
	}
	moves := map[string]int64{}
	switch s["split"] {
	case "", "category", "product":
		cats := map[string]string{}
		for _, p := range o.Products {
			cats[p.ID] = p.Category
			if s["split"] == "product" {
				cats[p.ID] = p.Name
			}
		}
		for _, x := range o.Sales(cur, "") {
			moves[cats[x.ID]] += x.Revenue
		}
		for _, x := range o.Sales(prev, "") {
			moves[cats[x.ID]] -= x.Revenue
		}
	case "method":
		for m, v := range a.ByMethod {
			moves[strings.ToLower(m)] += v
		}
		for m, v := range b.ByMethod {
			moves[strings.ToLower(m)] -= v
		}
		moves["refunds"] = b.Refunds - a.Refunds
	case "hour":
		for sign, p := range map[int64]string{1: cur, -1: prev} {
			from, to := o.Bounds(p)
			for _, pay := range o.Payments {
				if !gatewaytest.In(pay.CreatedAt, from, to) {
					continue
				}
				h := pay.CreatedAt.In(o.Loc).Format("15") + ":00"
				switch pay.Status {
				case demo.PaymentCaptured:
					moves[h] += sign * pay.Amount
				case demo.PaymentRefunded:
					moves[h] -= sign * pay.Amount
				}
			}
		}
	}
	top, by := "", int64(0)
	for name, v := range moves {
		if v*diff > 0 && (abs64(v) > by || abs64(v) == by && name < top) {
			top, by = name, abs64(v)
		}
	}
	if top != "" {
		sign := "+"
		if diff < 0 {
			sign = "−"
		}
		out = append(out, top+" ("+sign+money(by))
	}
	return out
}

// unusualWants: the day's takings and orders up to the same local time
// as now (the whole day for a past one), against the same weekday of the
// four weeks before; each outside the range those days span is said
// with how far, and when none is, the takings and that range.
func unusualWants(o *gatewaytest.Oracle, s map[string]string) []string {
	money := func(v int64) string { return gatewaytest.Display(v, o.Currency) }
	day, end := o.Bounds(s["period"])
	now := cmp.Or(o.Now, demotest.Now)
	cut := func(k int) (time.Time, time.Time) {
		start := day.AddDate(0, 0, -7*k)
		if now.Before(end) {
			l := now.In(o.Loc)
			return start, time.Date(start.Year(), start.Month(), start.Day(), l.Hour(), l.Minute(), l.Second(), 0, o.Loc)
		}
		return start, end.AddDate(0, 0, -7*k)
	}
	figures := func(k int) (int64, int64) {
		from, to := cut(k)
		var takings int64
		var orders int64
		for _, p := range o.Payments {
			if gatewaytest.In(p.CreatedAt, from, to) {
				switch p.Status {
				case demo.PaymentCaptured:
					takings += p.Amount
				case demo.PaymentRefunded:
					takings -= p.Amount
				}
			}
		}
		for _, ord := range o.Orders {
			if ord.Status == demo.OrderCompleted && gatewaytest.In(ord.CreatedAt, from, to) {
				orders++
			}
		}
		return takings, orders
	}
	rev, ords := figures(0)
	verb := "was"
	if now.Before(end) {
		verb = "is"
	}
	var revs, counts []int64
	for k := 1; k <= 4; k++ {
		r, n := figures(k)
		revs, counts = append(revs, r), append(counts, n)
	}
	lo, hi := slices.Min(revs), slices.Max(revs)
	out := []string{"revenue " + verb + " " + money(rev)}
	switch {
	case rev > hi:
		out = append(out, fmt.Sprintf("above the highest of them (%s) by %s", money(hi), money(rev-hi)))
	case rev < lo:
		out = append(out, fmt.Sprintf("below the lowest of them (%s) by %s", money(lo), money(lo-rev)))
	default:
		out = append(out, "within their "+money(lo)+" to "+money(hi))
	}
	switch lo, hi := slices.Min(counts), slices.Max(counts); {
	case ords > hi:
		out = append(out, fmt.Sprintf("completed orders at %s, above by %s", gatewaytest.Number64(ords), gatewaytest.Number64(ords-hi)))
	case ords < lo:
		out = append(out, fmt.Sprintf("completed orders at %s, below by %s", gatewaytest.Number64(ords), gatewaytest.Number64(lo-ords)))
	}
	return out
}
