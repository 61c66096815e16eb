package chat

import (
	"strings"

	"github.com/maitre-pos/maitre/chat/words"
)

// speller corrects a word to a vocabulary word at most one edit away
// (insertion, deletion, substitution or transposition), using an index of
// single-letter deletions so that a lookup costs a few map probes, not a
// scan of the vocabulary.
type speller struct {
	words   map[string]int      // word -> rank (lower wins ties)
	stems   map[string]bool     // the words' stems: "drink" of "drinks" is no typo
	deletes map[string][]string // word with one letter deleted -> words
}

// minSpellLen is the shortest word corrected: shorter ones are too easily
// mistaken for each other ("cost", "cash").
const minSpellLen = 5

func newSpeller(vocab []string) *speller {
	s := &speller{words: map[string]int{}, stems: map[string]bool{}, deletes: map[string][]string{}}
	for _, w := range vocab {
		s.add(w)
	}
	return s
}

func (s *speller) add(w string) {
	if _, ok := s.words[w]; ok {
		return
	}
	s.words[w] = len(s.words)
	s.stems[words.Stem(w)] = true
	if len(w) < minSpellLen-1 {
		return
	}
	for i := range len(w) {
		d := w[:i] + w[i+1:]
		s.deletes[d] = append(s.deletes[d], w)
	}
}

// correct returns the vocabulary word closest to w, or w itself when it is
// known, short, or nothing is near. ok reports whether w was changed.
func (s *speller) correct(w string) (string, bool) {
	if _, known := s.words[w]; known || len(w) < minSpellLen || strings.ContainsAny(w, "0123456789") {
		return w, false // a number, or a name with one ("booth2"), is never a typo
	}
	if _, known := s.words[words.Stem(w)]; known || s.stems[w] { // a plural or a singular of a known word
		return w, false
	}
	best, bestRank := "", -1
	consider := func(c string) {
		// A candidate must share the first letter: typos rarely hit it,
		// and it keeps "worst" from becoming "worth".
		if c[0] != w[0] {
			return
		}
		if r := s.words[c]; bestRank < 0 || r < bestRank {
			best, bestRank = c, r
		}
	}
	for _, c := range s.deletes[w] { // w lacks a letter
		consider(c)
	}
	for i := range len(w) {
		d := w[:i] + w[i+1:]
		if _, ok := s.words[d]; ok { // w has an extra letter
			consider(d)
		}
		for _, c := range s.deletes[d] { // a letter replaced or two swapped
			consider(c)
		}
	}
	if bestRank < 0 {
		return w, false
	}
	return best, true
}
