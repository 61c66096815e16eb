package chat

import (
	"slices"
	"sort"
	"strings"

	"github.com/maitre-pos/maitre/chat/period"
	"github.com/maitre-pos/maitre/chat/words"
)

// Cue is one kind of evidence a phrase gives: that a question is about
// sales, about stock, asks "how many", and so on. Intents declare the
// cues they own with their phrases, and weigh any cue when they score.
type Cue string

// Phrase is words that give a cue, written plainly; they are matched on
// stems, so "orders" also matches "order".
type Phrase struct {
	Text string
	Cue  Cue
}

// phrasesOf builds a phrase table: every text gives the cue.
func phrasesOf(cue Cue, texts ...string) []Phrase {
	out := make([]Phrase, len(texts))
	for i, t := range texts {
		out[i] = Phrase{t, cue}
	}
	return out
}

// lexicon indexes every registered phrase by its first stem, longest
// first, and knows the vocabulary the speller corrects to.
type lexicon struct {
	phrases map[string][]indexed
	spell   *speller
}

type indexed struct {
	stems []string
	cues  []Cue
}

func newLexicon(tables ...[]Phrase) *lexicon {
	byStems := map[string][]Cue{}
	var vocab []string
	for _, table := range tables {
		for _, p := range table {
			toks := words.Tokenize(p.Text)
			if strings.Contains(p.Text, "§") {
				toks = strings.Fields(p.Text) // markers kept: "we open §period"
			} else {
				vocab = append(vocab, toks...)
			}
			key := strings.Join(words.Stems(toks), " ")
			if !slices.Contains(byStems[key], p.Cue) {
				byStems[key] = append(byStems[key], p.Cue)
			}
		}
	}
	l := &lexicon{phrases: map[string][]indexed{}}
	for key, cues := range byStems {
		slices.Sort(cues)
		st := strings.Fields(key)
		l.phrases[st[0]] = append(l.phrases[st[0]], indexed{st, cues})
	}
	for k := range l.phrases {
		sort.Slice(l.phrases[k], func(i, j int) bool {
			a, b := l.phrases[k][i], l.phrases[k][j]
			if len(a.stems) != len(b.stems) {
				return len(a.stems) > len(b.stems)
			}
			return strings.Join(a.stems, " ") < strings.Join(b.stems, " ")
		})
	}
	vocab = append(vocab, period.Words()...)
	vocab = append(vocab, known...)
	vocab = append(vocab, fillerWords...)
	l.spell = newSpeller(vocab)
	return l
}

// knows reports whether w (or its stem) is a word of the vocabulary.
func (l *lexicon) knows(w string) bool {
	if _, ok := l.spell.words[w]; ok {
		return true
	}
	_, ok := l.spell.words[words.Stem(w)]
	return ok
}

// filler words carry no meaning for intents.
var fillerWords = strings.Fields(`a an the please can could would will you me my we our us i tell show give let know
	hey hi hello ok okay so well just quick quickly what whats which how is are was were be been do does did to of for
	in on at by with about and or any some there their this that these those it its kindly need want like see get find
	look up check much many right now currently current yet still again also plus then as all every each
	have has had going go far mine ours your number got gotten stuff`)

// known are ordinary words the speller must never correct into a keyword.
var known = strings.Fields(`worst least most best about would could should there their these those which where while
	whose right today items order sales seats label tablet abled cable stable probably maybe sorry thanks thank people
	three seven eight eleven twelve fifteen twenty thirty forty fifty hundred first second third price prices shows
	shown where hours hour minute weather wifi password staff shift employee employees worker workers music menu menus
	dozen being doing going making selling coming taking still total worth value valued morning evening night lunch
	dinner brunch dishes items sells spent spend money these week weeks month months year years since until from
	between during before after friday monday tuesday wednesday thursday saturday sunday place shop store kitchen
	restaurant diner cafe bistro izakaya trattoria eatery venue business joint pub brasserie outlet location site
	instead only same compare point points level levels print paint joint count counts right front`)
