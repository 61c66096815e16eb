package days

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// sum is a Totals for tests: how many rows, and which days they came from.
type sum struct{ N int }

func (s *sum) Add(o sum)     { s.N += o.N }
func (s sum) Size() int64    { return 8 }
func (s sum) String() string { return fmt.Sprint(s.N) }

func TestSplit(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	at := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, ny) }
	ds := split(at(1, 0), at(3, 12), ny, at(2, 1))
	want := []struct {
		date          string
		hours         float64
		whole, closed bool
	}{
		{"2026-11-01", 25, true, true}, // the clocks go back
		{"2026-11-02", 24, true, false},
		{"2026-11-03", 12, false, false},
	}
	if len(ds) != len(want) {
		t.Fatalf("%d days: %+v", len(ds), ds)
	}
	for i, w := range want {
		d := ds[i]
		if d.date != w.date || d.to.Sub(d.from).Hours() != w.hours || d.whole != w.whole || d.closed != w.closed {
			t.Errorf("day %d: %s %v hours whole %v closed %v; want %+v", i, d.date, d.to.Sub(d.from).Hours(), d.whole, d.closed, w)
		}
	}
}

// TestRange reads a range twice: the closed days are fetched once, in
// one call per run of days not kept, and the open day every time.
func TestRange(t *testing.T) {
	loc := time.UTC
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, loc)
	r := &Reader[sum, *sum]{Kind: "test", Store: Memory[sum](1<<20, 24*time.Hour), Grace: time.Hour, Now: func() time.Time { return now }}
	var mu sync.Mutex
	var fetched []string
	fetch := func(_ context.Context, from, to time.Time) (map[string]sum, error) {
		mu.Lock()
		fetched = append(fetched, from.Format("01-02")+".."+to.Format("01-02"))
		mu.Unlock()
		out := map[string]sum{}
		for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
			out[d.Format(time.DateOnly)] = sum{d.Day()} // a day's rows: its day of the month
		}
		return out, nil
	}
	start, end := time.Date(2026, 11, 20, 0, 0, 0, 0, loc), time.Date(2026, 11, 27, 0, 0, 0, 0, loc)
	want := 20 + 21 + 22 + 23 + 24 + 25 + 26
	for i, wantFetched := range [][]string{{"11-20..11-27"}, {"11-26..11-27"}} {
		fetched = nil
		got, err := r.Range(context.Background(), "bistro", loc, start, end, fetch)
		if err != nil || got.N != want || fmt.Sprint(fetched) != fmt.Sprint(wantFetched) {
			t.Errorf("read %d: %d, %v, fetched %v; want %d, fetched %v", i+1, got.N, err, fetched, want, wantFetched)
		}
	}
	// A kept day in the middle splits what is fetched into two runs.
	r.Store = Memory[sum](1<<20, 24*time.Hour)
	r.Store.Put(context.Background(), r.key("bistro", "2026-11-22"), sum{22})
	fetched = nil
	if got, _ := r.Range(context.Background(), "bistro", loc, start, end, fetch); got.N != want || len(fetched) != 2 {
		t.Errorf("around a kept day: %d, fetched %v; want %d in two runs", got.N, fetched, want)
	}
}
