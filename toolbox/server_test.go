package toolbox_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// TestMCPServerBuiltOnce: the server and its tools are built with the
// handler, not for each request; a tools/list built them anew at 1,900
// allocations, where serving it costs under 300.
func TestMCPServerBuiltOnce(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	h := gatewaytest.Handler(t, gatewaytest.OptionsFor(env.Client(t, 2*time.Second)))
	list := func() {
		req := httptest.NewRequest(http.MethodPost, "/mcp", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set("Authorization", "Bearer demo-owner")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"name":"revenue"`) {
			t.Fatalf("HTTP %d %s", rec.Code, rec.Body.String())
		}
	}
	list()
	if n := testing.AllocsPerRun(20, list); n > 800 {
		t.Errorf("a tools/list allocates %.0f times; want under 800", n)
	}
}

// TestMCPViewersApart: calls from different viewers at once, through the
// one server, each run as its own viewer with its own permissions.
func TestMCPViewersApart(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, map[string]string{"MAITRE_MCP_ARBITRARY": "true"})
	viewers := map[string]string{"demo-owner": "bistro", "demo-cashier": "bistro", "cafe-owner": "cafe", "izakaya-owner": "izakaya"}
	var wg sync.WaitGroup
	for token, tenant := range viewers {
		s, err := mcpSession(t, h, token)
		if err != nil {
			t.Fatal(err)
		}
		for range 5 {
			wg.Go(func() {
				_, me := call(t, s, "run_query", map[string]any{"query": "{ me { tenantId } }"})
				res, rev := call(t, s, "revenue", nil)
				forbidden := rev.ErrorAt("revenue") != nil && rev.ErrorAt("revenue").Extensions["code"] == "FORBIDDEN"
				if string(me.Data["me"]) != fmt.Sprintf(`{"tenantId":%q}`, tenant) || forbidden != (token == "demo-cashier") || res.IsError != forbidden {
					t.Errorf("%s: me %s, revenue %s; want tenant %s, forbidden only to the cashier", token, me.Raw, rev.Raw, tenant)
				}
			})
		}
	}
	wg.Wait()
}

// TestMCPRequestDeadline: a tool runs under its request's deadline, which
// the SDK does not pass on by itself.
func TestMCPRequestDeadline(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, map[string]string{"MAITRE_REQUEST_TIMEOUT": "300ms", "MAITRE_PAYMENTS_TIMEOUT": "10s"})
	h.Env.Demo.SetFaults(faults.Set{clients.Payments: {Latency: 5 * time.Second}})
	s, err := mcpSession(t, h, "demo-owner")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, r := call(t, s, "revenue", nil)
	took := time.Since(start)
	timedOut := false
	for _, e := range r.Errors {
		timedOut = timedOut || e.Extensions["code"] == "GATEWAY_TIMEOUT"
	}
	if !timedOut || took > 3*time.Second {
		t.Errorf("revenue in %v: %+v; want GATEWAY_TIMEOUT at the request's deadline", took, r.Errors)
	}
}
