package resolvers

import (
	"context"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/daterange"
	"github.com/maitre-pos/maitre/graph/model"
	"github.com/maitre-pos/maitre/reports"
)

// maxHourlyDays bounds an hourly series: 168 points, a week's chart.
const maxHourlyDays = 7

func (r *queryResolver) RevenueSeries(ctx context.Context, rng *model.DateRange, interval model.Interval, compareTo *model.DateRange) ([]*model.RevenuePoint, error) {
	w, err := r.seriesWindow(ctx, "range", rng, interval)
	if err != nil {
		return nil, err
	}
	var c daterange.Range
	if compareTo != nil {
		if c, err = r.seriesWindow(ctx, "compareTo", compareTo, interval); err != nil {
			return nil, err
		}
	}
	// Both reads of both ranges start at once; the series waits for all.
	v, l := request(ctx)
	points := series(ctx, l, w, interval)
	var compared func() ([]reports.Point, error)
	if compareTo != nil {
		compared = series(ctx, l, c, interval)
	}
	main, err := points()
	if err != nil {
		return nil, err
	}
	out := each(main, func(p reports.Point) *model.RevenuePoint { return point(v, p) })
	if compared != nil {
		other, err := compared()
		if err != nil {
			return nil, err
		}
		for i := range min(len(out), len(other)) {
			out[i].Comparison = point(v, other[i])
		}
	}
	return out, nil
}

// seriesWindow resolves a series' range, refusing hours over too long a one.
func (r *queryResolver) seriesWindow(ctx context.Context, argument string, rng *model.DateRange, interval model.Interval) (daterange.Range, error) {
	w, err := r.window(ctx, rng)
	if err != nil {
		return w, err
	}
	if interval == model.IntervalHour && w.Days() > maxHourlyDays {
		return w, badInput(argument, "an hourly series covers at most %d days; %s to %s is %d, so ask by DAY", maxHourlyDays, w.From, w.To, w.Days())
	}
	return w, nil
}

// series starts the reads of w's totals and returns a function that
// waits for them and cuts them into points.
func series(ctx context.Context, l *dataloaders.Loaders, w daterange.Range, interval model.Interval) func() ([]reports.Point, error) {
	s := dataloaders.Span{Start: w.Start, End: w.End}
	orders, payments := l.OrderTotals().Load(ctx, s), l.PaymentTotals().Load(ctx, s)
	return func() ([]reports.Point, error) {
		o, err := orders()
		if err != nil {
			return nil, err
		}
		p, err := payments()
		if err != nil {
			return nil, err
		}
		return reports.Series(o, p, w.Start, w.End, interval == model.IntervalDay), nil
	}
}

func point(v *auth.Viewer, p reports.Point) *model.RevenuePoint {
	return &model.RevenuePoint{Start: p.Start, Revenue: moneyOf(v, p.Revenue), Orders: p.Orders, Covers: p.Covers}
}
