package gateway_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/downstreamtest"
	"github.com/maitre-pos/maitre/gateway"
)

const soFarQuery = `query($n: Int) { dashboard { revenueSoFar(compareDaysBefore: $n) {
	until revenue { amount } comparisonFrom comparisonTo comparison { amount } comparisonWhole { amount } } } }`

type soFar struct {
	Until                                time.Time
	Revenue, Comparison, ComparisonWhole money
	ComparisonFrom, ComparisonTo         string
}

// TestRevenueSoFar compares like with like: today up to now (to the
// minute) against the same day n days earlier up to the same local time,
// and that day whole, each from the raw payments, for generated tenants
// whose week back crosses a change of the clocks or whose zone is on the
// half hour.
func TestRevenueSoFar(t *testing.T) {
	for _, seed := range []uint64{0, 1, 2} {
		w := newWorld(seed)
		srv := downstreamtest.Start(t, w.tenants...)
		c, err := clients.New(clients.Config{Endpoints: srv.Endpoints(5 * time.Second)})
		if err != nil {
			t.Fatal(err)
		}
		h := serve(t, nil, with(options(c), func(o *gateway.Options) {
			o.Now = func() time.Time { return w.now }
		}))
		for _, tn := range w.tenants {
			loc, _ := time.LoadLocation(tn.Timezone)
			decimals := decimalsOf(tn.Currency)
			for _, n := range []int{1, 7, 28} {
				t.Run(fmt.Sprintf("%s/%d days before", tn.ID, n), func(t *testing.T) {
					var d struct{ RevenueSoFar soFar }
					h.Query(t, tn.Token, soFarQuery, map[string]any{"n": n}).Field(t, "dashboard", &d)
					got := d.RevenueSoFar
					l := w.now.In(loc)
					until := w.now.Truncate(time.Minute)
					today := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
					lu := until.In(loc)
					then := time.Date(l.Year(), l.Month(), l.Day()-n, 0, 0, 0, 0, loc)
					thenUntil := time.Date(l.Year(), l.Month(), l.Day()-n, lu.Hour(), lu.Minute(), 0, 0, loc)
					want := soFar{Until: until, ComparisonFrom: then.Format(time.DateOnly), ComparisonTo: then.Format(time.DateOnly),
						Revenue:         money{Amount: fromRaw(tn, decimals, today, until).total},
						Comparison:      money{Amount: fromRaw(tn, decimals, then, thenUntil).total},
						ComparisonWhole: money{Amount: fromRaw(tn, decimals, then, then.AddDate(0, 0, 1)).total}}
					if !got.Until.Equal(want.Until) || got.Revenue.Amount != want.Revenue.Amount || got.Comparison.Amount != want.Comparison.Amount ||
						got.ComparisonWhole.Amount != want.ComparisonWhole.Amount || got.ComparisonFrom != want.ComparisonFrom || got.ComparisonTo != want.ComparisonTo {
						t.Errorf("got  %+v\nwant %+v", got, want)
					}
					if _, off := got.Until.Zone(); off != func() int { _, o := until.In(loc).Zone(); return o }() {
						t.Errorf("until %v is not in the tenant's zone", got.Until)
					}
				})
			}
		}
	}
}
