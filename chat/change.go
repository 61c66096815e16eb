package chat

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/chat/period"
)

const cueWhy Cue = "why"

// revenueChange explains why takings moved between two periods: by
// orders and ticket, then the biggest movers of one split.
type revenueChange struct{}

func init() { register(revenueChange{}) }

func (revenueChange) Name() IntentName   { return RevenueChange }
func (revenueChange) Uses() Uses         { return UsesPeriod | UsesCompare | UsesSplit }
func (revenueChange) comparesByDefault() {}

func (revenueChange) Phrases() []Phrase {
	return phrasesOf(cueWhy, "why", "how come", "what drove", "what drives", "what's driving", "what is driving",
		"what caused", "what causes", "cause of", "reason", "reasons", "explain", "explanation", "what's behind",
		"what is behind", "whats behind", "behind the", "account for", "accounts for", "what changed", "driver",
		"drivers", "what made", "break down the change", "breakdown of the change", "where did the difference come from",
		"where did the drop come from", "where did the increase come from", "drove", "driving", "drove that",
		"y is", "y are", "y was", "y were", "y did", "y r", "y so", "how so")
}

// A why about takings, or about nothing else: "why?" after a comparison.
func (revenueChange) Match(c *clause) Score {
	for _, other := range []Cue{cueBest, cueStock, cueLeft, cueValue, cueTableNoun, cuePending, cuePrice, cueBusiest, cueCover} {
		if c.has(other) {
			return Score{}
		}
	}
	if c.first(kProduct) != nil || c.first(kNumber) != nil || c.first(kTable) != nil {
		return Score{}
	}
	return weights{cues: map[Cue]int{cueWhy: 7, cueSales: 1, cueCompare: 1}, need: []any{cueWhy}}.score(c)
}

func (revenueChange) Fill(c *clause, s *Slots) {
	ps := c.all(kPeriod)
	switch {
	case len(ps) >= 2:
		s.Period, s.Compare = ps[0].period, &ps[1].period
	case len(ps) == 1:
		s.Period = ps[0].period
	}
	if sp := split([]*clause{c}, changeSplits...); sp != "" {
		s.Split = sp
	}
}

var changeSplits = []Split{SplitCategory, SplitProduct, SplitMethod, SplitHour}

// resume explains the comparison the conversation was on: "why?" after
// "this week vs last week".
func (revenueChange) resume(prev []Ask, s *Slots) {
	for _, a := range prev {
		if a.Compare != nil && a.Period == s.Period && (a.Intent == Compare || a.Intent == RevenueChange) {
			p := *a.Compare
			s.Compare = &p
			return
		}
	}
}

// refine changes the split: "and by category?".
func (revenueChange) refine(cs []*clause, a *Ask) bool {
	sp := split(cs, changeSplits...)
	if sp == "" || sp == a.Split {
		return sp != ""
	}
	a.Split = sp
	return true
}

// fields are the RevenueChange fields of each split.
var changeFields = map[Split]string{SplitCategory: "byCategory", SplitProduct: "byProduct", SplitMethod: "byMethod",
	SplitHour: "byHour", "": "byCategory"}

const changeMoney = "{ formatted amount }"

func (revenueChange) Plan(q *query, s Slots) {
	args := "range: " + q.arg("range", "DateRange", s.Period.Variable())
	if s.Compare != nil {
		args += ", compareTo: " + q.arg("compareTo", "DateRange", s.Compare.Variable())
	}
	side := "{ from to takings " + changeMoney + " orders }"
	q.add("", "revenueChange("+args+", limit: 3) { current "+side+" previous "+side+" change "+changeMoney+
		" volume "+changeMoney+" ticket "+changeMoney+" cross "+changeMoney+" "+changeFields[s.Split]+
		" { name kind change "+changeMoney+" share } }")
}

type changeSide struct {
	From, To string
	Takings  moneyJSON
	Orders   int
}

type moverJSON struct {
	Name, Kind string
	Change     moneyJSON
	Share      *float64
}

type changeJSON struct {
	Current, Previous             changeSide
	Change, Volume, Ticket, Cross moneyJSON
	ByCategory, ByProduct         []moverJSON
	ByMethod, ByHour              []moverJSON
}

