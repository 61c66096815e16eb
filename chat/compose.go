package chat

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/chat/period"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/money"
)

// writer phrases what came back for one ask after another.
type writer struct {
	alias    string // the current ask's
	data     map[string]json.RawMessage
	errs     gqlerror.List
	now      time.Time
	clock    period.Clock
	currency string
	out      []string
}

func (w *writer) say(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	w.out = append(w.out, strings.ToUpper(s[:1])+s[1:])
}

// read decodes the current ask's data (alias plus suffix) into v; false
// when it is null or missing.
func (w *writer) read(suffix string, v any) bool {
	raw, ok := w.data[w.alias+suffix]
	if !ok || string(raw) == "null" {
		return false
	}
	return json.Unmarshal(raw, v) == nil
}

// missing reports whether field of the current ask was asked for and is
// null.
func (w *writer) missing(suffix, field string) bool {
	var obj map[string]json.RawMessage
	if !w.read(suffix, &obj) {
		return false
	}
	raw, ok := obj[field]
	return ok && string(raw) == "null"
}

// failure explains why the current ask's data (under field, when given)
// is missing, or "" when no error names it.
func (w *writer) failure(suffix string, field ...string) string {
	for _, e := range w.errs {
		if len(e.Path) == 0 || fmt.Sprint(e.Path[0]) != w.alias+suffix {
			continue
		}
		if len(field) > 0 && (len(e.Path) < 2 || fmt.Sprint(e.Path[1]) != field[0]) {
			continue
		}
		return cause(e)
	}
	return ""
}

// cause words an error for the person asking.
func cause(e *gqlerror.Error) string {
	service := fmt.Sprint(e.Extensions["service"])
	switch errcode.Of(e) {
	case errcode.Forbidden:
		if p, ok := e.Extensions["permission"].(string); ok {
			return "you don't have access to that (it needs the " + p + " permission)"
		}
		return "you don't have access to that"
	case errcode.GatewayTimeout:
		return "the " + service + " service timed out"
	case errcode.DownstreamError:
		return "the " + service + " service is unavailable"
	case errcode.CircuitOpen:
		return "the " + service + " service is failing, so I'm not asking it for now"
	case errcode.RateLimited:
		return "too many requests right now"
	case errcode.BadUserInput:
		return e.Message
	}
	return "something went wrong on my side"
}

func (w *writer) couldnt(what, why string) {
	if why == "" {
		why = "no answer came back"
	}
	w.say("I couldn't %s: %s.", what, why)
}

func (w *writer) period(p period.Period) string {
	return period.Describe(p, w.now, w.clock.Today().Location())
}

// mid is the period inside a sentence: an appositive ("today, Thursday 26
// November") is closed by a comma.
func (w *writer) mid(p period.Period) string {
	d := w.period(p)
	if strings.Contains(d, ", ") {
		d += ","
	}
	return d
}

// current reports whether the period includes now, so verbs can say "is".
func (w *writer) current(p period.Period) bool { return w.clock.Includes(p, w.now) }

func (w *writer) verb(p period.Period) string {
	if w.current(p) {
		return "is"
	}
	return "was"
}

// moneyJSON is a Money as the plans select it.
type moneyJSON struct{ Formatted, Amount string }

// minor reads a Money's amount back into the tenant currency's minor
// units, exactly: differences are worked out on those, never on what is
// shown.
func (w *writer) minor(m *moneyJSON) int64 {
	if m == nil {
		return 0
	}
	v, _ := money.Parse(m.Amount, w.currency)
	return v
}

// show formats minor units in the tenant's currency.
func (w *writer) show(minor int64) string {
	_, f := money.Format(minor, w.currency)
	return f
}

// change words the move from b to a.
func (w *writer) change(a, b int64, isMoney bool) string {
	diff := a - b
	amount := strconv.FormatInt(abs(diff), 10)
	if isMoney {
		amount = w.show(abs(diff))
	}
	if diff == 0 {
		return "That is the same."
	}
	dir, more := "up", "more"
	if diff < 0 {
		dir, more = "down", "less"
		if !isMoney {
			more = "fewer"
		}
	}
	if b == 0 {
		return fmt.Sprintf("That is %s %s.", amount, more)
	}
	return fmt.Sprintf("That is %s %.1f%% (%s %s).", dir, math.Abs(float64(diff))*100/float64(b), amount, more)
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func pct(share float64) string {
	p := share * 100
	switch {
	case p > 0 && p < 1:
		return "under 1%"
	case p < 10 && math.Abs(p-math.Round(p)) > 0.05:
		return strconv.FormatFloat(p, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(math.Round(p), 'f', 0, 64) + "%"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return count(n) + " " + many
}

// count groups thousands: 1,485.
func count(n int) string {
	s := strconv.Itoa(n)
	if n < 1000 && n > -1000 {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func list(items []string) string { return joined(items, "and") }

// either lists alternatives: "A, B or C".
func either(items []string) string { return joined(items, "or") }

func joined(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}

// when says when an instant was, in the tenant's zone.
func (w *writer) when(t time.Time) string {
	loc := w.clock.Today().Location()
	t = t.In(loc)
	if y, m, d := w.now.In(loc).Date(); t.Year() == y && t.Month() == m && t.Day() == d {
		return "today at " + t.Format("15:04")
	}
	return t.Format("Monday 2 January at 15:04")
}
