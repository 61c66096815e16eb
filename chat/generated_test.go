package chat

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/chat/chattest"
	"github.com/maitre-pos/maitre/chat/period"
	"github.com/maitre-pos/maitre/demo/demotest"
)

// madeUp is a made-up menu as the translator reads it.
func madeUp(seed uint64) (chattest.Menu, *Entities) {
	m := chattest.NewMenu(seed)
	var ps []ProductName
	for i, d := range m.Dishes {
		ps = append(ps, ProductName{fmt.Sprintf("g%d", i), d.Name, d.Category})
	}
	var ts []TableName
	for i, name := range m.Tables {
		ts = append(ts, TableName{fmt.Sprintf("t%d", i), name})
	}
	return m, NewEntities(ps, ts, nil)
}

// dishQuestions are questions about one dish, typed as p, and what each
// asks of the dish named want.
var dishQuestions = []func(p, want string) (string, string){
	func(p, want string) (string, string) {
		return "how much is the " + p, "product_info(metric=price, product=" + want + ")"
	},
	func(p, want string) (string, string) {
		return "how many " + p + " did we sell this week", "best_sellers(by=QUANTITY, period=THIS_WEEK, product=" + want + ")"
	},
	func(p, want string) (string, string) {
		return p + " sales yesterday", "best_sellers(by=QUANTITY, period=YESTERDAY, product=" + want + ")"
	},
	func(p, want string) (string, string) {
		return p + " rev this month", "best_sellers(by=REVENUE, period=THIS_MONTH, product=" + want + ")"
	},
	func(p, want string) (string, string) {
		return "what % of sales was " + p + " last week", "best_sellers(by=REVENUE, metric=share, period=LAST_WEEK, product=" + want + ")"
	},
	func(p, want string) (string, string) {
		return "any " + p + " left?", "product_info(metric=stock, product=" + want + ")"
	},
}

// TestGeneratedMenus asks about menus made up at test time, each dish in
// every way its name is typed, each table by its name, and each word
// several dishes share: the answer is the dish asked about, or asks
// which; never another dish said as a fact.
func TestGeneratedMenus(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Kolkata")
	clock := period.NewClock(demotest.Now, loc)
	tr := newTranslator()
	var n, right, askedBack, wrong int
	for seed := range uint64(6) {
		m, ents := madeUp(seed)
		r := rand.New(rand.NewPCG(seed, 5))
		check := func(q, want, name string) {
			got := tr.translate(q, clock, ents, nil)
			n++
			switch {
			case render(got) == want:
				right++
			case got.clarify != nil && slices.ContainsFunc(got.clarify.Choices, func(c Choice) bool { return c.Name == name }):
				askedBack++
			default:
				for _, a := range got.asks {
					if a.Product != "" && a.Product != name || a.Table != "" && a.Table != name {
						wrong++
						t.Errorf("%q: %s; want %s, and never another name as a fact", q, render(got), want)
						return
					}
				}
				t.Logf("%q\n\tgot  %s\n\twant %s", q, render(got), want)
			}
		}
		for _, d := range m.Dishes {
			for _, typed := range chattest.Typings(r, d.Name) {
				q, want := dishQuestions[r.IntN(len(dishQuestions))](typed.Text, d.Name)
				check(q, want, d.Name)
			}
		}
		for _, name := range m.Tables {
			for _, typed := range chattest.Typings(r, name) {
				check("is "+typed.Text+" free?", "table_occupancy(metric=free, table="+name+")", name)
			}
		}
		for word, dishes := range m.Shared {
			q := "how many " + chattest.Fold(word) + " did we sell today"
			got := tr.translate(q, clock, ents, nil)
			n++
			var names []string
			if got.clarify != nil {
				for _, c := range got.clarify.Choices {
					names = append(names, c.Name)
				}
			}
			if slices.Sort(names); !slices.Equal(names, slices.Sorted(slices.Values(dishes))) {
				t.Errorf("%q, a word %s share: %s; want it asked back", q, strings.Join(dishes, ", "), render(got))
				continue
			}
			right++
		}
	}
	t.Logf("generated menus: %d questions, %d right (%.1f%%), %d asked back, %d a wrong name", n, right,
		100*float64(right)/float64(n), askedBack, wrong)
	if right < n*97/100 {
		t.Errorf("generated menus: %d of %d right; want at least 97%%", right, n)
	}
}

// TestSpeltAlike asks about two dishes whose names differ only in their
// accents: whichever is typed, the chat asks which.
func TestSpeltAlike(t *testing.T) {
	ents := NewEntities([]ProductName{{"a", "Crème Brûlée", "Desserts"}, {"b", "Creme Brulee", "Specials"}}, nil, nil)
	loc, _ := time.LoadLocation("Europe/Paris")
	for _, q := range []string{"how many creme brulee today", "how many crème brûlée today", "price of the creme brulee"} {
		if got := render(newTranslator().translate(q, period.NewClock(demotest.Now, loc), ents, nil)); got != "?(Creme Brulee|Crème Brûlée)" {
			t.Errorf("%q: %s; want which asked", q, got)
		}
	}
}
