package live_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/maitre-pos/maitre/calllog"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/clients/cache"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/gatewaytest"
	"github.com/maitre-pos/maitre/live"
	"github.com/maitre-pos/maitre/throttle"
)

// Expectations here come from the services' raw REST data and from the
// answers of the demo's POST /v1/orders, never from the gateway.

const revenueSub = `subscription { dashboard { revenue { total { amount } orderCount } } }`

type revenueValue struct {
	Dashboard *struct {
		Revenue *struct {
			Total      *gatewaytest.Money
			OrderCount *int
		}
	}
}

// revenue reads the dashboard's revenue from u.
func revenue(t testing.TB, u gatewaytest.Update) (total string, orders int) {
	t.Helper()
	var v revenueValue
	if err := json.Unmarshal(u.Data, &v); err != nil || v.Dashboard == nil || v.Dashboard.Revenue == nil {
		t.Fatalf("no revenue in %s (errors %v)", u.Data, u.Errors)
	}
	r := v.Dashboard.Revenue
	if r.Total != nil {
		total = r.Total.Amount
	}
	if r.OrderCount != nil {
		orders = *r.OrderCount
	}
	return total, orders
}

// liveHarness serves a gateway whose pollers run every interval, under
// the default subscription limits as set changes them.
func liveHarness(t testing.TB, interval time.Duration, set func(*live.Limits), policy func(map[clients.Service]clients.Endpoint)) *gatewaytest.Gateway {
	t.Helper()
	env := demotest.Start(t, demotest.Now)
	eps := env.Endpoints(2 * time.Second)
	if policy != nil {
		policy(eps)
	}
	c, err := clients.New(clients.Config{Endpoints: eps, Transport: env})
	if err != nil {
		t.Fatal(err)
	}
	return serveOn(t, env, gatewaytest.With(gatewaytest.OptionsFor(c), func(o *gateway.Options) {
		o.Live.Interval = interval
		if set != nil {
			set(&o.Live)
		}
	}))
}

// placeOrder completes an order in the demo services.
func placeOrder(t testing.TB, h *gatewaytest.Gateway) demo.Placed {
	t.Helper()
	body, _ := json.Marshal(demo.PlaceRequest{Items: []demo.PlaceItem{{ProductID: gatewaytest.RawProducts(t, h.Env, "bistro")[0].ID, Quantity: 3}}, Covers: 2})
	req, _ := http.NewRequest(http.MethodPost, h.Env.URLs[clients.Orders]+"/v1/orders", bytes.NewReader(body))
	req.Header.Set("X-Tenant-ID", "bistro")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /v1/orders: %s", resp.Status)
	}
	var p demo.Placed
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSubscriptionPushesChanges subscribes over both transports, checks
// the first value against the raw data, completes an order in the demo
// and sees the new figures arrive, and nothing while nothing changes.
func TestSubscriptionPushesChanges(t *testing.T) {
	h := liveHarness(t, 20*time.Millisecond, nil, nil)
	sse := h.SubscribeSSE(t, "demo-owner", revenueSub, nil)
	ws := h.DialWS(t, map[string]any{"Authorization": "Bearer demo-owner"})
	ws.Read(t)
	if ack := <-ws.Ch(""); ack.Reason != "connection_ack" {
		t.Fatal("no connection_ack")
	}
	wsSub := ws.Subscribe(t, "1", revenueSub)

	before, beforeOrders := gatewaytest.BistroToday(t, h.Env)
	for name, s := range map[string]*gatewaytest.Subscription{"sse": sse, "ws": wsSub} {
		total, orders := revenue(t, s.Next(t))
		if want := gatewaytest.Amount(before, "USD"); total != want || orders != beforeOrders {
			t.Errorf("%s: first value %s and %d orders; want %s and %d", name, total, orders, want, beforeOrders)
		}
	}
	for name, s := range map[string]*gatewaytest.Subscription{"sse": sse, "ws": wsSub} {
		if !s.Quiet(200 * time.Millisecond) {
			t.Errorf("%s: pushed a value although nothing changed", name)
		}
	}
	placed := placeOrder(t, h)
	after, afterOrders := gatewaytest.BistroToday(t, h.Env)
	if after != before+placed.Payment.Amount || afterOrders != beforeOrders+1 {
		t.Fatalf("the demo reports %d cents and %d orders after an order of %d cents; had %d and %d", after, afterOrders, placed.Payment.Amount, before, beforeOrders)
	}
	// Orders and payments are read at once but not as one: a poll between
	// the order's arrival in one and its payment's in the other pushes the
	// one figure new and the other old, and the next poll both new.
	old, now := gatewaytest.Amount(before, "USD"), gatewaytest.Amount(after, "USD")
	for name, s := range map[string]*gatewaytest.Subscription{"sse": sse, "ws": wsSub} {
		for pushed := 1; ; pushed++ {
			total, orders := revenue(t, s.Next(t))
			if total == now && orders == afterOrders {
				break
			}
			if total != old && total != now || orders != beforeOrders && orders != afterOrders || pushed == 2 {
				t.Errorf("%s: after a new order of %d cents, push %d is %s and %d orders; want %s and %d", name, placed.Payment.Amount, pushed, total, orders, now, afterOrders)
				break
			}
		}
	}
}

