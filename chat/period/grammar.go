package period

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/chat/words"
	"github.com/maitre-pos/maitre/daterange"
)

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

// wordlike are the weekdays' short forms that are words too ("anyone sat
// at table 5"): they are days only after a word that announces one.
var (
	wordlike   = map[string]bool{"sat": true, "sun": true, "wed": true}
	dayContext = map[string]bool{"on": true, "since": true, "from": true, "to": true, "until": true, "till": true,
		"through": true, "and": true, "vs": true, "versus": true, "for": true, "the": true}
)

// Words are every word the grammar reads, for a speller.
func Words() []string {
	out := []string{"today", "tonight", "yesterday", "tomorrow", "week", "weeks", "month", "months", "year", "days", "day",
		"last", "past", "previous", "prior", "since", "fortnight", "morning", "afternoon", "evening", "night", "lunch",
		"between", "until", "through", "date", "same", "before", "earlier", "next", "weekend", "time",
		"after", "later", "following", "preceding", "one", "period", "whole", "entire", "full", "from", "till"}
	for w := range months {
		out = append(out, w)
	}
	for w := range weekdays {
		out = append(out, w)
	}
	return out
}

// reader reads one period at a position of the tokens.
type reader struct {
	c Clock
	t []string
	i int
}

func (r reader) at(k int) string {
	if r.i+k >= 0 && r.i+k < len(r.t) {
		return r.t[r.i+k]
	}
	return ""
}

// At reads a period starting at t[i]: the period and how many tokens it
// spans, n = 0 when none starts there. A period that cannot be is n > 0
// with an error saying why.
func (c Clock) At(t []string, i int) (Period, int, *Error) {
	r := reader{c, t, i}
	if p, ok, err := c.numericSpan(r.at(0)); ok {
		return p, 1, err
	}
	if p, n, err := r.ordinalSpan(); n > 0 {
		return p, n, err
	}
	if d, n, err := r.day(0); n > 0 {
		if err != nil {
			return Period{}, n, err
		}
		// "X to Y", "between X and Y", "from X through Y"
		if j := n; r.at(j) == "to" || r.at(j) == "and" || r.at(j) == "until" || r.at(j) == "through" || r.at(j) == "till" {
			if e, m, err := r.day(j + 1); m > 0 {
				if err != nil {
					return Period{}, j + 1 + m, err
				}
				if e.Before(d) {
					d, e = e, d
				}
				p, err := c.span(d, e)
				return p, j + 1 + m, err
			}
		}
		p, err := c.span(d, d)
		return p, n, err
	}
	if p, n, err := r.named(); n > 0 {
		return p, n, err
	}
	return Period{}, 0, nil
}

// ordinalSpan reads days of one month named once, at the end: "from
// 10th to 15th nov", "10 - 15 november", "between the 3rd and 9th of
// march".
func (r reader) ordinalSpan() (Period, int, *Error) {
	k := 0
	if r.at(k) == "from" || r.at(k) == "between" {
		k++
	}
	if r.at(k) == "the" {
		k++
	}
	first, ok := words.Ordinal(r.at(k))
	if !ok || months[r.at(k+1)] != 0 || r.at(k+1) == "of" {
		return Period{}, 0, nil
	}
	j := k + 1
	switch r.at(j) {
	case "to", "and", "till", "until", "through", "thru":
		j++
	default:
		return Period{}, 0, nil
	}
	if r.at(j) == "the" {
		j++
	}
	end, n, err := r.day(j)
	if n == 0 || err != nil {
		return Period{}, j + n, err
	}
	start, err := r.c.inYear(end.Year(), end.Month(), first)
	if err != nil {
		return Period{}, j + n, err
	}
	if end.Before(start) {
		return Period{}, 0, nil
	}
	p, err := r.c.span(start, end)
	return p, j + n, err
}

