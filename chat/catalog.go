package chat

import (
	"slices"
	"strings"

	"github.com/maitre-pos/maitre/clients"
)

// catalog is a tenant's products and categories as the parser matches
// them: by their words, stemmed, ignoring small words.
type catalog struct {
	products   []entry
	categories []entry
	spell      *speller
}

type entry struct {
	id, name, category string
	stems              []string
}

// skipped words do not count when matching names: "mac cheese" is
// "Mac and Cheese".
var skipped = map[string]bool{"and": true, "of": true, "the": true, "a": true, "an": true, "au": true, "with": true, "n": true}

func nameStems(name string) []string {
	var out []string
	for _, w := range tokenize(name) {
		if w != "," && !skipped[w] {
			out = append(out, stem(w))
		}
	}
	return out
}

func newCatalog(products []clients.Product) *catalog {
	c := &catalog{}
	var words []string
	seen := map[string]bool{}
	for _, p := range products {
		c.products = append(c.products, entry{id: p.ID, name: p.Name, category: p.Category, stems: nameStems(p.Name)})
		if !seen[p.Category] {
			seen[p.Category] = true
			c.categories = append(c.categories, entry{name: p.Category, stems: nameStems(p.Category)})
		}
		words = append(words, tokenize(p.Name+" "+p.Category)...)
	}
	// A category of several words also answers to its last one ("drinks"
	// for "Cold Drinks") when no other category ends so.
	for _, cat := range slices.Clone(c.categories) {
		if len(cat.stems) < 2 {
			continue
		}
		head := cat.stems[len(cat.stems)-1]
		clash := slices.ContainsFunc(c.categories, func(o entry) bool {
			return o.name != cat.name && o.stems[len(o.stems)-1] == head
		})
		if !clash {
			c.categories = append(c.categories, entry{name: cat.name, stems: []string{head}})
		}
	}
	var vocab []string
	for _, w := range words {
		if w != "," && len(w) >= minSpellLen {
			vocab = append(vocab, w, w+"s")
		}
	}
	c.spell = newSpeller(vocab)
	return c
}

// byFirstWord finds the one product whose name starts with the stem, for
// a product named by its first word: "latte" for Latte Macchiato.
func (c *catalog) byFirstWord(st string) (entry, bool) {
	var found entry
	n := 0
	for _, p := range c.products {
		if p.stems[0] == st {
			found = p
			n++
		}
	}
	return found, n == 1
}

// match finds the longest product or category name at position i of the
// stems (with skipped words left out), returning it and its length.
func (c *catalog) match(st []string, i int) (e entry, isProduct bool, n int) {
	for _, list := range []struct {
		entries []entry
		product bool
	}{{c.products, true}, {c.categories, false}} {
		for _, cand := range list.entries {
			if len(cand.stems) > n && len(cand.stems) <= len(st)-i && slices.Equal(st[i:i+len(cand.stems)], cand.stems) {
				e, isProduct, n = cand, list.product, len(cand.stems)
			}
		}
	}
	return e, isProduct, n
}

// mentions reports whether any word of the question could be a catalog
// word: a word the vocabulary does not know, so that the catalog is
// fetched only for questions that may name a product or category.
func mentionsUnknown(words []string, base *speller) bool {
	for _, w := range words {
		if _, ok := base.words[w]; !ok && w != "," && !isDigits(w) && !strings.HasPrefix(w, "#") {
			if _, ok := base.words[stem(w)]; !ok {
				return true
			}
		}
	}
	return false
}
