package chat

import (
	"sort"

	"github.com/maitre-pos/maitre/chat/words"
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

// closest ranks the examples by how many stemmed words they share with
// the question, keeping the list's order among equals.
func closest(question string, n int) []string {
	said := map[string]bool{}
	for _, w := range words.Tokenize(question) {
		if len(w) > 2 && !filler(w) {
			said[words.Stem(w)] = true
		}
	}
	type scored struct {
		q     string
		score int
	}
	all := make([]scored, len(examples))
	for i, e := range examples {
		all[i].q = e
		for _, w := range words.Tokenize(e) {
			if said[words.Stem(w)] {
				all[i].score++
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].score > all[j].score })
	out := make([]string, 0, n)
	for _, s := range all[:n] {
		out = append(out, s.q)
	}
	return out
}
