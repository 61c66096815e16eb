package resolvers_test

import (
	"testing"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// TestInsightsWarm: asked again, the insights over closed days make no
// call to orders or payments: the days' totals are kept (package days).
// unusual's days end at the time of day it is read, not at midnight, so
// they are read again; the catalog's products are asked each time.
func TestInsightsWarm(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, query string }{
		{"busyHours, four weeks", `{ busyHours { weekdays } }`},
		{"stockCover, 28 days", `{ stockCover { stock } }`},
		{"revenueChange, last week against the week before", `{ revenueChange(range: {period: LAST_WEEK}) { change { amount } } }`},
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
			if n := calls(); n > 0 {
				t.Errorf("warm: %d calls to orders and payments: %v %v", n, h.Env.Calls(clients.Orders), h.Env.Calls(clients.Payments))
			}
		})
	}
}
