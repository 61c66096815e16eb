package chat

import (
	"fmt"
	"slices"

	"github.com/maitre-pos/maitre/chat/words"
)

// The slot readers intents share: numbers near the words that give them
// their meaning.

// maxLimit is the most best sellers bestSellers(limit:) takes.
const maxLimit = 100

// limit reads "top 3", "3 best", "best five", "the 10 most popular". ok
// is set for any number so placed, even one out of range, which bad then
// explains.
func (c *clause) limit() (n int, ok bool, bad string) {
	toks := c.tokens()
	near := func(j int) bool {
		if j < 0 || j >= len(toks) {
			return false
		}
		w := words.Stem(toks[j])
		return slices.Contains([]string{"top", "best", "most", "product", "item", "dish", "seller", "bestseller", "thing",
			"first", "popular", "drink", "bottom", markers[kProduct], markers[kCategory]}, w)
	}
	for k, w := range toks {
		num, isNum := words.Number(w)
		if !isNum || !(near(k-1) || near(k+1)) {
			continue
		}
		if num < 1 || num > maxLimit {
			return num, true, fmt.Sprintf("I can rank from 1 to %d best sellers, not %d", maxLimit, num)
		}
		return num, true, ""
	}
	return 0, false, ""
}

// singular reports a question after one thing: "the best seller",
// "what's my best-selling product?", "the most popular wine".
func (c *clause) singular() bool {
	plural, single, theMost := false, false, false
	ts := c.tokens()
	for i, w := range ts {
		theMost = theMost || w == "most" && i > 0 && ts[i-1] == "the" // "what made the most"
		switch w {
		case "products", "items", "dishes", "sellers", "bestsellers", "things", "drinks", "ones", "lines", "plates":
			plural = true
		case "product", "item", "dish", "seller", "bestseller", "thing", "one", "drink", "plate", "earner", "performer":
			single = true
		}
	}
	if single || plural {
		return single && !plural
	}
	if theMost {
		return true
	}
	cats := c.all(kCategory)
	for _, m := range cats {
		if m.plural {
			return false
		}
	}
	return len(cats) > 0
}

// threshold reads "under 10" (9), "10 or fewer" (10), "at most 5".
func (c *clause) threshold() (int, bool) {
	t := c.tokens()
	at := func(k int) string {
		if k >= 0 && k < len(t) {
			return t[k]
		}
		return ""
	}
	for k := range t {
		n, ok := words.Number(t[k])
		if !ok || t[k] == "a" {
			continue
		}
		switch {
		case at(k-3) == "at" && at(k-2) == "or" && (at(k-1) == "below" || at(k-1) == "under"):
			return n, true // "at or below 12"
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

// method is the one payment method the clause names; "" for none or for
// several ("cash vs card").
func (c *clause) method() Method {
	var found Method
	for _, m := range c.all(kMethod) {
		if found != "" && found != m.method {
			return ""
		}
		found = m.method
	}
	return found
}

// catalog fills the product and category the clause names; a name that
// could be several leaves the choice to the person asking.
func (c *clause) catalog(s *Slots) {
	if m := c.first(kProduct); m != nil {
		if m.choices != nil {
			s.Choices = choicesOf(m.choices)
		} else {
			s.ProductID, s.Product = m.entity.ID, m.entity.Name
		}
	}
	if m := c.first(kCategory); m != nil {
		s.Category = m.entity.Name
	}
}

// product fills the one product the clause names, where a category will
// not do (a price, a stock): a word of a category's name that is also in
// several of its products asks which ("pie" of Pies & Desserts).
func (c *clause) product(s *Slots) {
	c.catalog(s)
	if m := c.first(kCategory); m != nil && s.ProductID == "" && s.Choices == nil && len(m.within) > 1 {
		s.Choices = choicesOf(m.within)
	}
	s.Category = ""
}

// names reports whether the clause names a product, or a category by a
// word its products share.
func (c *clause) names() *mention {
	if m := c.first(kProduct); m != nil {
		return m
	}
	if m := c.first(kCategory); m != nil && len(m.within) > 1 {
		return m
	}
	return nil
}

// table fills the table the clause names.
func (c *clause) table(s *Slots) {
	if m := c.first(kTable); m != nil {
		s.Table = m.entity.Name
	}
}

// money reports words of money, not of units: "how much did it make",
// "revenue on those".
func (c *clause) money() bool { return c.has(cueMoney) }

// share reports words of a part of the whole: "what % of sales", "as a
// share of plates sold".
func (c *clause) share() bool { return c.has(cueShare) }

// refersBack reports words that point at what was said before: "that",
// "those", "it".
func (c *clause) refersBack() bool {
	return c.word("that", "those", "it", "them", "these", "its", "their", "ones", "one")
}
