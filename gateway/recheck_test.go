package gateway_test

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/downstreamtest"
	"github.com/maitre-pos/maitre/fleet"
	"github.com/maitre-pos/maitre/fleet/fleettest"
	"github.com/maitre-pos/maitre/gateway"
)

// TestClosedDayRecheck plants a wrong closed day in the Redis a fleet
// shares, as a write by anyone else would: the first answer serves it,
// a re-read in the background finds the rows disagree and replaces it,
// logging the tenant and the date and counting the disagreement, and
// both replicas then answer from the rows' figure.
func TestClosedDayRecheck(t *testing.T) {
	redis := fleettest.Start(t)
	w := newWorld(11)
	tn := w.tenants[0]
	srv := downstreamtest.Start(t, w.tenants...)
	day, date, planted := plantDay(t, redis.URL(), w.now, tn)

	logs := &lockedBuffer{}
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	var replicas []*harness
	for range 2 {
		r, err := fleet.Open(redis.URL(), fleet.Options{Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		c, err := clients.New(clients.Config{Endpoints: srv.Endpoints(5 * time.Second)})
		if err != nil {
			t.Fatal(err)
		}
		replicas = append(replicas, serve(t, nil, with(options(c), func(o *gateway.Options) {
			o.Now = func() time.Time { return w.now }
			o.Fleet = r
			o.Logger = slog.New(slog.NewJSONHandler(logs, nil))
			o.Meter = mp
			o.ClosedDays.Recheck = time.Millisecond
		})))
	}
	q := `query($r: DateRange) { revenue(range: $r) { total { amount } } }`
	vars := map[string]any{"r": map[string]any{"from": date, "to": date}}
	total := func(h *harness) string {
		var rev struct{ Total struct{ Amount string } }
		h.Query(t, tn.Token, q, vars).Field(t, "revenue", &rev)
		return rev.Total.Amount
	}
	decimals := decimalsOf(tn.Currency)
	want := fromRaw(tn, decimals, day, day.AddDate(0, 0, 1)).total
	if got := total(replicas[0]); got != decimal(planted.Captured, decimals) {
		t.Fatalf("first answer %s; want the planted day, served before it is re-read", got)
	}
	for deadline := time.Now().Add(10 * time.Second); total(replicas[0]) != want; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the planted day was never replaced by %s", want)
		}
	}
	if got := total(replicas[1]); got != want {
		t.Errorf("the other replica answers %s; want %s", got, want)
	}
	obs := &observed{reader: reader}
	if n := sumWhere(metricPoints(t, obs, "maitre.closed_day.rechecks"), "kind=payments", "result=disagree"); n != 1 {
		t.Errorf("%d disagreements counted; want 1 (%v)", n, metricPoints(t, obs, "maitre.closed_day.rechecks"))
	}
	var line string
	for _, l := range logs.lines() {
		if strings.Contains(l, "disagreed") {
			line = l
		}
	}
	if !strings.Contains(line, `"tenant":"`+tn.ID+`"`) || !strings.Contains(line, `"date":"`+date+`"`) || !strings.Contains(line, `"kind":"payments"`) {
		t.Errorf("log %q does not name the kind, the tenant and the date", line)
	}
}
