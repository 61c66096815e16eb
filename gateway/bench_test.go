package gateway_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gateway"
)

// BenchmarkTracing measures a dashboard query served in-process, against
// the demo services on loopback, with tracing off (the default, a no-op
// provider) and on (the SDK batching every span to an exporter that drops
// them). Metrics are on in both.
func BenchmarkTracing(b *testing.B) {
	for _, tc := range []struct {
		name string
		tp   trace.TracerProvider
	}{
		{"off", noop.NewTracerProvider()},
		{"on", sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))},
	} {
		b.Run(tc.name, func(b *testing.B) {
			env := demotest.Start(b, demotest.Now)
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
			h := handler(b, with(options(env.ClientFor(b, env.Endpoints(time.Second), clients.Config{Meter: mp})), func(o *gateway.Options) {
				o.Tracer = tc.tp
				o.Meter = mp
			}))
			const body = `{"query":"{ revenue { total { amount } orderCount } tableOccupancy { occupied } orders(first: 20) { nodes { items { product { name } } table { name } } } }"}`
			serve := func() {
				req := httptest.NewRequest(http.MethodPost, "/query", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer demo-owner")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 || strings.Contains(rec.Body.String(), `"errors"`) {
					b.Fatalf("HTTP %d %s", rec.Code, rec.Body.String())
				}
			}
			serve()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				serve()
			}
		})
	}
}
