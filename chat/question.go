package chat

import (
	"slices"
	"strconv"
	"strings"

	"github.com/maitre-pos/maitre/chat/period"
	"github.com/maitre-pos/maitre/chat/words"
)

// kind is what a recognised span of a question stands for.
type kind uint8

const (
	kPeriod   kind = iota + 1
	kProduct       // one of the tenant's products
	kCategory      // one of its categories
	kTable         // one of its tables
	kNumber        // an order's number
	kMethod        // a payment method
	kBusiness      // the restaurant itself: never a guest, a table or a dish
)

// kindOf is the mention of each kind of entity.
var kindOf = map[EntityKind]kind{ProductEntity: kProduct, CategoryEntity: kCategory, TableEntity: kTable}

// markers stand in the token stream for what was recognised.
var markers = map[kind]string{kPeriod: "§period", kProduct: "§product", kCategory: "§category", kTable: "§table",
	kNumber: "§number", kMethod: "§method", kBusiness: "§us"}

type mention struct {
	kind   kind
	at     int // token index
	period period.Period
	err    *period.Error // a period that cannot be
	entity *Entity
	number int
	method Method
	plural bool // said in the plural: "desserts", "wines"
	// A name's: the words said, how they were read, and the names they
	// could be when they do not settle which.
	said    string
	how     How
	score   float64
	choices []*Entity
	within  []*Entity // a category's products the words also name
}

// question is a question once its periods, names, numbers and methods are
// recognised, split into clauses.
type question struct {
	raw      []string // words as read, spelling corrected
	typed    []string // words as typed
	toks     []string // words, recognised spans replaced by markers
	stems    []string
	mentions []mention
	clauses  []*clause
	clock    period.Clock
	// assumed is the words of a period named against another ("the day
	// before") when none was said before it, which is then read from today.
	assumed string
}

// maxTokens bounds what is read: a question, not an essay.
const maxTokens = 60

// read recognises q's parts: periods first, then order numbers, tables,
// payment methods, the business and the tenant's products and
// categories, longest first. A period named against another ("the day
// before") moves from the last one said: in the question, or else prev,
// the conversation's.
func (t *translator) read(q string, clock period.Clock, ents *Entities, prev period.Period) *question {
	raw := expand(words.Tokenize(q), ents)
	if len(raw) > maxTokens {
		raw = raw[:maxTokens]
	}
	fixed := make([]bool, len(raw))
	typed := slices.Clone(raw)
	named := ents.squashed(raw)
	for i, w := range raw {
		if ents.knows(w) || named[i] {
			continue // the tenant's own word: "white" of House White is no typo, nor "ras" of "ras malai"
		}
		// Beside a word of the tenant's names, a word near one of them is
		// one: "brinus vokdri" is Brinu's Vokdri, not "brings".
		beside := i > 0 && ents.knows(raw[i-1]) || i+1 < len(raw) && ents.knows(raw[i+1])
		if cw, ok := ents.correct(w); ok && beside {
			raw[i], fixed[i] = cw, true
		} else if cw, ok := t.lex.spell.correct(w); ok {
			raw[i] = cw
		} else if !t.lex.knows(w) {
			if cw, ok := ents.correct(w); ok {
				raw[i], fixed[i] = cw, true
			}
		}
	}
	s := &question{clock: clock, raw: raw, typed: typed}
	lastPeriod := prev
	for i := 0; i < len(raw); {
		if raw[i] == "so" && i+1 < len(raw) && raw[i+1] == "far" && slices.ContainsFunc(s.mentions, func(m mention) bool { return m.kind == kPeriod }) {
			i += 2 // "today so far" is today, "this year revenue so far" this year
			continue
		}
		if p, n, err := clock.Relative(raw, i, lastPeriod); n > 0 {
			if lastPeriod.IsZero() && s.assumed == "" {
				s.assumed = strings.Join(raw[i:i+n], " ")
			}
			s.mark(mention{kind: kPeriod, period: p, err: err})
			lastPeriod = p
			i += n
			continue
		}
		if p, n, err := clock.At(raw, i); n > 0 {
			s.mark(mention{kind: kPeriod, period: p, err: err})
			lastPeriod = p
			i += n
			continue
		}
		if num, n := orderNumber(raw, i); n > 0 {
			s.mark(mention{kind: kNumber, number: num})
			i += n
			continue
		}
		// A payment method or the business said as long as a name reads
		// as them: "gift card" is a voucher, "the bar" the place.
		m, isName := ents.match(raw, i, fixed, t.lex)
		if meth, n := methodAt(raw, i); n > 0 && (!isName || n >= m.n) {
			s.mark(mention{kind: kMethod, method: meth})
			i += n
			continue
		}
		if n := businessAt(raw, i); n > 0 && (!isName || n >= m.n) {
			s.mark(mention{kind: kBusiness})
			i += n
			continue
		}
		if isName {
			s.mark(mention{kind: kindOf[m.entity.Kind], entity: m.entity, plural: m.plural, said: strings.Join(typed[i:i+m.n], " "),
				how: m.how, score: m.score, choices: m.choices, within: m.within})
			i += m.n
			continue
		}
		if e, n := ents.unknownTable(raw, i); n > 0 {
			s.mark(mention{kind: kTable, entity: e, said: strings.Join(raw[i:i+n], " "), how: HowExact, score: 1})
			i += n
			continue
		}
		s.toks = append(s.toks, raw[i])
		i++
	}
	s.stems = words.Stems(s.toks)
	s.split(t.lex)
	return s
}

