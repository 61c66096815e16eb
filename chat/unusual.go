package chat

import (
	"fmt"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/chat/period"
)

const cueUnusual Cue = "unusual"

// unusual answers what stands out about a day against the same weekday
// of the four weeks before, up to the same time of day.
type unusual struct{}

func init() { register(unusual{}) }

func (unusual) Phrases() []Phrase {
	return phrasesOf(cueUnusual, "unusual", "out of the ordinary", "odd", "strange", "weird", "abnormal", "anomaly",
		"anomalies", "anomalous", "stand out", "stands out", "standing out", "stood out", "normal day", "normal",
		"typical day", "out of whack", "off today", "different today", "irregular", "outlier",
		"outliers", "anything off", "something off", "anything wrong", "what's different", "what is different",
		"notable", "noteworthy", "red flags", "red flag", "surprises", "surprising", "unexpected", "out of line")
}

func (unusual) Name() IntentName { return Unusual }
func (unusual) Uses() Uses       { return UsesPeriod }

// Unusual about the day, not one dish or table.
func (unusual) Match(c *clause) Score {
	if c.first(kProduct) != nil || c.has(cueTableNoun) || c.has(cueBusiest) {
		return Score{}
	}
	return weights{cues: map[Cue]int{cueUnusual: 6, cueSales: 1}, need: []any{cueUnusual}}.score(c)
}

func (unusual) Fill(*clause, *Slots) {}

func (unusual) Plan(q *query, s Slots) {
	v := "{ money { formatted amount } count share }"
	q.add("", "unusual(range: "+q.arg("range", "DateRange", s.Period.Variable())+") { date until compareDates figures { kind key position value "+
		v+" low "+v+" high "+v+" outsideBy "+v+" } }")
}

type unusualValue struct {
	Money *moneyJSON
	Count *int
	Share *float64
}

// says is the value as a person reads it.
func (v unusualValue) says() string {
	switch {
	case v.Money != nil:
		return v.Money.Formatted
	case v.Count != nil:
		return count(*v.Count)
	case v.Share != nil:
		return pct(*v.Share)
	}
	return "?"
}

// by is a distance: a share's in percentage points.
func (v unusualValue) by() string {
	if v.Share != nil {
		return strings.TrimSuffix(pct(*v.Share), "%") + " points"
	}
	return v.says()
}

type unusualFigure struct {
	Kind, Key, Position         string
	Value, Low, High, OutsideBy unusualValue
}

// name is what the figure measures.
func (f unusualFigure) name() string {
	switch f.Kind {
	case "REVENUE":
		return "revenue"
	case "ORDERS":
		return "completed orders"
	case "AVERAGE_TICKET":
		return "the average ticket"
	case "METHOD_SHARE":
		return strings.ToLower(f.Key) + "'s share of payments"
	}
	return f.Key + " units"
}

// Compose says the takings against the days before first, whatever
// they are, then up to three other figures outside their range.
func (unusual) Compose(w *writer, s Slots) {
	var u struct {
		Date, Until  string
		CompareDates []string
		Figures      []unusualFigure
	}
	if !w.read("", &u) {
		w.couldnt("work out what is unusual", w.failure(""))
		return
	}
	date, _ := time.Parse(time.DateOnly, u.Date)
	upTo := ""
	// A past day is read whole, to the next midnight.
	if until, err := time.Parse(time.RFC3339, u.Until); err == nil && until.Format(time.DateOnly) == u.Date {
		upTo = "up to " + until.Format("15:04") + " "
	}
	days := plural(len(u.CompareDates), date.Weekday().String(), date.Weekday().String()+"s")
	var out []string
	for _, f := range u.Figures {
		switch {
		case f.Kind == "REVENUE" && f.Position == "WITHIN":
			w.say("%s%s, revenue %s %s, within their %s to %s.", upTo, w.againstDays(s.Period, days), w.verb(s.Period),
				f.Value.says(), f.Low.says(), f.High.says())
		case f.Kind == "REVENUE":
			w.say("%s%s, revenue %s %s, %s by %s.", upTo, w.againstDays(s.Period, days), w.verb(s.Period), f.Value.says(),
				f.beyond(), f.OutsideBy.by())
		case f.Position != "WITHIN":
			out = append(out, fmt.Sprintf("%s at %s, %s by %s", f.name(), f.Value.says(), strings.ToLower(f.Position), f.OutsideBy.by()))
		}
	}
	switch {
	case len(out) == 0:
		w.say("nothing else stands out: orders, the average ticket, payment methods and categories are all within their range.")
	case len(out) > 3:
		w.say("outside their range: %s; and %d more.", strings.Join(out[:3], "; "), len(out)-3)
	default:
		w.say("outside their range: %s.", strings.Join(out, "; "))
	}
}

// againstDays names the day and those it is set against: "today,
// Thursday 26 November, against the 4 Thursdays before".
func (w *writer) againstDays(p period.Period, days string) string {
	return w.period(p) + ", against the " + days + " before"
}

// beyond says which edge of the range a figure passed, and the edge.
func (f unusualFigure) beyond() string {
	if f.Position == "BELOW" {
		return "below the lowest of them (" + f.Low.says() + ")"
	}
	return "above the highest of them (" + f.High.says() + ")"
}

func (unusual) Next() []string {
	return []string{"Why is revenue different today?", "What sold best today?", "How did people pay today?"}
}
