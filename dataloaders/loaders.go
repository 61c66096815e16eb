// Package dataloaders batches and memoises one request's downstream reads:
// lookups by id become one call per service and batch, and identical list
// reads made by several fields become one call.
package dataloaders

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/graph-gophers/dataloader/v7"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/maitre-pos/maitre/calllog"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/days"
	"github.com/maitre-pos/maitre/reports"
	"github.com/maitre-pos/maitre/telemetry"
)

// Wait is the batch window: long enough for sibling fields resolved in
// parallel to join a batch, short next to any downstream call.
const Wait = time.Millisecond

// ErrNotFound is the result for an id the service does not know.
var ErrNotFound = errors.New("dataloaders: not found")

// Loaders are one request's loaders for one tenant. Build them per request,
// never share them: their caches hold that tenant's data. Each loader is
// made on its first use, so a request pays only for those it uses.
type Loaders struct {
	c      *clients.Client
	tenant string
	loc    *time.Location
	days   Days

	orders          primed[clients.Order]
	payments        once[*ByID[clients.Payment]]
	paymentsByOrder once[*ByID[[]clients.Payment]]
	products        primed[clients.Product]
	tables          primed[clients.Table]
	orderLists      once[*Memo[clients.OrderFilter, []clients.Order]]
	paymentLists    once[*Memo[clients.PaymentFilter, []clients.Payment]]
	productLists    once[*Memo[clients.ProductFilter, []clients.Product]]
	tableLists      once[*Memo[string, []clients.Table]]
	orderNumbers    once[*Memo[int, *clients.Order]]
	orderPages      once[*Memo[Page[clients.OrderFilter], *clients.OrderList]]
	paymentPages    once[*Memo[Page[clients.PaymentFilter], *clients.PaymentList]]
	productPages    once[*Memo[Page[clients.ProductFilter], *clients.ProductList]]
	orderTotals     once[*Memo[Span, reports.OrderTotals]]
	paymentTotals   once[*Memo[Span, reports.PaymentTotals]]
}

// Days are the process's readers of closed days, which every request
// shares; a nil Days, or nil stores in it, keeps no day.
type Days struct {
	Orders   *days.Reader[reports.OrderTotals, *reports.OrderTotals]
	Payments *days.Reader[reports.PaymentTotals, *reports.PaymentTotals]
}

// Span is an instant range [Start, End), as daterange resolves periods.
type Span struct{ Start, End time.Time }

// once holds a value made on first use.
type once[T any] struct {
	o sync.Once
	v T
}

func (o *once[T]) get(make func() T) T {
	o.o.Do(func() { o.v = make() })
	return o.v
}

// primed holds a by-id loader made on first use, and the rows that list
// reads found before then, which prime it when it is made: a request that
// never looks up a row by id pays nothing for the rows its lists read.
type primed[V any] struct {
	mu   sync.Mutex
	l    *ByID[V]
	id   func(V) string
	rows [][]V
}

func (p *primed[V]) get(make func(id func(V) string) *ByID[V]) *ByID[V] {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.l == nil {
		p.l = make(p.id)
		for _, rows := range p.rows {
			p.add(rows)
		}
		p.rows = nil
	}
	return p.l
}

// prime seeds the loader with rows a list read returned.
func (p *primed[V]) prime(rows []V) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.l == nil {
		p.rows = append(p.rows, rows)
		return
	}
	p.add(rows)
}

func (p *primed[V]) add(rows []V) {
	for _, r := range rows {
		p.l.Prime(context.Background(), p.id(r), r) // the in-memory cache reads no context
	}
}

// Page asks for one page of a list.
type Page[F comparable] struct {
	Filter F
	Limit  int
	Cursor string
}

