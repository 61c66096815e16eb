package clients_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

// Ways a service reads a window.
const (
	exact     = "exact"     // rows at their own resolution in [from, to)
	seconds   = "seconds"   // rows cut to whole seconds, as a service storing seconds
	inclusive = "inclusive" // [from, to]: more than it was asked, which the row check drops
)

// edgeService is a payments service holding rows at the given instants,
// at whatever resolution they have. It reads from and to as whole
// seconds, and rows in the given way.
func edgeService(t *testing.T, at []time.Time, mode string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		from, err1 := time.Parse(time.RFC3339, r.URL.Query().Get("from"))
		to, err2 := time.Parse(time.RFC3339, r.URL.Query().Get("to"))
		if err1 != nil || err2 != nil || from.Nanosecond() != 0 || to.Nanosecond() != 0 {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"error":{"code":"BAD_REQUEST","message":"from and to are RFC 3339 whole seconds"}}`)
			return
		}
		var out clients.PaymentList
		out.Payments = []clients.Payment{}
		for i, a := range at {
			c := a
			if mode == seconds {
				c = a.Truncate(time.Second)
			}
			if !c.Before(from) && (c.Before(to) || mode == inclusive && c.Equal(to)) {
				out.Payments = append(out.Payments, clients.Payment{ID: fmt.Sprintf("pay_%d", i), Amount: int64(i + 1),
					Method: "CARD", Status: clients.PaymentCaptured, CreatedAt: a})
			}
		}
		json.NewEncoder(w).Encode(out)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestWindowEdges puts rows on every instant where a range read in n
// windows could be cut (the exact n-th parts, the whole seconds around
// them, a nanosecond either side), for every n a cold read can choose,
// and checks that each row is read once: the windows partition the range
// for the service and for the row check alike.
func TestWindowEdges(t *testing.T) {
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var at []time.Time
	for n := 1; n <= 31; n++ {
		step := to.Sub(from) / time.Duration(n)
		for i := range n + 1 {
			e := from.Add(time.Duration(i) * step)
			for _, d := range []time.Duration{-time.Second, -time.Nanosecond, 0, time.Nanosecond, time.Second} {
				at = append(at, e.Add(d), e.Truncate(time.Second).Add(d))
			}
		}
	}
	var want int64
	for i, a := range at {
		if !a.Before(from) && a.Before(to) {
			want += int64(i + 1)
		}
	}
	for _, mode := range []string{exact, seconds, inclusive} {
		srv := edgeService(t, at, mode)
		for _, parallel := range []int{1, 2, 3, 7, 8, 13, 30, 31} {
			t.Run(fmt.Sprintf("%s/parallel=%d", mode, parallel), func(t *testing.T) {
				eps := map[clients.Service]clients.Endpoint{}
				for _, s := range clients.Services {
					eps[s] = clients.Endpoint{URL: srv.URL, Timeout: 5 * time.Second}
				}
				c, err := clients.New(clients.Config{ParallelWindows: parallel, Endpoints: eps})
				if err != nil {
					t.Fatal(err)
				}
				// A range a few hundred milliseconds off the second as well.
				for _, shift := range []time.Duration{0, 250 * time.Millisecond} {
					rows, err := c.Payments.ListAll(context.Background(), "bistro", clients.PaymentFilter{From: from.Add(shift), To: to.Add(shift)})
					if err != nil {
						t.Fatal(err)
					}
					var got int64
					seen := map[string]bool{}
					for _, p := range rows {
						if seen[p.ID] {
							t.Errorf("%s read twice", p.ID)
						}
						seen[p.ID] = true
						got += p.Amount
					}
					if got != want {
						t.Errorf("shift %v: sum %d; want %d (every row of [from, to) once)", shift, got, want)
					}
				}
			})
		}
	}
}
