package clients

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
	"golang.org/x/sync/errgroup"

	"github.com/maitre-pos/maitre/calllog"
	"github.com/maitre-pos/maitre/telemetry"
)

// maxPages stops a service whose cursors never end.
const maxPages = 1000

// listAll follows cursors from the first page until one has none, each
// page checked as it was read, and drops the repeats of a row across
// pages.
func listAll[T row[T]](s *service, fetch func(cursor string) ([]T, string, error)) ([]T, error) {
	var all []T
	cursor := ""
	for range maxPages {
		rows, next, err := fetch(cursor)
		if err != nil {
			return nil, err
		}
		all = append(all, rows...)
		if next == "" {
			return deduped(s, all)
		}
		if next == cursor {
			return nil, fmt.Errorf("clients: cursor %q repeats", next)
		}
		cursor = next
	}
	return nil, fmt.Errorf("clients: more than %d pages", maxPages)
}

// DefaultParallelWindows is how many windows of a long list a service is
// asked for at once, over all requests.
const DefaultParallelWindows = 8

// windows reads a service's long lists in time windows fetched at once:
// slots caps the windows in flight, and density remembers each tenant's
// rows per hour, so that the next read's windows are sized to fit a page.
type windows struct {
	slots   chan struct{}
	density sync.Map // tenant -> float64 rows an hour
}

// newWindows returns windows under a cap of parallel, keeping what prev,
// when set, learnt of each tenant; a zero cap reads every list in one.
func newWindows(parallel int, prev *windows) *windows {
	parallel = max(parallel, 0)
	if prev != nil && cap(prev.slots) == parallel {
		return prev
	}
	w := &windows{slots: make(chan struct{}, parallel)}
	if prev != nil {
		prev.density.Range(func(k, v any) bool { w.density.Store(k, v); return true })
	}
	return w
}

// Window limits: each is expected to fill at most fill of a page, and is
// an hour long at least.
const (
	fill       = 0.8
	minWindow  = time.Hour
	maxWindows = 64
)

// count is how many windows [from, to) is read in for tenant: as many as
// its rows need pages, by what the tenant's last read found, or one a day
// up to the parallel cap when nothing is known yet, so that a cold read
// costs one round of calls.
func (w *windows) count(tenant string, d time.Duration) int {
	n := int(math.Ceil(d.Hours() / 24))
	if v, ok := w.density.Load(tenant); ok {
		n = int(math.Ceil(v.(float64) * d.Hours() / (fill * MaxLimit)))
	} else {
		n = min(n, cap(w.slots))
	}
	if cap(w.slots) == 0 {
		return 1
	}
	return max(1, min(n, maxWindows, int(d/minWindow)))
}

// listWindowed returns every row of [from, to), in created order: the
// range is cut into windows fetched at once, at most the service's cap in
// flight, each followed through its own cursors, and merged in order,
// without the repeats of a row across windows. page reads one page of one
// window, checked.
func listWindowed[T row[T]](ctx context.Context, s *service, tenant, path string, from, to time.Time,
	page func(ctx context.Context, from, to time.Time, cursor string) ([]T, string, error)) ([]T, error) {
	from, to = second(from), second(to)
	if from.IsZero() || to.IsZero() || !to.After(from) {
		return listAll(s, func(cursor string) ([]T, string, error) { return page(ctx, from, to, cursor) })
	}
	w := s.p.Load().windows
	n := w.count(tenant, to.Sub(from))
	if n == 1 {
		rows, err := listAll(s, func(cursor string) ([]T, string, error) { return page(ctx, from, to, cursor) })
		w.learn(tenant, len(rows), to.Sub(from), err)
		return rows, err
	}
	if tr, ok := telemetry.Tracer(ctx, scope); ok {
		var span trace.Span
		ctx, span = tr.Start(ctx, "list "+path,
			trace.WithAttributes(serviceKey.String(string(s.name)), attribute.Int("maitre.windows", n)))
		defer span.End()
	}
	calllog.From(ctx).Windows(string(s.name), n)
	edges := cut(from, to, n)
	parts := make([][]T, n)
	g, gctx := errgroup.WithContext(ctx)
	for i := range n {
		wFrom, wTo := edges[i], edges[i+1]
		g.Go(func() error {
			select {
			case w.slots <- struct{}{}:
				defer func() { <-w.slots }()
			case <-gctx.Done():
				return gctx.Err()
			}
			wctx := gctx
			if tr, ok := telemetry.Tracer(gctx, scope); ok {
				var wspan trace.Span
				wctx, wspan = tr.Start(gctx, "window",
					trace.WithAttributes(attribute.String("maitre.window.from", wFrom.Format(time.RFC3339)),
						attribute.String("maitre.window.to", wTo.Format(time.RFC3339))))
				defer wspan.End()
			}
			rows, err := listAll(s, func(cursor string) ([]T, string, error) { return page(wctx, wFrom, wTo, cursor) })
			parts[i] = rows
			return err
		})
	}
	err := g.Wait()
	var all []T
	for _, p := range parts {
		all = append(all, p...)
	}
	w.learn(tenant, len(all), to.Sub(from), err)
	if err != nil {
		return nil, err
	}
	return deduped(s, all)
}

// cut splits [from, to), whole seconds, into n windows, returning their
// n+1 edges: each the n-th part cut to its whole second, an instant the
// contract can express, so that adjacent windows meet where the service
// and the row check both see them meet.
func cut(from, to time.Time, n int) []time.Time {
	step := to.Sub(from) / time.Duration(n)
	edges := make([]time.Time, n+1)
	for i := range n {
		edges[i] = second(from.Add(time.Duration(i) * step))
	}
	edges[n] = to
	return edges
}

// learn remembers how dense a tenant's rows were, after a read that
// succeeded.
func (w *windows) learn(tenant string, rows int, d time.Duration, err error) {
	if err == nil && d > 0 {
		w.density.Store(tenant, float64(rows)/d.Hours())
	}
}
