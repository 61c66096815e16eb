package dataloaders_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/days"
	"github.com/maitre-pos/maitre/downstreamtest"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/reports"
)

// TestTotalsOverflow keeps two closed days whose takings, each within
// int64, do not fit it together: the span over both fails with an error
// naming the service, never a sum that wrapped.
func TestTotalsOverflow(t *testing.T) {
	srv := downstreamtest.Start(t, &downstreamtest.Tenant{ID: "cafe", Token: "t", Timezone: "UTC", Currency: "GBP"})
	c, err := clients.New(clients.Config{Endpoints: srv.Endpoints(time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	span := dataloaders.Span{Start: first, End: first.AddDate(0, 0, 2)}
	const half = math.MaxInt64/2 + 1
	for _, tc := range []struct {
		name    string
		service clients.Service
		load    func(l *dataloaders.Loaders) error
		put     func(d dataloaders.Days, key string)
	}{
		{"payments", clients.Payments,
			func(l *dataloaders.Loaders) error { _, err := l.PaymentTotals().Get(ctx, span); return err },
			func(d dataloaders.Days, date string) {
				d.Payments.Store.Put(ctx, "payments/cafe/"+date, reports.PaymentTotals{Captured: half})
			}},
		{"orders", clients.Orders,
			func(l *dataloaders.Loaders) error { _, err := l.OrderTotals().Get(ctx, span); return err },
			func(d dataloaders.Days, date string) {
				d.Orders.Store.Put(ctx, "orders/cafe/"+date, reports.OrderTotals{Count: 1, Sum: half})
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := func() time.Time { return span.End.AddDate(0, 0, 7) }
			d := dataloaders.Days{
				Orders:   &days.Reader[reports.OrderTotals, *reports.OrderTotals]{Kind: "orders", Store: days.Memory[reports.OrderTotals](1<<20, time.Hour), Now: now},
				Payments: &days.Reader[reports.PaymentTotals, *reports.PaymentTotals]{Kind: "payments", Store: days.Memory[reports.PaymentTotals](1<<20, time.Hour), Now: now},
			}
			for day := span.Start; day.Before(span.End); day = day.AddDate(0, 0, 1) {
				tc.put(d, day.Format(time.DateOnly))
			}
			err := tc.load(dataloaders.New(c, "cafe", time.UTC, &d))
			if code, svc, msg, ok := clients.Public(err); !ok || code != errcode.DownstreamError || svc != tc.service || !strings.Contains(msg, "out of range") {
				t.Errorf("load: %v; want a %s naming %s, its sum out of range", err, errcode.DownstreamError, tc.service)
			}
		})
	}
}
