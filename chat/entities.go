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
}

// ProductName and TableName are what entities are built from, read from
// the tenant's data through the graph.
type (
	ProductName struct{ ID, Name, Category string }
	TableName   struct{ ID, Name string }
)

// Aliases are a tenant's own other names for its products, categories
// and tables ("the snug" for "Private Dining Room"), each to the name as
// its data has it.
type Aliases map[string]string

// form is one way to say an entity: its name, or an alias of it.
type form struct {
	e      *Entity
	words  []string // folded stems, small words left out; a table's numbers as digits
	squash string   // the folded name's letters and digits run together: "rasmalai"
	alias  bool
}

// Entities are a tenant's names, indexed for the matcher (match.go).
type Entities struct {
	products, categories, tables []*Entity
	forms                        []*form
	byWord                       map[string][]*form // forms by each of their words
	bySquash                     map[string][]*form
	deletes                      map[string][]*form // squashes less one letter, for names typed one letter off
	prefixes                     map[string]bool    // the first three letters of every squash
	known                        map[string]bool    // every word of every name
	stems                        map[string]bool    // and their stems
	spell                        *speller
}

// skipped words do not count when names are matched: "mac cheese" is
// "Mac and Cheese".
var skipped = map[string]bool{"and": true, "of": true, "the": true, "a": true, "an": true, "au": true, "with": true, "n": true, "de": true}

// nameWords are a name's folded stems, small words left out; for a
// table, numbers are digits without leading zeros.
func nameWords(name string) []string {
	var out []string
	for _, w := range words.Tokenize(name) {
		if w != words.Clause && !skipped[w] {
			out = append(out, normal(words.Stem(w)))
		}
	}
	return out
}

// normal writes a number as digits without leading zeros: "07" and
// "seven" are "7".
func normal(w string) string {
	if words.IsDigits(w) {
		if t := strings.TrimLeft(w, "0"); t != "" {
			return t
		}
		return "0"
	}
	if n, ok := words.Number(w); ok && n > 0 && n < 100 && w != "couple" && w != "dozen" {
		return strconv.Itoa(n)
	}
	return w
}

// squash runs the letters and digits of tokens together.
func squash(toks []string) string {
	var b strings.Builder
	for _, w := range toks {
		if w != words.Clause && w != "#" {
			b.WriteString(w)
		}
	}
	return b.String()
}

// NewEntities indexes a tenant's products, their categories, its tables
// and its aliases; an alias of a name the tenant does not have is left
// out.
func NewEntities(products []ProductName, tables []TableName, aliases Aliases) *Entities {
	e := &Entities{byWord: map[string][]*form{}, bySquash: map[string][]*form{}, deletes: map[string][]*form{},
		prefixes: map[string]bool{}, known: map[string]bool{}, stems: map[string]bool{}}
	byName := map[string]*Entity{}
	seen := map[string]bool{}
	add := func(ent *Entity) {
		if e.index(ent, ent.Name, false) {
			byName[words.Fold(ent.Name)] = ent
			switch ent.Kind {
			case ProductEntity:
				e.products = append(e.products, ent)
			case CategoryEntity:
				e.categories = append(e.categories, ent)
			case TableEntity:
				e.tables = append(e.tables, ent)
			}
		}
	}
	for _, p := range products {
		add(&Entity{Kind: ProductEntity, ID: p.ID, Name: p.Name, Category: p.Category})
		if p.Category != "" && !seen[p.Category] {
			seen[p.Category] = true
			add(&Entity{Kind: CategoryEntity, Name: p.Category})
		}
	}
	for _, t := range tables {
		ent := &Entity{Kind: TableEntity, ID: t.ID, Name: t.Name}
		add(ent)
		for _, a := range tableAliases(nameWords(t.Name)) {
			e.index(ent, a, true)
		}
	}
	for said, name := range aliases {
		if ent := byName[words.Fold(name)]; ent != nil {
			e.index(ent, said, true)
		}
	}
	var vocab []string
	for w := range e.known {
		if len(w) >= minSpellLen {
			vocab = append(vocab, w, w+"s")
		}
	}
	slices.Sort(vocab) // ranks, and so corrections, the same from run to run
	e.spell = newSpeller(vocab)
	return e
}

