package telemetry

import (
	"context"
	"io"
	"math"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"go.opentelemetry.io/otel/metric"
)

// TestHistogramBuckets records into each histogram as the binary does and
// reads its boundaries back from the Prometheus text: the boundaries named
// for it, and only in the unit they are named in.
func TestHistogramBuckets(t *testing.T) {
	otelDefaults := []float64{0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000}
	type histogram struct {
		name, unit string
		want       []float64
	}
	cases := []histogram{{"http.server.request.duration", "ms", otelDefaults}}
	for _, h := range histograms {
		cases = append(cases, histogram{h.name, h.unit, h.bounds})
	}
	for _, c := range cases {
		t.Run(c.name+" in "+c.unit, func(t *testing.T) {
			p, err := Setup(context.Background(), func(string) string { return "" }, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Shutdown(context.Background())
			hist, err := p.Meter.Meter("test").Float64Histogram(c.name, metric.WithUnit(c.unit))
			if err != nil {
				t.Fatal(err)
			}
			hist.Record(context.Background(), 0.003)
			rec := httptest.NewRecorder()
			p.Metrics.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
			parser := expfmt.NewTextParser(model.LegacyValidation)
			families, err := parser.TextToMetricFamilies(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			var got []float64
			for _, f := range families {
				for _, m := range f.GetMetric() {
					for _, b := range m.GetHistogram().GetBucket() {
						got = append(got, b.GetUpperBound())
					}
				}
			}
			if want := append(slices.Clone(c.want), math.Inf(1)); !slices.Equal(got, want) {
				t.Errorf("boundaries %v; want %v", got, want)
			}
		})
	}
}
