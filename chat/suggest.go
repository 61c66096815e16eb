package chat

import (
	"sort"
	"strings"
)

// examples are questions chat answers, offered when it did not understand
// one; the closest by shared words come first.
var examples = []string{
	"What's my revenue today?",
	"How many orders did we have yesterday?",
	"What's the average order value this week?",
	"How much did we refund this month?",
	"How did people pay today?",
	"How much came in by card today?",
	"What sold best last week?",
	"What are my top 3 products by revenue this month?",
	"Which products are running low?",
	"Which products have fewer than 10 in stock?",
	"How much is my inventory worth?",
	"How many tables are free right now?",
	"Is table 7 free?",
	"How many guests are seated right now?",
	"Which orders are still open?",
	"Show me order #1234",
	"How much is a cappuccino?",
	"Revenue today vs yesterday",
	"How does this week compare with last week?",
}

// followUps are next questions after an answer, by its first intent.
var followUps = map[string][]string{
	Revenue:        {"How does that compare with yesterday?", "How did people pay today?", "What sold best today?"},
	Compare:        {"What sold best this week?", "How did people pay this week?"},
	PaymentMethods: {"What's my revenue today?", "How much did we refund today?"},
	BestSellers:    {"Which products are running low?", "What are my top 5 products by revenue this week?"},
	LowStock:       {"How much is my inventory worth?", "What sold best this week?"},
	InventoryValue: {"Which products are running low?"},
	Tables:         {"Which orders are still open?", "How many guests are seated right now?"},
	PendingOrders:  {"How many tables are occupied right now?", "What's my revenue today?"},
	OrderLookup:    {"Which orders are still open?"},
	ProductInfo:    {"What sold best this week?", "Which products are running low?"},
}

// closest ranks the examples by how many stemmed words they share with
// the question, keeping the list's order among equals.
func closest(question string, n int) []string {
	words := map[string]bool{}
	for _, w := range tokenize(question) {
		if len(w) > 2 && !isFiller(w) {
			words[stem(w)] = true
		}
	}
	type scored struct {
		q     string
		score int
		at    int
	}
	var all []scored
	for i, e := range examples {
		s := 0
		for _, w := range tokenize(e) {
			if words[stem(w)] {
				s++
			}
		}
		all = append(all, scored{e, s, i})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].score > all[j].score })
	out := make([]string, 0, n)
	for _, s := range all[:n] {
		out = append(out, s.q)
	}
	return out
}

func isFiller(w string) bool {
	for _, f := range filler {
		if f == w {
			return true
		}
	}
	return strings.HasPrefix(w, "§")
}
