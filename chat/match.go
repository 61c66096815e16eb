package chat

import (
	"cmp"
	"slices"
	"strings"

	"github.com/maitre-pos/maitre/chat/words"
)

// How says how a name in a question was read.
type How string

// The ways a name is read, surest first.
const (
	HowExact How = "EXACT" // the name itself: case, accents, spaces, hyphens and apostrophes aside
	HowAlias How = "ALIAS" // a name the tenant gave it
	HowFuzzy How = "FUZZY" // typed a letter off, or part of a name no other has
)

// Scores of the matcher: a name as it is scores 1; a word of it typed a
// letter off a little less; a name typed a letter off less the shorter
// it is; part of a name partScore. Two readings within tie of each other
// are one question the words do not settle, asked back.
const (
	fixedScore = 0.9
	partScore  = 0.8
	tie        = 0.05
	// minFuzzy is the shortest name read a letter off: shorter ones are
	// too near each other ("cola", "coke").
	minFuzzy = 6
	// maxNameTokens bounds a name's length in a question.
	maxNameTokens = 8
	// maxChoices bounds what is asked back.
	maxChoices = 4
)

// match is a name read at one place of a question.
type match struct {
	entity  *Entity
	how     How
	score   float64
	n       int  // tokens read
	plural  bool // said in the plural: "desserts", "wines"
	choices []*Entity
	within  []*Entity // a category's products its words also name
}

// better orders readings: the higher score, then the longer, then the
// more specific kind (a product before its category, a category before
// a table), so that no order of the catalog decides.
func (m match) better(o match) bool {
	if d := m.score - o.score; d > tie || d < -tie {
		return d > 0
	}
	if m.n != o.n {
		return m.n > o.n
	}
	return m.entity.Kind < o.entity.Kind
}

// match reads a name at t[i]: a product's, a category's or a table's,
// typed as the catalog has it or near it. fixed marks the tokens spelling
// correction changed, read as typed a letter off. A reading the words do
// not settle between two or more names has choices.
func (e *Entities) match(t []string, i int, fixed []bool, lex *lexicon) (match, bool) {
	if e == nil || skipped[t[i]] || filler(t[i]) && !e.known[t[i]] {
		return match{}, false
	}
	end := i
	for end < len(t) && end-i < maxNameTokens && t[end] != words.Clause && !strings.HasPrefix(t[end], "§") {
		end++
	}
	if end == i {
		return match{}, false
	}
	var found []match
	consider := func(f *form, score float64, how How, n int, plural bool) {
		if f.alias && how == HowExact {
			how = HowAlias
		}
		if how != HowFuzzy && fixed != nil && slices.Contains(fixed[i:i+n], true) {
			how, score = HowFuzzy, min(score, fixedScore) // read only once a word was corrected
		}
		m := match{entity: f.e, how: how, score: score, n: n, plural: plural}
		for k := range found {
			if found[k].entity == f.e {
				if m.better(found[k]) {
					found[k] = m
				}
				return
			}
		}
		found = append(found, m)
	}
	e.byWords(t, i, end, fixed, consider)
	e.bySquashes(t, i, end, consider)
	if len(found) == 0 {
		e.byPart(t, i, end, lex, consider, &found)
	}
	if len(found) == 0 {
		return match{}, false
	}
	slices.SortStableFunc(found, func(a, b match) int {
		if a.better(b) {
			return -1
		}
		if b.better(a) {
			return 1
		}
		return 0
	})
	best := found[0]
	if best.choices != nil {
		return best, true
	}
	for _, m := range found[1:] {
		// Names tied for the words are asked back; an exact one only
		// against another of its kind (two dishes spelt alike).
		exactTie := best.score < 1 || m.entity.Kind == best.entity.Kind
		if exactTie && best.score-m.score <= tie && m.n == best.n && len(best.choices) < maxChoices {
			if best.choices == nil {
				best.choices = []*Entity{best.entity}
			}
			best.choices = append(best.choices, m.entity)
		}
	}
	return best, true
}

// filler reports a word that carries no meaning for intents.
func filler(w string) bool { return fillerSet[w] }

var fillerSet = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range fillerWords {
		m[w] = true
	}
	return m
}()

