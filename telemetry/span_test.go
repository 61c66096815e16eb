package telemetry_test

import (
	"context"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/maitre-pos/maitre/telemetry"
)

func TestTracer(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	sdk := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	sampled, root := sdk.Tracer("test").Start(context.Background(), "request")
	defer root.End()
	off, _ := noop.NewTracerProvider().Tracer("test").Start(context.Background(), "request")
	for _, tc := range []struct {
		name  string
		ctx   context.Context
		joins bool
	}{
		{"no span", context.Background(), false},
		{"tracing off", off, false},
		{"a request's trace", sampled, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, ok := telemetry.Tracer(tc.ctx, "scope")
			if ok != tc.joins {
				t.Fatalf("Tracer joins = %v, want %v", ok, tc.joins)
			}
			if !ok {
				return
			}
			before := len(rec.Ended())
			_, span := tr.Start(tc.ctx, "call")
			span.End()
			if got := rec.Ended(); len(got) != before+1 || got[len(got)-1].Parent().SpanID() != root.SpanContext().SpanID() {
				t.Errorf("the child span was not recorded under the request's")
			}
		})
	}
}
