package chat

import "fmt"

// orderLookup shows one order by the number on its ticket.
type orderLookup struct{}

func init() { register(orderLookup{}) }

func (orderLookup) Name() IntentName { return OrderLookup }
func (orderLookup) Uses() Uses       { return UsesNumber }
func (orderLookup) Phrases() []Phrase {
	return nil // an order number is its evidence
}

func (orderLookup) Match(c *clause) Score {
	return weights{mentions: map[kind]int{kNumber: 5}, need: []any{kNumber}}.score(c)
}

func (orderLookup) Fill(c *clause, s *Slots) {
	if m := c.first(kNumber); m != nil {
		s.Number = m.number
	}
}

func (orderLookup) Plan(q *query, s Slots) {
	q.add("", "orderByNumber(number: "+q.arg("number", "Int!", s.Number)+") { number status createdAt total { formatted } table { name } items { quantity product { name } } payments { method status amount { formatted } } }")
}

func (orderLookup) Compose(w *writer, s Slots) {
	var o orderJSON
	if !w.read("", &o) {
		if why := w.failure(""); why != "" {
			w.couldnt(fmt.Sprintf("look up order #%d", s.Number), why)
		} else {
			w.say("I couldn't find order #%d.", s.Number)
		}
		return
	}
	var items []string
	for i, it := range o.Items {
		if i == 5 {
			items = append(items, fmt.Sprintf("%d more", len(o.Items)-5))
			break
		}
		name := "an unknown product"
		if it.Product != nil {
			name = it.Product.Name
		}
		items = append(items, fmt.Sprintf("%d x %s", it.Quantity, name))
	}
	where := "for takeaway"
	if o.Table != nil {
		where = "at " + o.Table.Name
	}
	w.say("order #%d is %s: %s, total %s, placed %s %s.", o.Number, statusWords[o.Status], list(items), o.Total.Formatted, w.when(o.CreatedAt), where)
	var paid []string
	for _, p := range o.Payments {
		switch p.Status {
		case "CAPTURED":
			paid = append(paid, fmt.Sprintf("%s by %s", p.Amount.Formatted, methodNames[p.Method]))
		case "REFUNDED":
			paid = append(paid, fmt.Sprintf("%s refunded", p.Amount.Formatted))
		}
	}
	switch {
	case len(paid) > 0:
		w.say("paid %s.", list(paid))
	case w.failure("", "payments") != "":
		w.couldnt("check its payments", w.failure("", "payments"))
	case o.Status != "CANCELLED":
		w.say("it has not been paid yet.")
	}
}

func (orderLookup) Next() []string { return []string{"Which orders are still open?"} }
