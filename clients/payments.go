package clients

import (
	"context"
	"net/url"
	"time"
)

// PaymentService reads payments.
type PaymentService struct{ s *service }

// PaymentFilter selects payments created in [From, To) (zero means
// unbounded) with the given Method (empty means any). It is comparable, so
// it can key a cache.
type PaymentFilter struct {
	From, To time.Time
	Method   string
}

// matches reports whether p is one f asks for.
func (f PaymentFilter) matches(p Payment) bool {
	return inWindow(p.CreatedAt, f.From, f.To) && (f.Method == "" || p.Method == f.Method)
}

func (f PaymentFilter) query() url.Values {
	q := rangeQuery(url.Values{}, f.From, f.To)
	if f.Method != "" {
		q.Set("method", f.Method)
	}
	return q
}

// Get returns the payments with the given ids, in no particular order;
// ids the service does not have are missing from the result.
func (p *PaymentService) Get(ctx context.Context, tenant string, ids []string) ([]Payment, error) {
	return byIDs(ctx, p.s, "/v1/payments", tenant, "ids", ids, paymentRows, func(p Payment) string { return p.ID })
}

// ForOrders returns every payment row of the given orders.
func (p *PaymentService) ForOrders(ctx context.Context, tenant string, orderIDs []string) ([]Payment, error) {
	return byIDs(ctx, p.s, "/v1/payments", tenant, "order_ids", orderIDs, paymentRows, func(p Payment) string { return p.OrderID })
}

func paymentRows(l *PaymentList) *[]Payment { return &l.Payments }

// List returns one page of payments matching f, oldest first.
func (p *PaymentService) List(ctx context.Context, tenant string, f PaymentFilter, limit int, cursor string) (*PaymentList, error) {
	var out PaymentList
	err := p.s.get(ctx, request{path: "/v1/payments", query: page(f.query(), limit, cursor), tenant: tenant}, &out)
	if err == nil {
		out.Payments, err = checked(p.s, out.Payments)
	}
	if err != nil {
		return nil, err
	}
	out.Payments = keep(out.Payments, f.matches)
	return &out, nil
}

// ListAll returns every payment matching f, in windows of f's range read
// at the same time, each following its cursors.
func (p *PaymentService) ListAll(ctx context.Context, tenant string, f PaymentFilter) ([]Payment, error) {
	return listWindowed(ctx, p.s, tenant, "/v1/payments", f.From, f.To, func(ctx context.Context, from, to time.Time, cursor string) ([]Payment, string, error) {
		w := f
		w.From, w.To = from, to
		pg, err := p.List(ctx, tenant, w, MaxLimit, cursor)
		if err != nil {
			return nil, "", err
		}
		return pg.Payments, pg.NextCursor, nil
	})
}
