// Package days keeps the totals of a tenant's closed days, so that a long
// period costs only its open part: a range's totals are the sum of its
// days', a day that ended more than a grace period ago does not change,
// and its totals are computed once from the raw rows and kept.
//
//	r := &days.Reader[reports.OrderTotals]{Store: days.Memory[reports.OrderTotals](64<<20, 24*time.Hour), ...}
//	t, err := r.Range(ctx, tenant, loc, start, end, fetch)
//
// A day is whole when the range covers it from local midnight to local
// midnight (daylight-saving days included, as time.Date counts them);
// partial days at the edges and days still open are always computed from
// rows fetched for the call.
package days

import (
	"context"
	"math/rand/v2"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"golang.org/x/sync/errgroup"

	"github.com/maitre-pos/maitre/sized"
)

// Totals are sums that add up.
type Totals[T any] interface {
	Add(T)
	Size() int64
	// Equal reports whether two totals are the same in every figure.
	Equal(T) bool
	// Headline is what a log says of the totals: rows and their net sum.
	Headline() (rows int, sum int64)
}

// Store keeps closed days' totals by key; Memory keeps them in process,
// and a shared store can stand in for it.
type Store[T any] interface {
	Get(ctx context.Context, key string) (T, bool)
	Put(ctx context.Context, key string, t T)
	// GetMany reads keys at once (one round trip to a shared store),
	// reporting which were found.
	GetMany(ctx context.Context, keys []string) ([]T, []bool)
	// Delete forgets key: a shared store's local copy of a day the
	// shared one no longer has.
	Delete(ctx context.Context, key string)
}

// memory is a Store in a sized cache.
type memory[T interface{ Size() int64 }] struct{ c *sized.Cache[T] }

// Memory returns an in-process Store of at most maxBytes, each day kept
// for ttl, so that a late correction to a closed day is seen within it.
func Memory[T interface{ Size() int64 }](maxBytes int64, ttl time.Duration) Store[T] {
	return memory[T]{sized.New[T](1<<20, maxBytes, ttl)}
}

func (m memory[T]) Get(_ context.Context, key string) (T, bool) { return m.c.Get(key) }

func (m memory[T]) GetMany(_ context.Context, keys []string) ([]T, []bool) {
	got, found := make([]T, len(keys)), make([]bool, len(keys))
	for i, k := range keys {
		got[i], found[i] = m.c.Get(k)
	}
	return got, found
}
func (m memory[T]) Put(_ context.Context, key string, t T) {
	m.c.Add(key, t, t.Size()+int64(len(key)))
}

func (m memory[T]) Delete(_ context.Context, key string) { m.c.Remove(key) }

// Fetch reads the rows of [from, to) and totals them by local date
// (YYYY-MM-DD in the tenant's zone). fresh reports whether every row came
// from the service just now, not from an older answer standing in for a
// failed call: only a fresh read's closed days are kept.
type Fetch[T any] func(ctx context.Context, from, to time.Time) (byDay map[string]T, fresh bool, err error)

// Reader assembles a range's totals of one kind (orders, payments) from
// the closed days in Store and the rest fetched.
type Reader[T any, P interface {
	*T
	Totals[T]
}] struct {
	Kind string
	// Store keeps the closed days; nil keeps none.
	Store Store[T]
	// Grace is how long after its end a day may still change (late
	// tickets synced from a till); Now is the clock.
	Grace time.Duration
	Now   func() time.Time
	// Lookups counts closed days by result, hit or miss; nil counts none.
	Lookups metric.Int64Counter
	// Recheck reads kept days again in the background; its zero value
	// never does.
	Recheck *Recheck
	// Parts keeps the parts of closed days a range cut (a past day up
	// to a time of day, as unusual reads four of them every minute), in
	// process; nil keeps none.
	Parts Store[T]
}

// day is one local day of a range, cut to the range.
type day struct {
	date     string
	from, to time.Time
	whole    bool
	closed   bool
	cached   bool
}

// Range returns the totals of [start, end) for tenant in loc: closed
// whole days from the store, the rest from fetch, one call per run of
// days not kept, the runs fetched at once. Closed whole days fetched are
// kept for next time.
func (r *Reader[T, P]) Range(ctx context.Context, tenant string, loc *time.Location, start, end time.Time, fetch Fetch[T]) (T, error) {
	var total T
	byDay, err := r.Days(ctx, tenant, loc, start, end, fetch)
	if err != nil {
		return total, err
	}
	for _, t := range byDay {
		P(&total).Add(t)
	}
	return total, nil
}

