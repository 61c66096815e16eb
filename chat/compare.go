package chat

import (
	"slices"
	"strings"

	"github.com/maitre-pos/maitre/chat/period"
)

const cueCompare Cue = "compare"

// compare sets one period's takings against another's.
type compare struct{}

func init() { register(compare{}) }

func (compare) Name() IntentName { return Compare }
func (compare) Uses() Uses       { return UsesPeriod | UsesCompare | UsesMetrics }

func (compare) Phrases() []Phrase {
	return phrasesOf(cueCompare, "vs", "versus", "compared", "compare", "comparison", "than", "against", "difference",
		"relative to", "up or down", "better or worse", "change from", "beat", "beaten", "outdo", "next to", "stack up")
}

// Two periods, or one named against now ("compared to last week"), with
// nothing in the clause that asks for something else than takings.
func (compare) Match(c *clause) Score {
	ps := c.all(kPeriod)
	if len(ps) == 1 && (!c.has(cueCompare) || period.Current(ps[0].period) == ps[0].period) || len(ps) == 0 {
		return Score{}
	}
	for _, other := range []Cue{cueBest, cueLow, cueValue, cueTableNoun, cueCovers, cuePending, cueMethods, cuePrice} {
		if c.has(other) {
			return Score{}
		}
	}
	if c.first(kProduct) != nil || c.first(kNumber) != nil || c.first(kMethod) != nil {
		return Score{}
	}
	s := weights{cues: map[Cue]int{cueCompare: 2, cueSales: 1, cueOrderCount: 1, cueAverage: 1, cueRefunds: 1}}.score(c)
	s.Points += 4
	s.Strong = true
	for _, p := range ps {
		s.Evidence = append(s.Evidence, p.at)
	}
	slices.Sort(s.Evidence)
	return s
}

func (compare) Fill(c *clause, s *Slots) {
	ps := c.all(kPeriod)
	switch {
	case len(ps) >= 2:
		s.Period, s.Compare = ps[0].period, &ps[1].period
	case len(ps) == 1:
		cur := period.Current(ps[0].period)
		s.Period, s.Compare = cur, &ps[0].period
	}
	s.Metrics = revenueMetrics(c, s.Metrics)
}

func (compare) Plan(q *query, s Slots) {
	sel := revenueSelection(s.Metrics)
	q.add("", "revenue(range: "+q.arg("range", "DateRange", s.Period.Variable())+") { "+sel+" }")
	q.add("b", "revenue(range: "+q.arg("rangeb", "DateRange", s.Compare.Variable())+") { "+sel+" }")
}

func (compare) Compose(w *writer, s Slots) {
	var x, y revenueJSON
	okX, okY := w.read("", &x), w.read("b", &y)
	failed := func(field ...string) string {
		if why := w.failure("", field...); why != "" {
			return why
		}
		return w.failure("b", field...)
	}
	if !okX || !okY {
		w.couldnt("compare the two periods", failed())
		return
	}
	p1, p2 := w.mid(s.Period), w.mid(*s.Compare)
	has := func(m Metric) bool { return slices.Contains(s.Metrics, m) }
	switch {
	case has(MetricTotal) && x.Total != nil && y.Total != nil:
		w.say("revenue %s %s %s; %s it %s %s. %s", p1, w.verb(s.Period), x.Total.Formatted, p2, w.verb(*s.Compare), y.Total.Formatted,
			w.change(w.minor(x.Total), w.minor(y.Total), true))
	case has(MetricOrders) && x.OrderCount != nil && y.OrderCount != nil:
		w.say("you had %s %s and %s %s. %s", plural(*x.OrderCount, "completed order", "completed orders"), p1, count(*y.OrderCount),
			w.period(*s.Compare), w.change(int64(*x.OrderCount), int64(*y.OrderCount), false))
	case has(MetricAverage) && x.AverageOrderValue != nil && y.AverageOrderValue != nil:
		w.say("the average order %s %s %s; %s it %s %s. %s", p1, w.verb(s.Period), x.AverageOrderValue.Formatted, p2,
			w.verb(*s.Compare), y.AverageOrderValue.Formatted, w.change(w.minor(x.AverageOrderValue), w.minor(y.AverageOrderValue), true))
	case has(MetricRefunds) && x.Refunds != nil && y.Refunds != nil:
		w.say("refunds %s came to %s; %s, %s. %s", p1, x.Refunds.Formatted, w.period(*s.Compare), y.Refunds.Formatted,
			w.change(w.minor(x.Refunds), w.minor(y.Refunds), true))
	default:
		w.couldnt("compare the two periods", failed("total"))
		return
	}
	if w.current(s.Period) && !w.current(*s.Compare) {
		w.say("%s is not over yet.", strings.SplitN(w.period(s.Period), ",", 2)[0])
	}
}

func (compare) Next() []string {
	return []string{"What sold best this week?", "How did people pay this week?"}
}

// refine changes which figures are compared: "and the orders?".
func (compare) refine(cs []*clause, a *Ask) bool { return refineMetrics(cs, a) }
