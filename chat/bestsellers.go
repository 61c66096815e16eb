package chat

import (
	"fmt"
	"slices"
	"strings"
)

// bestSellers ranks what sold, in all or in a category, or says how much
// of one product sold.
type bestSellers struct{}

func init() { register(bestSellers{}) }

func (bestSellers) Name() IntentName { return BestSellers }
func (bestSellers) Uses() Uses {
	return UsesPeriod | UsesLimit | UsesBy | UsesCategory | UsesProduct
}

// A ranking's own words, or a product or category with words of selling
// or a period: "burrata sales yesterday", "how many karaage this month",
// "how many kirin and how many asahi this week" (stock has no period),
// "the best dessert".
func (bestSellers) Match(c *clause) Score {
	if c.has(cueByDay) {
		return Score{} // "which day sells the most" is the busy days
	}
	s := weights{cues: map[Cue]int{cueBest: 4, cueByRevenue: 1, cueByUnits: 1}}.score(c)
	sold := c.has(cueSold) || c.has(cueSales)
	best := c.has(cueBest) || c.word("best", "worst")
	for _, e := range []struct {
		k      kind
		points int
		ok     bool
	}{
		{kProduct, 4, sold || c.first(kPeriod) != nil || best || c.has(cueHowMany) && c.q.hasPeriod() && !c.has(cueLeft)},
		{kCategory, 3, sold || best},
	} {
		if m := c.first(e.k); m != nil && e.ok {
			s.Points += e.points
			s.Strong = true
			s.Evidence = append(s.Evidence, m.at)
			s.Evidence = append(s.Evidence, c.cueAt(cueSold)...)
			s.Evidence = append(s.Evidence, c.cueAt(cueSales)...)
			s.Evidence = append(s.Evidence, c.cueAt(cueHowMany)...)
			break
		}
	}
	if !s.Strong {
		return Score{}
	}
	slices.Sort(s.Evidence)
	s.Evidence = slices.Compact(s.Evidence)
	return s
}

func (bestSellers) Fill(c *clause, s *Slots) {
	if c.has(cueByRevenue) || c.has(cueBest) && c.word("revenue", "money", "earner") {
		s.By = ByRevenue
	} else if c.has(cueByUnits) {
		s.By = ByQuantity
	}
	if n, ok, _ := c.limit(); ok {
		s.Limit = n
	} else if s.Limit == 0 && c.singular() {
		s.Limit = 1
	}
	c.catalog(s)
	if s.ProductID != "" || len(s.Choices) > 0 {
		// One dish's figure: its units, its money, or its part of all.
		if c.money() || c.share() && c.has(cueSales) {
			s.By = ByRevenue
		}
		if c.share() {
			s.Metrics = []Metric{MetricShare}
		}
	}
}

// defaults: five by units, and no limit for one product's sales.
func (bestSellers) defaults(s *Slots) {
	if s.By == "" {
		s.By = ByQuantity
	}
	switch {
	case s.ProductID != "":
		s.Limit = 0
	case s.Limit == 0:
		s.Limit = 5
	}
}

func (bestSellers) Plan(q *query, s Slots) {
	limit := s.Limit
	if s.ProductID != "" {
		limit = maxLimit // the product wherever it ranks
	}
	args := []string{"range: " + q.arg("range", "DateRange", s.Period.Variable()), "limit: " + q.arg("limit", "Int", limit),
		"by: " + q.arg("by", "SalesMetric", string(s.By))}
	if s.Category != "" {
		args = append(args, "category: "+q.arg("category", "String", s.Category))
	}
	sel := "product { id name category } quantity"
	if s.By == ByRevenue {
		sel += " revenue { formatted amount }"
	}
	q.add("", "bestSellers("+strings.Join(args, ", ")+") { "+sel+" }")
}

type salesJSON struct {
	Product  struct{ ID, Name, Category string }
	Quantity int
	Revenue  *moneyJSON
}

