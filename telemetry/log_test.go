package telemetry

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/maitre-pos/maitre/correlation"
)

func TestLogHandler(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(LogHandler{slog.NewJSONHandler(&buf, nil)}).With("component", "test")
	ctx, span := sdktrace.NewTracerProvider().Tracer("t").Start(correlation.With(context.Background(), "corr-9"), "op")
	log.InfoContext(ctx, "hello")
	log.Info("no context")
	span.End()
	lines := bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n"))
	var first, second map[string]any
	if err := json.Unmarshal(lines[0], &first); err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal(lines[1], &second)
	sc := span.SpanContext()
	if first["correlation_id"] != "corr-9" || first["component"] != "test" || first["trace_id"] != sc.TraceID().String() || first["span_id"] != sc.SpanID().String() {
		t.Errorf("line %v; want correlation, trace and span IDs", first)
	}
	if _, ok := second["trace_id"]; ok {
		t.Errorf("line without a span has a trace_id: %v", second)
	}
}
