package chat

import (
	"strings"
	"unicode"
)

// contractions are expanded before tokenising; "'s" that is not listed is a
// possessive and dropped.
var contractions = []struct{ from, to string }{
	{"what's", "what is"}, {"how's", "how is"}, {"who's", "who is"}, {"where's", "where is"},
	{"that's", "that is"}, {"it's", "it is"}, {"there's", "there is"}, {"here's", "here is"},
	{"let's", "let us"}, {"won't", "will not"}, {"can't", "can not"}, {"cannot", "can not"},
	{"n't", " not"}, {"'re", " are"}, {"'ve", " have"}, {"'ll", " will"}, {"'d", " would"},
	{"'m", " am"}, {"'s", ""},
}

// tokenize lower-cases q, expands contractions and splits it into words,
// numbers and ISO dates; "#123" becomes "#" "123", and a "," or ";" or
// "?" ends a clause, kept as the token ",".
func tokenize(q string) []string {
	q = strings.ToLower(q)
	q = strings.NewReplacer("’", "'", "‘", "'", "`", "'", "&", " and ", "+", " and ").Replace(q)
	if strings.Contains(q, "'") {
		for _, c := range contractions {
			q = strings.ReplaceAll(q, c.from, c.to)
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
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(foldAccent(r))
		case r == '-' && cur.Len() > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i+1]) && isDigits(cur.String()[len(cur.String())-1:]):
			cur.WriteRune(r) // 2026-11-20
		case r == '#':
			flush()
			tokens = append(tokens, "#")
		case r == ',' || r == ';' || r == '?' || r == '!' || r == '.' && (i+1 == len(rs) || rs[i+1] == ' '):
			flush()
			if len(tokens) > 0 && tokens[len(tokens)-1] != "," {
				tokens = append(tokens, ",")
			}
		default:
			flush()
		}
	}
	flush()
	for len(tokens) > 0 && tokens[len(tokens)-1] == "," {
		tokens = tokens[:len(tokens)-1]
	}
	return tokens
}

// foldAccent maps the accented letters of menus to plain ones, so that
// "café" and "creme brulee" match "Café" and "Crème brûlée".
func foldAccent(r rune) rune {
	switch r {
	case 'à', 'á', 'â', 'ä', 'ã':
		return 'a'
	case 'è', 'é', 'ê', 'ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï':
		return 'i'
	case 'ò', 'ó', 'ô', 'ö', 'õ':
		return 'o'
	case 'ù', 'ú', 'û', 'ü':
		return 'u'
	case 'ç':
		return 'c'
	case 'ñ':
		return 'n'
	}
	return r
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// stem folds plurals: "orders" -> "order", "fries" -> "fry", "boxes" -> "box".
func stem(w string) string {
	switch {
	case len(w) <= 3 || isDigits(w):
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
