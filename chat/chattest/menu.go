// Package chattest makes up what the chat is tested on beyond the demo:
// menus and dining rooms nobody tuned the chat on, named the ways menus
// are (one word or several, hyphens, apostrophes, accents, words several
// dishes share), and the ways people type those names.
//
//	m := chattest.NewMenu(seed)
//	for _, t := range chattest.Typings(r, m.Dishes[0].Name) { ... }
package chattest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Dish is one product of a made-up menu.
type Dish struct{ Name, Category string }

// Menu is a made-up restaurant's dishes and tables.
type Menu struct {
	Dishes []Dish
	Tables []string
	// Shared are words more than one dish's name holds and no category's
	// does, with those dishes: asked by one, the chat must ask which.
	Shared map[string][]string
}

// syllables make words no dictionary and no phrase of the chat has.
var syllables = []string{"ka", "ri", "mo", "tan", "du", "pel", "zo", "vi", "nu", "sha", "ko", "ven", "lu", "bri", "qua",
	"xo", "fen", "dri", "ju", "mar", "ti", "gos", "ple", "ru", "vok"}

// word makes one word of two or three syllables, capitalised, an accent
// on a vowel now and then.
func word(r *rand.Rand) string {
	var b strings.Builder
	for range 2 + r.IntN(2) {
		b.WriteString(syllables[r.IntN(len(syllables))])
	}
	w := b.String()
	if r.IntN(6) == 0 {
		accented := map[byte]string{'a': "á", 'e': "é", 'o': "ô", 'u': "ü", 'i': "í"}
		for i := len(w) - 1; i > 0; i-- {
			if a, ok := accented[w[i]]; ok {
				w = w[:i] + a + w[i+1:]
				break
			}
		}
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// NewMenu makes up a menu: forty dishes in six categories (one word,
// long single words, two and three words, hyphens, apostrophes, "&",
// heads two or three dishes share) and twenty tables of one to three
// words.
func NewMenu(seed uint64) Menu {
	r := rand.New(rand.NewPCG(seed, seed*31+7))
	used := map[string]bool{}
	fresh := func() string {
		for {
			w := word(r)
			if k := Fold(w); !used[k] && len(k) >= 4 {
				used[k] = true
				return w
			}
		}
	}
	var cats []string
	for range 6 {
		if r.IntN(2) == 0 {
			cats = append(cats, fresh()+" & "+fresh())
		} else {
			cats = append(cats, fresh()+"s")
		}
	}
	m := Menu{Shared: map[string][]string{}}
	names := map[string]bool{}
	add := func(name string) {
		if !names[Fold(name)] {
			names[Fold(name)] = true
			m.Dishes = append(m.Dishes, Dish{name, cats[r.IntN(len(cats))]})
		}
	}
	for range 6 {
		add(fresh())
	}
	for range 4 {
		add(fresh() + strings.ToLower(fresh())) // one long word, often typed as two
	}
	for range 3 {
		head := fresh()
		for k := range 2 + r.IntN(2) {
			if k%2 == 0 {
				add(fresh() + " " + head)
			} else {
				add(head + " " + fresh())
			}
		}
		for _, d := range m.Dishes {
			if slices.Contains(strings.Fields(d.Name), head) {
				m.Shared[head] = append(m.Shared[head], d.Name)
			}
		}
	}
	for len(m.Dishes) < 40 {
		switch r.IntN(4) {
		case 0:
			add(fresh() + "-" + fresh())
		case 1:
			add(fresh() + "'s " + fresh())
		case 2:
			add(fresh() + " " + fresh() + " " + fresh())
		default:
			add(fresh() + " " + fresh())
		}
	}
	rooms := []string{fresh(), fresh(), fresh()}
	for i := 1; len(m.Tables) < 20; i++ {
		switch i % 4 {
		case 0:
			m.Tables = append(m.Tables, fmt.Sprintf("Table %d", i))
		case 1:
			m.Tables = append(m.Tables, fmt.Sprintf("%s %s %d", rooms[0], rooms[1], i))
		case 2:
			m.Tables = append(m.Tables, fmt.Sprintf("Booth %d", i))
		default:
			m.Tables = append(m.Tables, fmt.Sprintf("%s Room %d", rooms[2], i))
		}
	}
	return m
}

// Typing is one way a person types a name; Fuzzy when it is a letter
// off, which the chat reads as near, not as the name itself.
type Typing struct {
	Text  string
	Fuzzy bool
}

// Typings are ways a person types name: lower case without accents or
// apostrophes, spaces left out, a long word split in two, hyphens as
// spaces or left out, and a letter off in a long word.
func Typings(r *rand.Rand, name string) []Typing {
	plain := strings.ReplaceAll(Fold(name), "'", "")
	out := []Typing{{Text: plain}}
	ws := strings.FieldsFunc(plain, func(c rune) bool { return c == ' ' || c == '-' })
	if len(ws) > 1 {
		out = append(out, Typing{Text: strings.Join(ws, "")}, Typing{Text: strings.Join(ws, " ")})
	}
	if len(ws) == 1 && len(ws[0]) >= 8 {
		half := len(ws[0]) / 2
		out = append(out, Typing{Text: ws[0][:half] + " " + ws[0][half:]})
	}
	for i, w := range ws {
		if len(w) >= 7 {
			k := 2 + r.IntN(len(w)-3)
			typo := slices.Clone(ws)
			typo[i] = w[:k] + string(rune('a'+(int(w[k]-'a')+1+r.IntN(24))%26)) + w[k+1:]
			out = append(out, Typing{Text: strings.Join(typo, " "), Fuzzy: true})
			break
		}
	}
	return out
}

// marks strips combining marks once letters are decomposed.
var marks = runes.Remove(runes.In(unicode.Mn))

// Fold is s lower case without accents, as people type it.
func Fold(s string) string {
	out, _, _ := transform.String(transform.Chain(norm.NFD, marks, norm.NFC), strings.ToLower(s))
	return out
}
