package bench

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/maitre-pos/maitre/clients"
)

// TestSmoke runs the benchmarks (cmd/bench) quickly, with latencies at a twentieth, and
// checks what can be checked without a clock: it works, calls do not grow
// with N, and the herd costs at most 2 calls a service.
func TestSmoke(t *testing.T) {
	o := Options{Runs: 1, Scale: 0.05}
	var out bytes.Buffer
	if err := Run(context.Background(), o, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Seed questions", "| revenue today | chat | cold |", "## N+1", "## Herd"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	calls, err := nPlusOne(context.Background(), o, &out)
	if err != nil {
		t.Fatal(err)
	}
	for n, c := range calls {
		bound := int(math.Ceil(float64(n) / clients.MaxIDs))
		if c[clients.Orders] != 1 || c[clients.Payments] > bound || c[clients.Inventory] > 1 || c[clients.Restaurant] > 1 {
			t.Errorf("N=%d: calls %v grow with N (bound %d)", n, c, bound)
		}
	}
	// At full latency the herd arrives well within one call's time, even
	// on a loaded machine.
	herdCalls, err := herd(context.Background(), Options{Runs: 1, Scale: 1}, &out)
	if err != nil {
		t.Fatal(err)
	}
	for s, n := range herdCalls {
		if n > 2 {
			t.Errorf("herd: %d calls to %s; want at most 2", n, s)
		}
	}
}

// TestScrapeCounter sums a counter's series in Prometheus text and reads
// an absent one as 0.
func TestScrapeCounter(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, "# TYPE maitre_requests_shed_total counter\n"+
			`maitre_requests_shed_total{http_route="/query",otel_scope_name="x"} 3`+"\n"+
			`maitre_requests_shed_total{http_route="/chat",otel_scope_name="x"} 4`+"\n"+
			`maitre_requests_shed_totally 100`+"\n")
	}))
	defer srv.Close()
	for _, tc := range []struct {
		name string
		want float64
	}{{"maitre_requests_shed_total", 7}, {"maitre_absent_total", 0}} {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := scrapeCounter(srv.URL, tc.name); err != nil || got != tc.want {
				t.Errorf("got %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}