func (s *question) mark(m mention) {
	m.at = len(s.toks)
	s.mentions = append(s.mentions, m)
	s.toks = append(s.toks, markers[m.kind])
}

// orderNumber reads "#123", "order 123", "order number 123", "ticket 123".
func orderNumber(t []string, i int) (int, int) {
	at := func(k int) string {
		if i+k < len(t) {
			return t[i+k]
		}
		return ""
	}
	if at(0) == "#" && words.IsDigits(at(1)) && len(at(1)) <= 10 {
		n, _ := strconv.Atoi(at(1))
		return n, 2
	}
	switch words.Stem(at(0)) {
	case "order", "ticket", "check", "receipt", "bill":
		k := 1
		for at(k) == "number" || at(k) == "no" || at(k) == "num" || at(k) == "nr" || at(k) == "#" || at(k) == "id" {
			k++
		}
		if words.IsDigits(at(k)) && len(at(k)) <= 10 {
			n, _ := strconv.Atoi(at(k))
			return n, k + 1
		}
	}
	return 0, 0
}

// methodAt reads a payment method; "cash register" and "cash up" are the
// till, not a method.
func methodAt(t []string, i int) (Method, int) {
	next := ""
	if i+1 < len(t) {
		next = t[i+1]
	}
	if t[i] == "cash" && (next == "register" || next == "up" || next == "flow") {
		return "", 0
	}
	for _, m := range methodPhrases {
		n := len(m.phrase)
		if i+n > len(t) {
			continue
		}
		match := true
		for k, w := range m.phrase {
			match = match && words.Stem(t[i+k]) == w
		}
		if match {
			return m.method, n
		}
	}
	return "", 0
}

// businessNouns name the place itself.
var businessNouns = map[string]bool{"restaurant": true, "diner": true, "cafe": true, "bistro": true, "izakaya": true,
	"trattoria": true, "brasserie": true, "eatery": true, "place": true, "shop": true, "store": true, "venue": true,
	"business": true, "joint": true, "pub": true, "bar": true, "outlet": true, "location": true, "site": true, "team": true}

// businessAt reads the business named by its kind: "the diner", "our
// café", "this place"; "diners" are guests and "Bar 2" a table.
func businessAt(t []string, i int) int {
	if i+1 >= len(t) || !businessNouns[t[i+1]] {
		return 0
	}
	switch t[i] {
	case "the", "our", "my", "this", "whole":
		if i+2 < len(t) && words.IsDigits(t[i+2]) {
			return 0
		}
		return 2
	}
	return 0
}

