package period

import (
	"testing"
	"time"

	"github.com/maitre-pos/maitre/chat/words"
)

// FuzzAt reads periods from any text at any position: no panic, a span
// within the tokens, and every period read resolves.
func FuzzAt(f *testing.F) {
	for _, s := range []string{"since nov 20", "11/9-11/15", "29 feb 2026", "the friday before", "last 3 weeks", "31.11."} {
		f.Add(s, 0)
	}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	c := NewClock(time.Date(2026, 11, 26, 18, 30, 0, 0, time.UTC), tokyo)
	f.Fuzz(func(t *testing.T, text string, i int) {
		toks := words.Tokenize(text)
		if len(toks) == 0 {
			return
		}
		i = (i%len(toks) + len(toks)) % len(toks)
		p, n, err := c.At(toks, i)
		if n < 0 || i+n > len(toks) {
			t.Fatalf("At(%q, %d) read %d tokens of %d", toks, i, n, len(toks))
		}
		if n > 0 && err == nil {
			if _, rerr := c.Range(p); rerr != nil {
				t.Fatalf("At(%q, %d) = %v, which does not resolve: %v", toks, i, p, rerr)
			}
		}
		if r, k, rerr := c.Relative(toks, i, p); k > 0 && rerr == nil {
			if _, rerr := c.Range(r); rerr != nil {
				t.Fatalf("Relative(%q, %d) = %v, which does not resolve: %v", toks, i, r, rerr)
			}
		}
	})
}