// New returns loaders reading tenant's data through c, its days in loc
// (UTC when nil) and its closed days through d.
func New(c *clients.Client, tenant string, loc *time.Location, d *Days) *Loaders {
	l := &Loaders{c: c, tenant: tenant, loc: loc}
	l.orders.id = func(o clients.Order) string { return o.ID }
	l.products.id = func(p clients.Product) string { return p.ID }
	l.tables.id = func(t clients.Table) string { return t.ID }
	if l.loc == nil {
		l.loc = time.UTC
	}
	if d != nil {
		l.days = *d
	}
	if l.days.Orders == nil {
		l.days.Orders = &days.Reader[reports.OrderTotals, *reports.OrderTotals]{Kind: "orders", Now: time.Now}
	}
	if l.days.Payments == nil {
		l.days.Payments = &days.Reader[reports.PaymentTotals, *reports.PaymentTotals]{Kind: "payments", Now: time.Now}
	}
	return l
}

// OrderTotals totals the COMPLETED orders of a span, once per distinct
// span: closed days from the day store, the rest read in windows. Totals
// whose sums did not fit fail, naming the service, rather than show.
func (l *Loaders) OrderTotals() *Memo[Span, reports.OrderTotals] {
	return l.orderTotals.get(func() *Memo[Span, reports.OrderTotals] {
		return memo(func(ctx context.Context, s Span) (reports.OrderTotals, error) {
			t, err := l.days.Orders.Range(ctx, l.tenant, l.loc, s.Start, s.End, l.orderDays)
			return t, l.overflowed(clients.Orders, t.Overflow, err)
		})
	})
}

// PaymentTotals totals the payments of a span, once per distinct span,
// failing as OrderTotals does.
func (l *Loaders) PaymentTotals() *Memo[Span, reports.PaymentTotals] {
	return l.paymentTotals.get(func() *Memo[Span, reports.PaymentTotals] {
		return memo(func(ctx context.Context, s Span) (reports.PaymentTotals, error) {
			t, err := l.days.Payments.Range(ctx, l.tenant, l.loc, s.Start, s.End, l.paymentDays)
			return t, l.overflowed(clients.Payments, t.Overflow, err)
		})
	})
}

// OrderTotalsOf starts totalling spans, in any order: when, by start,
// each starts where the one before ended, at a local midnight, they are
// read as one range, by day, so that cold, comparing a week with the week
// before costs one round of calls, not two that share the windows in
// flight. The function returned waits for each span's totals, in the
// order given.
func (l *Loaders) OrderTotalsOf(ctx context.Context, spans ...Span) func() ([]reports.OrderTotals, error) {
	return joined(ctx, l, spans, l.days.Orders, l.orderDays, clients.Orders, func(t reports.OrderTotals) bool { return t.Overflow })
}

// PaymentTotalsOf is OrderTotalsOf for payments.
func (l *Loaders) PaymentTotalsOf(ctx context.Context, spans ...Span) func() ([]reports.PaymentTotals, error) {
	return joined(ctx, l, spans, l.days.Payments, l.paymentDays, clients.Payments, func(t reports.PaymentTotals) bool { return t.Overflow })
}

// joined reads the union of spans by day, in the background, and sums
// each span's days: a day belongs to the span holding its first instant
// in the union.
func joined[T any, P interface {
	*T
	days.Totals[T]
}](ctx context.Context, l *Loaders, spans []Span, r *days.Reader[T, P], fetch days.Fetch[T], s clients.Service, overflow func(T) bool) func() ([]T, error) {
	done := make(chan struct{})
	var out []T
	var err error
	go func() {
		defer close(done)
		out = make([]T, len(spans))
		byStart := slices.SortedFunc(slices.Values(spans), func(a, b Span) int { return a.Start.Compare(b.Start) })
		if !meet(byStart, l.loc) { // each on its own, at once: a day cannot be cut between two
			g, gctx := errgroup.WithContext(ctx)
			for i, sp := range spans {
				g.Go(func() (err error) {
					out[i], err = r.Range(gctx, l.tenant, l.loc, sp.Start, sp.End, fetch)
					return err
				})
			}
			if err = g.Wait(); err != nil {
				return
			}
		} else {
			var byDay map[string]T
			if byDay, err = r.Days(ctx, l.tenant, l.loc, byStart[0].Start, byStart[len(byStart)-1].End, fetch); err != nil {
				return
			}
			for date, t := range byDay {
				first, _ := time.ParseInLocation(time.DateOnly, date, l.loc)
				first = later(first, byStart[0].Start)
				for i, sp := range spans {
					if !first.Before(sp.Start) && first.Before(sp.End) {
						P(&out[i]).Add(t)
					}
				}
			}
		}
		for _, t := range out {
			if overflow(t) {
				err = l.c.Overflowed(s)
				return
			}
		}
	}()
	return func() ([]T, error) {
		<-done
		return out, err
	}
}

