package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/admit"
	"github.com/maitre-pos/maitre/bench"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// TestDeadlineDuringAdmission gives a huge admissible document less time
// than admitting it takes: a 504 GATEWAY_TIMEOUT, never 200 null.
func TestDeadlineDuringAdmission(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	h := handler(t, with(options(env.Client(t, time.Second)), func(o *gateway.Options) {
		o.RequestTimeout = 40 * time.Millisecond
		o.Limits.Document = bench.Lifted(func(*admit.Limits) {})
	}))
	if rec := gatewaytest.Post(h, "demo-owner", `{ me { name } }`, ""); rec.Code != 200 { // the token is cached now
		t.Fatalf("warm-up: HTTP %d %s", rec.Code, rec.Body)
	}
	doc := "{ me { " + strings.Repeat("tenantId ", 110_000) + "} }"
	for _, accept := range []string{"application/json", "application/graphql-response+json"} {
		rec := gatewaytest.Post(h, "demo-owner", doc, accept)
		code, body := firstCode(t, rec)
		if rec.Code != http.StatusGatewayTimeout || code != "GATEWAY_TIMEOUT" || body["data"] != nil || !strings.Contains(rec.Body.String(), "correlationId") {
			t.Errorf("%s: HTTP %d %.300s; want 504 GATEWAY_TIMEOUT with no data", accept, rec.Code, rec.Body)
		}
	}
}

// TestClientGoneIsNotAServiceFailure hangs up while payments is slow: the
// call is counted as canceled, not as payments failing, and no warning is
// logged about payments.
func TestClientGoneIsNotAServiceFailure(t *testing.T) {
	o := observedHarness(t)
	o.Query(t, "demo-owner", `{ me { name } }`, nil)
	o.Env.Demo.SetFaults(faults.Set{clients.Payments: {Latency: 600 * time.Millisecond}})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	body, _ := json.Marshal(map[string]string{"query": `{ revenue { total { amount } } }`})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, o.URL+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer demo-owner")
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("the request finished; want the client to hang up first")
	}
	deadline := time.Now().Add(3 * time.Second)
	for sumWhere(metricPoints(t, o, "maitre.downstream.requests"), "maitre.service=payments") == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	requests := metricPoints(t, o, "maitre.downstream.requests")
	if sumWhere(requests, "maitre.service=payments", "outcome=canceled") != 1 || sumWhere(requests, "maitre.service=payments", "outcome=error") != 0 {
		t.Errorf("payments requests %v; want one canceled and none failed", requests)
	}
	for _, line := range o.logs.lines() {
		if strings.Contains(line, `"level":"WARN"`) && strings.Contains(line, "payments") {
			t.Errorf("a warning about payments: %s", line)
		}
	}
}

// TestMethodLabelsAreClosed sends invented methods: the metrics carry
// _OTHER, never the method.
func TestMethodLabelsAreClosed(t *testing.T) {
	o := observedHarness(t)
	for i := range 50 {
		req, _ := http.NewRequest("FOO"+strings.Repeat("X", i), o.URL+"/query", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	for k := range metricPoints(t, o, "http.server.request.duration") {
		if strings.Contains(k, "FOO") || !strings.Contains(k, "http.request.method=") {
			t.Errorf("a series %s", k)
		}
	}
	if n := sumWhere(metricPoints(t, o, "http.server.request.duration"), "http.request.method=_OTHER"); n != 50 {
		t.Errorf("%d requests labelled _OTHER; want 50", n)
	}
}

// TestErrorCap asks for products of hundreds of lines while inventory
// answers only half the ids: 100 errors, then one counting the rest.
func TestErrorCap(t *testing.T) {
	h := newHarness(t)
	h.Env.Demo.SetFaults(faults.Set{clients.Inventory: {Mode: "partial"}})
	resp := h.Query(t, "demo-owner", `{ orders(range: {period: LAST_7_DAYS}, first: 500) { nodes { items { product { name } } } } }`, nil)
	if len(resp.Errors) != 101 {
		t.Fatalf("%d errors; want 101", len(resp.Errors))
	}
	last := resp.Errors[100]
	if last.Extensions["code"] != "TOO_MANY_ERRORS" || !strings.Contains(last.Message, "more errors were left out") || last.Extensions["correlationId"] == nil {
		t.Errorf("last error %+v", last)
	}
}

// overreaching serves the demo's orders but ignores every filter it is
// given, answering pages of all orders, as a buggy service might.
func overreaching(d *demo.Demo) http.Handler {
	next := d.Handler(clients.Orders)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		for _, p := range []string{"ids", "number", "from", "to", "status"} {
			q.Del(p)
		}
		r.URL.RawQuery = q.Encode()
		next.ServeHTTP(w, r)
	})
}