// named reads what is not a calendar day.
func (r reader) named() (Period, int, *Error) {
	c := r.c
	w := r.at(0)
	year := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, c.today.Location()) }
	// A month on its own: "in october", "for november"; "may" and "mar"
	// only after such a word, as they are verbs too.
	if m, ok := months[w]; ok && (w != "may" && w != "mar" || r.at(-1) == "in" || r.at(-1) == "for" || r.at(-1) == "during") {
		if _, isDay := words.Ordinal(r.at(1)); !isDay {
			first := time.Date(c.today.Year(), m, 1, 0, 0, 0, 0, c.today.Location())
			if first.After(c.today) {
				first = first.AddDate(-1, 0, 0)
			}
			return Days(first, first.AddDate(0, 1, -1)), 1, nil
		}
	}
	switch w {
	case "today", "tonight", "tday", "2day", "todays":
		return Today, 1, nil
	case "yesterday", "yday", "yesterdays":
		return Yesterday, 1, nil
	case "tomorrow", "tmrw":
		return Period{}, 1, &Error{Msg: "tomorrow has not happened yet", Future: true}
	case "next":
		switch r.at(1) {
		case "week", "month", "year", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
			return Period{}, 2, &Error{Msg: "next " + r.at(1) + " has not happened yet", Future: true}
		}
	case "day":
		if r.at(1) == "before" && r.at(2) == "yesterday" {
			d := c.today.AddDate(0, 0, -2)
			return Days(d, d), 3, nil
		}
	case "wtd":
		return ThisWeek, 1, nil
	case "mtd":
		return ThisMonth, 1, nil
	case "ytd":
		return Days(year(c.today.Year()), c.today), 1, nil
	case "week", "month", "year":
		if r.at(1) == "to" && r.at(2) == "date" {
			switch w {
			case "week":
				return ThisWeek, 3, nil
			case "month":
				return ThisMonth, 3, nil
			}
			return Days(year(c.today.Year()), c.today), 3, nil
		}
	case "so":
		if r.at(1) == "far" {
			// "so far this week": the period that follows, else today.
			if p, n, err := (reader{c, r.t, r.i + 2}).named(); n > 0 {
				return p, n + 2, err
			}
			return Today, 2, nil
		}
	case "weekend":
		if r.at(-1) != "the" && r.at(-1) != "this" && r.at(-1) != "last" {
			return r.weekend(0, 1)
		}
	case "this", "current":
		if r.at(1) == "time" && (r.at(2) == "last" || r.at(2) == "a") {
			if d, ok := ago(c.today, r.at(3)); ok {
				return Days(d, d), 4, nil
			}
		}
		switch r.at(1) {
		case "weekend":
			return r.weekend(0, 2)
		case "morning", "afternoon", "evening", "lunch", "service", "shift", "lunchtime":
			return Today, 2, nil
		case "week":
			return ThisWeek, 2, nil
		case "month":
			return ThisMonth, 2, nil
		case "year":
			return Days(year(c.today.Year()), c.today), 2, nil
		}
	case "the":
		if r.at(1) == "weekend" {
			return r.weekend(0, 2)
		}
		// "what about the week", "for the whole month": the current one,
		// unless it is named against another ("the week before").
		k := 1
		if r.at(k) == "whole" || r.at(k) == "entire" || r.at(k) == "full" {
			k++
		}
		if next := r.at(k + 1); next != "before" && next != "after" && next != "earlier" && next != "later" && next != "of" {
			switch r.at(k) {
			case "week":
				return ThisWeek, k + 1, nil
			case "month":
				return ThisMonth, k + 1, nil
			case "year":
				return Days(year(c.today.Year()), c.today), k + 1, nil
			}
		}
	case "last", "past", "previous", "prior":
		if r.at(1) == "weekend" {
			return r.weekend(1, 2)
		}
		return r.last()
	case "since":
		if wd, ok := weekdays[r.at(1)]; ok {
			p, err := c.span(c.lastWeekday(wd, false), c.today)
			return p, 2, err
		}
		if d, n, err := r.day(1); n > 0 {
			if err != nil {
				return Period{}, n + 1, err
			}
			p, err := c.span(d, c.today)
			return p, n + 1, err
		}
		if r.at(1) == "yesterday" {
			return Days(c.today.AddDate(0, 0, -1), c.today), 2, nil
		}
	}
	return Period{}, 0, nil
}

// weekend is the Saturday and Sunday weeksBack before this week's, or
// for this week's the days of it that have been; n tokens were read. "the
// weekend" on a weekday is the last one.
func (r reader) weekend(weeksBack, n int) (Period, int, *Error) {
	c := r.c
	monday := c.lastWeekday(time.Monday, false)
	sat := monday.AddDate(0, 0, 5-7*weeksBack)
	if sat.After(c.today) {
		if r.at(0) == "this" {
			return Period{}, n, &Error{Msg: "this weekend has not started yet", Future: true}
		}
		sat = sat.AddDate(0, 0, -7)
	}
	sun := sat.AddDate(0, 0, 1)
	if sun.After(c.today) {
		sun = c.today
	}
	return Days(sat, sun), n, nil
}

