package toolbox_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// bearerTransport adds a token to every request.
type bearerTransport struct{ token string }

func (b bearerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}

// mcpSession connects the Go SDK's client to /mcp with token.
func mcpSession(t *testing.T, h *gatewaytest.Gateway, token string) (*mcp.ClientSession, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil)
	s, err := c.Connect(ctx, &mcp.StreamableClientTransport{Endpoint: h.URL + "/mcp",
		HTTPClient: &http.Client{Transport: bearerTransport{token}}, DisableStandaloneSSE: true}, nil)
	if err == nil {
		t.Cleanup(func() { _ = s.Close() })
	}
	return s, err
}

func listTools(t *testing.T, s *mcp.ClientSession) []*mcp.Tool {
	t.Helper()
	list, err := s.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return list.Tools
}

// call calls a tool and decodes its GraphQL answer (the last content).
func call(t *testing.T, s *mcp.ClientSession, name string, args map[string]any) (*mcp.CallToolResult, gatewaytest.Response) {
	t.Helper()
	res, err := s.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var r gatewaytest.Response
	text := res.Content[len(res.Content)-1].(*mcp.TextContent).Text
	if err := json.Unmarshal([]byte(text), &r); err != nil {
		t.Fatalf("%s answered %q", name, text)
	}
	return res, r
}

// TestMCPTools lists and calls the tools with the Go SDK's client; the
// figures are checked against the raw data.
func TestMCPTools(t *testing.T) {
	t.Parallel()
	env := demotest.Start(t, demotest.Now)
	h := serveOn(t, env, gatewaytest.With(gatewaytest.OptionsFor(env.Client(t, 2*time.Second)), func(o *gateway.Options) {
		o.MCP = gateway.MCP{Arbitrary: true}
	}))
	s, err := mcpSession(t, h, "demo-owner")
	if err != nil {
		t.Fatal(err)
	}
	tools := listTools(t, s)
	var names []string
	for _, tl := range tools {
		names = append(names, tl.Name)
		if tl.Annotations == nil || !tl.Annotations.ReadOnlyHint || tl.Description == "" || strings.Contains(tl.Description, "demo-owner") {
			t.Errorf("tool %s: annotations %+v, description %q", tl.Name, tl.Annotations, tl.Description)
		}
	}
	if got := strings.Join(names, ","); got != "ask,best_sellers,busy_hours,describe_schema,low_stock,occupancy,pending_orders,revenue,revenue_change,run_query,stock_cover,unusual" {
		t.Errorf("tools %s", got)
	}
	total, orders := gatewaytest.BistroToday(t, h.Env)

	res, r := call(t, s, "revenue", nil)
	var rev struct {
		Revenue struct {
			Total      gatewaytest.Money
			OrderCount int
		}
	}
	r.Field(t, "revenue", &rev.Revenue)
	if res.IsError || rev.Revenue.Total.Amount != gatewaytest.Amount(total, "USD") || rev.Revenue.OrderCount != orders {
		t.Errorf("revenue: %s; want %s and %d orders", r.Raw, gatewaytest.Amount(total, "USD"), orders)
	}
	res, _ = call(t, s, "ask", map[string]any{"question": "What's my revenue today?"})
	if answer := res.Content[0].(*mcp.TextContent).Text; res.IsError || !strings.Contains(answer, gatewaytest.Display(total, "USD")) {
		t.Errorf("ask: %q; want it to name %s", answer, gatewaytest.Display(total, "USD"))
	}
	_, first := call(t, s, "ask", map[string]any{"question": "What's my revenue today?"})
	var chat struct{ Conversation string }
	first.Field(t, "chat", &chat)
	_, follow := call(t, s, "ask", map[string]any{"question": "and yesterday?", "conversation": chat.Conversation})
	var next struct {
		Conversation string
		Intents      []string
	}
	follow.Field(t, "chat", &next)
	if chat.Conversation == "" || next.Conversation != chat.Conversation || strings.Join(next.Intents, ",") != "revenue" {
		t.Errorf("a follow-up: %s; want the revenue of yesterday in conversation %s", follow.Raw, chat.Conversation)
	}
	if res, r := call(t, s, "run_query", map[string]any{"query": `mutation { x }`}); !res.IsError || len(r.Errors) == 0 {
		t.Errorf("run_query ran a mutation: %s", r.Raw)
	}
	if res, r := call(t, s, "run_query", map[string]any{"query": `{ me { tenantId } }`}); res.IsError || string(r.Data["me"]) != `{"tenantId":"bistro"}` {
		t.Errorf("run_query: %s", r.Raw)
	}
	if res, r := call(t, s, "best_sellers", map[string]any{"limit": "three"}); !res.IsError || r.Errors[0].Extensions["code"] == nil {
		t.Errorf("a bad argument: %s", r.Raw)
	}

	// Each of the insights, called with its defaults, answers in full.
	for _, tool := range []string{"revenue_change", "busy_hours", "stock_cover", "unusual"} {
		if res, r := call(t, s, tool, nil); res.IsError || len(r.Errors) > 0 || len(r.Data) != 1 {
			t.Errorf("%s: %s", tool, r.Raw)
		}
	}

	cashier, err := mcpSession(t, h, "demo-cashier")
	if err != nil {
		t.Fatal(err)
	}
	if res, r := call(t, cashier, "revenue", nil); !res.IsError || r.ErrorAt("revenue") == nil || r.ErrorAt("revenue").Extensions["code"] != "FORBIDDEN" {
		t.Errorf("the cashier's revenue: %s (isError %v); want an error result with FORBIDDEN", r.Raw, res.IsError)
	}
	if _, err := mcpSession(t, h, ""); err == nil || !strings.Contains(err.Error(), "401") && !strings.Contains(strings.ToLower(err.Error()), "unauthorized") {
		t.Errorf("no token: %v; want 401", err)
	}
}

