package chat

import (
	"fmt"
	"strings"
	"time"
)

const cueBusiest Cue = "busiest"

// busyHours answers when the restaurant is busiest: the busiest hours of
// its week over the four weeks before today.
type busyHours struct{}

func init() { register(busyHours{}) }

// "How busy" is the dining room now (tables); these ask when in the week.
func (busyHours) Phrases() []Phrase {
	return phrasesOf(cueBusiest, "busiest", "peak", "peak hour", "peak hours", "peak time", "peak times", "rush hour",
		"rush hours", "the rush", "our rush", "busy hours", "busy times", "busy periods", "when are we busy",
		"when do we get busy", "when is it busy", "quietest", "slowest hours", "slowest time")
}

func (busyHours) Name() IntentName { return BusyHours }
func (busyHours) Uses() Uses       { return 0 }

func (busyHours) Match(c *clause) Score {
	return weights{cues: map[Cue]int{cueBusiest: 6}, need: []any{cueBusiest}}.score(c)
}

func (busyHours) Fill(*clause, *Slots) {}

func (busyHours) Plan(q *query, _ Slots) {
	q.add("", "busyHours { to busiest { weekday hour revenue { formatted } orders } }")
}

func (busyHours) Compose(w *writer, _ Slots) {
	var b struct {
		To      string
		Busiest []struct {
			Weekday string
			Hour    int
			Revenue moneyJSON
			Orders  int
		}
	}
	if !w.read("", &b) {
		w.couldnt("work out the busy hours", w.failure(""))
		return
	}
	to, _ := time.Parse(time.DateOnly, b.To)
	if len(b.Busiest) == 0 {
		w.say("nothing was sold in the four weeks to %s.", to.Format("Monday 2 January"))
		return
	}
	var items []string
	for i, s := range b.Busiest {
		if i == 3 {
			break
		}
		items = append(items, fmt.Sprintf("%s%s %02d:00 (%s, %s)", strings.ToUpper(s.Weekday[:1]), strings.ToLower(s.Weekday[1:]),
			s.Hour, s.Revenue.Formatted, plural(s.Orders, "order", "orders")))
	}
	w.say("over the four weeks to %s, your busiest hours were %s.", to.Format("Monday 2 January"), list(items))
}

func (busyHours) Next() []string {
	return []string{"What's my revenue today?", "Which tables are free?"}
}