// meet reports whether each span, in order of start, starts where the
// one before ended, at a local midnight.
func meet(spans []Span, loc *time.Location) bool {
	for i := 1; i < len(spans); i++ {
		s := spans[i].Start.In(loc)
		if !s.Equal(spans[i-1].End) || !s.Equal(time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, loc)) {
			return false
		}
	}
	return true
}

func later(a, b time.Time) time.Time {
	if a.Before(b) {
		return b
	}
	return a
}

// overflowed is err, or the service's overflow error when sums did not fit.
func (l *Loaders) overflowed(s clients.Service, overflow bool, err error) error {
	if err == nil && overflow {
		return l.c.Overflowed(s)
	}
	return err
}

// orderDays reads the COMPLETED orders of [from, to) and totals them by
// local day.
func (l *Loaders) orderDays(ctx context.Context, from, to time.Time) (map[string]reports.OrderTotals, bool, error) {
	return totalsByDay(ctx, l.loc, func(ctx context.Context) ([]clients.Order, error) {
		return l.c.Orders.ListAll(ctx, l.tenant, clients.OrderFilter{From: from, To: to, Statuses: clients.OrderCompleted})
	}, func(o clients.Order) time.Time { return o.CreatedAt }, reports.OrdersOf)
}

// paymentDays reads the payments of [from, to) and totals them by local
// day.
func (l *Loaders) paymentDays(ctx context.Context, from, to time.Time) (map[string]reports.PaymentTotals, bool, error) {
	return totalsByDay(ctx, l.loc, func(ctx context.Context) ([]clients.Payment, error) {
		return l.c.Payments.ListAll(ctx, l.tenant, clients.PaymentFilter{From: from, To: to})
	}, func(p clients.Payment) time.Time { return p.CreatedAt }, reports.PaymentsOf)
}

// totalsByDay reads rows and totals them per local date of their
// creation, reporting whether every row was the service's answer of now
// (none a stale stand-in), which closed days may be kept from.
func totalsByDay[R, T any](ctx context.Context, loc *time.Location, read func(context.Context) ([]R, error),
	at func(R) time.Time, total func([]R, *time.Location) T) (map[string]T, bool, error) {
	log := calllog.From(ctx).Child()
	rows, err := read(calllog.With(ctx, log))
	if err != nil {
		return nil, false, err
	}
	return byDay(rows, loc, at, total), !log.Stale(), nil
}

// byDay totals rows per local date of their creation.
func byDay[R, T any](rows []R, loc *time.Location, at func(R) time.Time, total func([]R, *time.Location) T) map[string]T {
	groups := map[string][]R{}
	for _, r := range rows {
		d := at(r).In(loc).Format(time.DateOnly)
		groups[d] = append(groups[d], r)
	}
	out := make(map[string]T, len(groups))
	for d, g := range groups {
		out[d] = total(g, loc)
	}
	return out
}

// Orders loads orders by id, batched up to clients.MaxIDs keys a call.
func (l *Loaders) Orders() *ByID[clients.Order] {
	return l.orders.get(func(id func(clients.Order) string) *ByID[clients.Order] {
		return batched("orders", byID(func(ctx context.Context, ids []string) ([]clients.Order, error) {
			return l.c.Orders.Get(ctx, l.tenant, ids)
		}, id))
	})
}