// TestMCPToolsOffByDefault: run_query needs asking for, and
// describe_schema goes with introspection.
func TestMCPToolsOffByDefault(t *testing.T) {
	t.Parallel()
	env := demotest.Start(t, demotest.Now)
	for _, tc := range []struct {
		name       string
		production bool
		want       string
	}{
		{"development", false, "ask,best_sellers,busy_hours,describe_schema,low_stock,occupancy,pending_orders,revenue,revenue_change,stock_cover,unusual"},
		{"production", true, "ask,best_sellers,busy_hours,low_stock,occupancy,pending_orders,revenue,revenue_change,stock_cover,unusual"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := serveOn(t, env, gatewaytest.With(gatewaytest.OptionsFor(env.Client(t, 2*time.Second)), func(o *gateway.Options) {
				o.Limits.Document.NoIntrospection = tc.production
			}))
			s, err := mcpSession(t, h, "demo-owner")
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, tl := range listTools(t, s) {
				names = append(names, tl.Name)
			}
			if got := strings.Join(names, ","); got != tc.want {
				t.Errorf("tools %s; want %s", got, tc.want)
			}
		})
	}
}

// TestMCPRefusesBatches: a JSON-RPC batch would run many tools as one
// request, past the rate limits.
func TestMCPRefusesBatches(t *testing.T) {
	t.Parallel()
	env := demotest.Start(t, demotest.Now)
	h := serveOn(t, env, gatewaytest.OptionsFor(env.Client(t, 2*time.Second)))
	one := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"revenue","arguments":{}}}`
	h.Env.Reset()
	resp := post(t, h, " ["+one+","+one+"]", nil)
	if resp.status != http.StatusBadRequest || !strings.Contains(string(resp.body), "batches are not served") || len(h.Env.Calls(clients.Payments)) != 0 {
		t.Errorf("a batch: HTTP %d %s, %d payments calls", resp.status, resp.body, len(h.Env.Calls(clients.Payments)))
	}
}

// TestMCPBehindAProxy: a request for /mcp under another Host, as a reverse
// proxy on the same machine sends it, is served.
func TestMCPBehindAProxy(t *testing.T) {
	t.Parallel()
	env := demotest.Start(t, demotest.Now)
	h := serveOn(t, env, gatewaytest.OptionsFor(env.Client(t, 2*time.Second)))
	resp := post(t, h, `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`, func(r *http.Request) { r.Host = "maitre.example.com" })
	if resp.status != http.StatusOK || !strings.Contains(string(resp.body), `"name":"ask"`) {
		t.Errorf("HTTP %d %s", resp.status, resp.body)
	}
}

// answer is an HTTP answer of /mcp.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// post sends body to /mcp as an MCP client of the 2025-06-18 protocol
// does, with the owner's token, as change changes it (nil: no change).
func post(t *testing.T, h *gatewaytest.Gateway, body string, change func(*http.Request)) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.URL+"/mcp", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer demo-owner")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Mcp-Protocol-Version", "2025-06-18")
	if change != nil {
		change(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header, b}
}

// serveOn serves a gateway built with o in front of env's services.
func serveOn(t *testing.T, env *demotest.Env, o gateway.Options) *gatewaytest.Gateway {
	t.Helper()
	return gatewaytest.Serve(t, env, gatewaytest.Handler(t, o))
}
