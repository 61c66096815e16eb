package days

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	metricsdk "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// sum is a Totals for tests: how many rows, and which days they came from.
type sum struct{ N int }

func (s *sum) Add(o sum)             { s.N += o.N }
func (s sum) Size() int64            { return 8 }
func (s sum) String() string         { return fmt.Sprint(s.N) }
func (s sum) Equal(o sum) bool       { return s == o }
func (s sum) Headline() (int, int64) { return s.N, int64(s.N) }

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
	fetch := func(_ context.Context, from, to time.Time) (map[string]sum, bool, error) {
		mu.Lock()
		fetched = append(fetched, from.Format("01-02")+".."+to.Format("01-02"))
		mu.Unlock()
		return byDate(from, to), true, nil
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

// TestParts: a closed day cut by the range (to a time of day) is kept in
// Parts under its two instants and read once, unless the read was stale;
// today's part is read every time, and a whole day is not a part.
func TestParts(t *testing.T) {
	loc := time.UTC
	at := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, loc) }
	for _, tc := range []struct {
		name            string
		now, start, end time.Time
		fresh           bool
		fetches         int // over two reads
	}{
		{"a past morning", at(26, 12), at(19, 0), at(19, 9), true, 1},
		{"a past evening", at(26, 12), at(19, 18), at(20, 0), true, 1},
		{"a stale read", at(26, 12), at(19, 0), at(19, 9), false, 2},
		{"today so far", at(26, 12), at(26, 0), at(26, 11), true, 2},
		{"yesterday, within the grace", at(26, 0).Add(30 * time.Minute), at(25, 0), at(25, 9), true, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &Reader[sum, *sum]{Kind: "test", Grace: time.Hour, Now: func() time.Time { return tc.now }, Parts: Memory[sum](1<<20, time.Hour)}
			fetches := 0
			for range 2 {
				got, err := r.Range(context.Background(), "bistro", loc, tc.start, tc.end, func(_ context.Context, from, to time.Time) (map[string]sum, bool, error) {
					fetches++
					return map[string]sum{from.Format(time.DateOnly): {int(to.Sub(from).Hours())}}, tc.fresh, nil
				})
				if want := int(tc.end.Sub(tc.start).Hours()); err != nil || got.N != want {
					t.Errorf("%d, %v; want %d", got.N, err, want)
				}
			}
			if fetches != tc.fetches {
				t.Errorf("%d fetches; want %d", fetches, tc.fetches)
			}
		})
	}
}

// byDate totals each day of [from, to) as its day of the month.
func byDate(from, to time.Time) map[string]sum {
	out := map[string]sum{}
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		out[d.Format(time.DateOnly)] = sum{d.Day()}
	}
	return out
}

// TestNotKept: a day is kept only from a read that succeeded with the
// service's own answers, never from a stale stand-in or a failed read.
func TestNotKept(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	start, end := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		fresh bool
		err   error
	}{
		{"stale", false, nil},
		{"failed", true, errors.New("payments is down")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Reader[sum, *sum]{Kind: "test", Store: Memory[sum](1<<20, 24*time.Hour), Grace: time.Hour, Now: func() time.Time { return now }}
			r.Range(context.Background(), "bistro", time.UTC, start, end, func(_ context.Context, from, to time.Time) (map[string]sum, bool, error) {
				return byDate(from, to), tt.fresh, tt.err
			})
			if _, ok := r.Store.Get(context.Background(), r.key("bistro", "2026-11-21")); ok {
				t.Error("a day was kept")
			}
		})
	}
}

// TestRecheck plants a wrong kept day and sees a read that serves it
// start a re-read that replaces it, logged and counted; a re-read that
// agrees changes nothing.
func TestRecheck(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	var logged bytes.Buffer
	reader := metricsdk.NewManualReader()
	results, _ := metricsdk.NewMeterProvider(metricsdk.WithReader(reader)).Meter("test").Int64Counter("rechecks")
	rc := &Recheck{Every: time.Nanosecond, Log: slog.New(slog.NewTextHandler(&logged, nil)), Results: results}
	r := &Reader[sum, *sum]{Kind: "test", Store: Memory[sum](1<<20, 24*time.Hour), Grace: time.Hour, Now: func() time.Time { return now }, Recheck: rc}
	ctx := context.Background()
	r.Store.Put(ctx, r.key("bistro", "2026-11-21"), sum{99}) // the rows say 21
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	fetch := func(_ context.Context, from, to time.Time) (map[string]sum, bool, error) {
		return byDate(from, to), true, nil
	}

	got, _ := r.Range(ctx, "bistro", time.UTC, day(21), day(22), fetch)
	if got.N != 99 {
		t.Fatalf("first read %d; want the planted 99, served before it is re-read", got.N)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if v, _ := r.Store.Get(ctx, r.key("bistro", "2026-11-21")); v.N == 21 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the planted day was not replaced")
		}
		time.Sleep(time.Millisecond)
	}
	waitIdle(t, rc)
	if got, _ := r.Range(ctx, "bistro", time.UTC, day(21), day(22), fetch); got.N != 21 {
		t.Errorf("after the re-read %d; want 21", got.N)
	}
	waitIdle(t, rc)
	if !strings.Contains(logged.String(), "tenant=bistro date=2026-11-21 kept_rows=99") {
		t.Errorf("log %q does not name the tenant, the date and the kept figure", logged.String())
	}
	counts := rechecked(t, reader)
	if counts["disagree"] != 1 || counts["agree"] != 1 {
		t.Errorf("re-reads counted %v; want one disagree, then one agree", counts)
	}
}

// waitIdle waits for the re-read in flight, if any, to end.
func waitIdle(t *testing.T, c *Recheck) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		c.mu.Lock()
		running := c.running
		c.mu.Unlock()
		if !running {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("a re-read did not end")
		}
	}
}

// TestLateRecheck re-reads a day served before an earlier re-read replaced
// it: the kept day agrees by then, so the one wrong day counts once and
// is logged once.
func TestLateRecheck(t *testing.T) {
	var logged bytes.Buffer
	reader := metricsdk.NewManualReader()
	results, _ := metricsdk.NewMeterProvider(metricsdk.WithReader(reader)).Meter("test").Int64Counter("rechecks")
	rc := &Recheck{Every: time.Nanosecond, Log: slog.New(slog.NewTextHandler(&logged, nil)), Results: results, running: true}
	r := &Reader[sum, *sum]{Kind: "test", Store: Memory[sum](1<<20, 24*time.Hour), Recheck: rc}
	ctx := context.Background()
	r.Store.Put(ctx, r.key("bistro", "2026-11-21"), sum{21}) // replaced already
	from := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	fetch := func(_ context.Context, from, to time.Time) (map[string]sum, bool, error) {
		return byDate(from, to), true, nil
	}
	r.recheck(ctx, "bistro", day{date: "2026-11-21", from: from, to: from.AddDate(0, 0, 1)}, sum{99}, fetch)
	got := rechecked(t, reader)
	if got["agree"] != 1 || got["disagree"] != 0 || logged.Len() != 0 {
		t.Errorf("counted %v, logged %q; want one agree and nothing logged", got, logged.String())
	}
}

// rechecked reads the re-reads counted, by result.
func rechecked(t *testing.T, reader *metricsdk.ManualReader) map[string]int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			for _, p := range m.Data.(metricdata.Sum[int64]).DataPoints {
				v, _ := p.Attributes.Value("result")
				out[v.AsString()] += p.Value
			}
		}
	}
	return out
}
