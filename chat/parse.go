package chat

import (
	"fmt"

	"github.com/maitre-pos/maitre/daterange"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Ask is one thing a question asks: an intent and its slots.
type Ask struct {
	Intent    string
	Period    Period  // for intents over a range
	Compare   *Period // the second period of a comparison
	Metrics   []string
	Limit     int
	By        string // QUANTITY or REVENUE
	Category  string
	ProductID string
	Product   string
	Method    string
	Threshold *int
	Table     string
	Number    int
}

// Slots lists the ask's filled slots in canonical form, for tests and
// explanations.
func (a Ask) Slots() map[string]string {
	s := map[string]string{}
	put := func(k, v string) {
		if v != "" {
			s[k] = v
		}
	}
	put("period", a.Period.String())
	if a.Compare != nil {
		put("compare", a.Compare.String())
	}
	put("metric", strings.Join(a.Metrics, "+"))
	if a.Limit > 0 {
		put("limit", strconv.Itoa(a.Limit))
	}
	put("by", a.By)
	put("category", a.Category)
	put("product", a.Product)
	put("method", a.Method)
	if a.Threshold != nil {
		put("threshold", strconv.Itoa(*a.Threshold))
	}
	put("table", a.Table)
	if a.Number > 0 {
		put("number", strconv.Itoa(a.Number))
	}
	return s
}

// parsed is a question's translation.
type parsed struct {
	asks []Ask
	// action is set for requests to change something, which chat never does.
	action bool
	// needsCatalog is set when the question may name products or
	// categories that only the tenant's catalog can resolve.
	needsCatalog bool
}

// Intents lists the asks' intents in order, without repeats.
func (p parsed) intents() []string {
	var out []string
	for _, a := range p.asks {
		if !slices.Contains(out, a.Intent) {
			out = append(out, a.Intent)
		}
	}
	return out
}

// Markers stand in the token stream for what has been recognised.
const (
	mPeriod   = "§period"
	mProduct  = "§product"
	mCategory = "§category"
	mTable    = "§table"
	mNumber   = "§number"
)

type mention struct {
	at       int // token index
	period   Period
	id, name string
	number   int
	plural   bool // the name was said in the plural: "desserts", "wines"
}

// sentence is a question being parsed.
type sentence struct {
	toks     []string // corrected words, with recognised spans replaced by markers
	typed    []string // each of toks as the person typed it
	stems    []string
	mentions map[string][]mention // by marker
	// stockContext is set when any clause is about stock, so that "and
	// their value" means the stock's value.
	stockContext bool
}

// translator holds what parsing needs and does not change: the phrase
// index and the speller of the base vocabulary.
type translator struct {
	spell   *speller
	phrases map[string][]phrase // by first stem
}

type phrase struct {
	stems    []string
	features []string
}

func newTranslator() *translator {
	t := &translator{spell: newSpeller(vocabulary()), phrases: map[string][]phrase{}}
	byWords := map[string][]string{}
	for feature, list := range phrases {
		for _, p := range list {
			key := strings.Join(stemAll(tokenize(p)), " ")
			if !slices.Contains(byWords[key], feature) {
				byWords[key] = append(byWords[key], feature)
			}
		}
	}
	for key, features := range byWords {
		sort.Strings(features)
		st := strings.Fields(key)
		t.phrases[st[0]] = append(t.phrases[st[0]], phrase{st, features})
	}
	for k := range t.phrases {
		sort.Slice(t.phrases[k], func(i, j int) bool {
			a, b := t.phrases[k][i], t.phrases[k][j]
			if len(a.stems) != len(b.stems) {
				return len(a.stems) > len(b.stems)
			}
			return strings.Join(a.stems, " ") < strings.Join(b.stems, " ")
		})
	}
	return t
}

func stemAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = stem(w)
	}
	return out
}

