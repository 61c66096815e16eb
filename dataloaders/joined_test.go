package dataloaders_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/demo/demotest"
)

// TestTotalsOf: spans that meet at a local midnight are read as one and
// total each as read alone; the read costs the windows of one range.
// Spans that do not meet, or meet inside a day, are each read alone.
func TestTotalsOf(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	loc, _ := time.LoadLocation("America/New_York")
	day := func(n int) time.Time {
		l := demotest.Now.In(loc)
		return time.Date(l.Year(), l.Month(), l.Day()+n, 0, 0, 0, 0, loc)
	}
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		spans []dataloaders.Span
		calls int // orders calls at most; 0: not checked
	}{
		{"two weeks that meet", []dataloaders.Span{{Start: day(-14), End: day(-7)}, {Start: day(-7), End: day(0)}}, clients.DefaultParallelWindows},
		{"three days and today so far", []dataloaders.Span{{Start: day(-3), End: day(0)}, {Start: day(0), End: demotest.Now}}, 0},
		{"a gap between", []dataloaders.Span{{Start: day(-10), End: day(-8)}, {Start: day(-5), End: day(-3)}}, 0},
		{"meeting at noon", []dataloaders.Span{{Start: day(-3), End: day(-2).Add(12 * time.Hour)}, {Start: day(-2).Add(12 * time.Hour), End: day(0)}}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			alone := dataloaders.New(env.Client(t, time.Second), "bistro", loc, nil)
			env.Reset()
			joined := dataloaders.New(env.Client(t, time.Second), "bistro", loc, nil)
			orders, err := joined.OrderTotalsOf(ctx, tc.spans...)()
			if err != nil {
				t.Fatal(err)
			}
			payments, err := joined.PaymentTotalsOf(ctx, tc.spans...)()
			if err != nil {
				t.Fatal(err)
			}
			if n := len(env.Calls(clients.Orders)); tc.calls > 0 && n > tc.calls {
				t.Errorf("%d orders calls; want at most %d, one round", n, tc.calls)
			}
			for i, s := range tc.spans {
				o, err := alone.OrderTotals().Get(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				p, err := alone.PaymentTotals().Get(ctx, s)
				if err != nil {
					t.Fatal(err)
				}
				if o.Count == 0 || !reflect.DeepEqual(o, orders[i]) || !reflect.DeepEqual(p, payments[i]) {
					t.Errorf("span %d: joined %+v, %+v; alone %+v, %+v", i, orders[i].Count, payments[i].Captured, o.Count, p.Captured)
				}
			}
		})
	}
}
