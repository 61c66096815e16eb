package period

import (
	"fmt"
	"time"

	"github.com/maitre-pos/maitre/daterange"
)

// Describe spells p out for an answer, read at now in loc: "today,
// Thursday 26 November", "last week (16 to 22 November)".
func Describe(p Period, now time.Time, loc *time.Location) string {
	r, err := daterange.Resolve(p.Spec(), now, loc)
	if err != nil {
		return p.String()
	}
	from, _ := daterange.ParseDate(r.From, loc)
	to, _ := daterange.ParseDate(r.To, loc)
	day := func(t time.Time) string { return t.Format("Monday 2 January") }
	span := func() string {
		switch {
		case from.Year() != to.Year():
			return from.Format("2 January 2006") + " to " + to.Format("2 January 2006")
		case from.Month() != to.Month():
			return from.Format("2 January") + " to " + to.Format("2 January")
		}
		return fmt.Sprintf("%d to %s", from.Day(), to.Format("2 January"))
	}
	switch p.Name {
	case daterange.Today:
		return "today, " + day(from)
	case daterange.Yesterday:
		return "yesterday, " + day(from)
	case daterange.ThisWeek:
		return "this week (" + span() + ")"
	case daterange.LastWeek:
		return "last week (" + span() + ")"
	case daterange.ThisMonth:
		return "this month (" + from.Format("January") + ")"
	case daterange.LastMonth:
		return "last month (" + from.Format("January 2006") + ")"
	case daterange.Last7Days:
		return "in the last 7 days (" + span() + ")"
	case daterange.Last30Days:
		return "in the last 30 days (" + span() + ")"
	}
	if r.From == r.To {
		return "on " + day(from)
	}
	return "from " + span()
}