// parse translates a question read at clock c; cat may be nil.
func (t *translator) parse(q string, c clock, cat *catalog) parsed {
	words := tokenize(q)
	if len(words) > 60 {
		words = words[:60] // a question, not an essay
	}
	typed := slices.Clone(words)
	for i, w := range words {
		if cat != nil {
			if _, named := cat.spell.words[w]; named {
				continue // the catalog's own word: "white" of House White is not "while"
			}
		}
		if cw, ok := t.spell.correct(w); ok {
			words[i] = cw
		} else if _, plain := t.spell.words[stem(w)]; cat != nil && !plain {
			if cw, ok := cat.spell.correct(w); ok {
				words[i] = cw
			}
		}
	}
	s := &sentence{mentions: map[string][]mention{}}
	s.recognise(words, typed, c, cat, t.spell)

	var out parsed
	out.needsCatalog = cat == nil && mentionsUnknown(words, t.spell)
	segs := s.segments()
	feats := make([]map[string]bool, len(segs))
	for i, seg := range segs {
		feats[i] = t.features(s, seg)
		first := firstWord(s, seg)
		if feats[i]["action"] && i == 0 && isAction(s.toks[first]) ||
			i == 0 && s.toks[first] == "refund" && first+1 < len(s.toks) && (s.toks[first+1] == mNumber || stem(s.toks[first+1]) == "order") {
			out.action = true
			return out
		}
	}
	if a, ok := s.comparison(feats); ok {
		out.asks = []Ask{a}
		return out
	}
	var asks []Ask
	var owner []int // the segment each ask came from
	for i, seg := range segs {
		got := s.classify(seg, feats[i])
		if len(got) == 0 && len(asks) > 0 {
			// A segment with no intent of its own refines the one before:
			// "best sellers, top 3".
			last := &asks[len(asks)-1]
			s.fill(last, seg, mergeFeatures(feats[owner[len(owner)-1]], feats[i]))
			continue
		}
		for _, a := range got {
			asks = append(asks, a)
			owner = append(owner, i)
		}
	}
	asks, owner = mergeSame(asks, owner)
	for i := range asks {
		s.assignPeriod(&asks[i], segs[owner[i]])
	}
	out.asks = asks
	out.needsCatalog = out.needsCatalog || cat == nil && len(asks) == 0
	return out
}

// firstWord is the segment's first word that is not filler: the verb of
// a request such as "please cancel order 5".
func firstWord(s *sentence, seg []int) int {
	for _, i := range seg {
		if !slices.Contains(filler, s.toks[i]) {
			return i
		}
	}
	return seg[0]
}

func isAction(w string) bool {
	return slices.Contains(phrases["action"], w)
}

