package clients

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	semconv "go.opentelemetry.io/otel/semconv/v1.37.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/maitre-pos/maitre/calllog"
	"github.com/maitre-pos/maitre/clients/cache"
	"github.com/maitre-pos/maitre/clients/coalesce"
	"github.com/maitre-pos/maitre/clients/retry"
	"github.com/maitre-pos/maitre/telemetry"
)

const scope = "github.com/maitre-pos/maitre/clients"

// serviceKey names the downstream service on spans and metrics.
var serviceKey = attribute.Key("maitre.service")

// instruments are the downstream metrics.
type instruments struct {
	duration  metric.Float64Histogram
	requests  metric.Int64Counter
	retries   metric.Int64Counter
	cache     metric.Int64Counter
	stale     metric.Int64Counter
	coalesced metric.Int64Counter
	// violations are counted here and observed, so that every service's
	// and rule's count is served from the start, at 0 until one happens.
	violations violations
	sets       telemetry.Sets
}

func newInstruments(mp metric.MeterProvider, c *Client) (*instruments, error) {
	if mp == nil {
		mp = noop.NewMeterProvider()
	}
	m := mp.Meter(scope)
	in := instruments{violations: newViolations()}
	var err error
	must := func(e error) {
		if err == nil {
			err = e
		}
	}
	in.duration, err = m.Float64Histogram("http.client.request.duration", metric.WithUnit("s"),
		metric.WithDescription("Duration of each HTTP request that went out to a service, every try counted once (OpenTelemetry's HTTP client convention); answers from the cache or a shared call are not requests."))
	var e error
	in.requests, e = m.Int64Counter("maitre.downstream.requests", metric.WithUnit("{request}"),
		metric.WithDescription("Logical downstream calls by service and outcome: ok, cached (fresh cache), coalesced (shared an identical call in flight), stale (a failure answered from the stale cache), error, timeout, circuit_open, rate_limited, canceled (the caller left)."))
	must(e)
	in.retries, e = m.Int64Counter("maitre.downstream.retries", metric.WithUnit("{retry}"), metric.WithDescription("Retries of downstream calls."))
	must(e)
	in.cache, e = m.Int64Counter("maitre.downstream.cache.lookups", metric.WithUnit("{lookup}"),
		metric.WithDescription("Fresh-cache lookups of services that cache, by result: hit or miss."))
	must(e)
	in.stale, e = m.Int64Counter("maitre.downstream.stale", metric.WithUnit("{answer}"), metric.WithDescription("Failed calls answered from the stale cache."))
	must(e)
	in.coalesced, e = m.Int64Counter("maitre.downstream.coalesced", metric.WithUnit("{call}"), metric.WithDescription("Calls that shared an identical call's answer."))
	must(e)
	_, e = m.Int64ObservableGauge("maitre.downstream.breaker.state", metric.WithUnit("{state}"),
		metric.WithDescription("Breaker state by service: 0 closed, 1 half-open, 2 open."),
		metric.WithInt64Callback(func(_ context.Context, o metric.Int64Observer) error {
			for s, st := range c.Breakers() {
				if v, ok := map[string]int64{"closed": 0, "half-open": 1, "open": 2}[st]; ok {
					o.Observe(v, metric.WithAttributes(serviceKey.String(string(s))))
				}
			}
			return nil
		}))
	must(e)
	_, e = m.Int64ObservableCounter("maitre.downstream.contract_violations", metric.WithUnit("{violation}"),
		metric.WithDescription("Rows a service sent that broke the contract (docs/downstream-api.md), by service and rule: duplicate (an identical repeat, dropped), conflict, null, missing_id, bounds, total, and overflow (a figure whose rows add up past int64, once a figure); all but duplicate fail the read."),
		metric.WithInt64Callback(func(_ context.Context, o metric.Int64Observer) error {
			for _, s := range rowServices {
				for i, r := range rules {
					o.Observe(in.violations[s][i].Load(), metric.WithAttributes(serviceKey.String(string(s)), attribute.String("kind", string(r))))
				}
			}
			return nil
		}))
	must(e)
	return &in, err
}

// startSpan opens the client span of one call, under the caller's span and
// with the caller's tracer provider (a no-op when tracing is off).
func (s *service) startSpan(ctx context.Context, method, path string) (context.Context, trace.Span) {
	tr, ok := telemetry.Tracer(ctx, scope)
	if !ok {
		return ctx, trace.SpanFromContext(ctx)
	}
	return tr.Start(ctx, method+" "+path, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(
		serviceKey.String(string(s.name)),
		semconv.HTTPRequestMethodKey.String(method),
		semconv.URLTemplate(path),
		semconv.ServerAddress(s.base.Hostname()),
	))
}