// squashed marks the tokens that, run together with their neighbours,
// are a name as it is ("ras malai" for Rasmalai): spelling correction
// leaves them alone.
func (e *Entities) squashed(t []string) []bool {
	out := make([]bool, len(t))
	if e == nil {
		return out
	}
	for i := range t {
		for l := 2; l <= 4 && i+l <= len(t); l++ {
			sq := squash(t[i : i+l])
			if len(sq) >= 3 && !e.prefixes[sq[:3]] {
				break
			}
			if len(e.bySquash[sq]) > 0 || len(e.bySquash[strings.TrimSuffix(sq, "s")]) > 0 {
				for k := i; k < i+l; k++ {
					out[k] = true
				}
			}
		}
	}
	return out
}

// byWords reads a name word by word, small words left out: "mac cheese"
// for "Mac and Cheese", "table no 7" for "Table 7", "martinis" for
// "Espresso Martini".
func (e *Entities) byWords(t []string, i, end int, fixed []bool, consider func(*form, float64, How, int, bool)) {
	var st []string
	var ends []int
	corrected := false
	var fixedAt []bool
	for j := i; j < end; j++ {
		w := t[j]
		if skipped[w] || (w == "number" || w == "no" || w == "nr" || w == "#" || w == "seat") && j > i && j+1 < end && words.IsDigits(normal(t[j+1])) {
			continue
		}
		st = append(st, normal(e.stem(w)))
		ends = append(ends, j)
		fixedAt = append(fixedAt, fixed != nil && fixed[j])
	}
	if len(st) == 0 {
		return
	}
	for _, f := range e.byWord[st[0]] {
		n := len(f.words)
		if n > len(st) || !slices.Equal(st[:n], f.words) {
			continue
		}
		corrected = slices.Contains(fixedAt[:n], true)
		score, how := 1.0, HowExact
		if corrected {
			score, how = fixedScore, HowFuzzy
		}
		last := t[ends[n-1]]
		consider(f, score, how, ends[n-1]-i+1, st[n-1] != last && words.Stem(last) != last)
	}
}

// bySquashes reads a name typed with spaces, hyphens or apostrophes
// added or left out ("ras malai", "butterchicken"), or a letter off.
func (e *Entities) bySquashes(t []string, i, end int, consider func(*form, float64, How, int, bool)) {
	for l := 1; i+l <= end && l <= 4; l++ {
		sq := squash(t[i : i+l])
		if len(sq) >= 3 && !e.prefixes[sq[:3]] {
			return // no name starts so
		}
		last := t[i+l-1]
		plural := words.Stem(last) != last
		for _, s := range []string{sq, strings.TrimSuffix(sq, "s")} {
			for _, f := range e.bySquash[s] {
				consider(f, 1, HowExact, l, plural)
			}
		}
		if len(sq) < minFuzzy {
			continue
		}
		near := map[*form]bool{}
		for _, f := range e.deletes[sq] { // a letter left out
			near[f] = true
		}
		for k := range len(sq) {
			d := sq[:k] + sq[k+1:]
			for _, f := range e.bySquash[d] { // a letter too many
				near[f] = true
			}
			for _, f := range e.deletes[d] { // a letter changed, or two swapped
				near[f] = true
			}
		}
		for f := range near {
			if f.squash[0] == sq[0] && digits(f.squash) == digits(sq) && osa(sq, f.squash) == 1 {
				consider(f, 1-1/float64(len(f.squash)), HowFuzzy, l, plural)
			}
		}
	}
}

