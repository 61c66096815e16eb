package days

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// Recheck paces the background re-reads of kept days. A kept day is
// served without a call, so a wrong one (a row a read missed, a
// correction made after the grace, a store written by someone else)
// would be served until it expires: each range served with kept days
// offers one of them, at random, to be read again from the rows, at most
// one every Every and one at a time. A re-read that disagrees replaces
// the kept day, and is logged and counted.
type Recheck struct {
	// Every spaces the re-reads; 0 means none.
	Every time.Duration
	// Detach takes out of a re-read's context what belongs to the request
	// that offered it (its call accounting, say); the re-read already
	// outlives the request's cancellation. nil keeps the context's values.
	Detach func(context.Context) context.Context
	Log    *slog.Logger
	// Results counts re-reads by kind and result: agree, disagree or
	// failed (the read failed, or was not the service's own answer).
	Results metric.Int64Counter

	mu      sync.Mutex
	next    time.Time
	running bool
}

// recheckTimeout bounds one re-read.
const recheckTimeout = 30 * time.Second

// due reports whether a re-read may start now, and if so counts it as
// started.
func (c *Recheck) due() bool {
	if c == nil || c.Every <= 0 {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	if c.running || now.Before(c.next) {
		return false
	}
	c.running, c.next = true, now.Add(c.Every)
	return true
}

func (c *Recheck) done() {
	c.mu.Lock()
	c.running = false
	c.mu.Unlock()
}

// recheck reads d again and replaces stored, the kept totals, when the
// rows say otherwise.
func (r *Reader[T, P]) recheck(ctx context.Context, tenant string, d day, stored T, fetch Fetch[T]) {
	c := r.Recheck
	defer c.done()
	if c.Detach != nil {
		ctx = c.Detach(ctx)
	}
	ctx, cancel := context.WithTimeout(ctx, recheckTimeout)
	defer cancel()
	byDay, fresh, err := fetch(ctx, d.from, d.to)
	read := byDay[d.date]
	result := "agree"
	switch {
	case err != nil || !fresh:
		result = "failed"
	case P(&stored).Equal(read):
	case r.replaced(ctx, tenant, d.date, read):
		// A re-read offered before an earlier one replaced the day: the
		// day kept now agrees, and one wrong day counts once.
	default:
		result = "disagree"
		r.Store.Put(ctx, r.key(tenant, d.date), read)
		if c.Log != nil {
			sRows, sSum := P(&stored).Headline()
			rRows, rSum := P(&read).Headline()
			c.Log.LogAttrs(ctx, slog.LevelWarn, "a kept day disagreed with its rows and was replaced",
				slog.String("kind", r.Kind), slog.String("tenant", tenant), slog.String("date", d.date),
				slog.Int("kept_rows", sRows), slog.Int64("kept_sum", sSum), slog.Int("rows", rRows), slog.Int64("sum", rSum))
		}
	}
	if c.Results != nil {
		c.Results.Add(ctx, 1, metric.WithAttributes(attribute.String("kind", r.Kind), attribute.String("result", result)))
	}
}

// replaced reports whether the day kept for tenant and date is read
// already.
func (r *Reader[T, P]) replaced(ctx context.Context, tenant, date string, read T) bool {
	now, ok := r.Store.Get(ctx, r.key(tenant, date))
	return ok && P(&now).Equal(read)
}
