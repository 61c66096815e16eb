package period

import (
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/chat/words"
)

// clock is Thursday 26 November 2026 in New York.
func clock(t *testing.T) Clock {
	t.Helper()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return NewClock(time.Date(2026, 11, 26, 18, 30, 0, 0, time.UTC), ny)
}

func TestAt(t *testing.T) {
	tests := []struct {
		text, want string // want: the period, or "!" and part of the error
		n          int
	}{
		{"today", "TODAY", 1},
		{"tonight", "TODAY", 1},
		{"yesterday", "YESTERDAY", 1},
		{"last night", "YESTERDAY", 2},
		{"this morning", "TODAY", 2},
		{"this week", "THIS_WEEK", 2},
		{"so far this week", "THIS_WEEK", 4},
		{"week to date", "THIS_WEEK", 3},
		{"last week", "LAST_WEEK", 2},
		{"past week", "LAST_7_DAYS", 2},
		{"last 7 days", "LAST_7_DAYS", 3},
		{"the last 30 days", "", 0},
		{"last 30 days", "LAST_30_DAYS", 3},
		{"last two weeks", "2026-11-13..2026-11-26", 3},
		{"last 14 days", "2026-11-13..2026-11-26", 3},
		{"last few days", "2026-11-24..2026-11-26", 3},
		{"last fortnight", "2026-11-13..2026-11-26", 2},
		{"this month", "THIS_MONTH", 2},
		{"last month", "LAST_MONTH", 2},
		{"past month", "LAST_30_DAYS", 2},
		{"october", "2026-10-01..2026-10-31", 1},
		{"november", "2026-11-01..2026-11-30", 1},
		{"since monday", "2026-11-23..2026-11-26", 2},
		{"since nov 20", "2026-11-20..2026-11-26", 3},
		{"on friday", "2026-11-20..2026-11-20", 2},
		{"last friday", "2026-11-20..2026-11-20", 2},
		{"thursday", "2026-11-26..2026-11-26", 1},
		{"on nov 20", "2026-11-20..2026-11-20", 3},
		{"20th of november", "2026-11-20..2026-11-20", 3},
		{"the 22nd", "2026-11-22..2026-11-22", 2},
		{"on the 3rd", "2026-11-03..2026-11-03", 3},
		{"2026-11-20", "2026-11-20..2026-11-20", 1},
		{"dec 25", "2025-12-25..2025-12-25", 2},
		{"feb 29", "2024-02-29..2024-02-29", 2},
		{"from nov 1 to nov 10", "", 0},
		{"nov 1 to nov 10", "2026-11-01..2026-11-10", 5},
		{"between november 2 and november 8", "", 0},
		{"november 2 and november 8", "2026-11-02..2026-11-08", 5},
		{"ytd", "2026-01-01..2026-11-26", 1},
		{"11/14", "2026-11-14..2026-11-14", 1},
		{"11/14/2025", "2025-11-14..2025-11-14", 1},
		{"31/10", "2026-10-31..2026-10-31", 1},
		{"20.11.", "2026-11-20..2026-11-20", 1},
		{"20.11.2025", "2025-11-20..2025-11-20", 1},
		{"2026/11/03", "2026-11-03..2026-11-03", 1},
		{"11/9-11/15", "2026-11-09..2026-11-15", 1},
		{"11/9 to 11/15", "2026-11-09..2026-11-15", 3},
		{"4.80", "", 0},
		{"29 feb 2024", "2024-02-29..2024-02-29", 3},
		{"nov 20, 2025", "2025-11-20..2025-11-20", 4},
		{"last weekend", "2026-11-21..2026-11-22", 2},
		{"the weekend", "2026-11-21..2026-11-22", 2},
		{"this time last week", "2026-11-19..2026-11-19", 4},
		{"this time last year", "2025-11-26..2025-11-26", 4},
		{"last year", "2025-01-01..2025-12-31", 2},
		// impossible, out of range, or still to come
		{"2026-02-30", "!there is no 30 February in 2026", 1},
		{"2026-13-01", "!there is no month 13", 1},
		{"on nov 31", "!there is no 31 November", 3},
		{"31st of september", "!there is no 31 September", 3},
		{"the 32nd", "!no month has a 32nd day", 2},
		{"on feb 30", "!there is no 30 February", 3},
		{"1999-12-31", "!from 1 January 2000", 1},
		{"9999-12-31", "!from 1 January 2000", 1},
		{"2026-12-25", "!25 December 2026 has not happened yet", 1},
		{"tomorrow", "!tomorrow has not happened yet", 1},
		{"next week", "!next week has not happened yet", 2},
		{"last 500 days", "!400 days at most", 3},
		{"last 0 days", "!no period at all", 3},
		{"since 2020-01-01", "!400 days at most", 2},
		{"29 feb 2026", "!there is no 29 February in 2026", 3},
		{"31/11", "!there is no 31 November", 1},
		{"31.11.", "!there is no 31 November", 1},
		{"13/13", "!not a date", 1},
		{"this weekend", "!has not started yet", 2},
		{"revenue", "", 0},
		{"may i", "", 0},
		{"sat at table 5", "", 0},
		{"on sat", "2026-11-21..2026-11-21", 2},
	}
	c := clock(t)
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			p, n, err := c.At(words.Tokenize(tt.text), 0)
			got := p.String()
			if err != nil {
				got = "!" + err.Error()
			}
			if n != tt.n || !(got == tt.want || strings.HasPrefix(tt.want, "!") && strings.Contains(got, tt.want[1:])) {
				t.Errorf("At = %q over %d tokens; want %q over %d", got, n, tt.want, tt.n)
			}
		})
	}
}

