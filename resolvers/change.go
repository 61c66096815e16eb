package resolvers

import (
	"context"
	"errors"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/graph/model"
	"github.com/maitre-pos/maitre/reports"
)

var moverKinds = map[reports.MoverKind]model.RevenueMoverKind{reports.Item: model.RevenueMoverKindItem,
	reports.Others: model.RevenueMoverKindOthers, reports.Unattributed: model.RevenueMoverKindUnattributed, reports.Refunds: model.RevenueMoverKindRefunds}

func (r *queryResolver) RevenueChange(ctx context.Context, rng *model.DateRange, compareTo *model.DateRange, limit *int) (*model.RevenueChange, error) {
	v, l := request(ctx)
	if !v.Can("orders:read") {
		return nil, forbidden("orders:read")
	}
	n := 5
	if limit != nil {
		n = *limit
	}
	if n < 1 || n > 50 {
		return nil, badInput("limit", "limit must be 1 to 50, got %d", n)
	}
	cur, err := r.window(ctx, rng)
	if err != nil {
		return nil, err
	}
	if compareTo == nil { // whole weeks back, so that weekdays match
		back := (cur.Days() + 6) / 7 * 7
		compareTo = &model.DateRange{From: shifted(cur.From, back), To: shifted(cur.To, back)}
	}
	prev, err := r.window(ctx, compareTo)
	if err != nil {
		var e *gqlerror.Error
		if errors.As(err, &e) {
			e.Extensions["argument"] = "compareTo"
		}
		return nil, err
	}
	// The default comparison ends where the range starts: the two are
	// then read as one.
	spans := []dataloaders.Span{{Start: cur.Start, End: cur.End}, {Start: prev.Start, End: prev.End}}
	orders, payments, products := l.OrderTotalsOf(ctx, spans...), l.PaymentTotalsOf(ctx, spans...), l.ProductLists().Load(ctx, allProducts)
	ords, err := orders()
	if err != nil {
		return nil, err
	}
	pays, err := payments()
	if err != nil {
		return nil, err
	}
	catalog, err := products()
	if err != nil {
		return nil, err
	}
	c := reports.RevenueChange(ords[0], ords[1], pays[0], pays[1], catalog, v.Location, n)
	if c.Overflow {
		return nil, errcode.New(errcode.DownstreamError, "the ranges' amounts add up past what can be counted: ask shorter ranges")
	}
	movers := func(ms []reports.Mover) []*model.RevenueMover {
		return each(ms, func(m reports.Mover) *model.RevenueMover { return mover(v, m, c.Change) })
	}
	return &model.RevenueChange{
		Current:  &model.RevenuePeriod{From: model.Date(cur.From), To: model.Date(cur.To), Takings: moneyOf(v, c.Current.Takings), Orders: c.Current.Orders},
		Previous: &model.RevenuePeriod{From: model.Date(prev.From), To: model.Date(prev.To), Takings: moneyOf(v, c.Previous.Takings), Orders: c.Previous.Orders},
		Change:   moneyOf(v, c.Change), Volume: moneyOf(v, c.Volume), Ticket: moneyOf(v, c.Ticket), Cross: moneyOf(v, c.Cross),
		ByCategory: movers(c.Categories), ByProduct: movers(c.Products), ByMethod: movers(c.Methods), ByHour: movers(c.Hours),
	}, nil
}

func mover(v *auth.Viewer, m reports.Mover, change int64) *model.RevenueMover {
	out := &model.RevenueMover{Name: m.Name, Kind: moverKinds[m.Kind], Current: moneyOf(v, m.Current), Previous: moneyOf(v, m.Previous), Change: moneyOf(v, m.Delta())}
	if change != 0 {
		share := float64(m.Delta()) / float64(change)
		out.Share = &share
	}
	return out
}