// Days is Range by local date: each day's totals, of the part of it in
// [start, end) at the edges; a day without rows is absent or zero.
func (r *Reader[T, P]) Days(ctx context.Context, tenant string, loc *time.Location, start, end time.Time, fetch Fetch[T]) (map[string]T, error) {
	out := map[string]T{}
	ds := split(start, end, loc, r.Now().Add(-r.Grace))
	hits, misses := 0, 0
	var kept []*day
	var keys []string
	var hitDays []day
	var hitVals []T
	for i := range ds {
		if d := &ds[i]; d.whole && d.closed && r.Store != nil {
			kept, keys = append(kept, d), append(keys, r.key(tenant, d.date))
		}
	}
	if len(keys) > 0 {
		got, found := r.Store.GetMany(ctx, keys)
		for i, d := range kept {
			if found[i] {
				out[d.date] = got[i]
				d.cached = true
				hitDays, hitVals = append(hitDays, *d), append(hitVals, got[i])
				hits++
			} else {
				misses++
			}
		}
	}
	for i := range ds {
		if d := &ds[i]; !d.whole && d.closed && r.Parts != nil {
			if t, ok := r.Parts.Get(ctx, r.partKey(tenant, *d)); ok {
				out[d.date], d.cached = t, true
			}
		}
	}
	r.count(ctx, hits, misses)
	if len(hitDays) > 0 && r.Recheck.due() {
		i := rand.IntN(len(hitDays))
		go r.recheck(context.WithoutCancel(ctx), tenant, hitDays[i], hitVals[i], fetch)
	}
	runs := uncached(ds, r.Now())
	results := make([]map[string]T, len(runs))
	fresh := make([]bool, len(runs))
	g, gctx := errgroup.WithContext(ctx)
	for i, run := range runs {
		g.Go(func() error {
			m, ok, err := fetch(gctx, run[0].from, run[len(run)-1].to)
			results[i], fresh[i] = m, ok
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, run := range runs {
		for _, d := range run {
			t := results[i][d.date] // a day without rows totals zero
			out[d.date] = t
			// Kept only when closed, from a read that succeeded with the
			// service's own answers: a whole day shared, a part in process.
			switch {
			case d.whole && d.closed && fresh[i] && r.Store != nil:
				r.Store.Put(ctx, r.key(tenant, d.date), t)
			case !d.whole && d.closed && fresh[i] && r.Parts != nil:
				r.Parts.Put(ctx, r.partKey(tenant, d), t)
			}
		}
	}
	return out, nil
}

func (r *Reader[T, P]) key(tenant, date string) string { return r.Kind + "/" + tenant + "/" + date }

// partKey names the part of a day from d.from to d.to.
func (r *Reader[T, P]) partKey(tenant string, d day) string {
	return r.key(tenant, d.date) + "/" + strconv.FormatInt(d.from.UnixNano(), 10) + "-" + strconv.FormatInt(d.to.UnixNano(), 10)
}

func (r *Reader[T, P]) count(ctx context.Context, hits, misses int) {
	if r.Lookups == nil {
		return
	}
	kind := attribute.String("kind", r.Kind)
	if hits > 0 {
		r.Lookups.Add(ctx, int64(hits), metric.WithAttributes(kind, attribute.String("result", "hit")))
	}
	if misses > 0 {
		r.Lookups.Add(ctx, int64(misses), metric.WithAttributes(kind, attribute.String("result", "miss")))
	}
}

// split cuts [start, end) into local days; a day is closed when it ended
// by closedBy.
func split(start, end time.Time, loc *time.Location, closedBy time.Time) []day {
	var out []day
	s := start.In(loc)
	for cur := s; cur.Before(end); {
		midnight := time.Date(cur.Year(), cur.Month(), cur.Day(), 0, 0, 0, 0, loc)
		next := time.Date(cur.Year(), cur.Month(), cur.Day()+1, 0, 0, 0, 0, loc)
		to := next
		if end.Before(to) {
			to = end
		}
		out = append(out, day{date: midnight.Format(time.DateOnly), from: cur, to: to,
			whole: cur.Equal(midnight) && to.Equal(next), closed: !next.After(closedBy)})
		cur = to
	}
	return out
}

// uncached groups the days not read from the store into runs of
// consecutive days, each fetched in one call; days that have not begun
// by now have no rows and are not fetched.
func uncached(ds []day, now time.Time) [][]day {
	var runs [][]day
	var cur []day
	for _, d := range ds {
		if d.cached || !d.from.Before(now) {
			if len(cur) > 0 {
				runs = append(runs, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, d)
	}
	if len(cur) > 0 {
		runs = append(runs, cur)
	}
	return runs
}
