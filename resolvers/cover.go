package resolvers

import (
	"context"
	"time"

	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/graph/model"
	"github.com/maitre-pos/maitre/reports"
)

func (r *queryResolver) StockCover(ctx context.Context, threshold *float64, lookbackDays *int) ([]*model.StockCover, error) {
	v, l := request(ctx)
	if !v.Can("orders:read") {
		return nil, forbidden("orders:read")
	}
	days := 28
	if lookbackDays != nil {
		days = *lookbackDays
	}
	if days < 1 || days > 365 {
		return nil, badInput("lookbackDays", "lookbackDays must be 1 to 365, got %d", days)
	}
	if threshold != nil && *threshold < 0 {
		return nil, badInput("threshold", "threshold must not be negative, got %g", *threshold)
	}
	today := r.today(v)
	w, err := r.window(ctx, r.daysBefore(v, days))
	if err != nil {
		return nil, err
	}
	// Sales and stock read at once: the answer costs the slower.
	loadSold, loadProducts := l.OrderTotals().Load(ctx, dataloaders.Span{Start: w.Start, End: w.End}), l.ProductLists().Load(ctx, allProducts)
	sold, err := loadSold()
	if err != nil {
		return nil, err
	}
	products, err := loadProducts()
	if err != nil {
		return nil, err
	}
	return each(reports.StockCover(products, sold.Products, days, today, threshold), func(c reports.Cover) *model.StockCover {
		out := &model.StockCover{Product: productOf(v, c.Product), Stock: c.Product.Stock, DailySales: c.Daily}
		if c.Sold {
			left, on := c.DaysLeft, model.Date(c.RunsOut.Format(time.DateOnly))
			out.DaysLeft, out.RunsOutOn = &left, &on
		}
		return out
	}), nil
}
