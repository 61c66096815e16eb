package resolvers

import (
	"context"
	"time"

	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/graph/model"
	"github.com/maitre-pos/maitre/reports"
)

// The dashboard's fields are the query fields of the same names over the
// dashboard's range: the same reads, shared through the same loaders.

func (r *queryResolver) Dashboard(ctx context.Context, rng *model.DateRange) (*model.Dashboard, error) {
	if _, err := r.window(ctx, rng); err != nil {
		return nil, err
	}
	return &model.Dashboard{Range: rng}, nil
}

func (r *dashboardResolver) q() *queryResolver { return &queryResolver{r.Resolver} }

func (r *dashboardResolver) Revenue(ctx context.Context, obj *model.Dashboard) (*model.RevenueSummary, error) {
	return r.q().Revenue(ctx, obj.Range)
}

func (r *dashboardResolver) RevenueSeries(ctx context.Context, obj *model.Dashboard, compareTo *model.DateRange, daysBefore *int) ([]*model.RevenuePoint, error) {
	if daysBefore != nil {
		if compareTo != nil {
			return nil, badInput("compareDaysBefore", "give compareTo or compareDaysBefore, not both")
		}
		if *daysBefore < 1 || *daysBefore > 366 {
			return nil, badInput("compareDaysBefore", "compareDaysBefore must be from 1 to 366, not %d", *daysBefore)
		}
		w, err := r.window(ctx, obj.Range)
		if err != nil {
			return nil, err
		}
		compareTo = &model.DateRange{From: shifted(w.From, *daysBefore), To: shifted(w.To, *daysBefore)}
	}
	return r.q().RevenueSeries(ctx, obj.Range, model.IntervalHour, compareTo)
}

func (r *dashboardResolver) RevenueSoFar(ctx context.Context, obj *model.Dashboard, daysBefore *int) (*model.RevenueSoFar, error) {
	n := *daysBefore // the schema gives 7
	if n < 1 || n > 366 {
		return nil, badInput("compareDaysBefore", "compareDaysBefore must be from 1 to 366, not %d", n)
	}
	w, err := r.window(ctx, obj.Range)
	if err != nil {
		return nil, err
	}
	v, l := request(ctx)
	until := r.sofar(w)
	back := func(t time.Time) time.Time { return daysBack(t, n, v.Location) }
	spans := []dataloaders.Span{{Start: w.Start, End: until}, {Start: back(w.Start), End: back(until)}, {Start: back(w.Start), End: back(w.End)}}
	loads := each(spans, func(s dataloaders.Span) func() (reports.PaymentTotals, error) { return l.PaymentTotals().Load(ctx, s) })
	net := make([]*model.Money, len(loads))
	for i, load := range loads {
		t, err := load()
		if err != nil {
			return nil, err
		}
		net[i] = moneyOf(v, t.Captured-t.Refunded)
	}
	return &model.RevenueSoFar{Until: local(v, until), Revenue: net[0], ComparisonFrom: *shifted(w.From, n), ComparisonTo: *shifted(w.To, n),
		Comparison: net[1], ComparisonWhole: net[2]}, nil
}

// shifted is the date n days before date (YYYY-MM-DD).
func shifted(date string, n int) *model.Date {
	t, _ := time.Parse(time.DateOnly, date)
	d := model.Date(t.AddDate(0, 0, -n).Format(time.DateOnly))
	return &d
}

func (r *dashboardResolver) BestSellers(ctx context.Context, obj *model.Dashboard, limit *int, by *model.SalesMetric, category *string) ([]*model.ProductSales, error) {
	return r.q().BestSellers(ctx, obj.Range, limit, by, category)
}

func (r *dashboardResolver) PaymentMethods(ctx context.Context, obj *model.Dashboard) ([]*model.PaymentMethodShare, error) {
	return r.q().PaymentMethods(ctx, obj.Range)
}

func (r *dashboardResolver) TableOccupancy(ctx context.Context, _ *model.Dashboard) (*model.TableOccupancy, error) {
	return r.q().TableOccupancy(ctx)
}

func (r *dashboardResolver) PendingOrders(ctx context.Context, _ *model.Dashboard) ([]*model.Order, error) {
	return r.q().PendingOrders(ctx)
}

func (r *dashboardResolver) LowStock(ctx context.Context, _ *model.Dashboard, threshold *int) ([]*model.Product, error) {
	return r.q().LowStock(ctx, threshold)
}

func (r *dashboardResolver) BusyHours(ctx context.Context, _ *model.Dashboard) (*model.BusyHours, error) {
	return r.q().BusyHours(ctx, nil)
}

func (r *dashboardResolver) StockCover(ctx context.Context, _ *model.Dashboard, threshold *float64, lookbackDays *int) ([]*model.StockCover, error) {
	return r.q().StockCover(ctx, threshold, lookbackDays)
}

func (r *dashboardResolver) Unusual(ctx context.Context, obj *model.Dashboard) (*model.Unusual, error) {
	return r.q().Unusual(ctx, obj.Range)
}

// The gateway serves subscriptions through its poller (package live),
// which runs each subscription's selection as the query of the same
// fields: these resolvers are reached only by an executor run without it.

func (r *subscriptionResolver) Dashboard(context.Context, *model.DateRange) (<-chan *model.Dashboard, error) {
	return nil, errNoPoller()
}

func (r *subscriptionResolver) Tables(context.Context) (<-chan []*model.Table, error) {
	return nil, errNoPoller()
}

func errNoPoller() error {
	return errcode.New(errcode.BadRequest, "subscriptions are served over Server-Sent Events (Accept: text/event-stream) or WebSocket (graphql-transport-ws)")
}
