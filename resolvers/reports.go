package resolvers

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/graph/model"
	"github.com/maitre-pos/maitre/reports"
)

// Every aggregate reads the totals of its period through the request's
// memo loaders, so a dashboard asking for revenue, payment methods and
// best sellers of one period reads its orders and its payments once; the
// totals of days that have ended come from the closed-day store.

func span(s *model.RevenueSummary) dataloaders.Span {
	return dataloaders.Span{Start: s.Start, End: s.End}
}

func (r *queryResolver) Revenue(ctx context.Context, rng *model.DateRange) (*model.RevenueSummary, error) {
	v, l := request(ctx)
	w, err := r.window(ctx, rng)
	if err != nil {
		return nil, err
	}
	s := &model.RevenueSummary{From: model.Date(w.From), To: model.Date(w.To), Timezone: v.Timezone, Start: w.Start, End: w.End}
	// Start both reads now; the fields wait for the one they need.
	l.OrderTotals().Load(ctx, span(s))
	l.PaymentTotals().Load(ctx, span(s))
	return s, nil
}

func (r *revenueSummaryResolver) Total(ctx context.Context, obj *model.RevenueSummary) (*model.Money, error) {
	v, l := request(ctx)
	t, err := l.PaymentTotals().Get(ctx, span(obj))
	if err != nil {
		return nil, err
	}
	return moneyOf(v, t.Captured-t.Refunded), nil
}

func (r *revenueSummaryResolver) Refunds(ctx context.Context, obj *model.RevenueSummary) (*model.Money, error) {
	v, l := request(ctx)
	t, err := l.PaymentTotals().Get(ctx, span(obj))
	if err != nil {
		return nil, err
	}
	return moneyOf(v, t.Refunded), nil
}

func (r *revenueSummaryResolver) OrderCount(ctx context.Context, obj *model.RevenueSummary) (*int, error) {
	_, l := request(ctx)
	t, err := l.OrderTotals().Get(ctx, span(obj))
	if err != nil {
		return nil, err
	}
	return &t.Count, nil
}

func (r *revenueSummaryResolver) AverageOrderValue(ctx context.Context, obj *model.RevenueSummary) (*model.Money, error) {
	v, l := request(ctx)
	t, err := l.OrderTotals().Get(ctx, span(obj))
	if err != nil {
		return nil, err
	}
	return moneyOf(v, t.Average()), nil
}

func (r *revenueSummaryResolver) ByMethod(ctx context.Context, obj *model.RevenueSummary) ([]*model.PaymentMethodShare, error) {
	v, l := request(ctx)
	t, err := l.PaymentTotals().Get(ctx, span(obj))
	if err != nil {
		return nil, err
	}
	return methodShares(v, t), nil
}

func (r *queryResolver) PaymentMethods(ctx context.Context, rng *model.DateRange) ([]*model.PaymentMethodShare, error) {
	v, l := request(ctx)
	w, err := r.window(ctx, rng)
	if err != nil {
		return nil, err
	}
	t, err := l.PaymentTotals().Get(ctx, dataloaders.Span{Start: w.Start, End: w.End})
	if err != nil {
		return nil, err
	}
	return methodShares(v, t), nil
}

func methodShares(v *auth.Viewer, t reports.PaymentTotals) []*model.PaymentMethodShare {
	return each(t.Shares(), func(m reports.MethodShare) *model.PaymentMethodShare {
		return &model.PaymentMethodShare{Method: model.PaymentMethod(m.Method), Count: m.Count, Amount: moneyOf(v, m.Amount), Share: m.Share}
	})
}

func (r *queryResolver) BestSellers(ctx context.Context, rng *model.DateRange, limit *int, by *model.SalesMetric, category *string) ([]*model.ProductSales, error) {
	v, l := request(ctx)
	byRevenue := by != nil && *by == model.SalesMetricRevenue
	if byRevenue && !v.Can("revenue:read") {
		return nil, forbidden("revenue:read")
	}
	n := 5
	if limit != nil {
		n = *limit
	}
	if n < 1 || n > 100 {
		return nil, badInput("limit", "limit must be 1 to 100, got %d", n)
	}
	w, err := r.window(ctx, rng)
	if err != nil {
		return nil, err
	}
	t, err := l.OrderTotals().Get(ctx, dataloaders.Span{Start: w.Start, End: w.End})
	if err != nil {
		return nil, err
	}
	sales := t.Sales()
	ids := make([]string, len(sales))
	for i, s := range sales {
		ids[i] = s.ProductID
	}
	// Ties are broken by name, so every sold product is loaded, in one
	// batched call.
	l.Products().Prefetch(ctx, ids)
	thunks := make([]dataloader.Thunk[clients.Product], len(ids))
	for i, id := range ids {
		thunks[i] = l.Products().Load(ctx, id)
	}
	products := make(map[string]clients.Product, len(ids))
	for i, thunk := range thunks {
		p, err := thunk()
		if errors.Is(err, dataloaders.ErrNotFound) {
			continue // sold, but gone from the catalog
		}
		if err != nil {
			return nil, err
		}
		products[ids[i]] = p
	}
	sales = slices.DeleteFunc(sales, func(s reports.ProductSales) bool {
		p, ok := products[s.ProductID]
		return !ok || category != nil && !strings.EqualFold(p.Category, *category)
	})
	name := func(id string) string { return products[id].Name }
	return each(reports.Rank(sales, name, byRevenue, n), func(s reports.ProductSales) *model.ProductSales {
		return &model.ProductSales{Product: productOf(v, products[s.ProductID]), Quantity: s.Quantity, Revenue: moneyOf(v, s.Revenue)}
	}), nil
}

// allProducts is the whole catalog, which stock reports read.
var allProducts = clients.ProductFilter{}

func (r *queryResolver) LowStock(ctx context.Context, threshold *int) ([]*model.Product, error) {
	v, l := request(ctx)
	if threshold != nil && *threshold < 0 {
		return nil, badInput("threshold", "threshold must not be negative, got %d", *threshold)
	}
	products, err := l.ProductLists().Get(ctx, allProducts)
	if err != nil {
		return nil, err
	}
	return each(reports.LowStock(products, threshold), func(p clients.Product) *model.Product { return productOf(v, p) }), nil
}

func (r *queryResolver) InventoryValue(ctx context.Context) (*model.InventoryValue, error) {
	v, l := request(ctx)
	products, err := l.ProductLists().Get(ctx, allProducts)
	if err != nil {
		return nil, err
	}
	all, byCategory := reports.InventoryValue(products)
	return &model.InventoryValue{
		Total:        moneyOf(v, all.Total),
		ProductCount: all.Products,
		UnitCount:    all.Units,
		ByCategory: each(byCategory, func(c reports.Value) *model.CategoryValue {
			return &model.CategoryValue{Category: c.Category, Total: moneyOf(v, c.Total), ProductCount: c.Products, UnitCount: c.Units}
		}),
	}, nil
}

func (r *queryResolver) TableOccupancy(ctx context.Context) (*model.TableOccupancy, error) {
	_, l := request(ctx)
	tables, err := l.TableLists().Get(ctx, "")
	if err != nil {
		return nil, err
	}
	o := reports.TableOccupancy(tables)
	return &model.TableOccupancy{
		Total: o.Total, Occupied: o.Occupied, Free: o.Free, Reserved: o.Reserved,
		Covers: o.Covers, Seats: o.Seats, OccupancyRate: o.Rate,
	}, nil
}
