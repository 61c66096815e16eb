package chat

import (
	"slices"
	"strings"
)

// productInfo tells a product's price and stock.
type productInfo struct{}

func init() { register(productInfo{}) }

func (productInfo) Name() IntentName { return ProductInfo }
func (productInfo) Uses() Uses       { return UsesProduct | UsesMetrics }

// A product named is all it takes, weakly: "tiramisu?"; its price or
// stock words make it sure.
func (productInfo) Match(c *clause) Score {
	m := c.names()
	if m == nil || c.first(kPeriod) != nil && (c.has(cueSold) || c.has(cueSales)) && !c.has(cuePrice) && !c.has(cueLeft) {
		return Score{} // a dish's sales over a period are best_sellers'
	}
	s := weights{cues: map[Cue]int{cuePrice: 3, cueLeft: 3, cueStock: 3, cueHowMany: 1}}.score(c)
	s.Points += 2
	s.Evidence = append(s.Evidence, m.at)
	slices.Sort(s.Evidence)
	return s
}

func (productInfo) Fill(c *clause, s *Slots) {
	c.product(s)
	var m []Metric
	if c.has(cuePrice) {
		m = append(m, MetricPrice)
	}
	if c.has(cueLeft) || c.has(cueStock) || c.has(cueHowMany) && !c.has(cuePrice) {
		m = append(m, MetricStock)
	}
	s.Metrics = m
}

func (productInfo) Plan(q *query, s Slots) {
	sel := []string{"name"}
	all := len(s.Metrics) == 0
	if all || slices.Contains(s.Metrics, MetricPrice) {
		sel = append(sel, "price { formatted }")
	}
	if all || slices.Contains(s.Metrics, MetricStock) {
		sel = append(sel, "stock reorderPoint")
	}
	q.add("", "product(id: "+q.arg("product", "ID!", s.ProductID)+") { "+strings.Join(sel, " ")+" }")
}

func (productInfo) Compose(w *writer, s Slots) {
	var p struct {
		Name         string
		Price        *moneyJSON
		Stock        *int
		ReorderPoint *int
	}
	if !w.read("", &p) {
		w.couldnt("look up "+s.Product, w.failure(""))
		return
	}
	var parts []string
	if p.Price != nil {
		parts = append(parts, p.Name+" costs "+p.Price.Formatted)
	}
	if p.Stock != nil && p.ReorderPoint != nil {
		part := count(*p.Stock) + " in stock (reorder at " + count(*p.ReorderPoint) + ")"
		if len(parts) == 0 {
			part = p.Name + ": " + part
		}
		parts = append(parts, part)
	}
	if len(parts) > 0 {
		w.say("%s.", strings.Join(parts, "; "))
	}
	if why := w.failure("", "stock"); why != "" {
		w.couldnt("check its stock", why)
	}
}

func (productInfo) Next() []string {
	return []string{"What sold best this week?", "Which products are running low?"}
}

// ellipsis reads a price or a stock asked of the last product named:
// "and how many are left?", "rate and how much stock is there".
func (productInfo) ellipsis(c *clause, last Ask, same bool) (Ask, bool) {
	stock := c.has(cueStock) && (same || c.refersBack())
	if !c.has(cuePrice) && !c.has(cueLeft) && !stock || c.has(cueSold) || c.money() {
		return Ask{}, false
	}
	a := Ask{Intent: ProductInfo}
	productInfo{}.Fill(c, &a.Slots)
	if stock && !c.has(cueLeft) {
		a.Metrics = append(a.Metrics, MetricStock)
	}
	a.ProductID, a.Product = last.ProductID, last.Product
	return a, true
}
