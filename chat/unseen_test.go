package chat

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/chat/period"
	"github.com/maitre-pos/maitre/chat/words"
	"github.com/maitre-pos/maitre/demo/demotest"
)

// unseenCatalog is a tenant nobody tuned chat on, made up at test time:
// dish names with accents, apostrophes and ampersands, a product with no
// category, and a dish named by a common word.
func unseenCatalog(seed uint64) ([]ProductName, []string) {
	r := rand.New(rand.NewPCG(seed, seed*7+1))
	first := []string{"Crème", "Bœuf", "Pâté", "Tartine", "Soupe", "Galette", "Phở", "Köfte", "Jalapeño", "Smørrebrød",
		"Piña", "Crêpe", "Açaí", "Gnocchi", "Rösti", "Paella", "Borscht", "Ceviche", "Tagine", "Falafel", "Bánh", "Müsli"}
	second := []string{"d'Ange", "& Bière", "Léger", "du Jour", "Provençale", "Gà", "Colada", "Suzette", "Bowl", "Alla Nonna",
		"O'Malley's", "& Chips", "Royale", "Maison", "Verde", "Negra", "Mì", "Brûlée", "Fumé", "Rústica"}
	cats := []string{"Entrées", "Plats", "Bebidas", "Süßes", "Apéritifs", "Street Food", "Boulangerie & Pâtisserie"}
	seen := map[string]bool{}
	var out []ProductName
	for len(out) < 30 {
		name := first[r.IntN(len(first))] + " " + second[r.IntN(len(second))]
		if seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, ProductName{ID: fmt.Sprintf("u%02d", len(out)), Name: name, Category: cats[r.IntN(len(cats))]})
	}
	common := []string{"Classic", "Special", "Fresh", "Garden", "Royal", "Sunrise"}[r.IntN(6)]
	out = append(out, ProductName{ID: "u90", Name: common, Category: cats[0]}, ProductName{ID: "u91", Name: "Mystère", Category: ""})
	return out, cats
}

// typed is how a person types a name: lower case, no accents, no
// apostrophes, "and" for "&".
func typed(name string) string {
	s := strings.ReplaceAll(words.Fold(name), "'", "")
	return strings.ReplaceAll(s, "&", "and")
}

// TestUnseenCatalog asks about the dishes of made-up tenants and reports
// how often the question is understood exactly; it fails only on a
// collapse, as nothing was tuned for these names.
func TestUnseenCatalog(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Lisbon")
	clock := period.NewClock(demotest.Now, loc)
	tr := newTranslator()
	right, n := 0, 0
	for seed := range uint64(5) {
		products, cats := unseenCatalog(seed)
		ents := NewEntities(products, nil, nil)
		r := rand.New(rand.NewPCG(seed, 99))
		for range 40 {
			p := products[r.IntN(len(products))]
			c := cats[r.IntN(len(cats))]
			q, want := template(r.IntN(7), typed(p.Name), p.Name, typed(c), c)
			got := render(tr.translate(q, clock, ents, nil))
			n++
			if got == want {
				right++
			} else {
				t.Logf("%q\n\tgot  %s\n\twant %s", q, got, want)
			}
		}
	}
	t.Logf("unseen catalogs: %d of %d (%.1f%%)", right, n, 100*float64(right)/float64(n))
	if right < n*2/3 {
		t.Errorf("unseen catalogs collapsed: %d of %d", right, n)
	}
}

func template(i int, p, product, c, category string) (string, string) {
	switch i {
	case 0:
		return "how much is the " + p, "product_info(metric=price, product=" + product + ")"
	case 1:
		return "how many " + p + " did we sell this week", "best_sellers(by=QUANTITY, period=THIS_WEEK, product=" + product + ")"
	case 2:
		return p + " sales yesterday", "best_sellers(by=QUANTITY, period=YESTERDAY, product=" + product + ")"
	case 3:
		return "how many " + p + " do we have left", "product_info(metric=stock, product=" + product + ")"
	case 4:
		return "top 3 " + c + " this month", "best_sellers(by=QUANTITY, category=" + category + ", limit=3, period=THIS_MONTH)"
	case 5:
		return "are any " + c + " running low", "low_stock(category=" + category + ")"
	}
	return "what's the price of " + p + "?", "product_info(metric=price, product=" + product + ")"
}

// FuzzTranslate translates any question against a made-up catalog: no
// panic, and a plan that is one valid query.
func FuzzTranslate(f *testing.F) {
	schema := testSchema(f)
	tr := newTranslator()
	loc, _ := time.LoadLocation("Asia/Tokyo")
	clock := period.NewClock(demotest.Now, loc)
	for _, r := range readSet(f, "testdata/questions.tsv") {
		f.Add(r.question, uint8(1))
	}
	f.Add("how much is the crème d'ange & chips? top -5", uint8(0))
	f.Fuzz(func(t *testing.T, q string, seed uint8) {
		var ents *Entities
		if seed%4 != 0 {
			products, _ := unseenCatalog(uint64(seed))
			if seed%3 == 0 { // names from the question itself
				for i, w := range strings.Fields(q) {
					products = append(products, ProductName{ID: fmt.Sprint("q", i), Name: w, Category: w})
				}
			}
			ents = NewEntities(products, []TableName{{"t1", "T1"}, {"t2", q}, {"t3", "Zashiki 2"}}, nil)
		}
		prev := tr.translate(q, clock, ents, nil)
		for _, got := range []translation{prev, tr.translate(q, clock, ents, prev.asks)} {
			doc, vars := plan(got.asks)
			if doc == "" {
				continue
			}
			if err := validate(schema, doc, vars); err != nil {
				t.Fatalf("%q gave an invalid document: %v\n%s", q, err, doc)
			}
		}
	})
}

// BenchmarkTranslate measures translation alone, with the bistro's names:
// reading the question, then writing the document.
func BenchmarkTranslate(b *testing.B) {
	tc := demoTenants(b)["bistro"]
	tr := newTranslator()
	rows := readSet(b, "testdata/questions.tsv")
	for i := 0; b.Loop(); i++ {
		got := tr.translate(rows[i%len(rows)].question, tc.clock, tc.ents, nil)
		plan(got.asks)
	}
}
