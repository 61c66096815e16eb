package gateway_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gateway"
)

// TestRouteLabels sends a request to every route the gateway serves, and
// to paths it does not, and reads the route each was counted under.
func TestRouteLabels(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	env := demotest.Start(t, demotest.Now)
	o := &observed{reader: reader, harness: serve(t, env, gateway.Options{
		Clients: env.Client(t, time.Second), Meter: sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)),
		Metrics: http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}),
	})}
	cases := []struct {
		name, method, path, body, want string
	}{
		{"query", http.MethodPost, "/query", `{"query":"{ me { name } }"}`, "/query"},
		{"query by GET", http.MethodGet, "/query?query=%7B__typename%7D", "", "/query"},
		{"chat", http.MethodPost, "/chat", `{"question":"revenue today?"}`, "/chat"},
		{"mcp", http.MethodPost, "/mcp", `{"jsonrpc":"2.0","id":1,"method":"ping"}`, "/mcp"},
		{"playground", http.MethodGet, "/", "", "/"},
		{"playground by HEAD", http.MethodHead, "/", "", "/"},
		{"dashboard", http.MethodGet, "/dashboard", "", "/dashboard"},
		{"asset", http.MethodGet, "/assets/dashboard.css", "", "/assets/"},
		{"missing asset", http.MethodGet, "/assets/nothing.js", "", "/assets/"},
		{"liveness", http.MethodGet, "/health/live", "", "/health/live"},
		{"readiness", http.MethodGet, "/health/ready", "", "/health/ready"},
		{"metrics", http.MethodGet, "/metrics", "", "/metrics"},
		{"unknown path", http.MethodGet, "/nowhere", "", "other"},
		{"MCP's metadata", http.MethodGet, "/.well-known/oauth-protected-resource/mcp", "", "/.well-known/oauth-protected-resource/mcp"},
		{"metadata at the bare path", http.MethodGet, "/.well-known/oauth-protected-resource", "", "/.well-known/oauth-protected-resource"},
		{"another well-known path", http.MethodGet, "/.well-known/openid-configuration", "", "other"},
		{"below a route", http.MethodGet, "/query/extra", "", "other"},
		{"method no route serves", http.MethodPost, "/dashboard", "", "other"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			count := func() int64 {
				var n int64
				for k, v := range metricPoints(t, o, "http.server.request.duration") {
					// http.route sorts last among the attributes.
					if strings.HasSuffix(k, ",http.route="+c.want) && strings.HasPrefix(k, "http.request.method="+c.method+",") {
						n += v
					}
				}
				return n
			}
			before := count()
			req, _ := http.NewRequest(c.method, o.URL+c.path, strings.NewReader(c.body))
			req.Header.Set("Authorization", "Bearer demo-owner")
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json, text/event-stream")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			// The duration is recorded as the handler returns, which may be
			// just after the client has the whole answer.
			for deadline := time.Now().Add(5 * time.Second); count() == before && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			}
			if got := count() - before; got != 1 {
				t.Errorf("%s %s (HTTP %d) counted %d times under route %q; want once", c.method, c.path, resp.StatusCode, got, c.want)
			}
		})
	}
}