// Payments loads payments by id, batched.
func (l *Loaders) Payments() *ByID[clients.Payment] {
	return l.payments.get(func() *ByID[clients.Payment] {
		return batched("payments", byID(func(ctx context.Context, ids []string) ([]clients.Payment, error) {
			return l.c.Payments.Get(ctx, l.tenant, ids)
		}, func(p clients.Payment) string { return p.ID }))
	})
}

// PaymentsByOrder loads each order's payments, batched by order id.
func (l *Loaders) PaymentsByOrder() *ByID[[]clients.Payment] {
	return l.paymentsByOrder.get(func() *ByID[[]clients.Payment] {
		return batched("payments_by_order", func(ctx context.Context, ids []string) []*dataloader.Result[[]clients.Payment] {
			rows, err := l.c.Payments.ForOrders(ctx, l.tenant, ids)
			byOrder := make(map[string][]clients.Payment, len(ids))
			for _, p := range rows {
				byOrder[p.OrderID] = append(byOrder[p.OrderID], p)
			}
			out := make([]*dataloader.Result[[]clients.Payment], len(ids))
			results := make([]dataloader.Result[[]clients.Payment], len(ids))
			for i, id := range ids {
				results[i] = dataloader.Result[[]clients.Payment]{Data: byOrder[id], Error: err}
				out[i] = &results[i]
			}
			return out
		})
	})
}

// Products loads products by id, batched.
func (l *Loaders) Products() *ByID[clients.Product] {
	return l.products.get(func(id func(clients.Product) string) *ByID[clients.Product] {
		return batched("products", byID(func(ctx context.Context, ids []string) ([]clients.Product, error) {
			return l.c.Products.Get(ctx, l.tenant, ids)
		}, id))
	})
}

// Tables loads tables by id, batched.
func (l *Loaders) Tables() *ByID[clients.Table] {
	return l.tables.get(func(id func(clients.Table) string) *ByID[clients.Table] {
		return batched("tables", byID(func(ctx context.Context, ids []string) ([]clients.Table, error) {
			return l.c.Tables.Get(ctx, l.tenant, ids)
		}, id))
	})
}

// OrderLists reads whole lists of orders, once per distinct filter.
func (l *Loaders) OrderLists() *Memo[clients.OrderFilter, []clients.Order] {
	return l.orderLists.get(func() *Memo[clients.OrderFilter, []clients.Order] {
		return memo(func(ctx context.Context, f clients.OrderFilter) ([]clients.Order, error) {
			rows, err := l.c.Orders.ListAll(ctx, l.tenant, f)
			l.orders.prime(rows)
			return rows, err
		})
	})
}

// PaymentLists reads whole lists of payments, once per distinct filter.
func (l *Loaders) PaymentLists() *Memo[clients.PaymentFilter, []clients.Payment] {
	return l.paymentLists.get(func() *Memo[clients.PaymentFilter, []clients.Payment] {
		return memo(func(ctx context.Context, f clients.PaymentFilter) ([]clients.Payment, error) {
			return l.c.Payments.ListAll(ctx, l.tenant, f)
		})
	})
}

// ProductLists reads whole lists of products, once per distinct filter.
func (l *Loaders) ProductLists() *Memo[clients.ProductFilter, []clients.Product] {
	return l.productLists.get(func() *Memo[clients.ProductFilter, []clients.Product] {
		return memo(func(ctx context.Context, f clients.ProductFilter) ([]clients.Product, error) {
			rows, err := l.c.Products.ListAll(ctx, l.tenant, f)
			l.products.prime(rows)
			return rows, err
		})
	})
}

// TableLists reads the tables, once per status filter.
func (l *Loaders) TableLists() *Memo[string, []clients.Table] {
	return l.tableLists.get(func() *Memo[string, []clients.Table] {
		return memo(func(ctx context.Context, status string) ([]clients.Table, error) {
			rows, err := l.c.Tables.List(ctx, l.tenant, status)
			l.tables.prime(rows)
			return rows, err
		})
	})
}

