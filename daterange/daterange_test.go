package daterange

import (
	"fmt"
	"testing"
	"time"
)

func TestResolve(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	// Thursday 26 November 2026, 03:30 in New York (08:30 UTC).
	now := time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC)
	tests := []struct {
		spec     Spec
		from, to string
	}{
		{Spec{}, "2026-11-26", "2026-11-26"},
		{Spec{Period: Today}, "2026-11-26", "2026-11-26"},
		{Spec{Period: Yesterday}, "2026-11-25", "2026-11-25"},
		{Spec{Period: ThisWeek}, "2026-11-23", "2026-11-29"},
		{Spec{Period: LastWeek}, "2026-11-16", "2026-11-22"},
		{Spec{Period: ThisMonth}, "2026-11-01", "2026-11-30"},
		{Spec{Period: LastMonth}, "2026-10-01", "2026-10-31"},
		{Spec{Period: Last7Days}, "2026-11-20", "2026-11-26"},
		{Spec{Period: Last30Days}, "2026-10-28", "2026-11-26"},
		{Spec{From: "2026-11-01", To: "2026-11-03"}, "2026-11-01", "2026-11-03"},
		{Spec{From: "2099-12-31", To: "2099-12-31"}, "2099-12-31", "2099-12-31"},
	}
	for _, tt := range tests {
		got, err := Resolve(tt.spec, now, ny)
		if err != nil {
			t.Errorf("Resolve(%+v): %v", tt.spec, err)
			continue
		}
		if got.From != tt.from || got.To != tt.to {
			t.Errorf("Resolve(%+v) = %s..%s; want %s..%s", tt.spec, got.From, got.To, tt.from, tt.to)
		}
		wantStart, _ := time.ParseInLocation(time.DateOnly, tt.from, ny)
		if !got.Start.Equal(wantStart) {
			t.Errorf("Resolve(%+v).Start = %v; want %v", tt.spec, got.Start, wantStart)
		}
	}
}

func TestResolveDST(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	// 1 November 2026 is 25 hours long in New York.
	got, err := Resolve(Spec{From: "2026-11-01", To: "2026-11-01"}, time.Now(), ny)
	if err != nil {
		t.Fatal(err)
	}
	if d := got.End.Sub(got.Start); d != 25*time.Hour {
		t.Errorf("1 Nov 2026 in New York lasts %v; want 25h", d)
	}
}

func TestResolveErrors(t *testing.T) {
	tests := []Spec{
		{Period: Today, From: "2026-11-01", To: "2026-11-02"},
		{From: "2026-11-01"},
		{To: "2026-11-01"},
		{From: "2026-11-05", To: "2026-11-01"},
		{From: "2026-13-01", To: "2026-13-02"},
		{From: "yesterday", To: "today"},
		{From: "2020-01-01", To: "2026-01-01"},
		{Period: "FORTNIGHT"},
		{From: "9999-12-31", To: "9999-12-31"},
		{From: "1999-12-31", To: "2000-01-01"},
		{From: "2099-12-31", To: "2100-01-01"},
		{From: "2026-02-30", To: "2026-03-01"},
	}
	for _, spec := range tests {
		_, err := Resolve(spec, time.Now(), time.UTC)
		if !IsError(err) {
			t.Errorf("Resolve(%+v) error = %v; want a client error", spec, err)
		}
	}
}

func TestSpan(t *testing.T) {
	tests := []struct {
		spec Spec
		want int
	}{
		{Spec{}, 1},
		{Spec{Period: Yesterday}, 1},
		{Spec{Period: LastWeek}, 7},
		{Spec{Period: ThisMonth}, 31},
		{Spec{Period: Last30Days}, 30},
		{Spec{From: "2026-03-01", To: "2026-03-31"}, 31},
		{Spec{From: "2025-11-01", To: "2026-11-30"}, 395},
		{Spec{From: "2026-03-02", To: "2026-03-01"}, 1},
		{Spec{From: "2020-01-01", To: "2026-01-01"}, 1},
		{Spec{Period: "FOREVER"}, 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+v", tt.spec), func(t *testing.T) {
			if got := Span(tt.spec); got != tt.want {
				t.Errorf("Span = %d, want %d", got, tt.want)
			}
		})
	}
}