// byPart reads part of a name: words of it that no other name holds all
// of ("gyoza" for "Gyōza (6 pcs)"), of which one at least is the
// tenant's own, not an ordinary word. Words several products share name
// their category when that is what they share ("pasta" for "Pasta &
// Risotto"), else they are asked back. A category also answers to the
// last word of its name when no other category ends so ("drinks" for
// "Soft Drinks").
func (e *Entities) byPart(t []string, i, end int, lex *lexicon, consider func(*form, float64, How, int, bool), found *[]match) {
	var st []string
	var ends []int
	for j := i; j < end && len(st) < 3; j++ {
		if skipped[t[j]] {
			continue
		}
		st = append(st, normal(e.stem(t[j])))
		ends = append(ends, j)
	}
	for size := len(st); size >= 1; size-- {
		part := st[:size]
		own := slices.ContainsFunc(part, func(w string) bool { return !lex.knows(w) && !words.IsDigits(w) && len(w) >= 3 })
		// A table by part of its name only with its number: "terrace 3"
		// for Garden Terrace 3, never "terrace" for three of them.
		numbered := len(part) > 1 && slices.ContainsFunc(part, words.IsDigits) &&
			slices.ContainsFunc(part, func(w string) bool { return !words.IsDigits(w) })
		var ents []*Entity
		for _, f := range e.byWord[part[0]] {
			if f.e.Kind == TableEntity && !numbered || slices.Contains(ents, f.e) || !allIn(part[1:], f.words) {
				continue
			}
			ents = append(ents, f.e)
		}
		n := ends[size-1] - i + 1
		plural := part[size-1] != t[ends[size-1]]
		if numbered && len(ents) == 1 && ents[0].Kind == TableEntity {
			consider(e.formOf(ents[0]), partScore, HowFuzzy, n, false)
			return
		}
		if !own {
			if size == 1 && len(ents) == 1 && ents[0].Kind == CategoryEntity && e.lastWord(ents[0], part[0]) {
				consider(e.formOf(ents[0]), partScore, HowFuzzy, n, plural)
				return
			}
			continue
		}
		switch cat := sharedCategory(ents); {
		case len(ents) == 0:
			continue
		case len(ents) == 1:
			consider(e.formOf(ents[0]), partScore, HowFuzzy, n, plural)
		case cat != nil:
			*found = append(*found, match{entity: cat, how: HowFuzzy, score: partScore, n: n, plural: plural,
				within: slices.DeleteFunc(slices.Clone(ents), func(x *Entity) bool { return x == cat })})
		case e.asKind(ents, t, i, plural) != nil:
			consider(e.formOf(e.asKind(ents, t, i, plural)), partScore, HowFuzzy, n, plural)
		default:
			slices.SortFunc(ents, func(a, b *Entity) int {
				return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(len(a.Name), len(b.Name)), strings.Compare(a.Name, b.Name))
			})
			*found = append(*found, match{entity: ents[0], how: HowFuzzy, score: partScore, n: n, plural: plural,
				choices: ents[:min(len(ents), maxChoices)]})
		}
		return
	}
}

// asKind is the one category among ents when the words name a kind of
// thing rather than one of it: said in the plural ("sweets") or after
// "which" ("which sweet sold best").
func (e *Entities) asKind(ents []*Entity, t []string, i int, plural bool) *Entity {
	cat := onlyCategory(ents)
	if cat == nil || !plural && (i == 0 || !slices.Contains([]string{"which", "what", "any", "all", "our"}, t[i-1])) {
		return nil
	}
	return cat
}

// onlyCategory is the one category among ents; nil for none or several.
func onlyCategory(ents []*Entity) *Entity {
	var cat *Entity
	for _, x := range ents {
		if x.Kind == CategoryEntity {
			if cat != nil {
				return nil
			}
			cat = x
		}
	}
	return cat
}

// sharedCategory is the category words name when they are in its name
// and every product they are in is in it: "pasta" of "Pasta & Risotto"
// and its pastas.
func sharedCategory(ents []*Entity) *Entity {
	cat := onlyCategory(ents)
	if cat == nil {
		return nil
	}
	for _, x := range ents {
		if x.Kind == ProductEntity && x.Category != cat.Name {
			return nil
		}
	}
	return cat
}

func allIn(ws, in []string) bool {
	for _, w := range ws {
		if !slices.Contains(in, w) {
			return false
		}
	}
	return true
}

// lastWord reports whether w ends cat's name and no other category's.
func (e *Entities) lastWord(cat *Entity, w string) bool {
	n := 0
	for _, c := range e.categories {
		if ws := nameWords(c.Name); ws[len(ws)-1] == w {
			n++
		}
	}
	ws := nameWords(cat.Name)
	return n == 1 && ws[len(ws)-1] == w
}

// formOf is ent's own name's form.
func (e *Entities) formOf(ent *Entity) *form {
	for _, f := range e.forms {
		if f.e == ent && !f.alias {
			return f
		}
	}
	return nil
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

// digits are the digits of s, which a name typed a letter off keeps:
// "table 3" is not "Table 8".
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// osa is the optimal string alignment distance between a and b: letters
// inserted, deleted, changed or two next to each other swapped.
func osa(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