// TestServiceAnsweringMoreThanAsked checks every answer against its
// question: an order by number is that order or none, and aggregates count
// only the rows asked for.
func TestServiceAnsweringMoreThanAsked(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	bad := httptest.NewServer(overreaching(env.Demo))
	t.Cleanup(bad.Close)
	eps := env.Endpoints(2 * time.Second)
	ep := eps[clients.Orders]
	ep.URL = bad.URL
	eps[clients.Orders] = ep
	c, err := clients.New(clients.Config{Endpoints: eps})
	if err != nil {
		t.Fatal(err)
	}
	h := serve(t, env, with(options(c), func(o *gateway.Options) {
		o.RequestTimeout = 5 * time.Second
	}))

	yesterday := demotest.Now.In(mustZone(t, "America/New_York")).AddDate(0, 0, -1).Format(time.DateOnly)
	from, _ := time.ParseInLocation(time.DateOnly, yesterday, mustZone(t, "America/New_York"))
	raw := demotest.All[demo.Order](t, env, clients.Orders, "bistro", "/v1/orders", "orders", url.Values{
		"from": {from.UTC().Format(time.RFC3339)}, "to": {from.AddDate(0, 0, 1).UTC().Format(time.RFC3339)}})
	completed := 0
	for _, o := range raw {
		if o.Status == demo.OrderCompleted {
			completed++
		}
	}
	resp := h.Query(t, "demo-owner", `query($n: Int!, $far: Int!) {
		revenue(range: {period: YESTERDAY}) { orderCount }
		wanted: orderByNumber(number: $n) { number }
		missing: orderByNumber(number: $far) { number } }`, map[string]any{"n": raw[0].Number, "far": 1})
	var rev struct{ OrderCount int }
	resp.Field(t, "revenue", &rev)
	if rev.OrderCount != completed {
		t.Errorf("orderCount %d; want %d, the completed orders of %s alone", rev.OrderCount, completed, yesterday)
	}
	if got := string(resp.Data["wanted"]); got != "null" && got != `{"number":`+jsonNumber(raw[0].Number)+`}` {
		t.Errorf("order %d came back as %s", raw[0].Number, got)
	}
	if got := string(resp.Data["missing"]); got != "null" {
		t.Errorf("order 1, which does not exist, came back as %s", got)
	}
}

