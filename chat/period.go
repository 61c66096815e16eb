package chat

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/daterange"
)

// Period is a resolved period slot: a named Period of the schema, or an
// explicit From..To (YYYY-MM-DD, inclusive).
type Period struct {
	Name     string
	From, To string
}

// String is the slot's canonical form: the name, or "from..to".
func (p Period) String() string {
	if p.Name != "" || p.From == "" {
		return p.Name
	}
	return p.From + ".." + p.To
}

// variable is the DateRange input for the period.
func (p Period) variable() map[string]any {
	if p.Name != "" {
		return map[string]any{"period": p.Name}
	}
	return map[string]any{"from": p.From, "to": p.To}
}

var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
	"december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "mon": time.Monday, "tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday, "thursday": time.Thursday, "thu": time.Thursday, "thurs": time.Thursday,
	"friday": time.Friday, "fri": time.Friday, "saturday": time.Saturday, "sat": time.Saturday,
	"sunday": time.Sunday, "sun": time.Sunday,
}

// clock is the moment and place periods are read in.
type clock struct {
	today time.Time // local midnight
}

func newClock(now time.Time, loc *time.Location) clock {
	l := now.In(loc)
	return clock{today: time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)}
}

func (c clock) days(from, to time.Time) Period {
	return Period{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly)}
}

// lastWeekday is the latest day on or before today (strictly before when
// strict) falling on wd.
func (c clock) lastWeekday(wd time.Weekday, strict bool) time.Time {
	back := (int(c.today.Weekday()) - int(wd) + 7) % 7
	if back == 0 && strict {
		back = 7
	}
	return c.today.AddDate(0, 0, -back)
}

// date reads a day and month in the latest year that does not put it
// after today.
func (c clock) date(m time.Month, day int) (time.Time, bool) {
	if day < 1 || day > 31 {
		return time.Time{}, false
	}
	d := time.Date(c.today.Year(), m, day, 0, 0, 0, 0, c.today.Location())
	if d.Month() != m {
		return time.Time{}, false
	}
	if d.After(c.today) {
		d = d.AddDate(-1, 0, 0)
	}
	return d, true
}

