package chat

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
)

// labelled reads testdata/questions.tsv.
func labelled(t testing.TB) [][2]string {
	t.Helper()
	f, err := os.Open("testdata/questions.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][2]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		q, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		out = append(out, [2]string{q, want})
	}
	return out
}

// bistro is the translator's input at the pinned clock: the bistro's
// zone and catalog, read from the demo inventory service.
func bistro(t testing.TB) (clock, *catalog) {
	t.Helper()
	env := demotest.Start(t, demotest.Now)
	var pl clients.ProductList
	env.Get(t, clients.Inventory, "bistro", "/v1/products", map[string][]string{"limit": {"1000"}}, &pl)
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return newClock(demotest.Now, loc), newCatalog(pl.Products)
}

func render(p parsed) string {
	switch {
	case p.action:
		return "!"
	case len(p.asks) == 0:
		return "-"
	}
	parts := make([]string, len(p.asks))
	for i, a := range p.asks {
		parts[i] = a.String()
	}
	return strings.Join(parts, " ; ")
}

// TestLabelledAccuracy translates every labelled question and fails below
// 97% exact matches of intents and slots.
func TestLabelledAccuracy(t *testing.T) {
	clk, cat := bistro(t)
	tr := newTranslator()
	set := labelled(t)
	if len(set) < 200 {
		t.Fatalf("%d labelled questions; want at least 200", len(set))
	}
	right := 0
	for _, l := range set {
		if got := render(tr.parse(l[0], clk, cat)); got == l[1] {
			right++
		} else {
			t.Logf("%q\n\tgot  %s\n\twant %s", l[0], got, l[1])
		}
	}
	acc := float64(right) / float64(len(set))
	t.Logf("accuracy %.1f%% (%d of %d)", 100*acc, right, len(set))
	if acc < 0.97 {
		t.Errorf("accuracy %.1f%%; want at least 97%%", 100*acc)
	}
}

// TestHeldOutAccuracy reports accuracy on questions written after the
// translator was tuned on the labelled set; it reports, and fails only on
// a collapse, since these were not tuned for.
func TestHeldOutAccuracy(t *testing.T) {
	clk, cat := bistro(t)
	tr := newTranslator()
	f, err := os.ReadFile("testdata/heldout.tsv")
	if err != nil {
		t.Fatal(err)
	}
	right, n := 0, 0
	for _, line := range strings.Split(string(f), "\n") {
		q, want, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		if got := render(tr.parse(q, clk, cat)); got == want {
			right++
		} else {
			t.Logf("%q\n\tgot  %s\n\twant %s", q, got, want)
		}
	}
	t.Logf("held-out accuracy %.1f%% (%d of %d)", 100*float64(right)/float64(n), right, n)
	if float64(right) < 0.8*float64(n) {
		t.Errorf("held-out accuracy collapsed: %d of %d", right, n)
	}
}

// BenchmarkTranslate measures translation alone: parsing with the
// catalog, then writing the document.
func BenchmarkTranslate(b *testing.B) {
	clk, cat := bistro(b)
	tr := newTranslator()
	qs := labelled(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := tr.parse(qs[i%len(qs)][0], clk, cat)
		if len(p.asks) > 0 {
			plan(p.asks)
		}
	}
}

// FuzzTranslate checks that any input translates without panicking into
// either an honest "not understood" or a document valid against the
// schema that only queries.
func FuzzTranslate(f *testing.F) {
	clk, cat := bistro(f)
	tr := newTranslator()
	schema := testSchema(f)
	for _, l := range labelled(f) {
		f.Add(l[0])
	}
	f.Fuzz(func(t *testing.T, q string) {
		p := tr.parse(q, clk, cat)
		if len(p.asks) == 0 {
			return
		}
		doc, vars := plan(p.asks)
		if err := validate(schema, doc, vars); err != nil {
			t.Fatalf("%q gave an invalid document: %v\n%s", q, err, doc)
		}
	})
}

func TestEveryLabelledPlanIsValid(t *testing.T) {
	clk, cat := bistro(t)
	tr := newTranslator()
	schema := testSchema(t)
	for _, l := range labelled(t) {
		p := tr.parse(l[0], clk, cat)
		if len(p.asks) == 0 {
			continue
		}
		doc, vars := plan(p.asks)
		if err := validate(schema, doc, vars); err != nil {
			t.Errorf("%q: %v\n%s", l[0], err, doc)
		}
	}
}

// TestCatalogOnlyWhenNeeded checks that questions that cannot name a
// product or category are answered without reading the catalog.
func TestCatalogOnlyWhenNeeded(t *testing.T) {
	clk, _ := bistro(t)
	tr := newTranslator()
	tests := []struct {
		q    string
		need bool
	}{
		{"What's my revenue today?", false},
		{"what sold best last week?", false},
		{"which products are running low?", false},
		{"how many tables are taken right now?", false},
		{"best selling desserts this week", true},
		{"which drinks are low", true},
		{"how much is the burrata", true},
		{"what's the weather", true},
	}
	for _, tt := range tests {
		if got := tr.parse(tt.q, clk, nil).needsCatalog; got != tt.need {
			t.Errorf("%q needs the catalog: %v; want %v", tt.q, got, tt.need)
		}
	}
}
