package chat

import (
	"slices"
	"strings"
	"testing"

	"github.com/maitre-pos/maitre/chat/period"
)

// TestVocabulary enumerates the vocabulary tables: each abbreviation
// asks what the word spelt out asks, each payment name is its method,
// each regional word gives its cue, and each off-topic phrase is
// answered as off-topic, a dish named or not.
func TestVocabulary(t *testing.T) {
	tc := demoTenants(t)["bistro"]
	tr := newTranslator()
	ask := func(q string) translation { return tr.translate(q, tc.clock, tc.ents, nil) }
	periodWords := []string{"yesterday", "today", "todays", "tomorrow", "weekend", "monday", "tuesday", "wednesday", "thursday", "friday"}
	for _, a := range abbreviations {
		t.Run("abbreviation/"+a.Short, func(t *testing.T) {
			template := "%s today"
			if slices.Contains(periodWords, a.Long) {
				template = "revenue since %s"
				if a.Long == "tomorrow" || a.Long == "weekend" {
					template = "revenue %s"
				}
			}
			short, long := ask(strings.Replace(template, "%s", a.Short, 1)), ask(strings.Replace(template, "%s", a.Long, 1))
			if render(short) != render(long) {
				t.Errorf("%q: %s; %q: %s", a.Short, render(short), a.Long, render(long))
			}
		})
	}
	for _, m := range methodPhrases {
		phrase := strings.Join(m.phrase, " ")
		t.Run("payment/"+phrase, func(t *testing.T) {
			want := "payment_methods(method=" + string(m.method) + ", period=TODAY)"
			if got := render(ask("how much came in by " + phrase + " today")); got != want {
				t.Errorf("got %s; want %s", got, want)
			}
		})
	}
	for _, p := range regionalPhrases {
		t.Run("regional/"+p.Text, func(t *testing.T) {
			q := tr.read(p.Text+" today", tc.clock, tc.ents, period.Period{})
			if !q.about(p.Cue) {
				t.Errorf("%q gives no %s cue", p.Text, p.Cue)
			}
		})
	}
	for _, o := range offTopics {
		for _, phrase := range o.Phrases {
			phrase = strings.NewReplacer(markers[kPeriod], "tomorrow", markers[kBusiness], "the restaurant").Replace(phrase)
			t.Run("off-topic/"+phrase, func(t *testing.T) {
				for _, q := range []string{phrase + " of the tiramisu", "what about " + phrase} {
					if got := ask(q); got.offTopic != o.Topic || len(got.asks) > 0 {
						t.Errorf("%q: %s, off-topic %q; want %q and nothing asked", q, render(got), got.offTopic, o.Topic)
					}
				}
			})
		}
	}
}
