package chat

import (
	"fmt"
	"slices"
	"strings"
)

// lowStock lists what is at or below its reorder point, or under a
// threshold, in all or in a category.
type lowStock struct{}

func init() { register(lowStock{}) }

func (lowStock) Name() IntentName { return LowStock }
func (lowStock) Uses() Uses       { return UsesCategory | UsesThreshold }

func (lowStock) Match(c *clause) Score {
	s := weights{cues: map[Cue]int{cueLow: 4, cueStock: 1}, mentions: map[kind]int{kCategory: 1}, need: []any{cueLow}}.score(c)
	if s.Points == 0 {
		if _, ok := c.threshold(); ok && (c.has(cueStock) || c.has(cueLeft) || c.first(kCategory) != nil || c.word("product", "item", "unit", "left")) && c.first(kProduct) == nil {
			s = weights{cues: map[Cue]int{cueStock: 3}, mentions: map[kind]int{kCategory: 3}}.score(c)
			s.Points, s.Strong = max(s.Points, 3), true
		}
	}
	return s
}

func (lowStock) Fill(c *clause, s *Slots) {
	if n, ok := c.threshold(); ok {
		s.Threshold = &n
	}
	c.catalog(s)
}

func (lowStock) Plan(q *query, s Slots) {
	args := ""
	if s.Threshold != nil {
		args = "(threshold: " + q.arg("threshold", "Int", *s.Threshold) + ")"
	}
	q.add("", "lowStock"+args+" { name category stock reorderPoint }")
}

type stockJSON struct {
	Name, Category string
	Stock          *int
	ReorderPoint   int
}

func (lowStock) Compose(w *writer, s Slots) {
	var rows []stockJSON
	if !w.read("", &rows) {
		w.couldnt("check the stock levels", w.failure(""))
		return
	}
	in := ""
	if s.Category != "" {
		rows = slices.DeleteFunc(rows, func(r stockJSON) bool { return !strings.EqualFold(r.Category, s.Category) })
		in = " in " + s.Category
	}
	if len(rows) == 0 {
		if s.Threshold != nil {
			w.say("no product%s has %d or fewer in stock.", in, *s.Threshold)
		} else {
			w.say("nothing%s is running low: every product is above its reorder point.", in)
		}
		return
	}
	var items []string
	for i, r := range rows {
		if i == 10 {
			items = append(items, fmt.Sprintf("%d more", len(rows)-10))
			break
		}
		stock := 0
		if r.Stock != nil {
			stock = *r.Stock
		}
		if s.Threshold != nil {
			items = append(items, fmt.Sprintf("%s (%d left)", r.Name, stock))
		} else {
			items = append(items, fmt.Sprintf("%s (%d left, reorder at %d)", r.Name, stock, r.ReorderPoint))
		}
	}
	n := plural(len(rows), "product", "products") + in
	one := len(rows) == 1
	if s.Threshold != nil {
		w.say("%s %s %d or fewer in stock: %s.", n, pick(one, "has", "have"), *s.Threshold, list(items))
		return
	}
	w.say("%s %s at or below the reorder point: %s.", n, pick(one, "is", "are"), list(items))
}

func pick(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}

func (lowStock) Next() []string {
	return []string{"How much is my inventory worth?", "What sold best this week?"}
}

// refine changes the threshold: "and under 5?".
func (lowStock) refine(cs []*clause, a *Ask) bool {
	for _, c := range cs {
		if n, ok := c.threshold(); ok {
			a.Threshold = &n
			return true
		}
	}
	return false
}