// ago is the day a week, a month or a year before today.
func ago(today time.Time, unit string) (time.Time, bool) {
	switch unit {
	case "week":
		return today.AddDate(0, 0, -7), true
	case "month":
		return today.AddDate(0, -1, 0), true
	case "year":
		return today.AddDate(-1, 0, 0), true
	}
	return time.Time{}, false
}

// last reads "last week", "past 30 days", "last friday", "last two weeks".
func (r reader) last() (Period, int, *Error) {
	c := r.c
	w := r.at(0)
	switch r.at(1) {
	case "night":
		return Yesterday, 2, nil
	case "week":
		if w == "past" {
			return Last7Days, 2, nil
		}
		return LastWeek, 2, nil
	case "month":
		if w == "past" {
			return Last30Days, 2, nil
		}
		return LastMonth, 2, nil
	case "year":
		y := c.today.Year() - 1
		loc := c.today.Location()
		return Days(time.Date(y, 1, 1, 0, 0, 0, 0, loc), time.Date(y, 12, 31, 0, 0, 0, 0, loc)), 2, nil
	case "fortnight":
		return Days(c.today.AddDate(0, 0, -13), c.today), 2, nil
	}
	if wd, ok := weekdays[r.at(1)]; ok {
		d := c.lastWeekday(wd, true)
		return Days(d, d), 2, nil
	}
	// "last 7 days", "past two weeks", "last few days", "last 3 months"
	n, isNum := words.Number(r.at(1))
	unit, k := words.Stem(r.at(2)), 3
	switch {
	case r.at(1) == "few":
		n, isNum = 3, true
	case !isNum:
		n, unit, k = 1, words.Stem(r.at(1)), 2
	}
	days := 0
	switch unit {
	case "day":
		days = n
	case "week":
		days = 7 * n
	case "month":
		if n == 1 {
			return Last30Days, k, nil
		}
		days = 30 * n
	default:
		return Period{}, 0, nil
	}
	switch {
	case !isNum && unit != "day" && unit != "week":
		return Period{}, 0, nil
	case n < 1:
		return Period{}, k, errorf("the last %d %ss is no period at all", n, unit)
	case days > daterange.MaxDays:
		return Period{}, k, errorf("I can look at %d days at most at once", daterange.MaxDays)
	case days == 7:
		return Last7Days, k, nil
	case days == 30:
		return Last30Days, k, nil
	}
	return Days(c.today.AddDate(0, 0, 1-days), c.today), k, nil
}