// periodAt reads a period starting at tokens[i], returning it and how many
// tokens it spans (0 when none starts there).
func (c clock) periodAt(t []string, i int) (Period, int) {
	at := func(k int) string {
		if i+k < len(t) {
			return t[i+k]
		}
		return ""
	}
	w := at(0)
	// Dates: 2026-11-20, "nov 20", "20 nov", "20th of november", "on friday".
	if d, n := c.dateAt(t, i); n > 0 {
		// "from X to Y", "between X and Y", "X to Y", "X - Y".
		if j := i + n; j+1 < len(t) && (t[j] == "to" || t[j] == "and" || t[j] == "until" || t[j] == "through" || t[j] == "till") {
			if e, m := c.dateAt(t, j+1); m > 0 && !e.Before(d) {
				return c.days(d, e), n + 1 + m
			}
		}
		return c.days(d, d), n
	}
	// A month on its own: "in october", "for november".
	if m, ok := months[w]; ok && (w != "may" && w != "mar" || i > 0 && (t[i-1] == "in" || t[i-1] == "for" || t[i-1] == "during")) {
		if _, isDay := ordinal(at(1)); !isDay {
			first := time.Date(c.today.Year(), m, 1, 0, 0, 0, 0, c.today.Location())
			if first.After(c.today) {
				first = first.AddDate(-1, 0, 0)
			}
			return c.days(first, first.AddDate(0, 1, -1)), 1
		}
	}
	switch w {
	case "today", "tonight", "tday", "2day":
		return Period{Name: daterange.Today}, 1
	case "yesterday", "yday", "yesterdays":
		return Period{Name: daterange.Yesterday}, 1
	case "day":
		if at(1) == "before" && at(2) == "yesterday" {
			d := c.today.AddDate(0, 0, -2)
			return c.days(d, d), 3
		}
	case "wtd":
		return Period{Name: daterange.ThisWeek}, 1
	case "mtd":
		return Period{Name: daterange.ThisMonth}, 1
	case "ytd":
		return c.days(time.Date(c.today.Year(), 1, 1, 0, 0, 0, 0, c.today.Location()), c.today), 1
	case "week", "month", "year":
		// "week to date", "month to date"
		if at(1) == "to" && at(2) == "date" {
			switch w {
			case "week":
				return Period{Name: daterange.ThisWeek}, 3
			case "month":
				return Period{Name: daterange.ThisMonth}, 3
			}
			return c.days(time.Date(c.today.Year(), 1, 1, 0, 0, 0, 0, c.today.Location()), c.today), 3
		}
	case "this", "current":
		switch at(1) {
		case "morning", "afternoon", "evening", "lunch", "service", "shift":
			return Period{Name: daterange.Today}, 2
		case "week":
			return Period{Name: daterange.ThisWeek}, 2
		case "month":
			return Period{Name: daterange.ThisMonth}, 2
		case "year":
			return c.days(time.Date(c.today.Year(), 1, 1, 0, 0, 0, 0, c.today.Location()), c.today), 2
		}
	case "last", "past", "previous", "prior":
		switch at(1) {
		case "night":
			return Period{Name: daterange.Yesterday}, 2
		case "week":
			if w == "past" {
				return Period{Name: daterange.Last7Days}, 2
			}
			return Period{Name: daterange.LastWeek}, 2
		case "month":
			if w == "past" {
				return Period{Name: daterange.Last30Days}, 2
			}
			return Period{Name: daterange.LastMonth}, 2
		case "year":
			y := c.today.Year() - 1
			loc := c.today.Location()
			return c.days(time.Date(y, 1, 1, 0, 0, 0, 0, loc), time.Date(y, 12, 31, 0, 0, 0, 0, loc)), 2
		case "fortnight":
			return c.days(c.today.AddDate(0, 0, -13), c.today), 2
		}
		if wd, ok := weekdays[at(1)]; ok {
			return c.days(c.lastWeekday(wd, true), c.lastWeekday(wd, true)), 2
		}
		// "last 7 days", "past two weeks", "last few days"
		n, ok := number(at(1))
		unit := stem(at(2))
		if !ok {
			n, ok, unit = 1, at(1) != "", stem(at(1))
			if at(1) == "few" {
				n, unit = 3, stem(at(2))
			}
		}
		if ok && n > 0 && n <= daterange.MaxDays {
			span := 0
			switch unit {
			case "day":
				span = n
			case "week":
				span = 7 * n
			}
			if span > 0 && span <= daterange.MaxDays {
				k := 2
				if _, isNum := number(at(1)); isNum || at(1) == "few" {
					k = 3
				}
				switch span {
				case 7:
					return Period{Name: daterange.Last7Days}, k
				case 30:
					return Period{Name: daterange.Last30Days}, k
				}
				return c.days(c.today.AddDate(0, 0, 1-span), c.today), k
			}
		}
	case "since":
		if wd, ok := weekdays[at(1)]; ok {
			return c.days(c.lastWeekday(wd, false), c.today), 2
		}
		if d, n := c.dateAt(t, i+1); n > 0 {
			return c.days(d, c.today), n + 1
		}
		if at(1) == "yesterday" {
			return c.days(c.today.AddDate(0, 0, -1), c.today), 2
		}
	case "so":
		if at(1) == "far" {
			return Period{Name: daterange.Today}, 2 // refined by a following "this week"
		}
	}
	return Period{}, 0
}

// dateAt reads one calendar day at tokens[i].
func (c clock) dateAt(t []string, i int) (time.Time, int) {
	at := func(k int) string {
		if i+k < len(t) {
			return t[i+k]
		}
		return ""
	}
	w := at(0)
	if len(w) == 10 && w[4] == '-' && w[7] == '-' {
		if d, err := time.ParseInLocation(time.DateOnly, w, c.today.Location()); err == nil {
			return d, 1
		}
	}
	if m, ok := months[w]; ok {
		if n, ok := ordinal(at(1)); ok {
			if d, ok := c.date(m, n); ok {
				return d, 2
			}
		}
	}
	if n, ok := ordinal(w); ok {
		k := 1
		if at(k) == "of" {
			k++
		}
		if m, ok := months[at(k)]; ok {
			if d, ok := c.date(m, n); ok {
				return d, k + 1
			}
		}
	}
	if w == "on" || w == "for" || w == "last" {
		if d, n := c.dateAt(t, i+1); n > 0 && w != "last" {
			return d, n + 1
		}
	}
	if wd, ok := weekdays[w]; ok {
		return c.lastWeekday(wd, false), 1
	}
	return time.Time{}, 0
}

// ordinal reads "20", "20th", "1st", "22nd", "3rd".
func ordinal(w string) (int, bool) {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		w = strings.TrimSuffix(w, suf)
	}
	n, err := strconv.Atoi(w)
	return n, err == nil && n >= 1 && n <= 31
}

var numberWords = map[string]int{
	"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
	"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}

// number reads digits or a number word ("a" counts as one only where a
// number is expected).
func number(w string) (int, bool) {
	if isDigits(w) && len(w) <= 6 {
		n, err := strconv.Atoi(w)
		return n, err == nil
	}
	n, ok := numberWords[w]
	return n, ok
}

// describe spells a period out for an answer: "today, Thursday 26 November".
func describe(p Period, now time.Time, loc *time.Location) string {
	r, err := daterange.Resolve(daterange.Spec{Period: p.Name, From: p.From, To: p.To}, now, loc)
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
