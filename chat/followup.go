package chat

import (
	"slices"

	"github.com/maitre-pos/maitre/chat/words"
)

// A follow-up is a question that names only what to change in the last
// one: "and yesterday?", "what about the karaage?", "and by revenue?",
// "only desserts". followUp applies it to the conversation's last asks;
// ok is false when the question names nothing to change.
//
// What every intent takes is changed here: the period, a product, a
// category, a table, a payment method. The rest is each intent's, behind
// refiner; an intent that cannot take what is named hands over to one
// that can, behind adopter.
func followUp(prev []Ask, q *question) ([]Ask, bool) {
	var ch Slots
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
		before := ch
		c.catalog(&ch)
		c.table(&ch)
		if m := c.method(); m != "" {
			ch.Method = m
		}
		changed = changed || !slices.Equal(before.Choices, ch.Choices) || before.ProductID != ch.ProductID ||
			before.Category != ch.Category || before.Table != ch.Table || before.Method != ch.Method
	}
	out := make([]Ask, 0, len(prev))
	for _, a := range prev {
		if a.Invalid != "" {
			continue
		}
		a = apply(a, ch)
		if r, ok := registry[a.Intent].(refiner); ok && r.refine(q.clauses, &a) {
			changed = true
		}
		if a.Invalid == "" && len(a.Choices) == 0 {
			if d, ok := registry[a.Intent].(defaulter); ok {
				d.defaults(&a.Slots)
			}
		}
		out = append(out, a)
	}
	return out, changed && len(out) > 0
}

// refiner is an intent whose asks a follow-up changes beyond what every
// intent takes: "by revenue instead", "top 3 is enough", "and the
// average?". refine changes s by what c says, and reports whether it
// did.
type refiner interface {
	refine(cs []*clause, a *Ask) bool
}

// adopter is an intent that takes over a follow-up naming what the last
// ask's intent cannot take: a dish's sales after the takings, one
// method's takings after the dining room's.
type adopter interface {
	adopts(last Ask, ch Slots) (Ask, bool)
}

// comparesByDefault is an intent whose comparison has a default of its
// own, which a follow-up naming another period alone goes back to: "why?"
// about this week against last, then "and last month?".
type comparesByDefault interface {
	comparesByDefault()
}

// apply changes an ask by what a follow-up names, handed over to the
// intent that adopts what its own cannot take.
func apply(a Ask, ch Slots) Ask {
	uses := registry[a.Intent].Uses()
	cannot := ch.ProductID != "" && uses&UsesProduct == 0 || ch.Category != "" && uses&UsesCategory == 0 ||
		ch.Method != "" && uses&UsesMethod == 0 || len(ch.Choices) > 0 && uses&UsesProduct == 0
	if cannot {
		for _, name := range names() {
			if ad, ok := registry[name].(adopter); ok {
				if b, ok := ad.adopts(a, ch); ok {
					a = b
					break
				}
			}
		}
	}
	uses = registry[a.Intent].Uses()
	s := &a.Slots
	if !ch.Period.IsZero() && uses&UsesPeriod != 0 {
		s.Period = ch.Period
		_, own := registry[a.Intent].(comparesByDefault)
		switch {
		case ch.Compare != nil && uses&UsesCompare != 0:
			p := *ch.Compare
			s.Compare = &p
		case own:
			s.Compare = nil // the new period's own default
		}
	}
	switch {
	case len(ch.Choices) > 0 && uses&UsesProduct != 0:
		s.Choices, s.ProductID, s.Product, s.Category = ch.Choices, "", "", ""
	case ch.ProductID != "" && uses&UsesProduct != 0:
		s.ProductID, s.Product, s.Category, s.Choices = ch.ProductID, ch.Product, "", nil
	case ch.Category != "" && uses&UsesCategory != 0:
		s.Category, s.ProductID, s.Product, s.Choices = ch.Category, "", "", nil
	}
	if ch.Table != "" && uses&UsesTable != 0 {
		s.Table = ch.Table
	}
	if ch.Method != "" && uses&UsesMethod != 0 {
		s.Method = ch.Method
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
			out[k].choose(choices[pick])
			if d, ok := registry[out[k].Intent].(defaulter); ok {
				d.defaults(&out[k].Slots)
			}
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
