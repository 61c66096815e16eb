package clients

import (
	"context"
	"net/url"
	"strconv"
	"time"
)

// OrderService reads orders.
type OrderService struct{ s *service }

// OrderFilter selects orders created in [From, To) (zero means unbounded)
// with one of the comma-separated Statuses (empty means any). It is
// comparable, so it can key a cache.
type OrderFilter struct {
	From, To time.Time
	Statuses string
}

// matches reports whether o is one f asks for: the services' answers are
// checked, never trusted to match the question.
func (f OrderFilter) matches(o Order) bool {
	return inWindow(o.CreatedAt, f.From, f.To) && (f.Statuses == "" || listed(f.Statuses, o.Status))
}

func (f OrderFilter) query() url.Values {
	q := rangeQuery(url.Values{}, f.From, f.To)
	if f.Statuses != "" {
		q.Set("status", f.Statuses)
	}
	return q
}

// Get returns the orders with the given ids; unknown ids are absent.
func (o *OrderService) Get(ctx context.Context, tenant string, ids []string) ([]Order, error) {
	return byIDs(ctx, o.s, "/v1/orders", tenant, "ids", ids, func(l *OrderList) *[]Order { return &l.Orders }, func(o Order) string { return o.ID })
}

// ByNumber returns the order with the given ticket number, or nil.
func (o *OrderService) ByNumber(ctx context.Context, tenant string, number int) (*Order, error) {
	var out OrderList
	q := url.Values{"number": {strconv.Itoa(number)}}
	if err := o.s.get(ctx, request{path: "/v1/orders", query: q, tenant: tenant}, &out); err != nil {
		return nil, err
	}
	rows, err := checked(o.s, out.Orders)
	if err != nil {
		return nil, err
	}
	for _, o := range rows {
		if o.Number == number {
			return &o, nil
		}
	}
	return nil, nil
}

// List returns one page of orders matching f, oldest first.
func (o *OrderService) List(ctx context.Context, tenant string, f OrderFilter, limit int, cursor string) (*OrderList, error) {
	var out OrderList
	if limit > 0 && limit <= MaxIDs {
		out.Orders = make([]Order, 0, limit) // a page is decoded without growing
	}
	err := o.s.get(ctx, request{path: "/v1/orders", query: page(f.query(), limit, cursor), tenant: tenant}, &out)
	if err == nil {
		out.Orders, err = checked(o.s, out.Orders)
	}
	if err != nil {
		return nil, err
	}
	out.Orders = keep(out.Orders, f.matches)
	return &out, nil
}

// ListAll returns every order matching f, in windows of f's range read
// at the same time, each following its cursors.
func (o *OrderService) ListAll(ctx context.Context, tenant string, f OrderFilter) ([]Order, error) {
	return listWindowed(ctx, o.s, tenant, "/v1/orders", f.From, f.To, func(ctx context.Context, from, to time.Time, cursor string) ([]Order, string, error) {
		w := f
		w.From, w.To = from, to
		p, err := o.List(ctx, tenant, w, MaxLimit, cursor)
		if err != nil {
			return nil, "", err
		}
		return p.Orders, p.NextCursor, nil
	})
}