func (revenueChange) Compose(w *writer, s Slots) {
	var r changeJSON
	if !w.read("", &r) {
		w.couldnt("explain the change", w.failure(""))
		return
	}
	cur, prev := w.mid(s.Period), w.sideName(period.Period{}, r.Previous)
	if s.Compare != nil {
		prev = w.sideName(*s.Compare, r.Previous)
	}
	diff := w.minor(&r.Change)
	w.say("revenue %s %s %s against %s %s: %s.", cur, w.verb(s.Period), r.Current.Takings.Formatted,
		r.Previous.Takings.Formatted, prev, w.moved(diff, w.minor(&r.Previous.Takings)))
	if diff == 0 {
		return
	}
	w.say("%s against %s, which %s; takings per order %s.", plural(r.Current.Orders, "order", "orders"),
		count(r.Previous.Orders), w.accounts(w.minor(&r.Volume)), w.ticket(r))
	movers := map[Split][]moverJSON{SplitCategory: r.ByCategory, SplitProduct: r.ByProduct, SplitMethod: r.ByMethod,
		SplitHour: r.ByHour, "": r.ByCategory}[s.Split]
	if sent := w.drivers(s.Split, movers, diff); sent != "" {
		w.say("%s", sent)
	}
	if w.current(s.Period) {
		w.say("%s is not over yet.", strings.SplitN(w.period(s.Period), ",", 2)[0])
	}
}

// sideName describes one side by the period said, else by its dates.
func (w *writer) sideName(p period.Period, side changeSide) string {
	if !p.IsZero() {
		return w.period(p)
	}
	from, _ := time.ParseInLocation(time.DateOnly, side.From, w.clock.Today().Location())
	to, _ := time.ParseInLocation(time.DateOnly, side.To, w.clock.Today().Location())
	return w.period(period.Days(from, to))
}

// moved words a change of takings from before.
func (w *writer) moved(diff, before int64) string {
	switch {
	case diff == 0:
		return "no change"
	case before == 0:
		return "up " + w.show(diff)
	}
	dir := "up"
	if diff < 0 {
		dir = "down"
	}
	return fmt.Sprintf("%s %s (%.1f%%)", dir, w.show(abs(diff)), math.Abs(float64(diff))*100/float64(before))
}

// accounts words the volume effect: what the orders gained or lost
// brought at the earlier takings per order.
func (w *writer) accounts(v int64) string {
	switch {
	case v > 0:
		return "brought " + w.show(v) + " more"
	case v < 0:
		return "cost " + w.show(-v)
	}
	return "changed nothing"
}

// ticket words the ticket effect and the rest.
func (w *writer) ticket(r changeJSON) string {
	t := w.minor(&r.Ticket)
	if r.Previous.Orders == 0 {
		return "cannot be compared, as there was no order before"
	}
	out := "did not change"
	switch {
	case t > 0:
		out = "rose, adding " + w.show(t)
	case t < 0:
		out = "fell, taking " + w.show(-t)
	}
	if x := w.minor(&r.Cross); x != 0 {
		out += fmt.Sprintf(" (the two together: %s%s)", sign(x), w.show(abs(x)))
	}
	return out
}

func sign(v int64) string {
	if v < 0 {
		return "−"
	}
	return "+"
}

// drivers names the biggest movers of a split the way the change went,
// then the biggest the other way.
func (w *writer) drivers(sp Split, movers []moverJSON, diff int64) string {
	items := slices.DeleteFunc(slices.Clone(movers), func(m moverJSON) bool { return m.Kind != "ITEM" && m.Kind != "REFUNDS" })
	with := slices.DeleteFunc(slices.Clone(items), func(m moverJSON) bool { return w.minor(&m.Change)*diff <= 0 })
	against := slices.DeleteFunc(slices.Clone(items), func(m moverJSON) bool { return w.minor(&m.Change)*diff >= 0 })
	by := func(ms []moverJSON) {
		slices.SortStableFunc(ms, func(a, b moverJSON) int { return cmp.Compare(abs(w.minor(&b.Change)), abs(w.minor(&a.Change))) })
	}
	by(with)
	by(against)
	name := func(m moverJSON) string {
		n := m.Name
		switch {
		case m.Kind == "REFUNDS":
			n = "refunds"
		case sp == SplitMethod:
			n = strings.ToLower(n)
		case sp == SplitHour:
			n += ":00"
		}
		s := fmt.Sprintf("%s (%s%s", n, sign(w.minor(&m.Change)), w.show(abs(w.minor(&m.Change))))
		if m.Share != nil && *m.Share > 0 && *m.Share <= 1 {
			s += ", " + pct(*m.Share) + " of the change"
		}
		return s + ")"
	}
	var out []string
	word := map[Split]string{SplitProduct: "dish", SplitMethod: "payment method", SplitHour: "hour"}[sp]
	if word == "" {
		word = "category"
	}
	if len(with) > 0 {
		var ns []string
		for _, m := range with[:min(2, len(with))] {
			ns = append(ns, name(m))
		}
		out = append(out, fmt.Sprintf("by %s, most of it came from %s", word, list(ns)))
	}
	if len(against) > 0 {
		dir := "rose"
		if diff > 0 {
			dir = "fell"
		}
		out = append(out, fmt.Sprintf("%s %s the other way", name(against[0]), dir))
	}
	if len(out) == 0 {
		return ""
	}
	return strings.ToUpper(out[0][:1]) + strings.Join(out, "; ")[1:] + "."
}

func (revenueChange) Next() []string {
	return []string{"And by product?", "And by hour?", "How did people pay this week?"}
}
