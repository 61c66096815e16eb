package gateway_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/gatewaytest"
	"github.com/maitre-pos/maitre/telemetry"
)

// lockedBuffer collects log lines written from many goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Split(strings.TrimSpace(l.b.String()), "\n")
}

type observed struct {
	*harness
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	logs   *lockedBuffer
}

// observedHarness is a gateway with the default policies whose spans,
// metrics and logs are kept in memory.
func observedHarness(t *testing.T) *observed {
	t.Helper()
	o := &observed{spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader(), logs: &lockedBuffer{}}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(o.spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(o.reader))
	log := slog.New(telemetry.LogHandler{Handler: slog.NewJSONHandler(o.logs, &slog.HandlerOptions{Level: slog.LevelDebug})})
	env := demotest.Start(t, demotest.Now)
	opts, _ := configured(t, env, nil, clients.Config{Meter: mp, Logger: log})
	opts.Logger, opts.Tracer, opts.Meter = log, tp, mp
	o.harness = serve(t, env, opts)
	return o
}

func attr(s sdktrace.ReadOnlySpan, key string) attribute.Value {
	for _, kv := range s.Attributes() {
		if string(kv.Key) == key {
			return kv.Value
		}
	}
	return attribute.Value{}
}

// TestTelemetry runs a known workload (a query with payments down, then a
// chat question) and checks the span tree, the metrics and the log lines.
func TestTelemetry(t *testing.T) {
	o := observedHarness(t)
	o.Query(t, "demo-owner", `{ me { name } }`, nil)
	o.Env.Reset()

	const query = `query Dash { revenue { total { amount } orderCount } orders(first: 3) { nodes { items { product { name } } } } }`
	incoming := trace.SpanContextConfig{TraceID: trace.TraceID{0x4b, 0xf9, 1}, SpanID: trace.SpanID{0x0f, 1}, TraceFlags: trace.FlagsSampled}
	parent := trace.NewSpanContext(incoming)
	o.Env.Demo.SetFaults(faults.Set{clients.Payments: {Mode: "down"}})
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest(http.MethodPost, o.URL+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer demo-owner")
	req.Header.Set("traceparent", "00-"+parent.TraceID().String()+"-"+parent.SpanID().String()+"-01")
	resp := gatewaytest.Do(t, req)
	o.Env.Demo.SetFaults(nil)
	a, _ := o.Ask(t, "demo-owner", "what sold best today?")
	if resp.Status != 200 || len(a.Intents) == 0 {
		t.Fatalf("workload: HTTP %d, chat %+v", resp.Status, a)
	}
	t.Run("spans", func(t *testing.T) { checkSpans(t, o, query, parent) })
	t.Run("metrics", func(t *testing.T) { checkMetrics(t, o) })
	t.Run("logs", func(t *testing.T) { checkLogs(t, o, resp, parent) })
}

func checkSpans(t *testing.T, o *observed, query string, parent trace.SpanContext) {
	byID := map[trace.SpanID]sdktrace.ReadOnlySpan{}
	var server sdktrace.ReadOnlySpan
	for _, s := range o.spans.Ended() {
		byID[s.SpanContext().SpanID()] = s
		if s.Name() == "query Dash" {
			server = s
		}
	}
	if server == nil {
		t.Fatal("no server span named after the operation")
	}
	sum := sha256.Sum256([]byte(query))
	if server.SpanKind() != trace.SpanKindServer || server.Parent().SpanID() != parent.SpanID() || !server.Parent().IsRemote() ||
		server.SpanContext().TraceID() != parent.TraceID() || attr(server, "graphql.operation.type").AsString() != "query" ||
		attr(server, "graphql.operation.name").AsString() != "Dash" ||
		attr(server, "maitre.graphql.document.sha256").AsString() != hex.EncodeToString(sum[:]) {
		t.Errorf("server span %s kind %v parent %v attrs %v", server.Name(), server.SpanKind(), server.Parent(), server.Attributes())
	}
	under := func(s sdktrace.ReadOnlySpan, ancestor trace.SpanID) bool {
		for p := s.Parent(); p.IsValid(); {
			if p.SpanID() == ancestor {
				return true
			}
			next, ok := byID[p.SpanID()]
			if !ok {
				return false
			}
			p = next.Parent()
		}
		return false
	}
	services := map[string]int{}
	var batch sdktrace.ReadOnlySpan
	for _, s := range o.spans.Ended() {
		if s.SpanContext().TraceID() != parent.TraceID() || s == server {
			continue
		}
		if !under(s, server.SpanContext().SpanID()) {
			t.Errorf("span %s is not under the operation's span", s.Name())
		}
		if s.Name() == "dataloader.batch products" {
			batch = s
		}
		svc := attr(s, "maitre.service").AsString()
		if svc == "" {
			continue
		}
		services[svc]++
		if s.SpanKind() != trace.SpanKindClient || attr(s, "url.template").AsString() == "" || attr(s, "http.request.method").AsString() != "GET" {
			t.Errorf("downstream span %s: kind %v attrs %v", s.Name(), s.SpanKind(), s.Attributes())
		}
		failed := s.Status().Code == codes.Error
		if failed != (svc == "payments") {
			t.Errorf("%s span status %v", svc, s.Status())
		}
		if svc == "payments" && (attr(s, "error.type").AsString() != "error" || attr(s, "maitre.http.attempts").AsInt64() != 3) {
			t.Errorf("failed payments span attrs %v; want error.type error after 3 attempts", s.Attributes())
		}
		if svc == "inventory" && batch != nil && s.Parent().SpanID() != batch.SpanContext().SpanID() {
			t.Errorf("inventory call is not under the products batch")
		}
	}
	if services["orders"] != 2 || services["payments"] != 1 || services["inventory"] != 1 {
		t.Errorf("downstream spans by service %v; want orders 2, payments 1, inventory 1", services)
	}
	// The batch holds every distinct product of the first three orders.
	var today demo.OrderList
	loc, _ := time.LoadLocation("America/New_York")
	from, to := gatewaytest.Bounds("TODAY", demotest.Now, loc)
	o.Env.Get(t, clients.Orders, "bistro", "/v1/orders", url.Values{"from": {from.UTC().Format(time.RFC3339)}, "to": {to.UTC().Format(time.RFC3339)}, "limit": {"3"}}, &today)
	ids := map[string]bool{}
	for _, or := range today.Orders {
		for _, it := range or.Items {
			ids[it.ProductID] = true
		}
	}
	if batch == nil || attr(batch, "maitre.dataloader.batch_size").AsInt64() != int64(len(ids)) {
		t.Errorf("products batch span %v; want batch_size %d", batch, len(ids))
	}
	// Payments served only the query; inventory the chat question too.
	for _, svc := range []clients.Service{clients.Payments, clients.Inventory} {
		inTrace := 0
		for _, tp := range o.Env.Traceparents(svc) {
			if strings.Contains(tp, parent.TraceID().String()) {
				inTrace++
			} else if tp == "" || svc == clients.Payments {
				t.Errorf("%s got traceparent %q; want trace %s", svc, tp, parent.TraceID())
			}
		}
		if inTrace == 0 {
			t.Errorf("no %s call carried the trace", svc)
		}
	}
	var translate sdktrace.ReadOnlySpan
	for _, s := range o.spans.Ended() {
		if s.Name() == "chat.translate" {
			translate = s
		}
	}
	if translate == nil || strings.Join(attr(translate, "maitre.chat.intents").AsStringSlice(), ",") != "best_sellers" ||
		!attr(translate, "maitre.chat.understood").AsBool() || !translate.Parent().IsValid() {
		t.Errorf("chat.translate span %v", translate)
	}
}

// metricPoints collects every data point of a metric as attribute set -> count.
func metricPoints(t *testing.T, o *observed, name string) map[string]int64 {
	var rm metricdata.ResourceMetrics
	if err := o.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != name {
				continue
			}
			key := func(set attribute.Set) string {
				var parts []string
				for _, kv := range set.ToSlice() {
					parts = append(parts, string(kv.Key)+"="+kv.Value.String())
				}
				return strings.Join(parts, ",")
			}
			switch d := m.Data.(type) {
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					out[key(p.Attributes)] += int64(p.Count)
				}
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					out[key(p.Attributes)] += p.Value
				}
			case metricdata.Gauge[int64]:
				for _, p := range d.DataPoints {
					out[key(p.Attributes)] = p.Value
				}
			}
		}
	}
	return out
}

