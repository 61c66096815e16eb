// Package words turns text into the tokens chat reads: lower case,
// accents and apostrophes folded away, contractions expanded, numbers and
// dates kept whole. Questions and the tenant's own names go through the
// same folding, so "pho bo" meets "Phở Bò" and "shepherds pie" meets
// "Shepherd's Pie".
package words

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Clause is the token that stands for a clause break: a comma, a
// semicolon, a question or exclamation mark, a full stop.
const Clause = ","

// contractions are expanded where they end a word; an "'s" left over is
// a possessive and goes. "O'Malley" and "d'Ange" keep their letters.
var (
	wholeContractions = map[string]string{"what's": "what is", "how's": "how is", "who's": "who is", "where's": "where is",
		"that's": "that is", "it's": "it is", "there's": "there is", "here's": "here is", "let's": "let us",
		"won't": "will not", "can't": "can not",
		"how'd": "how did", "what'd": "what did", "where'd": "where did", "who'd": "who did"}
	suffixContractions = []struct{ from, to string }{
		{"n't", " not"}, {"'re", " are"}, {"'ve", " have"}, {"'ll", " will"}, {"'d", " would"}, {"'m", " am"}, {"'s", ""},
	}
)

// expand expands the contractions of one word, stacked ones too
// ("they'd've").
func expand(w string) string {
	if to, ok := wholeContractions[w]; ok {
		return to
	}
	for _, c := range suffixContractions {
		if base, ok := strings.CutSuffix(w, c.from); ok && base != "" {
			return expand(base) + c.to
		}
	}
	return w
}

// abbreviations end in a full stop that ends no clause.
var abbreviations = map[string]bool{"no": true, "nr": true, "num": true, "vs": true, "v": true, "approx": true,
	"avg": true, "qty": true, "wk": true, "mo": true, "mth": true, "yr": true, "st": true, "incl": true, "excl": true}

// shorthand is what people type for speed: "this wk", "tables r open",
// "orders n revenue".
var shorthand = map[string]string{"wk": "week", "wks": "weeks", "mth": "month", "mths": "months", "yr": "year",
	"yrs": "years", "r": "are", "u": "you", "n": "and", "thru": "through", "tho": "though", "pls": "please",
	"plz": "please", "hw": "how", "wat": "what", "whats": "what is", "hows": "how is"}

// marks strips combining marks once letters are decomposed: "ō" is "o"
// and a macron, "ở" an "o", a horn and a hook.
var marks = runes.Remove(runes.In(unicode.Mn))

// Fold lower-cases s and takes the accents off its letters.
func Fold(s string) string {
	s = strings.ToLower(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			folded, _, err := transform.String(transform.Chain(norm.NFD, marks, norm.NFC), s)
			if err == nil {
				s = folded
			}
			return strings.NewReplacer("ß", "ss", "æ", "ae", "œ", "oe", "ø", "o", "ł", "l", "đ", "d").Replace(s)
		}
	}
	return s
}

// Tokenize splits text into folded words, numbers ("-5" keeps its sign),
// ISO dates ("2026-11-20"), "#" and Clause tokens.
func Tokenize(text string) []string {
	q := strings.NewReplacer("’", "'", "‘", "'", "`", "'", "&", " and ", "+", " and ").Replace(Fold(text))
	if strings.Contains(q, "'") {
		q = strings.ReplaceAll(q, "cannot", "can not")
		ws := strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '-' })
		for _, w := range ws {
			if strings.Contains(w, "'") {
				q = strings.Replace(q, w, expand(w), 1)
			}
		}
	}
	var tokens []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			tokens = append(tokens, cur.String())
			cur.Reset()
		}
	}
	rs := []rune(q)
	digit := func(i int) bool { return i >= 0 && i < len(rs) && unicode.IsDigit(rs[i]) }
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(r)
		case r == '\'':
			// inside a word it joins ("o'clock"); elsewhere it quotes
		case (r == '-' || r == '/' || r == '.') && digit(i-1) && digit(i+1) && cur.Len() > 0:
			cur.WriteRune(r) // 2026-11-20, 11/14, 20.11.2026, 11/9-11/15, 4.80
		case r == '-' && cur.Len() == 0 && digit(i+1):
			cur.WriteRune(r) // a negative number
		case r == '#':
			flush()
			tokens = append(tokens, "#")
		case r == '%':
			flush()
			tokens = append(tokens, "percent")
		case r == '.' && abbreviations[cur.String()]:
			flush() // "order no. 123" is one clause
		case r == ',' || r == ';' || r == '?' || r == '!' || r == '.':
			flush()
			if len(tokens) > 0 && tokens[len(tokens)-1] != Clause {
				tokens = append(tokens, Clause)
			}
		default:
			flush()
		}
	}
	flush()
	if slices.ContainsFunc(tokens, func(w string) bool { return shorthand[w] != "" }) {
		var long []string
		for _, w := range tokens {
			if l, ok := shorthand[w]; ok {
				long = append(long, strings.Fields(l)...)
			} else {
				long = append(long, w)
			}
		}
		tokens = long
	}
	for len(tokens) > 0 && tokens[len(tokens)-1] == Clause {
		tokens = tokens[:len(tokens)-1]
	}
	return tokens
}

// IsDigits reports whether s is a run of ASCII digits.
func IsDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Stem folds plurals: "orders" is "order", "fries" "fry", "boxes" "box".
func Stem(w string) string {
	switch {
	case len(w) <= 3 || IsDigits(w):
		return w
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "sses"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:len(w)-1]
	}
	return w
}

// Stems stems every word.
func Stems(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = Stem(w)
	}
	return out
}

var numberWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
	"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50, "hundred": 100, "dozen": 12, "couple": 2,
}

// Number reads digits, a signed number or a number word. Very long digit
// runs read as a number too large for anything, never wrapped.
func Number(w string) (int, bool) {
	digits := strings.TrimPrefix(w, "-")
	if IsDigits(digits) {
		if len(digits) > 9 {
			digits = "999999999"
		}
		n, _ := strconv.Atoi(digits)
		if digits != w[len(w)-len(digits):] || strings.HasPrefix(w, "-") {
			n = -n
		}
		return n, true
	}
	n, ok := numberWords[w]
	return n, ok
}

// Ordinal reads a day of the month: "20", "20th", "1st", "22nd", "3rd";
// any number of days is read, so that the 32nd can be refused by name.
func Ordinal(w string) (int, bool) {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if strings.HasSuffix(w, suf) && IsDigits(strings.TrimSuffix(w, suf)) {
			w = strings.TrimSuffix(w, suf)
			break
		}
	}
	if !IsDigits(w) || len(w) > 2 {
		return 0, false
	}
	n, _ := strconv.Atoi(w)
	return n, n >= 1
}