func (bestSellers) Compose(w *writer, s Slots) {
	var rows []salesJSON
	if !w.read("", &rows) {
		w.couldnt("rank the best sellers", w.failure(""))
		return
	}
	p, end := w.mid(s.Period), w.period(s.Period)
	if s.ProductID != "" {
		i := slices.IndexFunc(rows, func(r salesJSON) bool { return r.Product.ID == s.ProductID })
		switch {
		case i < 0:
			w.say("no %s sold %s.", s.Product, end)
		case slices.Contains(s.Metrics, MetricShare):
			w.share(rows, i, s)
		default:
			r := rows[i]
			extra := ""
			if r.Revenue != nil {
				extra = ", " + r.Revenue.Formatted + " in sales"
			}
			w.say("%s: %s sold %s%s, number %d of %d by %s.", r.Product.Name, count(r.Quantity), end, extra, i+1, len(rows), rankedBy(s.By))
		}
		return
	}
	what := "products"
	if s.Category != "" {
		what = s.Category
	}
	if len(rows) == 0 {
		w.say("no %s sold %s.", strings.ToLower(what), end)
		return
	}
	value := func(r salesJSON) string {
		if s.By == ByRevenue && r.Revenue != nil {
			return r.Revenue.Formatted
		}
		return count(r.Quantity) + " sold"
	}
	if s.Limit == 1 {
		what := "best seller"
		if s.Category != "" {
			what = "best-selling " + s.Category
		}
		w.say("your %s %s by %s is %s, with %s.", what, p, rankedBy(s.By), rows[0].Product.Name, value(rows[0]))
		return
	}
	items := make([]string, len(rows))
	for i, r := range rows {
		items[i] = fmt.Sprintf("%d. %s (%s)", i+1, r.Product.Name, value(r))
	}
	title := "best sellers"
	if s.Category != "" {
		title = "best-selling " + s.Category
	}
	w.say("%s %s by %s: %s.", title, p, rankedBy(s.By), strings.Join(items, ", "))
}

func rankedBy(by By) string {
	if by == ByRevenue {
		return "revenue"
	}
	return "units"
}

func (bestSellers) Next() []string {
	return []string{"Which products are running low?", "What are my top 5 products by revenue this week?"}
}

// adopts a product's or a category's sales after any ask over a period:
// "what about the karaage?" after the takings.
func (bestSellers) adopts(last Ask, ch Slots) (Ask, bool) {
	if ch.ProductID == "" && ch.Category == "" && len(ch.Choices) == 0 || registry[last.Intent].Uses()&UsesPeriod == 0 {
		return Ask{}, false
	}
	return Ask{Intent: BestSellers, Slots: Slots{Period: last.Period}}, true
}

// refine changes the ranking, its length and a product's figure: "by
// revenue instead", "top 3 is enough", "and as a share?".
func (bestSellers) refine(cs []*clause, a *Ask) bool {
	changed := false
	for _, c := range cs {
		switch {
		case c.has(cueByRevenue) || a.ProductID != "" && c.money():
			a.By, changed = ByRevenue, true
		case c.has(cueByUnits) || a.ProductID != "" && c.has(cueHowMany):
			a.By, changed = ByQuantity, true
		}
		if n, ok, bad := c.limit(); ok {
			if bad != "" {
				*a = Ask{Intent: BestSellers, Invalid: "limit", Why: bad}
				return true
			}
			a.Limit, changed = n, true
		}
		if a.ProductID != "" {
			if c.share() {
				a.Metrics, changed = []Metric{MetricShare}, true
			} else if c.has(cueHowMany) || c.money() {
				a.Metrics = nil
			}
		}
	}
	return changed
}

// ellipsis reads the sales of the last product named: "how many did we
// sell", "how much money did that bring", "and revenue", "as a share".
func (bestSellers) ellipsis(c *clause, last Ask, same bool) (Ask, bool) {
	sold := c.has(cueSold) || c.money() || c.share() || c.has(cueHowMany) && (c.first(kPeriod) != nil || same) ||
		same && c.has(cueSales) && last.Intent == BestSellers
	if !sold || c.has(cuePrice) || c.has(cueLeft) {
		return Ask{}, false
	}
	a := Ask{Intent: BestSellers, Slots: Slots{ProductID: last.ProductID, Product: last.Product}}
	bestSellers{}.refine([]*clause{c}, &a)
	return a, true
}

// share says what part of all products' sales one product made: of the
// units sold, or of the money (the lines' prices, as revenue ranks). The
// ranking holds every product sold unless it is full, when the part is
// of its maxLimit best sellers, and said so.
func (w *writer) share(rows []salesJSON, i int, s Slots) {
	r, end := rows[i], w.period(s.Period)
	of, units := "of everything sold", "units sold"
	if len(rows) == maxLimit {
		of, units = fmt.Sprintf("of what the %d best sellers sold", maxLimit), fmt.Sprintf("units the %d best sellers sold", maxLimit)
	}
	if s.By == ByRevenue {
		var all int64
		for _, x := range rows {
			if x.Revenue == nil {
				w.couldnt("work out its share of the money", w.failure("", "revenue"))
				return
			}
			all += w.minor(x.Revenue)
		}
		w.say("%s made %s %s, %s %s (%s).", r.Product.Name, r.Revenue.Formatted, end, pct(ratio(w.minor(r.Revenue), all)), of, w.show(all))
		return
	}
	all := 0
	for _, x := range rows {
		all += x.Quantity
	}
	w.say("%s: %s sold %s, %s of the %s %s.", r.Product.Name, count(r.Quantity), end, pct(ratio(int64(r.Quantity), int64(all))),
		count(all), units)
}

// ratio is part/whole, 0 for no whole.
func ratio(part, whole int64) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}