func sumWhere(points map[string]int64, parts ...string) int64 {
	var n int64
	for k, v := range points {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(k, p)
		}
		if ok {
			n += v
		}
	}
	return n
}

func checkMetrics(t *testing.T, o *observed) {
	durations := metricPoints(t, o, "http.client.request.duration")
	if got, want := sumWhere(durations, "maitre.service=orders"), int64(len(o.Env.Calls(clients.Orders))); got != want {
		t.Errorf("orders durations %d; want one per call, %d", got, want)
	}
	requests := metricPoints(t, o, "maitre.downstream.requests")
	retries := metricPoints(t, o, "maitre.downstream.retries")
	payCalls := int64(len(o.Env.Calls(clients.Payments)))
	for resend := range payCalls {
		if n := sumWhere(durations, "maitre.service=payments", fmt.Sprintf("http.request.resend_count=%d", resend)); n != 1 {
			t.Errorf("payments try %d recorded %d times; want once: %v", resend+1, n, durations)
		}
	}
	if sumWhere(requests, "maitre.service=payments", "outcome=error") != 1 || sumWhere(retries, "maitre.service=payments") != payCalls-1 || payCalls != 3 {
		t.Errorf("payments: requests %v, retries %v, %d calls; want 1 failed request after 3 tries", requests, retries, payCalls)
	}
	if n := sumWhere(requests, "outcome=ok", "maitre.service=orders"); n != int64(len(o.Env.Calls(clients.Orders))) {
		t.Errorf("orders ok requests %d", n)
	}
	lookups := metricPoints(t, o, "maitre.downstream.cache.lookups")
	if miss := sumWhere(lookups, "maitre.service=inventory", "result=miss"); miss != int64(len(o.Env.Calls(clients.Inventory))) {
		t.Errorf("inventory cache misses %d; want one per call, %d", miss, len(o.Env.Calls(clients.Inventory)))
	}
	ops := metricPoints(t, o, "maitre.graphql.operation.duration")
	if sumWhere(ops, "outcome=partial") != 1 || sumWhere(ops, "outcome=ok") != 2 {
		t.Errorf("operations %v; want 2 ok (the warm-up and POST /chat's, not the one it runs inside) and 1 partial", ops)
	}
	server := metricPoints(t, o, "http.server.request.duration")
	if sumWhere(server, "http.route=/query") != 2 || sumWhere(server, "http.route=/chat") != 1 {
		t.Errorf("server requests %v", server)
	}
	chat := metricPoints(t, o, "maitre.chat.questions")
	if sumWhere(chat, "intent=best_sellers", "understood=true") != 1 {
		t.Errorf("chat questions %v", chat)
	}
	if breakers := metricPoints(t, o, "maitre.downstream.breaker.state"); len(breakers) != 5 || sumWhere(breakers) != 0 {
		t.Errorf("breaker states %v; want five closed", breakers)
	}
}

