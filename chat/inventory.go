package chat

// inventoryValue says what the stock on hand is worth, in all or for a
// category. It is the shortest intent, and the one to copy.
type inventoryValue struct{}

func init() { register(inventoryValue{}) }

func (inventoryValue) Name() IntentName { return InventoryValue }
func (inventoryValue) Uses() Uses       { return UsesCategory }

// Stock's worth, or stock alone ("how much inventory do we have"), or a
// worth in a question about stock ("low stock and its value"); a
// product's stock is product_info's.
func (inventoryValue) Match(c *clause) Score {
	if c.first(kProduct) != nil || !c.has(cueStock) && !(c.has(cueValue) && (c.first(kCategory) != nil || c.q.about(cueStock, cueLow))) {
		return Score{}
	}
	s := weights{cues: map[Cue]int{cueValue: 2, cueStock: 2}, mentions: map[kind]int{kCategory: 1}}.score(c)
	if c.has(cueValue) && !c.has(cueStock) {
		s.Points += 2 // "and their value", after stock
	}
	return s
}

func (inventoryValue) Fill(c *clause, s *Slots) { c.catalog(s) }

func (inventoryValue) Plan(q *query, _ Slots) {
	q.add("", "inventoryValue { total { formatted } productCount unitCount byCategory { category total { formatted } productCount unitCount } }")
}

func (inventoryValue) Compose(w *writer, s Slots) {
	type value struct {
		Category                string
		Total                   moneyJSON
		ProductCount, UnitCount int
	}
	var v struct {
		value
		ByCategory []value
	}
	if !w.read("", &v) {
		w.couldnt("value the inventory", w.failure(""))
		return
	}
	if s.Category == "" {
		w.say("your stock is worth %s at cost: %s across %s.", v.Total.Formatted, plural(v.UnitCount, "unit", "units"),
			plural(v.ProductCount, "product", "products"))
		return
	}
	for _, c := range v.ByCategory {
		if c.Category == s.Category {
			w.say("your %s stock is worth %s at cost: %s across %s.", c.Category, c.Total.Formatted,
				plural(c.UnitCount, "unit", "units"), plural(c.ProductCount, "product", "products"))
			return
		}
	}
	w.say("there is no %s stock on hand.", s.Category)
}

func (inventoryValue) Next() []string { return []string{"Which products are running low?"} }