// OrderNumbers finds orders by ticket number; nil when there is none.
func (l *Loaders) OrderNumbers() *Memo[int, *clients.Order] {
	return l.orderNumbers.get(func() *Memo[int, *clients.Order] {
		return memo(func(ctx context.Context, n int) (*clients.Order, error) {
			return l.c.Orders.ByNumber(ctx, l.tenant, n)
		})
	})
}

// OrderPages reads one page of orders, once per distinct request.
func (l *Loaders) OrderPages() *Memo[Page[clients.OrderFilter], *clients.OrderList] {
	return l.orderPages.get(func() *Memo[Page[clients.OrderFilter], *clients.OrderList] {
		return memo(func(ctx context.Context, p Page[clients.OrderFilter]) (*clients.OrderList, error) {
			out, err := l.c.Orders.List(ctx, l.tenant, p.Filter, p.Limit, p.Cursor)
			if err == nil {
				l.orders.prime(out.Orders)
			}
			return out, err
		})
	})
}

// PaymentPages reads one page of payments, once per distinct request.
func (l *Loaders) PaymentPages() *Memo[Page[clients.PaymentFilter], *clients.PaymentList] {
	return l.paymentPages.get(func() *Memo[Page[clients.PaymentFilter], *clients.PaymentList] {
		return memo(func(ctx context.Context, p Page[clients.PaymentFilter]) (*clients.PaymentList, error) {
			return l.c.Payments.List(ctx, l.tenant, p.Filter, p.Limit, p.Cursor)
		})
	})
}

// ProductPages reads one page of products, once per distinct request.
func (l *Loaders) ProductPages() *Memo[Page[clients.ProductFilter], *clients.ProductList] {
	return l.productPages.get(func() *Memo[Page[clients.ProductFilter], *clients.ProductList] {
		return memo(func(ctx context.Context, p Page[clients.ProductFilter]) (*clients.ProductList, error) {
			out, err := l.c.Products.List(ctx, l.tenant, p.Filter, p.Limit, p.Cursor)
			if err == nil {
				l.products.prime(out.Products)
			}
			return out, err
		})
	})
}

// ByID is a batching loader of rows by id. Load batches keys that arrive
// within the Wait window; Prefetch batches keys it is given all at once.
type ByID[V any] struct {
	*dataloader.Loader[string, V]
	cache *dataloader.InMemoryCache[string, V]
	fetch dataloader.BatchFunc[string, V]

	mu    sync.Mutex
	ahead map[string]slot[V] // the keys prefetched, which Load and Get read first
}

// slot is a prefetched key's place in its call's results.
type slot[V any] struct {
	c *call[V]
	i int
}

// call is one prefetching call; results are set before done closes.
type call[V any] struct {
	done    chan struct{}
	results []*dataloader.Result[V]
}

func (s slot[V]) wait() (V, error) {
	<-s.c.done
	r := s.c.results[s.i]
	return r.Data, r.Error
}

func batched[V any](name string, fn dataloader.BatchFunc[string, V]) *ByID[V] {
	fn = traced(name, fn)
	c := dataloader.NewCache[string, V]()
	return &ByID[V]{
		Loader: dataloader.NewBatchedLoader(fn,
			dataloader.WithWait[string, V](Wait),
			dataloader.WithBatchCapacity[string, V](clients.MaxIDs),
			dataloader.WithCache[string, V](c)),
		cache: c,
		fetch: fn,
	}
}

// Prefetch starts fetching the keys not yet loaded, clients.MaxIDs a call,
// and returns at once; a later Load or Get of any of them waits for that
// call instead of making its own. Unlike a burst of Loads it does not
// depend on timing: n new keys always cost ceil(n / clients.MaxIDs)
// calls. Its bookkeeping is a few allocations a call, not a few a key.
func (b *ByID[V]) Prefetch(ctx context.Context, keys []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ahead == nil {
		b.ahead = make(map[string]slot[V], len(keys))
	}
	todo := make([]string, 0, len(keys))
	for _, k := range keys {
		if _, ok := b.ahead[k]; ok {
			continue
		}
		if _, ok := b.cache.Get(ctx, k); ok {
			continue
		}
		b.ahead[k] = slot[V]{} // seen; its call is set below
		todo = append(todo, k)
	}
	for start := 0; start < len(todo); start += clients.MaxIDs {
		chunk := todo[start:min(start+clients.MaxIDs, len(todo))]
		c := &call[V]{done: make(chan struct{})}
		for i, k := range chunk {
			b.ahead[k] = slot[V]{c, i}
		}
		calls.run(func() {
			defer close(c.done)
			c.results = b.fetch(ctx, chunk)
		})
	}
}