// index adds one way to say ent; false when the name holds no word.
func (e *Entities) index(ent *Entity, name string, alias bool) bool {
	toks := words.Tokenize(name)
	f := &form{e: ent, words: nameWords(name), squash: squash(toks), alias: alias}
	if len(f.words) == 0 || f.squash == "" {
		return false
	}
	e.forms = append(e.forms, f)
	for _, w := range toks {
		e.known[w], e.stems[words.Stem(w)] = true, true
	}
	for _, w := range f.words {
		if !slices.Contains(e.byWord[w], f) {
			e.byWord[w] = append(e.byWord[w], f)
		}
	}
	e.bySquash[f.squash] = append(e.bySquash[f.squash], f)
	e.prefixes[f.squash[:min(3, len(f.squash))]] = true
	if len(f.squash) >= minFuzzy {
		for i := range len(f.squash) {
			d := f.squash[:i] + f.squash[i+1:]
			e.deletes[d] = append(e.deletes[d], f)
		}
	}
	return true
}

// tableAliases are the other ways to say a table's name: "T7" is also
// "table 7", and "Table 5" also "t5".
func tableAliases(ws []string) []string {
	if len(ws) == 1 && len(ws[0]) > 1 && ws[0][0] == 't' && words.IsDigits(ws[0][1:]) {
		return []string{"table " + ws[0][1:]}
	}
	if len(ws) == 2 && ws[0] == "table" && words.IsDigits(ws[1]) {
		return []string{"t" + ws[1]}
	}
	return nil
}

// knows reports whether w, its stem, or w less an "s" is a word of one
// of the tenant's names: "pastry" of Pastries is no typo, nor "brinus"
// of Brinu's.
func (e *Entities) knows(w string) bool {
	return e != nil && (e.known[w] || e.stems[words.Stem(w)] || e.known[strings.TrimSuffix(w, "s")])
}

// correct spells w as a word of the tenant's names one edit away.
func (e *Entities) correct(w string) (string, bool) {
	if e == nil {
		return w, false
	}
	return e.spell.correct(w)
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

// unknownTable reads a table the tenant does not have: "table 99" when
// it knows its tables, so that the answer can say there is none; or,
// without them, "table N" and "tN" for TN, "bar N" and "patio N" for
// themselves.
func (e *Entities) unknownTable(t []string, i int) (*Entity, int) {
	if e != nil && len(e.tables) > 0 {
		if g, n := guessTable(t, i); n > 0 && words.Stem(t[i]) == "table" {
			return &Entity{Kind: TableEntity, Name: "table " + strings.TrimPrefix(g.Name, "T")}, n
		}
		return nil, 0
	}
	return guessTable(t, i)
}

// guessTable reads "table N", "tN", "bar N" and "patio N".
func guessTable(t []string, i int) (*Entity, int) {
	w := t[i]
	if len(w) >= 2 && len(w) <= 4 && w[0] == 't' && words.IsDigits(w[1:]) {
		return &Entity{Kind: TableEntity, Name: "T" + strings.TrimLeft(w[1:], "0")}, 1
	}
	j := i + 1
	for j < len(t) && (t[j] == "number" || t[j] == "no" || t[j] == "#" || t[j] == "nr") {
		j++
	}
	if j >= len(t) {
		return nil, 0
	}
	n := normal(t[j])
	if !words.IsDigits(n) || len(n) > 3 || t[j] == "couple" || t[j] == "dozen" {
		return nil, 0
	}
	switch words.Stem(w) {
	case "table":
		return &Entity{Kind: TableEntity, Name: "T" + n}, j - i + 1
	case "bar", "patio":
		return &Entity{Kind: TableEntity, Name: strings.ToUpper(w[:1]) + w[1:] + " " + n}, j - i + 1
	}
	return nil, 0
}
