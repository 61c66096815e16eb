// Package daterange turns a named period or a pair of dates into an exact
// time window in a tenant's time zone.
package daterange

import (
	"errors"
	"fmt"
	"time"
)

// MaxDays bounds a from/to range, so one query cannot ask for years of data.
const MaxDays = 400

// The periods, as the GraphQL Period enum names them.
const (
	Today      = "TODAY"
	Yesterday  = "YESTERDAY"
	ThisWeek   = "THIS_WEEK"
	LastWeek   = "LAST_WEEK"
	ThisMonth  = "THIS_MONTH"
	LastMonth  = "LAST_MONTH"
	Last7Days  = "LAST_7_DAYS"
	Last30Days = "LAST_30_DAYS"
)

// Spec is what a client asks for: a Period, or From and To as
// YYYY-MM-DD (both inclusive). All empty means today.
type Spec struct {
	Period   string
	From, To string
}

// Range is a resolved window: the local dates From..To inclusive, and the
// instants [Start, End) they cover.
type Range struct {
	From, To   string
	Start, End time.Time
}

// Days is how many local days r covers, From and To included.
func (r Range) Days() int {
	from, _ := time.Parse(time.DateOnly, r.From)
	to, _ := time.Parse(time.DateOnly, r.To)
	return int(to.Sub(from).Hours()/24) + 1
}

// Error is a bad Spec; its message is safe to show to clients.
type Error struct{ msg string }

func (e *Error) Error() string { return e.msg }

func errorf(format string, args ...any) error { return &Error{fmt.Sprintf(format, args...)} }

// Resolve resolves s at now in loc. Weeks start on Monday.
func Resolve(s Spec, now time.Time, loc *time.Location) (Range, error) {
	local := now.In(loc)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	if s.Period != "" && (s.From != "" || s.To != "") {
		return Range{}, errorf("give either period or from and to, not both")
	}
	if s.From != "" || s.To != "" {
		return explicit(s.From, s.To, loc)
	}
	weekday := (int(today.Weekday()) + 6) % 7 // Monday = 0
	monday := today.AddDate(0, 0, -weekday)
	first := today.AddDate(0, 0, 1-today.Day())
	switch s.Period {
	case "", Today:
		return days(today, today), nil
	case Yesterday:
		y := today.AddDate(0, 0, -1)
		return days(y, y), nil
	case ThisWeek:
		return days(monday, monday.AddDate(0, 0, 6)), nil
	case LastWeek:
		return days(monday.AddDate(0, 0, -7), monday.AddDate(0, 0, -1)), nil
	case ThisMonth:
		return days(first, first.AddDate(0, 1, -1)), nil
	case LastMonth:
		return days(first.AddDate(0, -1, 0), first.AddDate(0, 0, -1)), nil
	case Last7Days:
		return days(today.AddDate(0, 0, -6), today), nil
	case Last30Days:
		return days(today.AddDate(0, 0, -29), today), nil
	}
	return Range{}, errorf("unknown period %q", s.Period)
}

func explicit(from, to string, loc *time.Location) (Range, error) {
	if from == "" || to == "" {
		return Range{}, errorf("from and to go together: give both")
	}
	f, err := ParseDate(from, loc)
	if err != nil {
		return Range{}, err
	}
	t, err := ParseDate(to, loc)
	if err != nil {
		return Range{}, err
	}
	if t.Before(f) {
		return Range{}, errorf("to (%s) is before from (%s)", to, from)
	}
	if n := int(t.Sub(f).Hours()/24) + 1; n > MaxDays {
		return Range{}, errorf("a range covers at most %d days, this one %d", MaxDays, n)
	}
	return days(f, t), nil
}

// The dates a range may cover: a point-of-sale history, not the calendar's
// whole span, so that no date the services cannot represent reaches them.
const (
	MinDate = "2000-01-01"
	MaxDate = "2099-12-31"
)

// ParseDate parses YYYY-MM-DD as local midnight in loc, from MinDate to
// MaxDate.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	d, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return time.Time{}, errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	if s < MinDate || s > MaxDate {
		return time.Time{}, errorf("%s is outside the dates that can be asked about, %s to %s", s, MinDate, MaxDate)
	}
	return d, nil
}

// days covers local midnight of first to local midnight after last; with
// time.Date, a DST change inside the range moves the instants correctly.
func days(first, last time.Time) Range {
	end := time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, last.Location())
	return Range{From: first.Format(time.DateOnly), To: last.Format(time.DateOnly), Start: first, End: end}
}

// longest is how many days each period covers at most.
var longest = map[string]int{"": 1, Today: 1, Yesterday: 1, ThisWeek: 7, LastWeek: 7,
	ThisMonth: 31, LastMonth: 31, Last7Days: 7, Last30Days: 30}

// Span is how many days s covers at most, on any date: what a query over
// it may cost before it is resolved. A bad Spec spans one day, since
// Resolve refuses it before anything is fetched.
func Span(s Spec) int {
	if s.From == "" && s.To == "" {
		return max(longest[s.Period], 1)
	}
	r, err := explicit(s.From, s.To, time.UTC)
	if err != nil {
		return 1
	}
	return int(r.End.Sub(r.Start).Hours() / 24)
}

// IsError reports whether err is a client's bad Spec.
func IsError(err error) bool {
	var e *Error
	return errors.As(err, &e)
}
