package daterange

import (
	"testing"
	"time"
)

// FuzzResolve checks that any spec resolves to a valid window or a client
// error, never a panic.
func FuzzResolve(f *testing.F) {
	for _, s := range [][3]string{{"TODAY", "", ""}, {"", "2026-11-01", "2026-11-30"}, {"LAST_WEEK", "", ""},
		{"", "2026-02-30", "2026-03-01"}, {"", "0001-01-01", "9999-12-31"}, {"THIS_MONTH", "2026-01-01", ""}} {
		f.Add(s[0], s[1], s[2], int64(1795699800))
	}
	ny, _ := time.LoadLocation("America/New_York")
	f.Fuzz(func(t *testing.T, period, from, to string, unix int64) {
		now := time.Unix(unix%(1<<40), 0)
		r, err := Resolve(Spec{Period: period, From: from, To: to}, now, ny)
		if err != nil {
			if !IsError(err) {
				t.Fatalf("%q %q %q: not a client error: %v", period, from, to, err)
			}
			return
		}
		if !r.Start.Before(r.End) || r.From > r.To || r.End.Sub(r.Start) > (MaxDays+1)*25*time.Hour && from != "" {
			t.Fatalf("%q %q %q: window %+v", period, from, to, r)
		}
	})
}