// day reads one calendar day at offset k: "2026-11-20", "nov 20", "20th
// of november", "on friday", "the 22nd". n > 0 with an error for a day
// that cannot be.
func (r reader) day(k int) (time.Time, int, *Error) {
	c := r.c
	w := r.at(k)
	loc := c.today.Location()
	if len(w) == 10 && w[4] == '-' && w[7] == '-' && words.IsDigits(w[:4]+w[5:7]+w[8:]) {
		y, _ := strconv.Atoi(w[:4])
		m, _ := strconv.Atoi(w[5:7])
		d, _ := strconv.Atoi(w[8:])
		if m < 1 || m > 12 {
			return time.Time{}, 1, errorf("%s is not a date: there is no month %d", w, m)
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
		if d < 1 || t.Day() != d {
			return time.Time{}, 1, errorf("there is no %d %s in %d", d, time.Month(m), y)
		}
		return t, 1, nil
	}
	if t, ok, err := c.numeric(w); ok {
		return t, 1, err
	}
	if m, ok := months[w]; ok {
		if d, ok := words.Ordinal(r.at(k + 1)); ok {
			return r.dated(m, d, k+2, 2)
		}
	}
	if d, ok := words.Ordinal(w); ok {
		j := k + 1
		if r.at(j) == "of" {
			j++
		}
		if m, ok := months[r.at(j)]; ok {
			return r.dated(m, d, j+1, j-k+1)
		}
		// "the 22nd" or "on 22nd" on its own is this month's, or last
		// month's if that is still to come.
		if (r.at(k-1) == "the" || r.at(k-1) == "on") && len(w) > 2 {
			if d > 31 {
				return time.Time{}, 1, errorf("no month has a %s day", w)
			}
			m := c.today.Month()
			if d > c.today.Day() {
				m--
			}
			t := time.Date(c.today.Year(), m, d, 0, 0, 0, 0, loc)
			if t.Day() != d {
				return time.Time{}, 1, errorf("there is no %d %s", d, time.Date(c.today.Year(), m, 1, 0, 0, 0, 0, loc).Month())
			}
			return t, 1, nil
		}
	}
	if w == "on" || w == "for" || w == "the" {
		if t, n, err := r.day(k + 1); n > 0 {
			return t, n + 1, err
		}
	}
	if wd, ok := weekdays[w]; ok && (!wordlike[w] || dayContext[r.at(k-1)]) {
		return c.lastWeekday(wd, false), 1, nil
	}
	return time.Time{}, 0, nil
}

// dated is day d of month m, read n tokens from the day's start, in the
// year said at offset k ("29 Feb 2026", "Nov 20, 2025"), else the latest
// year that does not put it in the future.
func (r reader) dated(m time.Month, d, k, n int) (time.Time, int, *Error) {
	j := k
	if r.at(j) == words.Clause {
		j++
	}
	if y, ok := year(r.at(j)); ok {
		t, err := r.c.inYear(y, m, d)
		return t, n + j - k + 1, err
	}
	t, err := r.c.date(m, d)
	return t, n, err
}

// year reads a four-digit year.
func year(w string) (int, bool) {
	if len(w) != 4 || !words.IsDigits(w) {
		return 0, false
	}
	y, _ := strconv.Atoi(w)
	return y, true
}

// inYear is day d of month m in year y, if there is one.
func (c Clock) inYear(y int, m time.Month, d int) (time.Time, *Error) {
	if m < 1 || m > 12 {
		return time.Time{}, errorf("there is no month %d", m)
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, c.today.Location())
	if d < 1 || t.Day() != d {
		return time.Time{}, errorf("there is no %d %s in %d", d, m, y)
	}
	return t, nil
}

// numeric reads a date in figures: "11/14" and "11/14/2026" month first
// where the zone's country writes so, else day first ("5/11" is 5
// November in India), either way round when one cannot be a month
// ("31/11", "11/14"); "2026/11/03"; and "20.11" or "20.11.2026" day
// first, as the dots are written.
func (c Clock) numeric(w string) (time.Time, bool, *Error) {
	sep := "/"
	if strings.Contains(w, ".") {
		sep = "."
	}
	parts := strings.Split(w, sep)
	if len(parts) < 2 || len(parts) > 3 || strings.Contains(w, "-") {
		return time.Time{}, false, nil
	}
	n := make([]int, len(parts))
	for i, p := range parts {
		if !words.IsDigits(p) || len(p) > 4 || len(p) == 4 && i == 1 {
			return time.Time{}, false, nil
		}
		n[i], _ = strconv.Atoi(p)
	}
	if len(parts[0]) == 4 { // 2026/11/03
		if len(parts) != 3 {
			return time.Time{}, false, nil
		}
		t, err := c.inYear(n[0], time.Month(n[1]), n[2])
		return t, true, err
	}
	m, d := n[0], n[1]
	if sep == "." || !c.monthFirst && d <= 12 || m > 12 {
		m, d = d, m
	}
	if sep == "." && (len(parts[1]) > 2 || m < 1 || m > 12) {
		return time.Time{}, false, nil // 4.80, an amount
	}
	if m < 1 || m > 12 {
		return time.Time{}, true, errorf("%s is not a date I can read", w)
	}
	if len(parts) == 3 {
		y := n[2]
		if len(parts[2]) == 2 {
			y += 2000
		}
		t, err := c.inYear(y, time.Month(m), d)
		return t, true, err
	}
	if d < 1 || d > 31 {
		return time.Time{}, true, errorf("%s is not a date I can read", w)
	}
	t, err := c.date(time.Month(m), d)
	return t, true, err
}

// numericSpan reads two dates in figures joined by a dash: "11/9-11/15".
func (c Clock) numericSpan(w string) (Period, bool, *Error) {
	a, b, ok := strings.Cut(w, "-")
	if !ok || strings.Contains(b, "-") {
		return Period{}, false, nil
	}
	from, okA, err := c.numeric(a)
	if !okA {
		return Period{}, false, nil
	}
	to, okB, errB := c.numeric(b)
	if !okB {
		return Period{}, false, nil
	}
	if err == nil {
		err = errB
	}
	if err != nil {
		return Period{}, true, err
	}
	if to.Before(from) {
		from, to = to, from
	}
	p, err := c.span(from, to)
	return p, true, err
}

// lastWeekday is the latest day on or before today (strictly before when
// strict) falling on wd.
func (c Clock) lastWeekday(wd time.Weekday, strict bool) time.Time {
	back := (int(c.today.Weekday()) - int(wd) + 7) % 7
	if back == 0 && strict {
		back = 7
	}
	return c.today.AddDate(0, 0, -back)
}

// date reads a day and month in the latest year that does not put it
// after today; 29 February in the latest leap year.
func (c Clock) date(m time.Month, day int) (time.Time, *Error) {
	loc := c.today.Location()
	longest := time.Date(2024, m+1, 0, 0, 0, 0, 0, loc).Day() // 2024 is a leap year
	switch {
	case day > 31:
		return time.Time{}, errorf("no month has %d days", day)
	case day > longest:
		return time.Time{}, errorf("there is no %d %s", day, m)
	}
	for y := c.today.Year(); y > c.today.Year()-8; y-- {
		d := time.Date(y, m, day, 0, 0, 0, 0, loc)
		if d.Day() == day && !d.After(c.today) {
			return d, nil
		}
	}
	return time.Time{}, errorf("there is no %d %s", day, m)
}

// Relative reads a period named against the last one said ("the day
// before", "the previous day", "the same day last week", "a week
// earlier", "the friday before", "the week before", "the month before",
// "the previous one", "the next day", "the week after", "the following
// one"), n = 0 when none starts at t[i] or prev is not of the right kind.
// With no period said, prev is today. A period that has not happened yet
// is n > 0 with an error saying so.
func (c Clock) Relative(t []string, i int, prev Period) (Period, int, *Error) {
	r := reader{c, t, i}
	lead := 0
	if r.at(0) == "the" {
		r.i, lead = i+1, 1
	}
	if prev.IsZero() {
		prev = Today
	}
	before := r.at(1) == "before" || r.at(1) == "earlier"
	after := r.at(1) == "after" || r.at(1) == "later"
	if wd, ok := weekdays[r.at(0)]; ok && before && lead == 1 {
		rg, err := c.Range(prev)
		if err != nil {
			return Period{}, 0, nil
		}
		back := (int(rg.Start.Weekday()) - int(wd) + 7) % 7
		if back == 0 {
			back = 7
		}
		d := rg.Start.AddDate(0, 0, -back)
		return Days(d, d), lead + 2, nil
	}
	// "the previous one", "the one before", "the next one", "the one
	// after", "the following one": the period of the same kind beside.
	if lead == 1 {
		dir, n := 0, 0
		switch {
		case (r.at(0) == "previous" || r.at(0) == "prior" || r.at(0) == "preceding") && (r.at(1) == "one" || r.at(1) == "period"):
			dir, n = -1, 2
		case (r.at(0) == "one" || r.at(0) == "period") && before:
			dir, n = -1, 2
		case (r.at(0) == "next" || r.at(0) == "following") && (r.at(1) == "one" || r.at(1) == "period"):
			dir, n = 1, 2
		case (r.at(0) == "one" || r.at(0) == "period") && after:
			dir, n = 1, 2
		}
		if dir != 0 {
			p, err := c.beside(prev, dir)
			return p, lead + n, err
		}
	}
	// "the week after", "the next week", "the following month": the week
	// or month after prev when it is one, else as "the week before" reads
	// a day, the same day a week later.
	if lead == 1 && (r.at(0) == "week" || r.at(0) == "month") && after ||
		lead == 1 && (r.at(0) == "next" || r.at(0) == "following") && (r.at(1) == "week" || r.at(1) == "month") {
		unit, dir := r.at(0), 1
		if !after {
			unit = r.at(1)
		}
		if p, ok := c.unitBefore(prev, unit, dir); ok {
			p, err := c.checked(p)
			return p, lead + 2, err
		}
		return Period{}, 0, nil
	}
	if (r.at(0) == "week" || r.at(0) == "month") && before && lead == 1 {
		if p, ok := c.unitBefore(prev, r.at(0), -1); ok {
			return p, lead + 2, nil
		}
		return Period{}, 0, nil
	}
	// "the next day", "the day after", "the following day".
	if lead == 1 && ((r.at(0) == "next" || r.at(0) == "following") && r.at(1) == "day" || r.at(0) == "day" && after && r.at(2) != "tomorrow") {
		rg, err := c.Range(prev)
		if err != nil {
			return Period{}, 0, nil
		}
		p, perr := c.checked(Days(rg.End, rg.End))
		return p, lead + 2, perr
	}
	// "this week vs last": the same kind of period before the one said.
	// Only after a word that sets it against another: "will it last?"
	// is no period.
	if lead == 0 && (r.at(0) == "last" || r.at(0) == "previous") && !ofPeriod(r.at(1)) &&
		slices.Contains([]string{"vs", "versus", "than", "to", "with", "and", "or", "against", "compared", "from", "v"}, r.at(-1)) {
		if p, ok := map[Period]Period{ThisWeek: LastWeek, ThisMonth: LastMonth, Today: Yesterday}[prev]; ok {
			return p, 1, nil
		}
	}
	back, n := 0, 0
	switch {
	case (r.at(0) == "day" || r.at(0) == "previous") && (r.at(1) == "before" || r.at(1) == "day") && r.at(2) != "yesterday":
		back, n = 1, 2
	case r.at(0) == "same" && r.at(1) == "day" && (r.at(2) == "last" || r.at(2) == "previous" || r.at(2) == "a") && r.at(3) == "week":
		back, n = 7, 4
	case lead == 0 && (r.at(0) == "a" || r.at(0) == "one") && r.at(1) == "week" && (r.at(2) == "earlier" || r.at(2) == "before"):
		back, n = 7, 3
	default:
		return Period{}, 0, nil
	}
	p, ok := c.Before(prev, back)
	if !ok {
		return Period{}, 0, nil
	}
	return p, lead + n, nil
}

// ofPeriod reports a word that says which period "last" names: "last
// week", "last 7 days", "last friday", "last night".
func ofPeriod(w string) bool {
	_, num := words.Number(w)
	_, wd := weekdays[w]
	_, mon := months[w]
	return num || wd || mon || slices.Contains([]string{"week", "weeks", "month", "months", "year", "years", "day", "days",
		"weekend", "night", "evening", "morning", "lunch", "dinner", "service", "shift", "quarter", "fortnight", "time", "one", "period"}, w)
}

// checked is p when it has begun, or an error saying it has not.
func (c Clock) checked(p Period) (Period, *Error) {
	rg, err := c.Range(p)
	if err != nil {
		return Period{}, errorf("%s", err)
	}
	return c.span(rg.Start, rg.End.AddDate(0, 0, -1))
}

// beside is the period of p's kind next to it, before (dir -1) or after
// (+1): the day, the Monday-to-Sunday week or the calendar month, or a
// span of as many days.
func (c Clock) beside(p Period, dir int) (Period, *Error) {
	rg, err := c.Range(p)
	if err != nil {
		return Period{}, errorf("%s", err)
	}
	for _, unit := range []string{"month", "week"} {
		if q, ok := c.unitBefore(p, unit, dir); ok && (unit == "month" || rg.From != rg.To) {
			return c.checked(q)
		}
	}
	days := int(rg.End.Sub(rg.Start).Round(24*time.Hour).Hours() / 24)
	first, last := rg.Start.AddDate(0, 0, dir*days), rg.End.AddDate(0, 0, dir*days-1)
	return c.span(first, last)
}

// unitBefore is the week or month before prev (dir -1), or after it
// (+1), when prev is one: a Monday-to-Sunday week, or a calendar month.
// A single day's week before is the same day a week earlier.
func (c Clock) unitBefore(prev Period, unit string, dir int) (Period, bool) {
	rg, err := c.Range(prev)
	if err != nil {
		return Period{}, false
	}
	first, last := rg.Start, rg.End.AddDate(0, 0, -1)
	switch {
	case unit == "week" && first.Equal(last):
		d := first.AddDate(0, 0, 7*dir)
		return Days(d, d), true
	case unit == "week" && first.Weekday() == time.Monday && last.Weekday() == time.Sunday && last.Sub(first) < 7*24*time.Hour:
		return Days(first.AddDate(0, 0, 7*dir), last.AddDate(0, 0, 7*dir)), true
	case unit == "month" && first.Day() == 1 && last.AddDate(0, 0, 1).Day() == 1 && first.Month() == last.Month():
		f := first.AddDate(0, dir, 0)
		return Days(f, f.AddDate(0, 1, -1)), true
	}
	return Period{}, false
}
