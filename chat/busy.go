package chat

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/chat/period"
	"github.com/maitre-pos/maitre/money"
)

const (
	cueBusiest Cue = "busiest"
	cueKitchen Cue = "kitchen" // its load is orders, not takings
	cueSlammed Cue = "slammed" // busy now, or with "when", when
)

// busyHours answers when the restaurant is busiest: the busiest hours, or
// days, of its week, by takings, orders or covers, over the four weeks
// before today unless a period is said.
type busyHours struct{}

func init() { register(busyHours{}) }

// "How busy" is the dining room now (tables); these ask when in the week.
func (busyHours) Phrases() []Phrase {
	return slices.Concat(phrasesOf(cueBusiest, "busiest", "peak", "peak hour", "peak hours", "peak time", "peak times",
		"rush hour", "rush hours", "the rush", "our rush", "busy hours", "busy times", "busy periods", "when are we busy",
		"when do we get busy", "when is it busy", "quietest", "slowest hours", "slowest time", "footfall", "most footfall"),
		phrasesOf(cueSlammed, "slammed", "get slammed", "swamped", "rammed", "packed", "heaving", "flat out"),
		phrasesOf(cueKitchen, "kitchen", "kitchens", "the kitchen's", "back of house", "boh"),
		// Phrases that say what is busiest give that figure's cue too.
		phrasesOf(cueBusiest, busiestCovers...), phrasesOf(cueCovers, busiestCovers...),
		phrasesOf(cueBusiest, busiestOrders...), phrasesOf(cueOrderCount, busiestOrders...))
}

var (
	busiestCovers = []string{"most covers", "the most covers", "most guests", "the most guests", "maximum guests",
		"max guests", "most customers", "the most customers", "most people", "seat the most", "guests are coming"}
	busiestOrders = []string{"what time do most", "what time do the most", "most orders come in", "orders come in",
		"orders coming in", "most tickets", "the most tickets"}
)

func (busyHours) Name() IntentName { return BusyHours }
func (busyHours) Uses() Uses       { return UsesPeriod | UsesMetrics | UsesSplit }
func (busyHours) undated()         {}

// When in the week: busiest, which day takes the most, or when it gets
// slammed ("how packed are we" is the dining room now).
func (busyHours) Match(c *clause) Score {
	slammed := c.has(cueSlammed) && c.at("when", "whn") >= 0
	most := c.has(cueBest) || c.word("most", "best", "highest", "biggest", "max", "maximum")
	if !c.has(cueBusiest) && !(c.has(cueByDay) && most) && !slammed {
		return Score{}
	}
	s := weights{cues: map[Cue]int{cueBusiest: 6, cueByDay: 1, cueKitchen: 1, cueBest: 1}}.score(c)
	if slammed || !c.has(cueBusiest) && !c.has(cueBest) {
		s.Points += 6
		s.Strong = true
		s.Evidence = append(s.Evidence, c.cueAt(cueSlammed)...)
		s.Evidence = append(s.Evidence, c.cueAt(cueByDay)...)
		slices.Sort(s.Evidence)
	}
	return s
}

// Fill reads a period the clause says, but not the week in "busiest
// night of the week", which is any week.
func (busyHours) Fill(c *clause, s *Slots) {
	for _, m := range c.all(kPeriod) {
		if m.err == nil && !(m.period == period.ThisWeek && m.at > 0 && c.q.toks[m.at-1] == "of") {
			s.Period = m.period
		}
	}
	busyRefine([]*clause{c}, s)
}

// refine changes what is ranked: "what about the kitchen's busiest
// day?", "and by covers?".
func (busyHours) refine(cs []*clause, a *Ask) bool { return busyRefine(cs, &a.Slots) }

func busyRefine(cs []*clause, s *Slots) bool {
	changed := false
	if sp := split(cs, SplitDay, SplitHour); sp != "" {
		s.Split, changed = sp, true
		if sp == SplitHour {
			s.Split = ""
		}
	}
	for _, c := range cs {
		switch {
		case c.has(cueKitchen) || c.has(cueOrderCount):
			s.Metrics, changed = []Metric{MetricOrders}, true
		case c.has(cueCovers):
			s.Metrics, changed = []Metric{MetricCovers}, true
		case c.has(cueSales) || c.has(cueMoney):
			s.Metrics, changed = nil, true
		}
	}
	return changed
}

