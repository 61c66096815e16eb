package chat

import (
	"slices"
	"strings"
)

// The cues of takings, which other intents weigh too.

// revenue answers what came in over a period: the total, the order count,
// the average order, refunds.
type revenue struct{}

func init() { register(revenue{}) }

func (revenue) Name() IntentName { return Revenue }
func (revenue) Uses() Uses       { return UsesPeriod | UsesMetrics }

var revenueWeights = weights{cues: map[Cue]int{cueSales: 3, cueOrderCount: 3, cueAverage: 3, cueRefunds: 3, cueSold: 1}}

func (revenue) Match(c *clause) Score { return revenueWeights.score(c) }

func (revenue) Fill(c *clause, s *Slots) { s.Metrics = revenueMetrics(c, s.Metrics) }

// revenueMetrics reads which figures of the takings a clause asks for,
// added to those already asked.
func revenueMetrics(c *clause, had []Metric) []Metric {
	m := slices.Clone(had)
	add := func(x Metric) {
		if !slices.Contains(m, x) {
			m = append(m, x)
		}
	}
	if c.has(cueOrderCount) {
		add(MetricOrders)
	}
	if c.has(cueAverage) {
		add(MetricAverage)
	}
	if c.has(cueRefunds) {
		add(MetricRefunds)
	}
	if len(m) == 0 || c.has(cueSales) && !c.has(cueOrderCount) && !c.has(cueAverage) && !c.has(cueRefunds) {
		add(MetricTotal)
	}
	slices.Sort(m)
	return m
}

func (revenue) Plan(q *query, s Slots) {
	q.add("", "revenue(range: "+q.arg("range", "DateRange", s.Period.Variable())+") { "+revenueSelection(s.Metrics)+" }")
}

// revenueSelection picks the RevenueSummary fields the metrics need: a
// count of orders alone never waits for the payments service.
func revenueSelection(metrics []Metric) string {
	sel := []string{"from", "to"}
	has := func(m Metric) bool { return slices.Contains(metrics, m) }
	if has(MetricTotal) {
		sel = append(sel, "total { formatted amount }")
	}
	if has(MetricTotal) || has(MetricOrders) || has(MetricAverage) {
		sel = append(sel, "orderCount")
	}
	if has(MetricAverage) {
		sel = append(sel, "averageOrderValue { formatted amount }")
	}
	if has(MetricRefunds) {
		sel = append(sel, "refunds { formatted amount }")
	}
	return strings.Join(sel, " ")
}

type revenueJSON struct {
	From, To          string
	Total             *moneyJSON
	OrderCount        *int
	AverageOrderValue *moneyJSON
	Refunds           *moneyJSON
}

func (revenue) Compose(w *writer, s Slots) {
	var r revenueJSON
	if !w.read("", &r) {
		w.couldnt("get the revenue figures", w.failure(""))
		return
	}
	p, verb, end := w.mid(s.Period), w.verb(s.Period), w.period(s.Period)
	has := func(m Metric) bool { return slices.Contains(s.Metrics, m) }
	orders := func() string { return plural(*r.OrderCount, "completed order", "completed orders") }
	switch {
	case has(MetricTotal) && r.Total != nil && r.OrderCount != nil:
		w.say("revenue %s %s %s across %s.", p, verb, r.Total.Formatted, orders())
	case has(MetricTotal) && r.Total != nil:
		w.say("revenue %s %s %s.", p, verb, r.Total.Formatted)
	case (has(MetricTotal) || has(MetricOrders) && !has(MetricAverage)) && r.OrderCount != nil:
		w.say("you had %s %s.", orders(), end)
	}
	if has(MetricAverage) && r.AverageOrderValue != nil && r.OrderCount != nil {
		w.say("the average order %s %s %s, over %s.", p, verb, r.AverageOrderValue.Formatted, orders())
	}
	if has(MetricRefunds) && r.Refunds != nil {
		if w.minor(r.Refunds) == 0 {
			w.say("there were no refunds %s.", end)
		} else {
			w.say("refunds %s came to %s.", p, r.Refunds.Formatted)
		}
	}
	for _, f := range []struct {
		metric      Metric
		field, what string
	}{
		{MetricTotal, "total", "get the revenue total"}, {MetricAverage, "averageOrderValue", "work out the average order"},
		{MetricRefunds, "refunds", "get the refunds"}, {MetricOrders, "orderCount", "count the orders"},
	} {
		asked := has(f.metric) || f.field == "orderCount" && (has(MetricTotal) || has(MetricAverage))
		if asked && w.missing("", f.field) {
			w.couldnt(f.what, w.failure("", f.field))
		}
	}
}

func (revenue) Next() []string {
	return []string{"How does that compare with yesterday?", "How did people pay today?", "What sold best today?"}
}

// refine changes which figures of the takings are asked: "how many
// orders was that", "and the average?".
func (revenue) refine(cs []*clause, a *Ask) bool { return refineMetrics(cs, a) }

func refineMetrics(cs []*clause, a *Ask) bool {
	var m []Metric
	for _, c := range cs {
		if c.has(cueOrderCount) || c.has(cueAverage) || c.has(cueRefunds) {
			m = revenueMetrics(c, m)
		}
	}
	if m == nil {
		return false
	}
	a.Metrics = m
	return true
}

// pairs with the breakdown by method: "revenue today by payment method".
func (revenue) pairs(with IntentName) bool { return with == PaymentMethods }
