package resolvers

import (
	"context"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/graph/model"
	"github.com/maitre-pos/maitre/reports"
)

// weekdays are model's, Monday first, as reports counts them.
var weekdays = [7]model.Weekday{model.WeekdayMonday, model.WeekdayTuesday, model.WeekdayWednesday, model.WeekdayThursday,
	model.WeekdayFriday, model.WeekdaySaturday, model.WeekdaySunday}

func (r *queryResolver) BusyHours(ctx context.Context, rng *model.DateRange) (*model.BusyHours, error) {
	v, l := request(ctx)
	if !v.Can("orders:read") {
		return nil, forbidden("orders:read")
	}
	if rng == nil { // four of each weekday, today's partial one left out
		rng = r.daysBefore(v, 28)
	}
	w, err := r.window(ctx, rng)
	if err != nil {
		return nil, err
	}
	s := dataloaders.Span{Start: w.Start, End: w.End}
	orders, payments := l.OrderTotals().Load(ctx, s), l.PaymentTotals().Load(ctx, s)
	o, err := orders()
	if err != nil {
		return nil, err
	}
	p, err := payments()
	if err != nil {
		return nil, err
	}
	b := reports.BusyHours(o, p, w.Start, w.End, v.Location)
	if b.Overflow {
		return nil, errcode.New(errcode.DownstreamError, "the range's amounts add up past what can be counted: ask a shorter range")
	}
	out := &model.BusyHours{From: model.Date(w.From), To: model.Date(w.To), Weekdays: b.Days[:]}
	for d := range b.Slots {
		for _, s := range b.Slots[d] {
			out.Cells = append(out.Cells, busyHour(v, s))
		}
	}
	out.Busiest = each(b.Busiest(5), func(s reports.Slot) *model.BusyHour { return busyHour(v, s) })
	return out, nil
}

func busyHour(v *auth.Viewer, s reports.Slot) *model.BusyHour {
	return &model.BusyHour{Weekday: weekdays[s.Weekday], Hour: s.Hour, Revenue: moneyOf(v, s.Revenue), Orders: s.Orders, Covers: s.Covers}
}
