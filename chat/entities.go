package chat

import (
	"slices"
	"strconv"
	"strings"

	"github.com/maitre-pos/maitre/chat/words"
)

// EntityKind says what an entity is.
type EntityKind uint8

// The kinds of entities.
const (
	ProductEntity EntityKind = iota + 1
	CategoryEntity
	TableEntity
)

// Entity is one of the tenant's named things: a product, a category or
// a table, as its own data names it.
type Entity struct {
	Kind     EntityKind
	ID, Name string
	Category string // a product's
	words    []string
	aliases  [][]string // other ways to say a table's name: "table 7" for T7
}

// ProductName and TableName are what entities are built from, read from
// the tenant's data through the graph.
type (
	ProductName struct{ ID, Name, Category string }
	TableName   struct{ ID, Name string }
)

// Entities are a tenant's names, matched after folding case, accents and
// apostrophes; the longest and most specific name wins.
type Entities struct {
	products, categories, tables []*Entity
	known                        map[string]bool
	spell                        *speller
	byWord                       map[string][]*Entity // products by each word of their names
	tableStarts                  map[string]bool      // the first words of tables' names and aliases
}

// skipped words do not count when names are matched: "mac cheese" is
// "Mac and Cheese".
var skipped = map[string]bool{"and": true, "of": true, "the": true, "a": true, "an": true, "au": true, "with": true, "n": true, "de": true}

// nameWords are a name's folded stems, small words left out.
func nameWords(name string) []string {
	var out []string
	for _, w := range words.Tokenize(name) {
		if w != words.Clause && !skipped[w] {
			out = append(out, words.Stem(w))
		}
	}
	return out
}

// NewEntities indexes a tenant's products, their categories, and tables.
func NewEntities(products []ProductName, tables []TableName) *Entities {
	e := &Entities{known: map[string]bool{}, byWord: map[string][]*Entity{}, tableStarts: map[string]bool{}}
	seen := map[string]bool{}
	var vocab []string
	learn := func(name string) {
		for _, w := range words.Tokenize(name) {
			e.known[w] = true
			if len(w) >= minSpellLen {
				vocab = append(vocab, w, w+"s")
			}
		}
	}
	for _, p := range products {
		ws := nameWords(p.Name)
		if len(ws) == 0 {
			continue
		}
		ent := &Entity{Kind: ProductEntity, ID: p.ID, Name: p.Name, Category: p.Category, words: ws}
		e.products = append(e.products, ent)
		for _, w := range dedupe(ws) {
			e.byWord[w] = append(e.byWord[w], ent)
		}
		learn(p.Name)
		if cw := nameWords(p.Category); len(cw) > 0 && !seen[p.Category] {
			seen[p.Category] = true
			e.categories = append(e.categories, &Entity{Kind: CategoryEntity, Name: p.Category, words: cw})
			learn(p.Category)
		}
	}
	for _, t := range tables {
		ws := words.Tokenize(t.Name)
		if len(ws) == 0 {
			continue
		}
		ent := &Entity{Kind: TableEntity, ID: t.ID, Name: t.Name, words: ws}
		ent.aliases = tableAliases(ws)
		e.tables = append(e.tables, ent)
		for _, name := range append([][]string{ws}, ent.aliases...) {
			e.tableStarts[name[0]] = true
		}
		learn(t.Name)
	}
	e.spell = newSpeller(vocab)
	return e
}

func dedupe(ws []string) []string {
	out := slices.Clone(ws)
	slices.Sort(out)
	return slices.Compact(out)
}

// tableAliases are the other ways to say a table's name: "T7" is also
// "table 7", and "Table 5" also "t5".
func tableAliases(ws []string) [][]string {
	if len(ws) == 1 && len(ws[0]) > 1 && ws[0][0] == 't' && words.IsDigits(ws[0][1:]) {
		return [][]string{{"table", ws[0][1:]}}
	}
	if len(ws) == 2 && ws[0] == "table" && words.IsDigits(ws[1]) {
		return [][]string{{"t" + ws[1]}}
	}
	return nil
}

// knows reports whether w is a word of one of the tenant's names.
func (e *Entities) knows(w string) bool { return e != nil && e.known[w] }

// correct spells w as a word of the tenant's names one edit away.
func (e *Entities) correct(w string) (string, bool) {
	if e == nil {
		return w, false
	}
	return e.spell.correct(w)
}

// table reads a table's name at t[i]: "T7", "table 7", "table number 7",
// "counter 3", "Zashiki 2". Without the tenant's tables, "table N" and
// "tN" stand for TN, "bar N" and "patio N" for themselves.
func (e *Entities) table(t []string, i int) (*Entity, int) {
	if e != nil && len(e.tables) > 0 && !e.tableStarts[t[i]] && words.Stem(t[i]) != "table" {
		return nil, 0
	}
	// "table number 7", "table #7", "table no. 7", "bar seat 3" and
	// "patio one" read as "table 7", "bar 3", "patio 1"
	toks, used := []string{t[i]}, []int{1}
	j := i + 1
	for j < len(t) && (t[j] == "number" || t[j] == "no" || t[j] == "#" || t[j] == "nr" || t[j] == "seat") {
		j++
	}
	if j < len(t) {
		next := t[j]
		if n, ok := words.Number(next); ok && !words.IsDigits(next) && n > 0 && n < 100 && next != "couple" && next != "dozen" {
			next = strconv.Itoa(n)
		}
		toks = append(toks, strings.TrimLeft(next, "0"))
		used = append(used, j-i+1)
	}
	if e != nil && len(e.tables) > 0 {
		var best *Entity
		n := 0
		for _, tb := range e.tables {
			for _, name := range append([][]string{tb.words}, tb.aliases...) {
				if len(name) <= len(toks) && len(name) > n && equalNames(toks[:len(name)], name) {
					best, n = tb, len(name)
				}
			}
		}
		if best != nil {
			return best, used[n-1]
		}
		if len(toks) == 2 && words.Stem(t[i]) == "table" && words.IsDigits(toks[1]) && len(toks[1]) <= 3 {
			return &Entity{Kind: TableEntity, Name: "table " + toks[1]}, used[1] // one the tenant does not have
		}
		return nil, 0
	}
	w := t[i]
	if len(w) >= 2 && len(w) <= 4 && w[0] == 't' && words.IsDigits(w[1:]) {
		return &Entity{Kind: TableEntity, Name: "T" + strings.TrimLeft(w[1:], "0")}, 1
	}
	if len(toks) == 2 && words.IsDigits(toks[1]) && len(toks[1]) <= 3 {
		switch words.Stem(w) {
		case "table":
			return &Entity{Kind: TableEntity, Name: "T" + toks[1]}, used[1]
		case "bar", "patio":
			return &Entity{Kind: TableEntity, Name: strings.ToUpper(w[:1]) + w[1:] + " " + toks[1]}, used[1]
		}
	}
	return nil, 0
}

