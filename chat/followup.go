package chat

import (
	"slices"

	"github.com/maitre-pos/maitre/chat/words"
)

// A follow-up is a question that names only what to change in the last
// one: "and yesterday?", "what about the karaage?", "and by revenue?",
// "only desserts". followUp applies it to the conversation's last asks;
// ok is false when the question names nothing to change.
func followUp(prev []Ask, q *question) ([]Ask, bool) {
	var ch Slots
	var metrics []Metric
	changed := false
	for _, c := range q.clauses {
		for _, m := range c.all(kPeriod) {
			if m.err != nil {
				return []Ask{{Intent: prev[0].Intent, Invalid: "date", Why: m.err.Msg}}, true
			}
			if ch.Period.IsZero() {
				ch.Period = m.period
			} else if ch.Compare == nil {
				p := m.period
				ch.Compare = &p
			}
			changed = true
		}
		if m := c.first(kProduct); m != nil {
			ch.ProductID, ch.Product, changed = m.entity.ID, m.entity.Name, true
		}
		if m := c.first(kCategory); m != nil {
			ch.Category, changed = m.entity.Name, true
		}
		if m := c.first(kTable); m != nil {
			ch.Table, changed = m.entity.Name, true
		}
		if m := c.method(); m != "" {
			ch.Method, changed = m, true
		}
		if c.has(cueByRevenue) {
			ch.By, changed = ByRevenue, true
		} else if c.has(cueByUnits) {
			ch.By, changed = ByQuantity, true
		}
		if n, ok, bad := c.limit(); ok {
			if bad != "" {
				return []Ask{{Intent: BestSellers, Invalid: "limit", Why: bad}}, true
			}
			ch.Limit, changed = n, true
		}
		if n, ok := c.threshold(); ok {
			ch.Threshold, changed = &n, true
		}
		if c.has(cueOrderCount) || c.has(cueAverage) || c.has(cueRefunds) {
			metrics, changed = revenueMetrics(c, metrics), true
		}
	}
	if !changed {
		return nil, false
	}
	out := make([]Ask, 0, len(prev))
	for _, a := range prev {
		if a.Invalid != "" {
			continue
		}
		out = append(out, apply(a, ch, metrics))
	}
	return out, len(out) > 0
}

// apply changes an ask by what a follow-up names. A product or category
// the ask cannot take turns it into that product's or category's sales,
// a payment method into that method's takings.
func apply(a Ask, ch Slots, metrics []Metric) Ask {
	uses := registry[a.Intent].Uses()
	switch {
	case ch.ProductID != "" && uses&UsesProduct == 0:
		a = Ask{Intent: BestSellers, Slots: Slots{Period: a.Period}}
	case ch.Category != "" && uses&UsesCategory == 0:
		a = Ask{Intent: BestSellers, Slots: Slots{Period: a.Period}}
	case ch.Method != "" && uses&UsesMethod == 0 && uses&UsesPeriod != 0:
		a = Ask{Intent: PaymentMethods, Slots: Slots{Period: a.Period}}
	}
	uses = registry[a.Intent].Uses()
	s := &a.Slots
	if !ch.Period.IsZero() && uses&UsesPeriod != 0 {
		s.Period = ch.Period
		if ch.Compare != nil && uses&UsesCompare != 0 {
			p := *ch.Compare
			s.Compare = &p
		}
	}
	if ch.ProductID != "" {
		s.ProductID, s.Product, s.Category = ch.ProductID, ch.Product, ""
	}
	if ch.Category != "" {
		s.Category, s.ProductID, s.Product = ch.Category, "", ""
	}
	if ch.Table != "" && uses&UsesTable != 0 {
		s.Table = ch.Table
	}
	if ch.Method != "" && uses&UsesMethod != 0 {
		s.Method = ch.Method
	}
	if ch.By != "" && uses&UsesBy != 0 {
		s.By = ch.By
	}
	if ch.Limit != 0 && uses&UsesLimit != 0 {
		s.Limit = ch.Limit
	}
	if ch.Threshold != nil && uses&UsesThreshold != 0 {
		s.Threshold = ch.Threshold
	}
	if len(metrics) > 0 && (a.Intent == Revenue || a.Intent == Compare) {
		s.Metrics = slices.Clone(metrics)
	}
	if d, ok := registry[a.Intent].(defaulter); ok {
		d.defaults(s)
	}
	return a
}

// picked answers the conversation's last asks when they wait for a
// choice and the question makes it: by a name among the choices, by a
// word only one of them holds ("the malai one"), or by its place ("the
// second").
func picked(prev []Ask, q *question) ([]Ask, bool) {
	i := slices.IndexFunc(prev, func(a Ask) bool { return len(a.Choices) > 0 })
	if i < 0 {
		return nil, false
	}
	choices := prev[i].Choices
	pick := -1
	for _, m := range q.mentions {
		for k, c := range choices {
			if m.entity != nil && m.entity.Name == c.Name && m.choices == nil {
				pick = k
			}
		}
	}
	if pick < 0 {
		pick = byWord(choices, q.raw)
	}
	if pick < 0 {
		pick = byPlace(choices, q.raw)
	}
	if pick < 0 {
		return nil, false
	}
	out := slices.Clone(prev)
	for k := range out {
		if len(out[k].Choices) > 0 {
			out[k].Slots.Choices = nil
			out[k].choose(choices[pick])
		}
	}
	return out, true
}

// byWord is the one choice whose name holds a word of the question that
// no other choice's does.
func byWord(choices []Choice, said []string) int {
	pick := -1
	for k, c := range choices {
		for _, w := range nameWords(c.Name) {
			others := slices.ContainsFunc(choices, func(o Choice) bool { return o != c && slices.Contains(nameWords(o.Name), w) })
			if !others && slices.Contains(words.Stems(said), w) {
				if pick >= 0 && pick != k {
					return -1
				}
				pick = k
			}
		}
	}
	return pick
}

// byPlace reads "the first", "the second one", "2", "the last".
func byPlace(choices []Choice, said []string) int {
	places := map[string]int{"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
		"last": len(choices) - 1, "latter": len(choices) - 1, "former": 0}
	for _, w := range said {
		if k, ok := places[w]; ok && k < len(choices) {
			return k
		}
	}
	if len(said) == 1 {
		if n, ok := words.Number(said[0]); ok && n >= 1 && n <= len(choices) {
			return n - 1
		}
	}
	return -1
}
