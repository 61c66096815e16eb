// Package period is the grammar of the periods chat understands: named
// ones ("today", "last week", "the past 30 days"), days ("on Friday", "on
// Nov 20", "2026-11-20", "the 22nd"), spans ("since Monday", "from Nov 1
// to Nov 10", "the last two weeks"), and days named against another ("the
// day before", "the same day last week"). A date that cannot be is
// refused by name ("there is no 30 February"), never replaced by today.
//
// It reads tokens as chat/words writes them and resolves them on a Clock:
// the tenant's local day.
package period

import (
	"fmt"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/daterange"
)

// Period is a named period of the schema, or From..To, local dates
// (YYYY-MM-DD) both included.
type Period struct {
	Name string `json:"name,omitempty"`
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
}

// The named periods.
var (
	Today      = Period{Name: daterange.Today}
	Yesterday  = Period{Name: daterange.Yesterday}
	ThisWeek   = Period{Name: daterange.ThisWeek}
	LastWeek   = Period{Name: daterange.LastWeek}
	ThisMonth  = Period{Name: daterange.ThisMonth}
	LastMonth  = Period{Name: daterange.LastMonth}
	Last7Days  = Period{Name: daterange.Last7Days}
	Last30Days = Period{Name: daterange.Last30Days}
)

// String is the canonical form: the name, or "from..to".
func (p Period) String() string {
	if p.Name != "" || p.From == "" {
		return p.Name
	}
	return p.From + ".." + p.To
}

// IsZero reports whether no period is set.
func (p Period) IsZero() bool { return p == Period{} }

// Variable is the DateRange input for p.
func (p Period) Variable() map[string]any {
	if p.Name != "" {
		return map[string]any{"period": p.Name}
	}
	return map[string]any{"from": p.From, "to": p.To}
}

// Spec is p as daterange reads it.
func (p Period) Spec() daterange.Spec {
	return daterange.Spec{Period: p.Name, From: p.From, To: p.To}
}

// Error is a period that cannot be answered; its message is written for
// the person asking. Future is set for one that has not happened yet,
// rather than one that cannot be.
type Error struct {
	Msg    string
	Future bool
}

func (e *Error) Error() string { return e.Msg }

func errorf(format string, args ...any) *Error { return &Error{Msg: fmt.Sprintf(format, args...)} }

// Clock is the tenant's local day, against which periods are read.
type Clock struct {
	today time.Time // local midnight
	// monthFirst reads "5/11" as 11 May, as the zone's country writes
	// dates; else as 5 November.
	monthFirst bool
}

// NewClock reads periods at now in loc.
func NewClock(now time.Time, loc *time.Location) Clock {
	l := now.In(loc)
	return Clock{today: time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc), monthFirst: monthFirst(loc.String())}
}

// monthFirstZones are the zones of the countries that write the month
// first ("11/5" is 5 November): the United States, and East Asia, whose
// year-month-day drops its year. Everywhere else writes the day first.
var monthFirstZones = []string{"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
	"America/Phoenix", "America/Anchorage", "America/Detroit", "America/Boise", "America/Juneau", "America/Adak",
	"America/Nome", "America/Sitka", "America/Yakutat", "America/Metlakatla", "America/Menominee", "America/Indiana/",
	"America/Kentucky/", "America/North_Dakota/", "America/Puerto_Rico", "Pacific/Honolulu", "Pacific/Guam", "US/",
	"Asia/Tokyo", "Asia/Seoul", "Asia/Shanghai", "Asia/Taipei", "Asia/Hong_Kong", "Asia/Manila"}

func monthFirst(zone string) bool {
	for _, z := range monthFirstZones {
		if zone == z || strings.HasSuffix(z, "/") && strings.HasPrefix(zone, z) {
			return true
		}
	}
	return false
}

// Today is local midnight today.
func (c Clock) Today() time.Time { return c.today }

// Days is the span of local days from..to.
func Days(from, to time.Time) Period {
	return Period{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly)}
}

// Range resolves p on c.
func (c Clock) Range(p Period) (daterange.Range, error) {
	return daterange.Resolve(p.Spec(), c.today, c.today.Location())
}

// span checks an explicit span: inside the dates maitre reads, not in the
// future, not longer than a range may be.
func (c Clock) span(from, to time.Time) (Period, *Error) {
	min, _ := time.ParseInLocation(time.DateOnly, daterange.MinDate, c.today.Location())
	switch {
	case from.Before(min) || to.Year() > 2099:
		return Period{}, errorf("I can only look at dates from %s to %s", display(min), "31 December 2099")
	case from.After(c.today):
		return Period{}, &Error{Msg: display(from) + " has not happened yet", Future: true}
	case int(to.Sub(from).Hours()/24)+1 > daterange.MaxDays:
		return Period{}, errorf("I can look at %d days at most at once", daterange.MaxDays)
	}
	return Days(from, to), nil
}

func display(t time.Time) string { return t.Format("2 January 2006") }

// Before is the single day n days before p's, for "the day before" (1)
// and "the same day last week" (7); false when p is not one day.
func (c Clock) Before(p Period, n int) (Period, bool) {
	r, err := c.Range(p)
	if err != nil || r.From != r.To {
		return Period{}, false
	}
	d := r.Start.AddDate(0, 0, -n)
	return Days(d, d), true
}

// Current is the period of now that p is set against: this week for
// last week, this month for last month, today for anything else.
func Current(p Period) Period {
	switch p.Name {
	case daterange.LastWeek:
		return ThisWeek
	case daterange.LastMonth:
		return ThisMonth
	}
	return Today
}

// Includes reports whether p includes now.
func (c Clock) Includes(p Period, now time.Time) bool {
	r, err := daterange.Resolve(p.Spec(), now, c.today.Location())
	return err == nil && !now.Before(r.Start) && now.Before(r.End)
}