// prefetched is key's slot when Prefetch started it.
func (b *ByID[V]) prefetched(key string) (slot[V], bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, ok := b.ahead[key]
	return s, ok
}

// Get waits for key's row: prefetched, loaded or batched with the loads
// of the Wait window.
func (b *ByID[V]) Get(ctx context.Context, key string) (V, error) {
	if s, ok := b.prefetched(key); ok {
		return s.wait()
	}
	return b.Load(ctx, key)()
}

// Load returns the thunk of key: the prefetch's or an earlier load's,
// else the batching loader's.
func (b *ByID[V]) Load(ctx context.Context, key string) dataloader.Thunk[V] {
	if s, ok := b.prefetched(key); ok {
		return s.wait
	}
	if thunk, ok := b.cache.Get(ctx, key); ok {
		return thunk
	}
	return b.Loader.Load(ctx, key)
}

// Now loads key at once, in the caller's goroutine, unless it is loaded
// or on its way already: for a lookup that nothing could join, which
// neither waits out the batch window nor hands off to another goroutine.
func (b *ByID[V]) Now(ctx context.Context, key string) (V, error) {
	if s, ok := b.prefetched(key); ok {
		return s.wait()
	}
	if thunk, ok := b.cache.Get(ctx, key); ok {
		return thunk()
	}
	r := b.fetch(ctx, []string{key})[0]
	b.cache.Set(ctx, key, func() (V, error) { return r.Data, r.Error })
	return r.Data, r.Error
}

// byID turns a lookup by ids into a batch function that matches rows back
// to keys by id, giving a missing id ErrNotFound.
func byID[V any](fetch func(context.Context, []string) ([]V, error), id func(V) string) dataloader.BatchFunc[string, V] {
	return func(ctx context.Context, keys []string) []*dataloader.Result[V] {
		out := make([]*dataloader.Result[V], len(keys))
		rows, err := fetch(ctx, keys)
		if err != nil {
			for i := range out {
				out[i] = &dataloader.Result[V]{Error: err}
			}
			return out
		}
		found := make(map[string]int, len(rows))
		for i, r := range rows {
			found[id(r)] = i
		}
		results := make([]dataloader.Result[V], len(keys)) // one allocation, not one a key
		for i, k := range keys {
			if j, ok := found[k]; ok {
				results[i].Data = rows[j]
			} else {
				results[i].Error = ErrNotFound
			}
			out[i] = &results[i]
		}
		return out
	}
}

// traced wraps a batch function in a span that records the batch's size,
// under the span of the request that caused it.
func traced[K comparable, V any](name string, fn dataloader.BatchFunc[K, V]) dataloader.BatchFunc[K, V] {
	return func(ctx context.Context, keys []K) []*dataloader.Result[V] {
		tr, ok := telemetry.Tracer(ctx, "github.com/maitre-pos/maitre/dataloaders")
		if !ok {
			return fn(ctx, keys)
		}
		ctx, span := tr.Start(ctx, "dataloader.batch "+name,
			trace.WithAttributes(attribute.String("maitre.dataloader", name), attribute.Int("maitre.dataloader.batch_size", len(keys))))
		defer span.End()
		return fn(ctx, keys)
	}
}

type key struct{}

// With returns a context carrying l.
func With(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, key{}, l)
}

// For returns the request's loaders; it panics if the request has none,
// which is a wiring bug.
func For(ctx context.Context) *Loaders {
	l, ok := ctx.Value(key{}).(*Loaders)
	if !ok {
		panic("dataloaders: no loaders in context")
	}
	return l
}