// finish records one finished call in the span, the metrics, the debug log
// and the context's call log.
func (s *service) finish(ctx context.Context, span trace.Span, r request, start time.Time, resp *http.Response, err error) {
	c := calllog.Call{Start: start, End: time.Now(), Status: "ok", Breaker: s.breakerState()}
	outcome := "ok"
	attempts := 1
	code := 0
	if resp != nil {
		code = resp.StatusCode
		switch resp.Header.Get(cache.StateHeader) {
		case "hit":
			c.Cached = true
		case "stale":
			c.Stale = true
			c.AgeMs, _ = strconv.ParseInt(resp.Header.Get(cache.AgeHeader), 10, 64)
		}
		c.Shared = resp.Header.Get(coalesce.SharedHeader) != ""
		if v := resp.Header.Get(retry.AttemptHeader); v != "" {
			if n, e := strconv.Atoi(v); e == nil {
				attempts = n
			}
		}
	}
	if err != nil {
		c.Status, outcome = "error", "error"
		var re *retry.Error
		if errors.As(err, &re) {
			attempts = re.Attempts
		}
		if e, ok := err.(*Error); ok {
			switch {
			case e.Kind == KindTimeout:
				c.Status, outcome = "timeout", "timeout"
			case e.Kind == KindCircuitOpen:
				c.Status, outcome = "circuit_open", "circuit_open"
			case e.Kind == KindCanceled:
				c.Status, outcome = "canceled", "canceled"
			case e.StatusCode == http.StatusTooManyRequests:
				outcome = "rate_limited"
			}
			code = max(code, e.StatusCode)
		}
	}
	calllog.From(ctx).Record(string(s.name), c)

	svc := serviceKey.String(string(s.name))
	if span.IsRecording() { // attributes built for no span cost a call allocations
		s.record(span, attempts, code, c, err)
	}
	span.End()

	if r.direct {
		return // health checks are not traffic
	}
	switch {
	case c.Stale:
		outcome = "stale"
	case err != nil:
	case c.Cached:
		outcome = "cached"
	case c.Shared:
		outcome = "coalesced"
	}
	sets := &s.metrics.sets
	s.metrics.requests.Add(ctx, 1, sets.Of(svc, attribute.String("outcome", outcome)))
	if attempts > 1 {
		s.metrics.retries.Add(ctx, int64(attempts-1), sets.Of(svc))
	}
	if s.p.Load().freshCache {
		result := "miss"
		if c.Cached {
			result = "hit"
		}
		s.metrics.cache.Add(ctx, 1, sets.Of(svc, attribute.String("result", result)))
	}
	if c.Stale {
		s.metrics.stale.Add(ctx, 1, sets.Of(svc))
	}
	if c.Shared {
		s.metrics.coalesced.Add(ctx, 1, sets.Of(svc))
	}
	if !s.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	s.log.DebugContext(ctx, "downstream call", "service", s.name, "route", r.path, "status", code, "outcome", outcome,
		"duration_ms", float64(c.End.Sub(start).Microseconds())/1000, "attempts", attempts,
		"cached", c.Cached, "stale", c.Stale, "coalesced", c.Shared)
}

// record sets a finished call's attributes on its span.
func (s *service) record(span trace.Span, attempts, code int, c calllog.Call, err error) {
	span.SetAttributes(
		attribute.Int("maitre.http.attempts", attempts),
		semconv.HTTPRequestResendCount(attempts-1),
		attribute.Bool("maitre.cache.hit", c.Cached),
		attribute.Bool("maitre.cache.stale", c.Stale),
		attribute.Bool("maitre.coalesced", c.Shared),
	)
	if code > 0 {
		span.SetAttributes(semconv.HTTPResponseStatusCode(code))
	}
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, string(c.Status))
		span.SetAttributes(semconv.ErrorTypeKey.String(c.Status))
	}
}

// attempts records every HTTP request that really goes out, below the
// retrier: one http.client.request.duration per try, with its resend
// count, status and error type.
type attempts struct {
	next    http.RoundTripper
	service attribute.KeyValue
	metrics *instruments
}

type templateKey struct{}

// withTemplate names the route a call's requests go to, for attempts.
func withTemplate(ctx context.Context, path string) context.Context {
	return context.WithValue(ctx, templateKey{}, path)
}

func (a attempts) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := a.next.RoundTrip(r)
	ctx := r.Context()
	path, _ := ctx.Value(templateKey{}).(string)
	attrs := []attribute.KeyValue{a.service, semconv.HTTPRequestMethodKey.String(r.Method), semconv.URLTemplate(path),
		semconv.HTTPRequestResendCount(retry.Attempt(ctx) - 1)}
	switch {
	case err != nil:
		kind := "error"
		if errors.Is(err, context.DeadlineExceeded) {
			kind = "timeout"
		} else if errors.Is(err, context.Canceled) {
			kind = "canceled"
		}
		attrs = append(attrs, semconv.ErrorTypeKey.String(kind))
	default:
		attrs = append(attrs, semconv.HTTPResponseStatusCode(resp.StatusCode))
		if resp.StatusCode >= 500 {
			attrs = append(attrs, semconv.ErrorTypeKey.String(strconv.Itoa(resp.StatusCode)))
		}
	}
	a.metrics.duration.Record(ctx, time.Since(start).Seconds(), a.metrics.sets.Of(attrs...))
	return resp, err
}

// discard is the logger of a Client configured without one.
var discard = slog.New(slog.DiscardHandler)
