package telemetry

import (
	"context"

	"go.opentelemetry.io/otel/trace"
)

// Tracer returns scope's tracer from the provider of the span in ctx, and
// whether ctx carries a trace for a child span to join. Without one
// (tracing off, or work no request started) a child span would record
// nothing, so callers return ctx and trace.SpanFromContext(ctx) as they
// are and skip building the span's name and attributes: per call, that is
// a context layer and a few allocations saved.
func Tracer(ctx context.Context, scope string) (trace.Tracer, bool) {
	span := trace.SpanFromContext(ctx)
	if !span.SpanContext().IsValid() {
		return nil, false
	}
	return span.TracerProvider().Tracer(scope), true
}