// recognise replaces periods, catalog names, tables and order numbers by
// markers, keeping what they mean.
func (s *sentence) recognise(words, typed []string, c clock, cat *catalog, base *speller) {
	at := func(i int) string {
		if i >= 0 && i < len(words) {
			return words[i]
		}
		return ""
	}
	for i := 0; i < len(words); {
		// "so far this week": the period is the one after "so far".
		if words[i] == "so" && at(i+1) == "far" {
			if p, n := c.periodAt(words, i+2); n > 0 {
				s.mark(mPeriod, mention{period: p})
				i += n + 2
				continue
			}
		}
		// "the day before" / "the previous day": the day before the last
		// single day named; "the same day last week": a week before it.
		if (words[i] == "day" || words[i] == "previous") && (at(i+1) == "before" || at(i+1) == "day") && at(i+2) != "yesterday" {
			if d, ok := s.dayBefore(c, 1); ok {
				s.mark(mPeriod, mention{period: d})
				i += 2
				continue
			}
		}
		if words[i] == "same" && at(i+1) == "day" && at(i+2) == "last" && at(i+3) == "week" {
			if d, ok := s.dayBefore(c, 7); ok {
				s.mark(mPeriod, mention{period: d})
				i += 4
				continue
			}
		}
		if p, n := c.periodAt(words, i); n > 0 {
			s.mark(mPeriod, mention{period: p})
			i += n
			continue
		}
		// Order numbers: "#123", "order 123", "order number 123", "ticket 123".
		if words[i] == "#" && isDigits(at(i+1)) {
			n, _ := strconv.Atoi(at(i + 1))
			s.mark(mNumber, mention{number: n})
			i += 2
			continue
		}
		if w := stem(words[i]); w == "order" || w == "ticket" || w == "check" || w == "receipt" || w == "bill" {
			k := i + 1
			for at(k) == "number" || at(k) == "no" || at(k) == "num" || at(k) == "nr" || at(k) == "#" || at(k) == "id" {
				k++
			}
			if isDigits(at(k)) && len(at(k)) <= 10 {
				n, _ := strconv.Atoi(at(k))
				s.mark(mNumber, mention{number: n})
				i = k + 1
				continue
			}
		}
		// Tables: "table 7", "table t7", "t7", "bar 2", "patio 3".
		if name, n := tableAt(words, i); n > 0 {
			s.mark(mTable, mention{name: name})
			i += n
			continue
		}
		s.toks = append(s.toks, words[i])
		s.typed = append(s.typed, typed[i])
		i++
	}
	s.stems = stemAll(s.toks)
	for _, st := range s.stems {
		s.stockContext = s.stockContext || st == "stock" || st == "inventory"
	}
	if cat == nil {
		return
	}
	// Catalog names, longest first, over the words that matter.
	var toks, stems []string
	keep := []int{}
	for i, st := range s.stems {
		if !skipped[s.toks[i]] {
			keep = append(keep, i)
			stems = append(stems, st)
		}
	}
	drop := map[int]bool{}
	replace := map[int]string{}
	for k := 0; k < len(keep); {
		e, isProduct, n := cat.match(stems, k)
		if n == 0 {
			// Failing a whole name, a word typed as the first word of
			// exactly one product's name, and meaning nothing else to
			// chat ("apple" of apple pay), names that product.
			_, vocab := base.words[s.typed[keep[k]]]
			if p, ok := cat.byFirstWord(stems[k]); ok && !vocab && stem(s.typed[keep[k]]) == stems[k] {
				e, isProduct, n = p, true, 1
			}
		}
		if n == 0 {
			k++
			continue
		}
		marker := mCategory
		if isProduct {
			marker = mProduct
		}
		replace[keep[k]] = marker
		for j := keep[k] + 1; j <= keep[k+n-1]; j++ {
			drop[j] = true
		}
		last := s.toks[keep[k+n-1]]
		s.mentions[marker] = append(s.mentions[marker], mention{at: keep[k], id: e.id, name: e.name, plural: stem(last) != last})
		k += n
	}
	if len(replace) == 0 {
		return
	}
	// Rewrite the tokens, moving every mention's index with them.
	newIdx := map[int]int{}
	var typedOut []string
	for i, w := range s.toks {
		if drop[i] {
			continue
		}
		newIdx[i] = len(toks)
		typedWord := s.typed[i]
		if m, ok := replace[i]; ok {
			w, typedWord = m, m
		}
		toks = append(toks, w)
		typedOut = append(typedOut, typedWord)
	}
	for marker, ms := range s.mentions {
		for j := range ms {
			s.mentions[marker][j].at = newIdx[ms[j].at]
		}
	}
	s.toks, s.typed = toks, typedOut
	s.stems = stemAll(toks)
}

// dayBefore is the day n days before the last single day mentioned.
func (s *sentence) dayBefore(c clock, n int) (Period, bool) {
	ps := s.mentions[mPeriod]
	if len(ps) == 0 {
		return Period{}, false
	}
	last := ps[len(ps)-1].period
	r, err := daterange.Resolve(daterange.Spec{Period: last.Name, From: last.From, To: last.To}, c.today, c.today.Location())
	if err != nil || r.From != r.To {
		return Period{}, false
	}
	d := r.Start.AddDate(0, 0, -n)
	return c.days(d, d), true
}

func (s *sentence) mark(marker string, m mention) {
	m.at = len(s.toks)
	s.mentions[marker] = append(s.mentions[marker], m)
	s.toks = append(s.toks, marker)
	s.typed = append(s.typed, marker)
}