// split cuts the tokens into clauses at commas and conjunctions and finds
// each clause's cues.
func (s *question) split(lex *lexicon) {
	var cur []int
	cut := func() {
		if len(cur) > 0 {
			s.clauses = append(s.clauses, newClause(s, cur, lex))
			cur = nil
		}
	}
	for i := 0; i < len(s.toks); i++ {
		w := s.toks[i]
		at := func(k int) string {
			if i+k < len(s.toks) {
				return s.toks[i+k]
			}
			return ""
		}
		switch {
		case w == "and" && i > 0 && s.toks[i-1] == markers[kPeriod] && at(1) == markers[kPeriod]:
			cur = append(cur, i) // "october and september": one comparison
		case w == words.Clause || w == "and" || w == "also" || w == "plus" || w == "then" || w == "but":
			cut()
		case w == "as" && at(1) == "well" && at(2) == "as":
			cut()
			i += 2
		case (w == "along" || w == "together") && at(1) == "with":
			cut()
			i++
		default:
			cur = append(cur, i)
		}
	}
	cut()
}

// clause is one clause of a question, with the cues found in it.
type clause struct {
	q    *question
	idx  []int         // token indexes
	cues map[Cue][]int // token indexes of each cue's phrases
}

func newClause(q *question, idx []int, lex *lexicon) *clause {
	c := &clause{q: q, idx: idx, cues: map[Cue][]int{}}
	st := make([]string, len(idx))
	for k, i := range idx {
		st[k] = q.stems[i]
	}
	for k := 0; k < len(st); {
		n := 0
		for _, p := range lex.phrases[st[k]] {
			if len(p.stems) <= len(st)-k && slices.Equal(st[k:k+len(p.stems)], p.stems) {
				for _, cue := range p.cues {
					for j := range p.stems {
						c.cues[cue] = append(c.cues[cue], idx[k+j])
					}
				}
				n = len(p.stems)
				break
			}
		}
		k += max(n, 1)
	}
	return c
}

// hasPeriod reports whether the question names a period.
func (s *question) hasPeriod() bool {
	return slices.ContainsFunc(s.mentions, func(m mention) bool { return m.kind == kPeriod })
}

// about reports whether any clause of the question holds one of the cues.
func (s *question) about(cues ...Cue) bool {
	for _, c := range s.clauses {
		for _, cue := range cues {
			if c.has(cue) {
				return true
			}
		}
	}
	return false
}

// has reports whether the clause holds the cue.
func (c *clause) has(cue Cue) bool { return len(c.cues[cue]) > 0 }

// cueAt returns the tokens that gave the cue.
func (c *clause) cueAt(cue Cue) []int { return c.cues[cue] }

// first returns the clause's first mention of a kind.
func (c *clause) first(k kind) *mention {
	for _, i := range c.idx {
		if c.q.toks[i] != markers[k] {
			continue
		}
		for j := range c.q.mentions {
			if c.q.mentions[j].at == i {
				return &c.q.mentions[j]
			}
		}
	}
	return nil
}

// all returns the clause's mentions of a kind.
func (c *clause) all(k kind) []*mention {
	var out []*mention
	for j := range c.q.mentions {
		m := &c.q.mentions[j]
		if m.kind == k && slices.Contains(c.idx, m.at) {
			out = append(out, m)
		}
	}
	return out
}

// word reports whether the clause holds any of the words or their stems.
func (c *clause) word(ws ...string) bool {
	for _, i := range c.idx {
		if slices.Contains(ws, c.q.toks[i]) || slices.Contains(ws, c.q.stems[i]) {
			return true
		}
	}
	return false
}

// at is the index of the clause's first token among ws, -1 for none.
func (c *clause) at(ws ...string) int {
	for _, i := range c.idx {
		if slices.Contains(ws, c.q.toks[i]) {
			return i
		}
	}
	return -1
}

// tokens are the clause's tokens.
func (c *clause) tokens() []string {
	out := make([]string, len(c.idx))
	for k, i := range c.idx {
		out[k] = c.q.toks[i]
	}
	return out
}
