package main

import (
	"io"
	"math"
	"net/http"
	"slices"
	"sort"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
)

// TestLatencyQuantile serves queries that take a few milliseconds (orders
// answer in 3 ms and are not cached) and reads their p95 from /metrics as
// Prometheus's histogram_quantile does: it must be milliseconds too. The
// estimate lies in the bucket of the true p95, whose upper bound is at
// most 2.5 times its lower one, and the true p95 is at most the one the
// client saw, so the bound holds however loaded the machine.
func TestLatencyQuantile(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	env.Demo.SetFaults(faults.Set{clients.Orders: {Latency: 3 * time.Millisecond}})
	base, stop := startRun(t, env, map[string]string{"MAITRE_ORDERS_CACHE_TTL": "0s", "MAITRE_COALESCE": "false"}, io.Discard)
	defer stop()
	var took []float64
	for range 40 {
		start := time.Now()
		if status, body := post(t, base, "demo-owner", `{ orders(first: 1) { nodes { id } } }`); status != http.StatusOK {
			t.Fatalf("HTTP %d: %s", status, body)
		}
		took = append(took, time.Since(start).Seconds())
	}
	slices.Sort(took)
	seen := took[int(math.Ceil(0.95*float64(len(took))))-1]

	var bounds, counts []float64
	for _, m := range parseMetrics(t, scrape(t, base))["http_server_request_duration_seconds"].GetMetric() {
		if !slices.ContainsFunc(m.GetLabel(), func(l *dto.LabelPair) bool { return l.GetName() == "http_route" && l.GetValue() == "/query" }) {
			continue
		}
		for i, b := range m.GetHistogram().GetBucket() { // sum by (le)
			if len(bounds) <= i {
				bounds, counts = append(bounds, b.GetUpperBound()), append(counts, 0)
			}
			counts[i] += float64(b.GetCumulativeCount())
		}
	}
	if len(counts) == 0 || counts[len(counts)-1] != float64(len(took)) {
		t.Fatalf("buckets %v %v; want %d requests on /query", bounds, counts, len(took))
	}
	p95 := histogramQuantile(0.95, bounds, counts)
	t.Logf("p95 from /metrics %.4f s; as the client saw it %.4f s", p95, seen)
	if p95 <= 0 || p95 > max(0.05, 2.5*seen) {
		t.Errorf("histogram_quantile(0.95) reads %.4f s for requests whose p95 took %.4f s", p95, seen)
	}
}

// histogramQuantile is Prometheus's histogram_quantile (bucketQuantile)
// over cumulative counts by upper bound, the last bound +Inf: the bucket
// holding the rank, interpolated linearly, the first from 0.
func histogramQuantile(q float64, bounds, counts []float64) float64 {
	rank := q * counts[len(counts)-1]
	b := sort.Search(len(counts)-1, func(i int) bool { return counts[i] >= rank })
	switch {
	case b == len(counts)-1:
		return bounds[len(bounds)-2]
	case b == 0 && bounds[0] <= 0:
		return bounds[0]
	}
	start, below := 0.0, 0.0
	if b > 0 {
		start, below = bounds[b-1], counts[b-1]
	}
	return start + (bounds[b]-start)*(rank-below)/(counts[b]-below)
}