func TestRelative(t *testing.T) {
	c := clock(t)
	tests := []struct {
		text string
		prev Period
		want string
	}{
		{"the day before", Yesterday, "2026-11-24..2026-11-24"},
		{"day before", Today, "2026-11-25..2026-11-25"},
		{"previous day", Days(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)), "2026-11-19..2026-11-19"},
		{"same day last week", Yesterday, "2026-11-18..2026-11-18"},
		{"same day last week", Period{}, "2026-11-19..2026-11-19"},
		{"a week earlier", Today, "2026-11-19..2026-11-19"},
		{"same day last week", LastWeek, ""},
		{"the friday before", Days(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)), "2026-11-13..2026-11-13"},
		{"the monday before", Today, "2026-11-23..2026-11-23"},
		{"the week before", LastWeek, "2026-11-09..2026-11-15"},
		{"the week before", Yesterday, "2026-11-18..2026-11-18"},
		{"the week before", Last30Days, ""},
		{"the month before", LastMonth, "2026-09-01..2026-09-30"},
		{"the month before", Days(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)), "2026-02-01..2026-02-28"},
		{"the month before", Last7Days, ""},
		{"the previous one", Yesterday, "2026-11-24..2026-11-24"},
		{"the previous one", LastWeek, "2026-11-09..2026-11-15"},
		{"the previous one", ThisMonth, "2026-10-01..2026-10-31"},
		{"the previous one", Last7Days, "2026-11-13..2026-11-19"},
		{"the previous one", Days(time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 12, 0, 0, 0, 0, time.UTC)), "2026-11-07..2026-11-09"},
		{"the one before", LastMonth, "2026-09-01..2026-09-30"},
		{"the previous period", ThisWeek, "2026-11-16..2026-11-22"},
		{"the next day", Yesterday, "2026-11-26..2026-11-26"},
		{"the next day", Today, "!has not happened yet"},
		{"the day after", Days(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)), "2026-11-21..2026-11-21"},
		{"the following day", LastWeek, "2026-11-23..2026-11-23"},
		{"the next one", LastWeek, "2026-11-23..2026-11-29"},
		{"the week after", LastWeek, "2026-11-23..2026-11-29"},
		{"the following month", LastMonth, "2026-11-01..2026-11-30"},
		{"the month after", ThisMonth, "!has not happened yet"},
		{"the one after", Today, "!has not happened yet"},
		{"the day after tomorrow", Today, ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			p, _, err := c.Relative(words.Tokenize(tt.text), 0, tt.prev)
			got := p.String()
			if err != nil {
				got = "!" + err.Error()
			}
			if got != tt.want && !(strings.HasPrefix(tt.want, "!") && strings.Contains(got, tt.want[1:])) {
				t.Errorf("Relative = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	now := time.Date(2026, 11, 26, 18, 30, 0, 0, time.UTC)
	for p, want := range map[Period]string{
		Today:                                  "today, Thursday 26 November",
		LastWeek:                               "last week (16 to 22 November)",
		{From: "2026-11-20", To: "2026-11-20"}: "on Friday 20 November",
		{From: "2026-10-28", To: "2026-11-02"}: "from 28 October to 2 November",
	} {
		if got := Describe(p, now, ny); got != want {
			t.Errorf("Describe(%v) = %q; want %q", p, got, want)
		}
	}
}
