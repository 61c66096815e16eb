package resolvers

import (
	"context"
	"time"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/graph/model"
	"github.com/maitre-pos/maitre/reports"
)

// unusualWeeks is how many earlier same weekdays a day is read against.
const unusualWeeks = 4

var figureKinds = map[string]model.UnusualFigureKind{reports.FigureRevenue: model.UnusualFigureKindRevenue,
	reports.FigureOrders: model.UnusualFigureKindOrders, reports.FigureTicket: model.UnusualFigureKindAverageTicket,
	reports.FigureMethodShare: model.UnusualFigureKindMethodShare, reports.FigureCategoryUnits: model.UnusualFigureKindCategoryUnits}

var positions = map[int]model.UnusualPosition{-1: model.UnusualPositionBelow, 0: model.UnusualPositionWithin, 1: model.UnusualPositionAbove}

func (r *queryResolver) Unusual(ctx context.Context, rng *model.DateRange) (*model.Unusual, error) {
	v, l := request(ctx)
	if !v.Can("orders:read") {
		return nil, forbidden("orders:read")
	}
	w, err := r.window(ctx, rng)
	if err != nil {
		return nil, err
	}
	if w.Days() != 1 {
		return nil, badInput("range", "unusual reads one day; %s to %s is %d", w.From, w.To, w.Days())
	}
	// Up to now on the day itself; the whole of a past day.
	until := r.sofar(w)
	back := func(t time.Time, weeks int) time.Time { return daysBack(t, 7*weeks, v.Location) }
	type load struct {
		orders   func() (reports.OrderTotals, error)
		payments func() (reports.PaymentTotals, error)
	}
	var loads []load
	out := &model.Unusual{Date: model.Date(w.From), Until: local(v, until)}
	for k := range unusualWeeks + 1 {
		s := dataloaders.Span{Start: back(w.Start, k), End: back(until, k)}
		if until.Equal(w.End) { // a whole day: to the next midnight, 23 or 25 hours away
			s.End = back(w.End, k)
		}
		loads = append(loads, load{l.OrderTotals().Load(ctx, s), l.PaymentTotals().Load(ctx, s)})
		if k > 0 {
			out.CompareDates = append(out.CompareDates, *shifted(w.From, 7*k))
		}
	}
	products, err := l.ProductLists().Get(ctx, allProducts)
	if err != nil {
		return nil, err
	}
	snaps := make([]reports.Snapshot, len(loads))
	for i, ld := range loads {
		if snaps[i].Orders, err = ld.orders(); err != nil {
			return nil, err
		}
		if snaps[i].Payments, err = ld.payments(); err != nil {
			return nil, err
		}
	}
	out.Figures = each(reports.Unusual(snaps[0], snaps[1:], products), func(f reports.Figure) *model.UnusualFigure {
		fig := &model.UnusualFigure{Kind: figureKinds[f.Kind], Value: measure(v, f.Kind, f.Value), Low: measure(v, f.Kind, f.Low),
			High: measure(v, f.Kind, f.High), Position: positions[f.Position], OutsideBy: measure(v, f.Kind, f.By)}
		if f.Key != "" {
			key := f.Key
			fig.Key = &key
		}
		return fig
	})
	return out, nil
}

// measure is m as its figure's kind reads it: money, a count or a share.
func measure(v *auth.Viewer, kind string, m reports.Measure) *model.UnusualValue {
	switch kind {
	case reports.FigureRevenue, reports.FigureTicket:
		return &model.UnusualValue{Money: moneyOf(v, m.Int)}
	case reports.FigureMethodShare:
		share := m.Share
		return &model.UnusualValue{Share: &share}
	}
	n := int(m.Int)
	return &model.UnusualValue{Count: &n}
}
