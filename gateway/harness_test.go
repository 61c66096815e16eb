package gateway_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/app"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/config"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/gatewaytest"
	"github.com/maitre-pos/maitre/throttle"
)

// harness is a gateway in front of the demo services, on loopback.
type harness struct {
	env *demotest.Env
	url string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	env := demotest.Start(t, demotest.Now)
	return serve(t, env, options(env.Client(t, 300*time.Millisecond)))
}

// options are the gateway options of the default configuration
// (gatewaytest.Options) over c, at the pinned clock, logging nowhere, as
// a test needs them: no rate limit or shedding by memory (the test
// process's heap is not the gateway's) unless the test sets one, and no
// kept day read again in the background (a call the test did not make).
func options(c *clients.Client) gateway.Options {
	return forTests(gatewaytest.Options(), c)
}

func forTests(o gateway.Options, c *clients.Client) gateway.Options {
	o.Clients, o.Now = c, func() time.Time { return demotest.Now }
	o.Logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
	o.ClientLimit, o.TenantLimit, o.MaxLiveHeap = throttle.Limit{}, throttle.Limit{}, 0
	o.ClosedDays.Recheck = 0
	return o
}

// configured are the gateway options the binary builds from the
// configuration vars give (MAITRE_* variables), over env's services
// through a client cc tunes further: the rate limits as configured, the
// rest as options sets them for tests.
func configured(t *testing.T, env *demotest.Env, vars map[string]string, cc clients.Config) (gateway.Options, *config.Config) {
	t.Helper()
	cfg, err := config.Parse(nil, func(k string) string { return vars[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cc.ParallelWindows = cfg.ParallelWindows
	o := forTests(app.GatewayOptions(cfg), env.ClientFor(t, cfg.Endpoints(), cc))
	o.ClientLimit, o.TenantLimit = cfg.ClientLimit, cfg.TenantLimit
	return o, cfg
}

// handler builds a gateway with o.
func handler(tb testing.TB, o gateway.Options) http.Handler {
	tb.Helper()
	h, err := gateway.New(o)
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// serve serves a gateway on loopback until the test ends.
func serve(t *testing.T, env *demotest.Env, o gateway.Options) *harness {
	t.Helper()
	srv := httptest.NewServer(handler(t, o))
	t.Cleanup(srv.Close)
	return &harness{env: env, url: srv.URL}
}

// gqlError is one entry of a response's errors.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type response struct {
	status     int
	header     http.Header
	raw        []byte
	Data       map[string]json.RawMessage `json:"data"`
	Errors     []gqlError                 `json:"errors"`
	Extensions map[string]json.RawMessage `json:"extensions"`
}

// query POSTs a GraphQL request with a bearer token ("" for none).
func (h *harness) query(t *testing.T, token, query string, vars map[string]any) response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, h.url+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return h.do(t, req)
}

func (h *harness) do(t *testing.T, req *http.Request) response {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := response{status: resp.StatusCode, header: resp.Header, raw: raw}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: body is not JSON: %v: %s", req.URL, err, raw)
	}
	return out
}

// field decodes data[name] into v.
func (r response) field(t *testing.T, name string, v any) {
	t.Helper()
	raw, ok := r.Data[name]
	if !ok {
		t.Fatalf("no data.%s in response (errors %+v)", name, r.Errors)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("data.%s: %v", name, err)
	}
}

// errorAt returns the error whose path starts with the given elements.
func (r response) errorAt(path ...any) *gqlError {
	for i, e := range r.Errors {
		if len(e.Path) < len(path) {
			continue
		}
		match := true
		for j, p := range path {
			if !samePathElem(e.Path[j], p) {
				match = false
				break
			}
		}
		if match {
			return &r.Errors[i]
		}
	}
	return nil
}

func samePathElem(got, want any) bool {
	if n, ok := want.(int); ok {
		f, ok := got.(float64)
		return ok && int(f) == n
	}
	return got == want
}

// with is o as set changes it.
func with(o gateway.Options, set func(*gateway.Options)) gateway.Options {
	set(&o)
	return o
}
