// Package telemetry sets up maitre's OpenTelemetry traces and metrics from
// the standard OTEL_* environment, serves the metrics in Prometheus format,
// and ties log lines to correlation and trace IDs.
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.37.0"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// Providers are what the rest of maitre records through.
type Providers struct {
	Tracer trace.TracerProvider
	Meter  metric.MeterProvider
	// Metrics serves every instrument in Prometheus text format.
	Metrics http.Handler
	// Exporter names where spans go: "none", "console" or "otlp".
	Exporter string
	shutdown []func(context.Context) error
}

// Propagator reads and writes W3C trace context and baggage.
var Propagator propagation.TextMapPropagator = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})

// Carries reports whether h holds anything Propagator reads (a
// traceparent, baggage): without, extracting finds nothing, and would
// still canonicalise each field's name to look.
func Carries(h http.Header) bool {
	return len(h["Traceparent"]) > 0 || len(h["Baggage"]) > 0
}

// Setup builds the providers from the environment read through getenv:
// spans go nowhere unless OTEL_TRACES_EXPORTER is "console" (to console)
// or "otlp", or OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is
// set; OTEL_EXPORTER_OTLP_PROTOCOL picks grpc or http/protobuf (the
// default); the OTLP exporters read the rest of the OTEL_EXPORTER_OTLP_*
// settings themselves, and the SDK OTEL_TRACES_SAMPLER. Metrics are always
// kept, for Metrics to serve.
func Setup(ctx context.Context, getenv func(string) string, console io.Writer) (*Providers, error) {
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(semconv.ServiceName(serviceName(getenv))))
	if err != nil {
		return nil, fmt.Errorf("telemetry: resource: %w", err)
	}
	p := &Providers{Tracer: noop.NewTracerProvider(), Exporter: "none"}

	reg := prometheus.NewRegistry()
	promExp, err := otelprom.New(otelprom.WithRegisterer(reg), otelprom.WithoutScopeInfo())
	if err != nil {
		return nil, fmt.Errorf("telemetry: prometheus exporter: %w", err)
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(promExp), sdkmetric.WithResource(res), sdkmetric.WithView(views()...))
	p.Meter, p.Metrics = mp, promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	p.shutdown = append(p.shutdown, mp.Shutdown)

	if strings.EqualFold(getenv("OTEL_SDK_DISABLED"), "true") {
		return p, nil
	}
	kind := strings.ToLower(strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER")))
	if kind == "" && (getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != "") {
		kind = "otlp"
	}
	var exp sdktrace.SpanExporter
	switch kind {
	case "", "none":
		return p, nil
	case "console":
		exp, err = stdouttrace.New(stdouttrace.WithWriter(console))
	case "otlp":
		proto := getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
		if proto == "" {
			proto = getenv("OTEL_EXPORTER_OTLP_PROTOCOL")
		}
		switch proto {
		case "grpc":
			exp, err = otlptracegrpc.New(ctx)
		case "", "http/protobuf":
			exp, err = otlptracehttp.New(ctx)
		default:
			return nil, fmt.Errorf("telemetry: OTEL_EXPORTER_OTLP_PROTOCOL must be grpc or http/protobuf, got %q", proto)
		}
	default:
		return nil, fmt.Errorf("telemetry: OTEL_TRACES_EXPORTER must be otlp, console or none, got %q", kind)
	}
	if err != nil {
		return nil, fmt.Errorf("telemetry: %s exporter: %w", kind, err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	p.Tracer, p.Exporter = tp, kind
	p.shutdown = append(p.shutdown, tp.Shutdown)
	return p, nil
}

func serviceName(getenv func(string) string) string {
	if n := getenv("OTEL_SERVICE_NAME"); n != "" {
		return n
	}
	return "maitre"
}

// Shutdown flushes and stops the providers.
func (p *Providers) Shutdown(ctx context.Context) error {
	var errs []error
	for _, f := range p.shutdown {
		errs = append(errs, f(ctx))
	}
	return errors.Join(errs...)
}
