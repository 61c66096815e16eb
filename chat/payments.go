package chat

import (
	"fmt"
	"strings"
)

// paymentMethods answers how people paid, or how much came in one way.
type paymentMethods struct{}

func init() { register(paymentMethods{}) }

func (paymentMethods) Name() IntentName { return PaymentMethods }
func (paymentMethods) Uses() Uses       { return UsesPeriod | UsesMethod }

// A method named is the question, with what it took in as support:
// "cash takings" are the cash payments, not revenue and payments.
func (paymentMethods) Match(c *clause) Score {
	s := weights{cues: map[Cue]int{cueMethods: 3}, mentions: map[kind]int{kMethod: 3}}.score(c)
	if c.first(kMethod) != nil && c.has(cueSales) {
		s.Points++
		s.Evidence = append(s.Evidence, c.cueAt(cueSales)...)
	}
	return s
}

func (paymentMethods) Fill(c *clause, s *Slots) {
	if m := c.method(); m != "" {
		s.Method = m
	}
}

func (paymentMethods) Plan(q *query, s Slots) {
	q.add("", "paymentMethods(range: "+q.arg("range", "DateRange", s.Period.Variable())+") { method count amount { formatted amount } share }")
}

var methodNames = map[Method]string{Card: "card", Cash: "cash", Mobile: "mobile", Voucher: "voucher"}

func (paymentMethods) Compose(w *writer, s Slots) {
	var rows []struct {
		Method Method
		Count  int
		Amount moneyJSON
		Share  float64
	}
	if !w.read("", &rows) {
		w.couldnt("break it down by payment method", w.failure(""))
		return
	}
	p, end := w.mid(s.Period), w.period(s.Period)
	if s.Method != "" {
		for _, r := range rows {
			if r.Method != s.Method {
				continue
			}
			if r.Count == 0 {
				w.say("there were no %s payments %s.", methodNames[s.Method], end)
				return
			}
			w.say("%s payments %s came to %s: %s, %s of the money taken.", methodNames[s.Method], p, r.Amount.Formatted,
				plural(r.Count, "payment", "payments"), pct(r.Share))
			return
		}
	}
	var parts []string
	for _, r := range rows {
		if r.Count > 0 {
			parts = append(parts, fmt.Sprintf("%s %s (%s)", methodNames[r.Method], r.Amount.Formatted, pct(r.Share)))
		}
	}
	if len(parts) == 0 {
		w.say("no payments were taken %s.", end)
		return
	}
	w.say("by payment method %s: %s.", end, strings.Join(parts, ", "))
}

func (paymentMethods) Next() []string {
	return []string{"What's my revenue today?", "How much did we refund today?"}
}

// adopts one method's takings after any ask over a period: "and in
// cash?".
func (paymentMethods) adopts(last Ask, ch Slots) (Ask, bool) {
	if ch.Method == "" || registry[last.Intent].Uses()&UsesPeriod == 0 {
		return Ask{}, false
	}
	return Ask{Intent: PaymentMethods, Slots: Slots{Period: last.Period}}, true
}