func jsonNumber(n int) string { b, _ := json.Marshal(n); return string(b) }

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestStrictRequests refuses what is not quite GraphQL over HTTP, each
// with a code, a correlation ID and a message that says what is wrong.
func TestStrictRequests(t *testing.T) {
	h := newHarness(t)
	send := func(method, body, contentType string) response {
		req, _ := http.NewRequest(method, h.URL+"/query", strings.NewReader(body))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		req.Header.Set("Authorization", "Bearer demo-owner")
		return gatewaytest.Do(t, req)
	}
	q := func(query string, vars string) string {
		b, _ := json.Marshal(query)
		if vars == "" {
			return `{"query":` + string(b) + `}`
		}
		return `{"query":` + string(b) + `,"variables":` + vars + `}`
	}
	orders := `query($n: Int) { orders(first: $n) { nodes { id } } }`
	tests := []struct {
		name, method, body, contentType string
		status                          int
		code, message                   string
	}{
		{"trailing bytes", "POST", q(`{ me { name } }`, "") + ` {}`, "application/json", 400, "BAD_REQUEST", "more after its JSON object"},
		{"query not a string", "POST", `{"query": 7}`, "application/json", 400, "BAD_REQUEST", "query must be a string"},
		{"body not an object", "POST", `[1]`, "application/json", 400, "BAD_REQUEST", "must be a JSON object"},
		{"no query", "POST", `{}`, "application/json", 400, "BAD_REQUEST", "no query"},
		{"a string for an Int", "POST", q(orders, `{"n":"10"}`), "application/json", 200, "BAD_USER_INPUT", `"10" is not an Int`},
		{"a fraction for an Int", "POST", q(orders, `{"n":1.5}`), "application/json", 200, "BAD_USER_INPUT", `1.5 is not an Int`},
		{"PUT", "PUT", q(`{ me { name } }`, ""), "application/json", 405, "METHOD_NOT_ALLOWED", "GET and POST"},
		{"DELETE", "DELETE", "", "", 405, "METHOD_NOT_ALLOWED", "GET and POST"},
		{"two anonymous operations", "POST", q(`{ me { name } } { me { userId } }`, ""), "application/json", 200, "GRAPHQL_VALIDATION_FAILED", "anonymous operation"},
		{"two named operations, none chosen", "POST", q(`query A { me { name } } query B { me { userId } }`, ""), "application/json", 200, "GRAPHQL_VALIDATION_FAILED", "name the one to run"},
		{"an operation not there", "POST", `{"query":"query A { me { name } }","operationName":"B"}`, "application/json", 200, "GRAPHQL_VALIDATION_FAILED", `no operation named "B"`},
		{"a date the services cannot take", "POST", q(`{ revenue(range: {from: "9999-12-31", to: "9999-12-31"}) { orderCount } }`, ""), "application/json", 200, "BAD_USER_INPUT", "outside the dates"},
		{"a persisted hash that is not the query's", "POST", `{"query":"{ me { name } }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"` + strings.Repeat("ab", 32) + `"}}}`, "application/json", 200, "PERSISTED_QUERY_HASH_MISMATCH", "SHA-256"},
		{"form body", "POST", `query=%7Bme%7Bname%7D%7D`, "application/x-www-form-urlencoded", 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type: application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := send(tt.method, tt.body, tt.contentType)
			if resp.Status != tt.status || len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != tt.code ||
				!strings.Contains(resp.Errors[0].Message, tt.message) || resp.Errors[0].Extensions["correlationId"] == nil {
				t.Errorf("HTTP %d %+v; want %d %s saying %q, with a correlation ID", resp.Status, resp.Errors, tt.status, tt.code, tt.message)
			}
			if tt.status == 405 && resp.Header.Get("Allow") == "" {
				t.Errorf("405 without Allow")
			}
			if _, ok := resp.Data["me"]; ok {
				t.Errorf("data %v", resp.Data)
			}
		})
	}
}

// TestChatBodyRules gives POST /chat /query's body rules: a large valid
// body is read, not refused as "not JSON"; a question longer than a
// string may be is a request error, one longer than the chat reads is
// answered as such.
func TestChatBodyRules(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name, question string
		status         int
		code, answer   string
	}{
		{"70 KB", strings.Repeat("what is my revenue today and ", 2500), 400, "STRING_TOO_LONG", ""},
		{"3 KB", strings.Repeat("what is my revenue today and ", 100), 200, "", "too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]string{"question": tt.question})
			req, _ := http.NewRequest(http.MethodPost, h.URL+"/chat", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer demo-owner")
			resp := gatewaytest.Do(t, req)
			var code string
			if len(resp.Errors) > 0 {
				code, _ = resp.Errors[0].Extensions["code"].(string)
			}
			if resp.Status != tt.status || code != tt.code || !strings.Contains(string(resp.Raw), tt.answer) {
				t.Errorf("HTTP %d, code %q, %.200s; want %d, %q, an answer saying %q", resp.Status, code, resp.Raw, tt.status, tt.code, tt.answer)
			}
		})
	}
}