// TestSubscribersShareOnePoller: many subscribers of one tenant and
// shape, over both transports and written differently, cost the calls of
// one; another shape or another tenant has a poller of its own.
func TestSubscribersShareOnePoller(t *testing.T) {
	const hour = time.Hour // one poll: the first
	calls := func(h *gatewaytest.Gateway) int {
		return len(h.Env.Calls(clients.Orders)) + len(h.Env.Calls(clients.Payments))
	}
	one := liveHarness(t, hour, nil, nil)
	one.SubscribeSSE(t, "demo-owner", revenueSub, nil).Next(t)
	single := calls(one)
	if single == 0 {
		t.Fatal("one subscriber cost no call")
	}

	many := liveHarness(t, hour, func(l *live.Limits) { l.PerToken = 0 }, nil) // 110 streams and sockets of one token
	spelled := []string{revenueSub, "subscription {\n  dashboard {\n    revenue { total { amount } orderCount }\n  }\n}"}
	var subs []*gatewaytest.Subscription
	for i := range 100 {
		subs = append(subs, many.SubscribeSSE(t, "demo-owner", spelled[i%2], nil))
	}
	for i := range 10 {
		ws := many.DialWS(t, map[string]any{"Authorization": "Bearer demo-owner"})
		ws.Read(t)
		<-ws.Ch("")
		for j := range 10 {
			subs = append(subs, ws.Subscribe(t, fmt.Sprint(i, j), spelled[j%2]))
		}
	}
	want, _ := gatewaytest.BistroToday(t, many.Env)
	for i, s := range subs {
		if total, _ := revenue(t, s.Next(t)); total != gatewaytest.Amount(want, "USD") {
			t.Fatalf("subscriber %d got %s; want %s", i, total, gatewaytest.Amount(want, "USD"))
		}
	}
	if got := calls(many); got != single {
		t.Errorf("200 subscribers cost %d calls to orders and payments; one costs %d", got, single)
	}
	many.SubscribeSSE(t, "cafe-owner", revenueSub, nil).Next(t)
	if got := calls(many); got != 2*single {
		t.Errorf("another tenant's subscriber added %d calls; want %d, a poller of its own", got-single, single)
	}
}

// TestSubscriptionPartialAndStale: a service down gives the partial value
// with its error, as a query does; a stale copy standing in for a failed
// call is pushed, marked stale, though its data did not change.
func TestSubscriptionPartialAndStale(t *testing.T) {
	t.Run("partial", func(t *testing.T) {
		h := liveHarness(t, 20*time.Millisecond, nil, nil)
		_, want := gatewaytest.BistroToday(t, h.Env)
		h.Env.Demo.SetFaults(faults.Set{clients.Payments: {Mode: "down"}})
		u := h.SubscribeSSE(t, "demo-owner", revenueSub, nil).Next(t)
		total, orders := revenue(t, u)
		e := gatewaytest.Response{Errors: u.Errors}.ErrorAt("dashboard", "revenue", "total")
		if total != "" || orders != want || e == nil || e.Extensions["code"] != "DOWNSTREAM_SERVICE_ERROR" || e.Extensions["service"] != "payments" {
			t.Errorf("with payments down: total %q, %d orders (want %d), errors %v", total, orders, want, u.Errors)
		}
	})
	t.Run("stale", func(t *testing.T) {
		h := liveHarness(t, 20*time.Millisecond, nil, func(eps map[clients.Service]clients.Endpoint) {
			ep := eps[clients.Payments]
			ep.Cache = cache.Config{FreshFor: time.Millisecond, StaleFor: time.Hour}
			eps[clients.Payments] = ep
		})
		s := h.SubscribeSSE(t, "demo-owner", revenueSub, nil)
		first, _ := revenue(t, s.Next(t))
		h.Env.Demo.SetFaults(faults.Set{clients.Payments: {Mode: "down"}})
		u := s.Next(t)
		total, _ := revenue(t, u)
		var services []calllog.ServiceCalls
		_ = json.Unmarshal(u.Extensions["services"], &services)
		stale := false
		for _, c := range services {
			stale = stale || c.Service == string(clients.Payments) && c.Stale
		}
		if total != first || !stale || len(u.Errors) != 0 {
			t.Errorf("with payments down after %s: total %s, services %s, errors %v; want the same total marked stale", first, total, u.Extensions["services"], u.Errors)
		}
	})
}