func checkLogs(t *testing.T, o *observed, resp response, parent trace.SpanContext) {
	found := false
	for _, line := range o.logs.lines() {
		var l map[string]any
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if l["correlation_id"] == nil {
			t.Errorf("log line without correlation_id: %s", line)
		}
		for _, secret := range []string{"demo-owner", "Bearer", "Olivia"} {
			if strings.Contains(line, secret) {
				t.Errorf("log line leaks %q: %s", secret, line)
			}
		}
		if l["msg"] == "downstream call" && l["service"] == "payments" && l["trace_id"] != parent.TraceID().String() {
			t.Errorf("payments call line not in the trace: %s", line)
		}
		if l["msg"] != "request" || l["operation"] != "query Dash" {
			continue
		}
		found = true
		if l["correlation_id"] != resp.Header.Get("X-Correlation-ID") || l["trace_id"] != parent.TraceID().String() ||
			l["tenant"] != "bistro" || !strings.Contains(line, `"payments:error"`) || !strings.Contains(line, "DOWNSTREAM_SERVICE_ERROR") ||
			l["status"] != float64(200) {
			t.Errorf("access line %s", line)
		}
	}
	if !found {
		t.Error("no access line for the operation")
	}
}

// TestHerdMetrics checks that the downstream metrics count what the
// services saw: one duration per request that went out, and the answers
// served from the cache or a shared call as logical calls only.
func TestHerdMetrics(t *testing.T) {
	o := observedHarness(t)
	o.Query(t, "demo-owner", `{ me { name } }`, nil)
	o.Env.Reset()
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			time.Sleep(time.Duration(i) * 5 * time.Millisecond)
			o.Query(t, "demo-owner", `{ revenue { total { amount } orderCount } }`, nil)
		})
	}
	wg.Wait()
	durations := metricPoints(t, o, "http.client.request.duration")
	requests := metricPoints(t, o, "maitre.downstream.requests")
	for _, s := range []clients.Service{clients.Orders, clients.Payments} {
		svc := "maitre.service=" + string(s)
		if got, want := sumWhere(durations, svc), int64(len(o.Env.Calls(s))); got != want {
			t.Errorf("%s: %d durations for %d requests sent", s, got, want)
		}
		if logical, shared := sumWhere(requests, svc), sumWhere(requests, svc, "outcome=cached")+sumWhere(requests, svc, "outcome=coalesced"); logical != 40 || shared != 40-int64(len(o.Env.Calls(s))) {
			t.Errorf("%s: %d logical calls, %d cached or coalesced, %d sent: %v", s, logical, shared, len(o.Env.Calls(s)), requests)
		}
	}
}

