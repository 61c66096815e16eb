package gateway

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.37.0"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/maitre-pos/maitre/calllog"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/telemetry"
)

const scope = "github.com/maitre-pos/maitre/gateway"

// instruments are the gateway's own metrics.
type instruments struct {
	requestDuration   metric.Float64Histogram
	active            metric.Int64UpDownCounter
	operationDuration metric.Float64Histogram
	shed              metric.Int64Counter
	errors            metric.Int64Counter
	sets              telemetry.Sets
}

func newInstruments(mp metric.MeterProvider) (*instruments, error) {
	m := mp.Meter(scope)
	var in instruments
	var err, e error
	in.requestDuration, err = m.Float64Histogram("http.server.request.duration", metric.WithUnit("s"),
		metric.WithDescription("Duration of HTTP requests by route and status."))
	in.active, e = m.Int64UpDownCounter("http.server.active_requests", metric.WithUnit("{request}"),
		metric.WithDescription("HTTP requests in flight."))
	err = errorsJoin(err, e)
	in.operationDuration, e = m.Float64Histogram("maitre.graphql.operation.duration", metric.WithUnit("s"),
		metric.WithDescription("Duration of GraphQL operations by type and outcome: ok, partial (data and errors) or error (no data)."))
	err = errorsJoin(err, e)
	in.shed, e = m.Int64Counter("maitre.requests.shed", metric.WithUnit("{request}"),
		metric.WithDescription("Requests answered SERVICE_OVERLOADED: shed for the requests in flight or the memory they hold."))
	err = errorsJoin(err, e)
	in.errors, e = m.Int64Counter("maitre.request.errors", metric.WithUnit("{request}"),
		metric.WithDescription("Requests whose answer carried an error, by route and extensions.code: each code once a request."))
	return &in, errorsJoin(err, e)
}

func errorsJoin(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// route labels a request with the path of the mux pattern that serves it
// ("GET /{$}" is "/", "GET /assets/" is "/assets/"), so that every route
// has its own label, a new one included, and the label takes no value a
// client invents: what only the catch-all serves, or nothing, is "other".
func route(mux *http.ServeMux, r *http.Request) string {
	_, pattern := mux.Handler(r)
	if i := strings.IndexByte(pattern, '/'); i >= 0 {
		pattern = pattern[i:] // without the method
	}
	switch pattern {
	case "", "/":
		return "other"
	case "/{$}":
		return "/"
	}
	return pattern
}

// observe opens the request's server span (continuing an incoming
// traceparent), counts it in flight, and on the way out records its
// duration and writes the access log line.
func observe(tp trace.TracerProvider, in *instruments, log *slog.Logger, mux *http.ServeMux) http.Handler {
	tracer := tp.Tracer(scope)
	// Without tracing, a span would only carry the incoming trace context
	// along, which the context already does: its name and attributes are
	// not built.
	_, untraced := tp.(tracenoop.TracerProvider)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rt := route(mux, r)
		method := telemetry.Method(r.Method)
		ctx := r.Context()
		span := trace.SpanFromContext(ctx) // a no-op for probes and scrapes
		if rt != "/metrics" && !strings.HasPrefix(rt, "/health/") {
			if telemetry.Carries(r.Header) {
				ctx = telemetry.Propagator.Extract(ctx, propagation.HeaderCarrier(r.Header))
			}
			if untraced {
				span = trace.SpanFromContext(ctx)
			} else {
				ctx, span = tracer.Start(ctx, method+" "+rt, trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(
					semconv.HTTPRequestMethodKey.String(method), semconv.HTTPRoute(rt), semconv.URLPath(r.URL.Path)))
				defer span.End()
			}
		}
		ctx, access := telemetry.WithAccess(ctx)
		calls := &calllog.Log{}
		ctx = calllog.With(ctx, calls)
		in.active.Add(ctx, 1)
		defer in.active.Add(ctx, -1)

		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		mux.ServeHTTP(rec, r.WithContext(ctx))

		d := time.Since(start)
		if span.IsRecording() {
			span.SetAttributes(semconv.HTTPResponseStatusCode(rec.status))
			if rec.status >= 500 {
				span.SetStatus(codes.Error, http.StatusText(rec.status))
			}
		}
		in.requestDuration.Record(ctx, d.Seconds(), in.sets.Of(semconv.HTTPRequestMethodKey.String(method),
			semconv.HTTPRoute(rt), semconv.HTTPResponseStatusCode(rec.status)))
		op, tenant, errCodes := access.Fields()
		if slices.Contains(errCodes, errcode.Overloaded) {
			in.shed.Add(ctx, 1, in.sets.Of(semconv.HTTPRoute(rt)))
		}
		for i, code := range errCodes {
			if !slices.Contains(errCodes[:i], code) { // codes are maitre's own (errcode): a small set
				in.errors.Add(ctx, 1, in.sets.Of(semconv.HTTPRoute(rt), attribute.String("code", code)))
			}
		}
		if !log.Enabled(ctx, slog.LevelInfo) {
			return // the line's fields are not built to be dropped
		}
		if errCodes == nil {
			errCodes = []string{}
		}
		services := calls.Summary(clients.Names...)
		touched := make([]string, len(services))
		for i, s := range services {
			touched[i] = string(s.Service) + ":" + s.Status
		}
		log.InfoContext(ctx, "request",
			"method", method, "path", r.URL.Path, "status", rec.status,
			"duration_ms", float64(d.Microseconds())/1000,
			"operation", op, "tenant", tenant, "services", touched, "error_codes", errCodes)
	})
}

// operationHooks name the server span after the GraphQL operation and
// record the operation's duration and outcome.
func operationHooks(in *instruments) (graphql.OperationMiddleware, graphql.ResponseMiddleware) {
	around := func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		op := graphql.GetOperationContext(ctx)
		if op.Operation == nil || nested(ctx) {
			return next(ctx)
		}
		typ := string(op.Operation.Operation)
		name := typ
		if op.Operation.Name != "" {
			name += " " + op.Operation.Name
		}
		if span := trace.SpanFromContext(ctx); span.IsRecording() { // a document hashed for no span costs every request
			sum := sha256.Sum256([]byte(op.RawQuery))
			span.SetName(name)
			span.SetAttributes(semconv.GraphQLOperationTypeKey.String(typ), semconv.GraphQLOperationName(op.Operation.Name),
				attribute.String("maitre.graphql.document.sha256", hex.EncodeToString(sum[:])))
		}
		telemetry.AccessFrom(ctx).SetOperation(name)
		return next(ctx)
	}
	responses := func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		if !graphql.HasOperationContext(ctx) || nested(ctx) { // a request that never became an operation
			return next(ctx)
		}
		op := graphql.GetOperationContext(ctx)
		start := op.Stats.OperationStart
		resp := next(ctx)
		if resp == nil || op.Operation == nil {
			return resp
		}
		outcome := "ok"
		switch {
		case len(resp.Errors) > 0 && (len(resp.Data) == 0 || string(resp.Data) == "null"):
			outcome = "error"
		case len(resp.Errors) > 0:
			outcome = "partial"
		}
		in.operationDuration.Record(ctx, time.Since(start).Seconds(), in.sets.Of(
			semconv.GraphQLOperationTypeKey.String(string(op.Operation.Operation)), attribute.String("outcome", outcome)))
		return resp
	}
	return around, responses
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the real writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