// authStub is an auth service answering the nth check of a token (from
// 0) with answer: an identity and its life, or a status.
func authStub(t *testing.T, answer func(n int) (status int, permissions []string, life time.Duration)) *httptest.Server {
	var mu sync.Mutex
	checks := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n := checks[r.Header.Get("Authorization")]
		checks[r.Header.Get("Authorization")]++
		mu.Unlock()
		status, perms, life := answer(n)
		w.Header().Set("Content-Type", "application/json")
		if status != http.StatusOK {
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"error":{"code":"REFUSED","message":"refused"}}`))
			return
		}
		_ = json.NewEncoder(w).Encode(demo.Identity{UserID: "usr", Name: "Stub", TenantID: "bistro", Roles: []string{"owner"},
			Permissions: perms, Timezone: "America/New_York", Currency: "USD", ExpiresAt: demotest.Now.Add(life)})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// shortTokens is an auth service whose tokens live life from the first
// check and are refused after it.
func shortTokens(t *testing.T, life time.Duration) *httptest.Server {
	return authStub(t, func(n int) (int, []string, time.Duration) {
		if n == 0 {
			return http.StatusOK, demo.AllPermissions, life
		}
		return http.StatusUnauthorized, nil, 0
	})
}

// withAuth points a harness's auth service at srv.
func withAuth(srv *httptest.Server) func(map[clients.Service]clients.Endpoint) {
	return func(eps map[clients.Service]clients.Endpoint) {
		ep := eps[clients.Auth]
		ep.URL = srv.URL
		eps[clients.Auth] = ep
	}
}

// TestSubscriptionEndsWhenTokenExpires: at its token's expiry a stream
// asks the auth service again, and ends with UNAUTHENTICATED when refused.
func TestSubscriptionEndsWhenTokenExpires(t *testing.T) {
	h := liveHarness(t, 20*time.Millisecond, nil, withAuth(shortTokens(t, 300*time.Millisecond)))
	unauthenticated := func(u gatewaytest.Update) bool {
		return len(u.Errors) == 1 && u.Errors[0].Extensions["code"] == "UNAUTHENTICATED"
	}
	// The first value may come before or after the expiry on a slow
	// machine; the stream must end with UNAUTHENTICATED either way.
	endsUnauthenticated := func(t *testing.T, s *gatewaytest.Subscription) {
		for {
			u := s.Next(t)
			if unauthenticated(u) {
				return
			}
			if u.Complete || len(u.Errors) > 0 {
				t.Fatalf("the stream ended with %+v; want UNAUTHENTICATED", u)
			}
		}
	}
	t.Run("sse", func(t *testing.T) {
		s := h.SubscribeSSE(t, "sse-token", revenueSub, nil)
		endsUnauthenticated(t, s)
		if u := s.Next(t); !u.Complete {
			t.Errorf("the stream went on after UNAUTHENTICATED")
		}
	})
	t.Run("ws", func(t *testing.T) {
		ws := h.DialWS(t, map[string]any{"Authorization": "Bearer ws-token"})
		ws.Read(t)
		<-ws.Ch("")
		endsUnauthenticated(t, ws.Subscribe(t, "1", revenueSub))
		if end := <-ws.Ch(""); end.Code != 4403 {
			t.Errorf("the socket closed with %d %q; want 4403", end.Code, end.Reason)
		}
	})
}

// TestSubscriptionProtocolAndLimits: graphql-transport-ws's rules and
// maitre's limits, each answered as the protocol says.
func TestSubscriptionProtocolAndLimits(t *testing.T) {
	h := liveHarness(t, time.Hour, func(l *live.Limits) { l.PerConnection, l.PerTenant = 2, 3 }, nil)
	owner := map[string]any{"Authorization": "Bearer demo-owner"}
	closes := []struct {
		name   string
		init   map[string]any
		then   []map[string]any
		code   websocket.StatusCode
		reason string
	}{
		{"subscribe before connection_init", nil, []map[string]any{{"id": "1", "type": "subscribe", "payload": map[string]any{"query": revenueSub}}}, 4401, "Unauthorized"},
		{"a bad token", map[string]any{"Authorization": "Bearer nobody"}, nil, 4403, ""},
		{"no token", map[string]any{}, nil, 4403, ""},
		{"two connection_init", owner, []map[string]any{{"type": "connection_init"}}, 4429, "Too many initialisation requests"},
		{"a duplicate id", owner, []map[string]any{
			{"id": "1", "type": "subscribe", "payload": map[string]any{"query": revenueSub}},
			{"id": "1", "type": "subscribe", "payload": map[string]any{"query": revenueSub}}}, 4409, "Subscriber for 1 already exists"},
		{"an unknown message", owner, []map[string]any{{"type": "hello"}}, 4400, "Invalid message received"},
	}
	for _, tc := range closes {
		t.Run(tc.name, func(t *testing.T) {
			ws := h.DialWS(t, tc.init)
			for _, m := range tc.then {
				ws.Send(t, m)
			}
			ws.Read(t)
			var end gatewaytest.Update
			for end = range ws.Ch("") {
				if end.Code != 0 {
					break
				}
			}
			if end.Code != tc.code || tc.reason != "" && end.Reason != tc.reason {
				t.Errorf("closed with %d %q; want %d %q", end.Code, end.Reason, tc.code, tc.reason)
			}
		})
	}

	ws := h.DialWS(t, owner)
	ws.Read(t)
	<-ws.Ch("")
	codeOf := func(u gatewaytest.Update) any {
		if len(u.Errors) == 0 {
			return nil
		}
		return u.Errors[0].Extensions["code"]
	}
	if u := ws.Subscribe(t, "bad", `subscription { dashboard { nothing } }`).Next(t); codeOf(u) != "GRAPHQL_VALIDATION_FAILED" || !u.Complete {
		t.Errorf("an invalid subscription got %+v; want an error message", u)
	}
	q := ws.Subscribe(t, "q", `{ me { tenantId } }`)
	if u := q.Next(t); string(u.Data) != `{"me":{"tenantId":"bistro"}}` || !q.Next(t).Complete {
		t.Errorf("a query over the socket got %s; want its answer, then complete", u.Data)
	}
	ws.Subscribe(t, "a", revenueSub).Next(t)
	ws.Subscribe(t, "b", `subscription { tables { id } }`).Next(t)
	if u := ws.Subscribe(t, "c", revenueSub).Next(t); codeOf(u) != "TOO_MANY_SUBSCRIPTIONS" {
		t.Errorf("a third subscription on a connection holding two got %+v", u)
	}
	h.SubscribeSSE(t, "demo-cashier", revenueSub, nil).Next(t) // the tenant's third
	if u := h.SubscribeSSE(t, "demo-owner", revenueSub, nil).Next(t); codeOf(u) != "TOO_MANY_SUBSCRIPTIONS" {
		t.Errorf("the tenant's fourth subscription got %+v", u)
	}
	if u := h.SubscribeSSE(t, "cafe-owner", revenueSub, nil).Next(t); len(u.Errors) != 0 {
		t.Errorf("another tenant was refused: %v", u.Errors)
	}
	if r := h.Query(t, "demo-owner", revenueSub, nil); r.Status != http.StatusNotAcceptable || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "NOT_ACCEPTABLE" {
		t.Errorf("a subscription over plain POST got %d %s; want 406 NOT_ACCEPTABLE", r.Status, r.Raw)
	}
	if u := h.SubscribeSSE(t, "", revenueSub, nil).Next(t); u.Code != http.StatusUnauthorized {
		t.Errorf("an SSE subscription without a token got %d; want 401", u.Code)
	}
}

// TestSubscriptionsLeaveNoGoroutines: once every subscriber has left,
// over both transports, the pollers and streams are gone.
func TestSubscriptionsLeaveNoGoroutines(t *testing.T) {
	check := gatewaytest.LeakCheck()
	h := liveHarness(t, 10*time.Millisecond, nil, nil)
	var subs []*gatewaytest.Subscription
	var sockets []*gatewaytest.WSConn
	for i := range 10 {
		subs = append(subs, h.SubscribeSSE(t, "demo-owner", revenueSub, nil))
		ws := h.DialWS(t, map[string]any{"Authorization": "Bearer demo-owner"})
		ws.Read(t)
		<-ws.Ch("")
		subs = append(subs, ws.Subscribe(t, fmt.Sprint(i), `subscription { tables { id status } }`))
		sockets = append(sockets, ws)
	}
	for _, s := range subs {
		s.Next(t)
	}
	for _, s := range subs {
		s.Stop()
	}
	for _, ws := range sockets {
		ws.Close()
	}
	check(t)
}

// TestWebSocketOperationsRated: each operation sent over a socket takes a
// token of its tenant's rate, as a request would.
func TestWebSocketOperationsRated(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	h := serveOn(t, env, gatewaytest.With(gatewaytest.OptionsFor(env.Client(t, 2*time.Second)), func(o *gateway.Options) {
		o.TenantLimit = throttle.Limit{Rate: 0.001, Burst: 2}
	}))
	ws := h.DialWS(t, map[string]any{"Authorization": "Bearer demo-owner"})
	ws.Read(t)
	<-ws.Ch("")
	var codes []any
	for i := range 3 {
		u := ws.Subscribe(t, fmt.Sprint(i), `{ me { tenantId } }`).Next(t)
		var code any
		if len(u.Errors) > 0 {
			code = u.Errors[0].Extensions["code"]
		}
		codes = append(codes, code)
	}
	if fmt.Sprint(codes) != "[<nil> <nil> RATE_LIMITED]" {
		t.Errorf("three queries over a socket with a burst of two got %v; want the third RATE_LIMITED", codes)
	}
}

// TestSubscriptionAccessRechecked: at its token's expiry a stream ends
// with FORBIDDEN when the token now grants other permissions, and with
// UNAUTHENTICATED when the auth service fails past the token's expiry.
func TestSubscriptionAccessRechecked(t *testing.T) {
	cases := []struct {
		name   string
		answer func(n int) (int, []string, time.Duration)
		code   string
	}{
		{"permissions changed", func(n int) (int, []string, time.Duration) {
			if n == 0 {
				return http.StatusOK, demo.AllPermissions, 300 * time.Millisecond
			}
			return http.StatusOK, []string{"orders:read"}, time.Hour
		}, "FORBIDDEN"},
		{"auth down past the expiry", func(n int) (int, []string, time.Duration) {
			if n == 0 {
				return http.StatusOK, demo.AllPermissions, 300 * time.Millisecond
			}
			return http.StatusServiceUnavailable, nil, 0
		}, "UNAUTHENTICATED"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := liveHarness(t, 20*time.Millisecond, nil, withAuth(authStub(t, tc.answer)))
			s := h.SubscribeSSE(t, "token", revenueSub, nil)
			for {
				u := s.Next(t)
				if len(u.Errors) > 0 || u.Complete {
					if len(u.Errors) != 1 || u.Errors[0].Extensions["code"] != tc.code {
						t.Fatalf("the stream ended with %+v; want %s", u, tc.code)
					}
					return
				}
			}
		})
	}
}

// TestSubscriptionEdges: what an attack on the first version found.
func TestSubscriptionEdges(t *testing.T) {
	h := liveHarness(t, time.Hour, func(l *live.Limits) { l.PollersPerTenant = 2 }, nil)
	ws := h.DialWS(t, map[string]any{"Authorization": "Bearer demo-owner"})
	ws.Read(t)
	<-ws.Ch("")
	t.Run("an id used again at once after complete", func(t *testing.T) {
		ws.Subscribe(t, "x", revenueSub).Stop()
		if u := ws.Subscribe(t, "x", revenueSub).Next(t); len(u.Errors) > 0 || u.Complete {
			t.Errorf("the second subscription under x got %+v", u)
		}
	})
	t.Run("another operation's fragments in the document", func(t *testing.T) {
		s := ws.SubscribePayload(t, "f", map[string]any{"query": `query A { ...Q } fragment Q on Query { me { name } } subscription B { tables { id } }`, "operationName": "B"})
		if u := s.Next(t); len(u.Errors) > 0 || !bytes.Contains(u.Data, []byte(`"tables":[`)) {
			t.Errorf("got %s %v; want the tables", u.Data, u.Errors)
		}
	})
	t.Run("a third selection past two pollers", func(t *testing.T) {
		if u := h.SubscribeSSE(t, "demo-owner", `subscription { tables { name } }`, nil).Next(t); len(u.Errors) == 0 || u.Errors[0].Extensions["code"] != "TOO_MANY_SUBSCRIPTIONS" {
			t.Errorf("got %+v; want TOO_MANY_SUBSCRIPTIONS", u)
		}
	})
	t.Run("PUT asking for a stream", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPut, h.URL+"/query", strings.NewReader(`{"query":"{ me { name } }"}`))
		req.Header.Set("Accept", "text/event-stream")
		req.Header.Set("Authorization", "Bearer demo-owner")
		if r := gatewaytest.Do(t, req); r.Status != http.StatusMethodNotAllowed {
			t.Errorf("HTTP %d; want 405", r.Status)
		}
	})
}

// TestStreamOperationsShed: queries sent over streams count in flight as
// requests do.
func TestStreamOperationsShed(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	h := serveOn(t, env, gatewaytest.With(gatewaytest.OptionsFor(env.Client(t, 3*time.Second)), func(o *gateway.Options) {
		o.MaxInFlight = 1
	}))
	env.Demo.SetFaults(faults.Set{clients.Orders: {Latency: 500 * time.Millisecond}})
	var wg sync.WaitGroup
	codes := make([]any, 5)
	for i := range codes {
		wg.Go(func() {
			if u := h.SubscribeSSE(t, "demo-owner", `{ dashboard { revenue { orderCount } } }`, nil).Next(t); len(u.Errors) > 0 {
				codes[i] = u.Errors[0].Extensions["code"]
			}
		})
	}
	wg.Wait()
	shed := 0
	for _, c := range codes {
		if c == "SERVICE_OVERLOADED" {
			shed++
		}
	}
	if shed == 0 {
		t.Errorf("five queries over SSE at once with room for one: %v; want some SERVICE_OVERLOADED", codes)
	}
}

// TestDashboardPage: GET /dashboard is the page, locked to this origin,
// its token field pre-filled only where the playground's is; the
// playground links to it.
func TestDashboardPage(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	for _, tc := range []struct {
		name    string
		headers map[string]string
		value   string
	}{
		{"demo", map[string]string{"Authorization": "Bearer demo-owner"}, `value="demo-owner"`},
		{"production", nil, `value=""`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := serveOn(t, env, gatewaytest.With(gatewaytest.OptionsFor(env.Client(t, time.Second)), func(o *gateway.Options) {
				o.PlaygroundHeaders = tc.headers
			}))
			resp, err := http.Get(h.URL + "/dashboard")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") ||
				!strings.Contains(string(body), tc.value) || !strings.Contains(string(body), `src="/assets/uPlot.iife.min.js"`) {
				t.Errorf("HTTP %d, CSP %q, token field %v", resp.StatusCode, resp.Header.Get("Content-Security-Policy"), strings.Contains(string(body), tc.value))
			}
			resp, err = http.Get(h.URL + "/")
			if err != nil {
				t.Fatal(err)
			}
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			if !strings.Contains(string(body), `href="/dashboard"`) || !strings.Contains(string(body), "graphiql") {
				t.Errorf("the playground has no link to the dashboard")
			}
		})
	}
}

// serveOn serves a gateway built with o in front of env's services.
func serveOn(t testing.TB, env *demotest.Env, o gateway.Options) *gatewaytest.Gateway {
	t.Helper()
	return gatewaytest.Serve(t, env, gatewaytest.Handler(t, o))
}
