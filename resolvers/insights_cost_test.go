package resolvers_test

import (
	"testing"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// TestInsightsWarm: asked again, the insights over closed days make no
// call to orders or payments: the days' totals are kept (package days),
// and so are the parts of closed days unusual reads up to a time of day,
// so that only today's part is read again; the catalog's products are
// asked each time.
func TestInsightsWarm(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, query string
		warm        int // calls to orders and payments
	}{
		{"busyHours, four weeks", `{ busyHours { weekdays } }`, 0},
		{"stockCover, 28 days", `{ stockCover { stock } }`, 0},
		{"revenueChange, last week against the week before", `{ revenueChange(range: {period: LAST_WEEK}) { change { amount } } }`, 0},
		{"unusual, today against four weeks", `{ unusual { figures { kind } } }`, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := gatewaytest.New(t, nil)
			calls := func() int { return len(h.Env.Calls(clients.Orders)) + len(h.Env.Calls(clients.Payments)) }
			h.Env.Reset()
			if r := h.Query(t, "demo-owner", c.query, nil); len(r.Errors) > 0 || calls() == 0 {
				t.Fatalf("cold: %d calls, errors %v", calls(), r.Errors)
			}
			h.Env.Reset()
			if r := h.Query(t, "demo-owner", c.query, nil); len(r.Errors) > 0 {
				t.Fatalf("warm: %v", r.Errors)
			}
			if n := calls(); n > c.warm {
				t.Errorf("warm: %d calls to orders and payments, want %d: %v %v", n, c.warm, h.Env.Calls(clients.Orders), h.Env.Calls(clients.Payments))
			}
		})
	}
}