func tableAt(w []string, i int) (string, int) {
	at := func(k int) string {
		if i+k < len(w) {
			return w[i+k]
		}
		return ""
	}
	word := at(0)
	if len(word) >= 2 && word[0] == 't' && isDigits(word[1:]) && len(word) <= 4 {
		return "T" + strings.TrimLeft(word[1:], "0"), 1
	}
	k := 0
	if stem(word) == "table" {
		k = 1
		if at(1) == "number" || at(1) == "no" || at(1) == "#" {
			k = 2
		}
		if t := at(k); len(t) >= 2 && t[0] == 't' && isDigits(t[1:]) && len(t) <= 4 {
			return "T" + strings.TrimLeft(t[1:], "0"), k + 1
		}
		if isDigits(at(k)) && len(at(k)) <= 3 {
			return "T" + strings.TrimLeft(at(k), "0"), k + 1
		}
	}
	switch at(k) {
	case "bar", "patio":
		if isDigits(at(k+1)) && len(at(k+1)) <= 3 {
			return strings.ToUpper(at(k)[:1]) + at(k)[1:] + " " + strings.TrimLeft(at(k+1), "0"), k + 2
		}
	}
	return "", 0
}

// segments splits the tokens into clauses at commas and conjunctions.
func (s *sentence) segments() [][]int {
	var out [][]int
	var cur []int
	cut := func() {
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	for i := 0; i < len(s.toks); i++ {
		w := s.toks[i]
		switch {
		case w == "," || w == "and" || w == "also" || w == "plus" || w == "then":
			cut()
		case w == "as" && i+2 < len(s.toks) && s.toks[i+1] == "well" && s.toks[i+2] == "as":
			cut()
			i += 2
		case (w == "along" || w == "together") && i+1 < len(s.toks) && s.toks[i+1] == "with":
			cut()
			i++
		default:
			cur = append(cur, i)
		}
	}
	cut()
	return out
}

// features matches the phrase index over a segment, longest phrase first,
// each token used once.
func (t *translator) features(s *sentence, seg []int) map[string]bool {
	f := map[string]bool{}
	st := make([]string, len(seg))
	for k, i := range seg {
		st[k] = s.stems[i]
		switch s.toks[i] {
		case mPeriod, mProduct, mCategory, mTable, mNumber:
			f[s.toks[i]] = true
		}
	}
	for k := 0; k < len(st); {
		n := 0
		for _, p := range t.phrases[st[k]] {
			if len(p.stems) <= len(st)-k && slices.Equal(st[k:k+len(p.stems)], p.stems) {
				for _, feat := range p.features {
					f[feat] = true
				}
				n = len(p.stems)
				break
			}
		}
		k += max(n, 1)
	}
	return f
}

func mergeFeatures(a, b map[string]bool) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// classify turns one segment into asks.
func (s *sentence) classify(seg []int, f map[string]bool) []Ask {
	var asks []Ask
	add := func(intent string) *Ask {
		asks = append(asks, Ask{Intent: intent})
		a := &asks[len(asks)-1]
		s.fill(a, seg, f)
		return a
	}
	sold := s.has(seg, "sell", "sold", "sale", "selling", "order", "ordered", "bought", "buy")
	stockWords := s.has(seg, "stock", "stocks", "inventory", "inventories", "warehouse", "storeroom", "shelves")
	orderWords := s.has(seg, "order", "ticket", "check", "tab")
	tableWords := f["tables"] || f["tOccupied"] || f["tFree"] || f["tReserved"] || f["tCovers"] || f[mTable]
	switch {
	case f[mNumber]:
		add(OrderLookup)
	case f["pending"] || orderWords && s.has(seg, "open", "opened", "active", "unclosed"):
		add(PendingOrders)
	case f["low"] && !f["best"] || f["low"] && stockWords:
		add(LowStock)
	case s.hasThreshold(seg) && (stockWords || f[mCategory] || s.has(seg, "product", "item", "unit", "left")) && !f[mProduct]:
		add(LowStock)
	case f["best"] || f["byRevenue"] && s.has(seg, "most", "top", "highest", "best") || f[mProduct] && sold && !s.has(seg, "stock", "left", "remaining", "cost", "price") || f[mCategory] && sold:
		add(BestSellers)
	case f["value"] && (stockWords || f[mCategory] || s.stockContext) || stockWords && !f[mProduct] && !f["low"]:
		add(InventoryValue)
	case f[mProduct]:
		add(ProductInfo)
	case s.has(seg, "pay", "paid", "paying", "payment", "payments", "method", "methods", "tender") && !f[mTable]:
		s.addPayments(seg, f, add)
	case tableWords:
		add(Tables)
	case f["methods"] || s.anyMethod(seg):
		s.addPayments(seg, f, add)
	case f["revenue"] || f["orders"] || f["average"] || f["refunds"]:
		add(Revenue)
	}
	return asks
}

// addPayments adds the payment-method ask, after a revenue ask when the
// segment asks for takings in general: "revenue by payment method" asks
// for both, "cash takings" only for one method's share.
func (s *sentence) addPayments(seg []int, f map[string]bool, add func(string) *Ask) {
	if s.method(seg) == "" && (f["revenue"] || f["orders"] || f["average"]) {
		add(Revenue)
	}
	add(PaymentMethods)
}

// has reports whether the segment holds any of the words.
func (s *sentence) has(seg []int, words ...string) bool {
	for _, i := range seg {
		if slices.Contains(words, s.toks[i]) || slices.Contains(words, s.stems[i]) {
			return true
		}
	}
	return false
}

// fill sets an ask's slots from its segment.
func (s *sentence) fill(a *Ask, seg []int, f map[string]bool) {
	switch a.Intent {
	case Revenue:
		a.Metrics = revenueMetrics(f, a.Metrics)
	case PaymentMethods:
		if m := s.method(seg); m != "" {
			a.Method = m
		}
	case BestSellers:
		if f["byRevenue"] || s.has(seg, "revenue", "money") {
			a.By = "REVENUE"
		} else if a.By == "" {
			a.By = "QUANTITY"
		}
		if n, ok := s.limit(seg); ok {
			a.Limit = n
		} else if a.Limit == 0 {
			a.Limit = 5
			if s.singular(seg) {
				a.Limit = 1
			}
		}
		s.catalogSlots(a, seg)
		if a.ProductID != "" {
			a.Limit = 0 // one product's sales, wherever it ranks
		}
	case LowStock:
		if n, ok := s.threshold(seg); ok {
			a.Threshold = &n
		}
		s.catalogSlots(a, seg)
	case InventoryValue:
		s.catalogSlots(a, seg)
	case ProductInfo:
		s.catalogSlots(a, seg)
		var m []string
		if f["price"] {
			m = append(m, "price")
		}
		if f["stockOf"] && !f["price"] || s.has(seg, "stock", "left", "inventory", "remaining") {
			m = append(m, "stock")
		}
		a.Metrics = m
	case Tables:
		var m []string
		for _, k := range []struct{ feature, metric string }{{"tOccupied", "occupied"}, {"tFree", "free"}, {"tReserved", "reserved"}, {"tCovers", "covers"}} {
			if f[k.feature] {
				m = append(m, k.metric)
			}
		}
		// "guests seated" counts guests, not tables.
		if f["tCovers"] && f["tOccupied"] && !s.has(seg, "table", "tables") {
			m = slices.DeleteFunc(m, func(x string) bool { return x == "occupied" })
		}
		a.Metrics = m
		if t := s.first(seg, mTable); t != nil {
			a.Table = t.name
		}
	case PendingOrders:
		if t := s.first(seg, mTable); t != nil {
			a.Table = t.name
		}
	case OrderLookup:
		if n := s.first(seg, mNumber); n != nil {
			a.Number = n.number
		}
	}
}

func revenueMetrics(f map[string]bool, had []string) []string {
	m := slices.Clone(had)
	add := func(x string) {
		if !slices.Contains(m, x) {
			m = append(m, x)
		}
	}
	if f["orders"] {
		add("orders")
	}
	if f["average"] {
		add("average")
	}
	if f["refunds"] {
		add("refunds")
	}
	if f["revenue"] && !f["orders"] && !f["average"] && !f["refunds"] || len(m) == 0 {
		add("total")
	}
	sort.Strings(m)
	return m
}

// first returns the first mention of a marker inside the segment.
func (s *sentence) first(seg []int, marker string) *mention {
	for _, i := range seg {
		if s.toks[i] != marker {
			continue
		}
		for j, m := range s.mentions[marker] {
			if m.at == i {
				return &s.mentions[marker][j]
			}
		}
	}
	return nil
}

func (s *sentence) catalogSlots(a *Ask, seg []int) {
	if p := s.first(seg, mProduct); p != nil {
		a.ProductID, a.Product = p.id, p.name
	}
	if c := s.first(seg, mCategory); c != nil {
		a.Category = c.name
	}
}

// method finds the one payment method named in the segment; "" when none
// or several are ("cash vs card").
func (s *sentence) method(seg []int) string {
	text := " " + s.text(seg) + " "
	found := ""
	for _, m := range methodWords {
		if strings.Contains(text, " "+m.phrase+" ") || strings.Contains(text, " "+m.phrase+"s ") {
			if found != "" && found != m.method {
				return ""
			}
			found = m.method
			text = strings.ReplaceAll(text, " "+m.phrase, " ")
		}
	}
	return found
}

// anyMethod reports whether the segment names any payment method.
func (s *sentence) anyMethod(seg []int) bool {
	text := " " + s.text(seg) + " "
	for _, m := range methodWords {
		if strings.Contains(text, " "+m.phrase+" ") || strings.Contains(text, " "+m.phrase+"s ") {
			return true
		}
	}
	return false
}

func (s *sentence) text(seg []int) string {
	ws := make([]string, len(seg))
	for k, i := range seg {
		ws[k] = s.toks[i]
	}
	return strings.Join(ws, " ")
}

// limit reads "top 3", "3 best", "best five", "the 10 most popular".
func (s *sentence) limit(seg []int) (int, bool) {
	for k, i := range seg {
		n, ok := number(s.toks[i])
		if !ok || s.toks[i] == "a" || n < 1 || n > 100 {
			continue
		}
		near := func(j int) bool {
			if j < 0 || j >= len(seg) {
				return false
			}
			w := s.stems[seg[j]]
			return w == "top" || w == "best" || w == "most" || w == "product" || w == "item" || w == "dish" ||
				w == "seller" || w == "bestseller" || w == "thing" || w == "first" || w == "popular" || w == mProduct ||
				w == "drink" || w == mCategory
		}
		if near(k-1) || near(k+1) {
			return n, true
		}
	}
	return 0, false
}

// singular reports a question after one product: "the best seller",
// "what's my best-selling product?".
func (s *sentence) singular(seg []int) bool {
	plural := false
	single := false
	for _, i := range seg {
		switch s.toks[i] {
		case "products", "items", "dishes", "sellers", "bestsellers", "things", "drinks", "ones", "lines":
			plural = true
		case "product", "item", "dish", "seller", "bestseller", "thing", "one", "drink":
			single = true
		}
	}
	if single || plural {
		return single && !plural
	}
	named := false
	for _, i := range seg {
		for _, c := range s.mentions[mCategory] {
			if c.at == i {
				if c.plural {
					return false
				}
				named = true
			}
		}
	}
	return named
}

// threshold reads "under 10" (9), "10 or fewer" (10), "at most 5".
func (s *sentence) threshold(seg []int) (int, bool) {
	t := make([]string, len(seg))
	for k, i := range seg {
		t[k] = s.toks[i]
	}
	at := func(k int) string {
		if k >= 0 && k < len(t) {
			return t[k]
		}
		return ""
	}
	for k := range t {
		n, ok := number(t[k])
		if !ok || t[k] == "a" {
			continue
		}
		switch {
		case at(k-1) == "under" || at(k-1) == "below" || at(k-2) == "less" || at(k-2) == "fewer" || at(k-2) == "lower":
			return n - 1, n > 0
		case at(k-2) == "at" && at(k-1) == "most" || at(k-2) == "no" && at(k-1) == "more" || at(k-3) == "no" && at(k-2) == "more":
			return n, true
		case at(k+1) == "or" && (at(k+2) == "less" || at(k+2) == "fewer" || at(k+2) == "below" || at(k+2) == "under"):
			return n, true
		case at(k-1) == "threshold" || at(k-2) == "threshold" || at(k-1) == "than" || at(k-1) == "max" || at(k-1) == "maximum":
			return n, true
		}
	}
	return 0, false
}

func (s *sentence) hasThreshold(seg []int) bool {
	_, ok := s.threshold(seg)
	return ok
}

// comparison recognises two periods set against each other: "today vs
// yesterday", "revenue this week compared to last week".
func (s *sentence) comparison(feats []map[string]bool) (Ask, bool) {
	ps := s.mentions[mPeriod]
	if len(ps) == 0 || len(ps) == 1 && !anyFeature(feats, "compare") {
		return Ask{}, false
	}
	if len(ps) == 1 {
		// "how are sales compared to last week": the period named is set
		// against the current one of its kind; "cash vs card today" sets
		// nothing against today.
		now := current(ps[0].period)
		if now == ps[0].period {
			return Ask{}, false
		}
		ps = []mention{{period: now}, ps[0]}
	}
	all := map[string]bool{}
	for _, f := range feats {
		for k := range f {
			all[k] = true
		}
	}
	other := all["best"] || all["low"] || all["value"] || all["tables"] || all["pending"] || all[mProduct] || all[mNumber]
	if !all["compare"] && other {
		return Ask{}, false
	}
	if !all["compare"] && (all["methods"] && !all["revenue"]) {
		return Ask{}, false
	}
	a := Ask{Intent: Compare, Period: ps[0].period, Compare: &ps[1].period}
	a.Metrics = revenueMetrics(all, nil)
	return a, true
}

func anyFeature(feats []map[string]bool, f string) bool {
	for _, m := range feats {
		if m[f] {
			return true
		}
	}
	return false
}

// current is the period of now that p is compared with: this week for
// last week, this month for last month, today for any day.
func current(p Period) Period {
	switch p.Name {
	case daterange.LastWeek:
		return Period{Name: daterange.ThisWeek}
	case daterange.LastMonth:
		return Period{Name: daterange.ThisMonth}
	}
	return Period{Name: daterange.Today}
}

// assignPeriod gives an ask the period named in its segment, else the
// nearest one in the question, else today.
func (s *sentence) assignPeriod(a *Ask, seg []int) {
	switch a.Intent {
	case Revenue, PaymentMethods, BestSellers:
	default:
		return
	}
	best, dist := Period{Name: "TODAY"}, 1<<30
	for _, m := range s.mentions[mPeriod] {
		d := 0
		if m.at < seg[0] {
			d = seg[0] - m.at
		} else if m.at > seg[len(seg)-1] {
			d = m.at - seg[len(seg)-1]
		}
		if d < dist {
			best, dist = m.period, d
		}
	}
	a.Period = best
}

// mergeSame joins neighbouring asks of one intent: "cash and card
// payments", "revenue and average order value".
func mergeSame(asks []Ask, owner []int) ([]Ask, []int) {
	var out []Ask
	var own []int
	for i, a := range asks {
		if n := len(out); n > 0 && out[n-1].Intent == a.Intent && mergeable(out[n-1], a) {
			prev := &out[n-1]
			for _, m := range a.Metrics {
				if !slices.Contains(prev.Metrics, m) {
					prev.Metrics = append(prev.Metrics, m)
				}
			}
			sort.Strings(prev.Metrics)
			if prev.Method != a.Method {
				prev.Method = ""
			}
			continue
		}
		out = append(out, a)
		own = append(own, owner[i])
	}
	return out, own
}

func mergeable(a, b Ask) bool {
	switch a.Intent {
	case Revenue, PaymentMethods, Tables:
		return a.Table == b.Table
	}
	return false
}

// String shows an ask compactly, for explanations.
func (a Ask) String() string {
	slots := a.Slots()
	keys := make([]string, 0, len(slots))
	for k := range slots {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%s", k, slots[k])
	}
	return a.Intent + "(" + strings.Join(parts, ", ") + ")"
}