// equalNames compares name tokens, numbers by value ("07" is "7").
func equalNames(a, b []string) bool {
	for k := range a {
		if a[k] != b[k] && strings.TrimLeft(a[k], "0") != strings.TrimLeft(b[k], "0") {
			return false
		}
	}
	return true
}

// name reads a product's or category's name at t[i], the longest first:
// the whole name, or for a product part of its name that only it has
// ("gyoza" for "Gyōza (6 pcs)", "salmon onigiri" for "Onigiri (Salmon)")
// when a word of that part is the tenant's own, not an ordinary one. A
// category also answers to the last word of its name ("drinks" for "Soft
// Drinks") when no other category ends so. plural says the name was said
// in the plural.
func (e *Entities) name(t []string, i int, lex *lexicon) (*Entity, bool, int) {
	if e == nil || skipped[t[i]] {
		return nil, false, 0
	}
	// The words from i on, small words left out, and where each ends.
	var st []string
	var ends []int
	for j := i; j < len(t) && len(st) < 8; j++ {
		if strings.HasPrefix(t[j], "§") || t[j] == words.Clause {
			break
		}
		if skipped[t[j]] {
			continue
		}
		st = append(st, e.stem(t[j]))
		ends = append(ends, j)
	}
	if len(st) == 0 {
		return nil, false, 0
	}
	plural := func(n int) bool { return st[n-1] != t[ends[n-1]] }
	var best *Entity
	n := 0
	for _, list := range [][]*Entity{e.products, e.categories} { // products first: a tie goes to the more specific
		for _, cand := range list {
			if len(cand.words) > n && len(cand.words) <= len(st) && slices.Equal(st[:len(cand.words)], cand.words) {
				best, n = cand, len(cand.words)
			}
		}
	}
	if best != nil {
		return best, plural(n), ends[n-1] - i + 1
	}
	for size := min(3, len(st)); size >= 1; size-- {
		if p := e.partial(st[:size], lex); p != nil {
			return p, plural(size), ends[size-1] - i + 1
		}
	}
	for _, cat := range e.categories {
		if len(cat.words) < 2 {
			continue
		}
		for _, w := range []string{cat.words[len(cat.words)-1], cat.words[0]} {
			if w == st[0] && (w == cat.words[len(cat.words)-1] || !lex.knows(w)) && e.uniqueCategoryWord(w) {
				return cat, plural(1), ends[0] - i + 1
			}
		}
	}
	return nil, false, 0
}

// stem is w's stem, or w less an "s" that makes it a word of the
// tenant's names: "martinis" for "Espresso Martini", which English
// stemming keeps whole like "chablis".
func (e *Entities) stem(w string) string {
	st := words.Stem(w)
	if base, ok := strings.CutSuffix(st, "s"); ok && st == w && e.known[base] {
		return base
	}
	return st
}

// partial finds the one product whose name holds every word of part, a
// word of which is the tenant's own.
func (e *Entities) partial(part []string, lex *lexicon) *Entity {
	distinct := false
	for _, w := range part {
		distinct = distinct || !lex.knows(w) && !words.IsDigits(w) && len(w) >= 3
	}
	if !distinct {
		return nil
	}
	var found *Entity
	for _, cand := range e.byWord[part[0]] {
		all := true
		for _, w := range part[1:] {
			all = all && slices.Contains(cand.words, w)
		}
		if !all {
			continue
		}
		if found != nil && found != cand {
			return nil // ambiguous: "ramen" of three ramens
		}
		found = cand
	}
	return found
}

func (e *Entities) uniqueCategoryWord(w string) bool {
	n := 0
	for _, c := range e.categories {
		if slices.Contains(c.words, w) {
			n++
		}
	}
	return n == 1
}

// Table returns the tenant's table of that name, if it knows it.
func (e *Entities) Table(name string) *Entity {
	if e == nil {
		return nil
	}
	for _, t := range e.tables {
		if strings.EqualFold(t.Name, name) {
			return t
		}
	}
	return nil
}

// tableish reports whether t[i] could start a table's name, so that the
// tenant's tables are worth reading.
func tableish(t []string, i int) bool {
	w := t[i]
	if len(w) >= 2 && len(w) <= 4 && w[0] == 't' && words.IsDigits(w[1:]) {
		return true
	}
	return i+1 < len(t) && (words.IsDigits(t[i+1]) || t[i+1] == "number" || t[i+1] == "#" || t[i+1] == "no") && !slices.Contains([]string{"top", "last", "past", "order", "ticket", "check", "bill", "receipt", "#", "under", "below", "than", "at", "the", "next"}, w)
}