// TestLongRangeTelemetry checks that closed days are counted as they are
// computed and then read, and that a month's windows show in the trace
// as parallel children of one list span.
func TestLongRangeTelemetry(t *testing.T) {
	o := observedHarness(t)
	q := `{ revenue(range: {period: LAST_MONTH}) { total { amount } orderCount } }`
	o.Query(t, "demo-owner", q, nil)
	o.Query(t, "demo-owner", q, nil)
	lookups := metricPoints(t, o, "maitre.closed_day.lookups")
	for _, kind := range []string{"orders", "payments"} {
		// October: 31 days, computed once, then read.
		if miss, hit := sumWhere(lookups, "kind="+kind, "result=miss"), sumWhere(lookups, "kind="+kind, "result=hit"); miss != 31 || hit != 31 {
			t.Errorf("%s days: %d misses, %d hits; want 31 of each: %v", kind, miss, hit, lookups)
		}
	}
	windows := map[string]int{}
	for _, s := range o.spans.Ended() {
		if s.Name() == "window" {
			windows[s.Parent().SpanID().String()]++
		}
	}
	lists := 0
	for _, s := range o.spans.Ended() {
		if strings.HasPrefix(s.Name(), "list /v1/") {
			lists++
			if n := attr(s, "maitre.windows").AsInt64(); n < 2 || int64(windows[s.SpanContext().SpanID().String()]) != n {
				t.Errorf("%s: %d windows, %d window spans", s.Name(), n, windows[s.SpanContext().SpanID().String()])
			}
		}
	}
	if lists != 2 {
		t.Errorf("%d list spans; want orders' and payments'", lists)
	}
}

// TestSubscriptionMetrics: the gauge counts subscribers and their pollers
// while they run, and none once they left.
func TestSubscriptionMetrics(t *testing.T) {
	o := observedHarness(t)
	var subs []*subscription
	revenueSub := `subscription { dashboard { revenue { total { amount } orderCount } } }`
	for _, q := range []string{revenueSub, revenueSub, `subscription { tables { id } }`} {
		s := o.SubscribeSSE(t, "demo-owner", q, nil)
		s.Next(t)
		subs = append(subs, s)
	}
	if got := metricPoints(t, o, "maitre.subscriptions"); got["kind=subscribers"] != 3 || got["kind=pollers"] != 2 {
		t.Errorf("three subscribers of two shapes: %v", got)
	}
	for _, s := range subs {
		s.Stop()
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := metricPoints(t, o, "maitre.subscriptions")
		if got["kind=subscribers"] == 0 && got["kind=pollers"] == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after every subscriber left: %v", got)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRequestErrorsByCode: a request is counted once under each
// extensions.code its answer carries, by route.
func TestRequestErrorsByCode(t *testing.T) {
	o := observedHarness(t)
	o.Query(t, "", `{ me { name } }`, nil)                                                  // 401 UNAUTHENTICATED
	o.Query(t, "demo-cashier", `{ revenue { orderCount } a: revenue { orderCount } }`, nil) // FORBIDDEN twice, counted once
	o.Query(t, "demo-owner", `{ me { name } }`, nil)                                        // no error
	errs := metricPoints(t, o, "maitre.request.errors")
	for code, want := range map[string]int64{"UNAUTHENTICATED": 1, "FORBIDDEN": 1} {
		if n := sumWhere(errs, "code="+code, "http.route=/query"); n != want {
			t.Errorf("%s: %d requests; want %d (%v)", code, n, want, errs)
		}
	}
	if n := sumWhere(errs); n != 2 {
		t.Errorf("%d requests with errors counted; want 2 (%v)", n, errs)
	}
}

// TestTraceWithoutTracing: with no tracer configured, the gateway builds
// no spans of its own, but a caller's trace still reaches the services.
func TestTraceWithoutTracing(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	h := serve(t, env, options(env.Client(t, time.Second)))
	const traceID, spanID = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	body, _ := json.Marshal(map[string]string{"query": "{ tableOccupancy { total } }"})
	req, _ := http.NewRequest(http.MethodPost, h.URL+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer demo-owner")
	req.Header.Set("traceparent", "00-"+traceID+"-"+spanID+"-01")
	if resp := gatewaytest.Do(t, req); resp.Status != 200 || len(resp.Errors) > 0 {
		t.Fatalf("HTTP %d %+v", resp.Status, resp.Errors)
	}
	tps := env.Traceparents(clients.Restaurant)
	if len(tps) == 0 || !strings.Contains(tps[len(tps)-1], traceID) {
		t.Errorf("restaurant got traceparents %q; want trace %s", tps, traceID)
	}
}
