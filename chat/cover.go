package chat

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

const cueCover Cue = "cover"

// stockCover answers when stock runs out at the pace it sold: one
// product's, a category's or the soonest of all.
type stockCover struct{}

func init() { register(stockCover{}) }

// "Run out" alone is low stock; these ask when, or for how long.
func (stockCover) Phrases() []Phrase {
	return phrasesOf(cueCover, "when will we run out", "when do we run out", "when will it run out", "when will they run out",
		"when are we going to run out", "when will we be out", "when do we hit zero", "run out when", "how long will",
		"how long does", "how long do", "will last", "going to last", "gonna last", "days of stock", "days left",
		"days of cover", "stock cover", "how many days", "run out first", "runs out first", "out first", "gonna run out",
		"going to run out", "will run out", "stock finish", "stock run out")
}

func (stockCover) Name() IntentName { return StockCover }
func (stockCover) Uses() Uses       { return UsesProduct | UsesCategory }

// "When" with running out or finishing, or ending on lasting, asks when
// too: "when does the dassai run out", "when will the ribeye be gone"
// (but "when was the last order" does not).
func (stockCover) Match(c *clause) Score {
	s := weights{cues: map[Cue]int{cueCover: 7}, mentions: map[kind]int{kProduct: 2, kCategory: 1}}.score(c)
	if c.has(cueCover) {
		return s
	}
	end := c.at("last", "gone") == c.idx[len(c.idx)-1]
	if at := c.at("when", "whn"); at >= 0 && (c.has(cueLow) || c.word("finish", "finished", "run") || end) {
		s.Points += 7
		s.Strong = true
		s.Evidence = append(s.Evidence, at)
		slices.Sort(s.Evidence)
		return s
	}
	return Score{}
}

func (stockCover) Fill(c *clause, s *Slots) { c.catalog(s) }

func (stockCover) Plan(q *query, _ Slots) {
	q.add("", "stockCover { product { id name category } stock dailySales daysLeft runsOutOn }")
}

type coverJSON struct {
	Product    struct{ ID, Name, Category string }
	Stock      int
	DailySales float64
	DaysLeft   *float64
	RunsOutOn  *string
}

// says is one product's cover in words.
func (r coverJSON) says() string {
	if r.DaysLeft == nil {
		return fmt.Sprintf("%s did not sell in the last 28 days: its %d in stock do not run out at that pace", r.Product.Name, r.Stock)
	}
	on, _ := time.Parse(time.DateOnly, *r.RunsOutOn)
	return fmt.Sprintf("%s runs out on %s (%d in stock, %.1f sold a day over the last 28 days)", r.Product.Name,
		on.Format("Monday 2 January"), r.Stock, r.DailySales)
}

func (stockCover) Compose(w *writer, s Slots) {
	var rows []coverJSON
	if !w.read("", &rows) {
		w.couldnt("work out when the stock runs out", w.failure(""))
		return
	}
	if s.ProductID != "" {
		if i := slices.IndexFunc(rows, func(r coverJSON) bool { return r.Product.ID == s.ProductID }); i >= 0 {
			w.say("%s.", rows[i].says())
			return
		}
		w.say("I found no stock for %s.", s.Product)
		return
	}
	in := ""
	if s.Category != "" {
		rows = slices.DeleteFunc(rows, func(r coverJSON) bool { return !strings.EqualFold(r.Product.Category, s.Category) })
		in = " in " + s.Category
	}
	rows = slices.DeleteFunc(rows, func(r coverJSON) bool { return r.DaysLeft == nil })
	if len(rows) == 0 {
		w.say("nothing%s sold in the last 28 days, so nothing runs out at that pace.", in)
		return
	}
	var items []string
	for _, r := range rows[:min(3, len(rows))] {
		items = append(items, r.says())
	}
	w.say("the first to run out%s: %s.", in, list(items))
}

func (stockCover) Next() []string {
	return []string{"What's running low?", "What sold best this week?"}
}