func (busyHours) Plan(q *query, s Slots) {
	args := ""
	if !s.Period.IsZero() {
		args = "(range: " + q.arg("range", "DateRange", s.Period.Variable()) + ")"
	}
	q.add("", "busyHours"+args+" { from to weekdays cells { weekday hour revenue { formatted amount } orders covers } }")
}

type busyCell struct {
	Weekday string
	Hour    int
	Revenue moneyJSON
	Orders  int
	Covers  int
}

func (busyHours) Compose(w *writer, s Slots) {
	var b struct {
		From, To string
		Weekdays []int
		Cells    []busyCell
	}
	if !w.read("", &b) || len(b.Weekdays) != 7 {
		w.couldnt("work out the busy hours", w.failure(""))
		return
	}
	from, _ := time.Parse(time.DateOnly, b.From)
	to, _ := time.Parse(time.DateOnly, b.To)
	over := fmt.Sprintf("from %s to %s", from.Format("Monday 2 January"), to.Format("Monday 2 January"))
	if s.Period.IsZero() {
		over = "over the four weeks to " + to.Format("Monday 2 January")
	}
	metric := MetricTotal
	if len(s.Metrics) == 1 {
		metric = s.Metrics[0]
	}
	measure := func(c busyCell) int64 {
		switch metric {
		case MetricOrders:
			return int64(c.Orders)
		case MetricCovers:
			return int64(c.Covers)
		}
		return w.minor(&c.Revenue)
	}
	cells := slices.Clone(b.Cells)
	if s.Split == SplitDay {
		cells = busyDays(w, b.Cells, b.Weekdays)
	}
	slices.SortStableFunc(cells, func(x, y busyCell) int { return cmp.Compare(measure(y), measure(x)) })
	cells = slices.DeleteFunc(cells, func(c busyCell) bool { return measure(c) == 0 })
	if len(cells) == 0 {
		w.say("nothing was sold %s.", over)
		return
	}
	say := func(c busyCell) string {
		when := day(c.Weekday)
		if s.Split != SplitDay {
			when += fmt.Sprintf(" %02d:00", c.Hour)
		}
		figs := []string{c.Revenue.Formatted, plural(c.Orders, "order", "orders")}
		switch metric {
		case MetricOrders:
			figs[0], figs[1] = figs[1], figs[0]
		case MetricCovers:
			figs = append([]string{plural(c.Covers, "cover", "covers")}, figs...)
		}
		return fmt.Sprintf("%s (%s)", when, strings.Join(figs, ", "))
	}
	var items []string
	for _, c := range cells[:min(3, len(cells))] {
		items = append(items, say(c))
	}
	what := map[Metric]string{MetricOrders: " for orders", MetricCovers: " for covers"}[metric]
	if s.Split == SplitDay {
		w.say("%s, your busiest days%s were %s, on an average day.", over, what, list(items))
		return
	}
	w.say("%s, your busiest hours%s were %s.", over, what, list(items))
}

// busyDays sums each weekday's hours and divides by how many of that
// weekday the range held: an average day, rounded half away from zero.
func busyDays(w *writer, cells []busyCell, weekdays []int) []busyCell {
	names := []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}
	var out []busyCell
	for i, name := range names {
		var rev int64
		var orders, covers int
		for _, c := range cells {
			if c.Weekday == name {
				rev += w.minor(&c.Revenue)
				orders += c.Orders
				covers += c.Covers
			}
		}
		n := weekdays[i]
		if n == 0 {
			continue
		}
		avg := func(v int64) int64 { return money.DivRound(v, int64(n)) }
		amount, formatted := money.Format(avg(rev), w.currency)
		out = append(out, busyCell{Weekday: name, Revenue: moneyJSON{formatted, amount}, Orders: int(avg(int64(orders))),
			Covers: int(avg(int64(covers)))})
	}
	return out
}

// day is a Weekday as a person writes it: "Saturday".
func day(weekday string) string {
	return strings.ToUpper(weekday[:1]) + strings.ToLower(weekday[1:])
}

func (busyHours) Next() []string {
	return []string{"What about the kitchen's busiest day?", "What's my revenue today?", "Which tables are free?"}
}
