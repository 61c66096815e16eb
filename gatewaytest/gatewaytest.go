// Package gatewaytest runs maitre for tests as the binary assembles it
// (package app), in front of the demo services (package demotest), with
// the demo's tokens and a GraphQL client.
//
//	g := gatewaytest.New(t, nil) // the default configuration, at demotest.Now
//	resp := g.Query(t, "demo-owner", `{ revenue { total { amount } } }`, nil)
//	var rev struct{ Total struct{ Amount string } }
//	resp.Field(t, "revenue", &rev)
//
// Settings are given as the MAITRE_* variables name them. The clock is
// demotest.Now unless MAITRE_NOW says otherwise, or is "" for real time.
// Tests of the gateway package itself start from Options, the options the
// default configuration maps to, and change what they test.
package gatewaytest

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/app"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/config"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/throttle"
)

// Options are the gateway options of the default configuration, as the
// binary maps them: every limit at its default. Clients and what else
// only a running app holds are the test's to add.
func Options() gateway.Options {
	cfg, err := config.Parse(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		panic(err) // the defaults are valid: config's tests say so
	}
	return app.GatewayOptions(cfg)
}

// Patient is the service timeout of tests that do not test timeouts:
// long enough that a loaded machine's slowness is not taken for a
// service's.
const Patient = 5 * time.Second

// Quiet are the settings New starts from, for a test's answers to depend
// on the test alone: the clock pinned at demotest.Now, patient service
// timeouts, no shedding by memory (the test process's heap is not the
// gateway's), no rate limit, no answer reused or kept stale, and no kept
// day read again in the background (a call the test did not make). A test
// of one of these sets it again; MAITRE_NOW "" is real time.
var Quiet = func() map[string]string {
	vars := map[string]string{"MAITRE_NOW": demotest.Now.Format(time.RFC3339), "MAITRE_MEMORY_LIMIT": "0",
		"MAITRE_CLIENT_RATE": "0", "MAITRE_TENANT_RATE": "0", "MAITRE_CLOSED_DAY_RECHECK_EVERY": "0"}
	maps.Copy(vars, PatientTimeouts)
	for _, s := range clients.Services {
		vars["MAITRE_"+strings.ToUpper(string(s))+"_CACHE_TTL"] = "0"
		vars["MAITRE_"+strings.ToUpper(string(s))+"_STALE_FOR"] = "0"
	}
	return vars
}()

// PatientTimeouts set every service's timeout, and Redis's, to Patient.
var PatientTimeouts = func() map[string]string {
	vars := map[string]string{"MAITRE_REDIS_TIMEOUT": Patient.String()}
	for _, s := range clients.Services {
		vars["MAITRE_"+strings.ToUpper(string(s))+"_TIMEOUT"] = Patient.String()
	}
	return vars
}()

// OptionsFor are Options over c as Quiet sets them for tests: the clock
// pinned at demotest.Now, logging nowhere, no rate limit, no shedding by
// memory and no kept day read again in the background.
func OptionsFor(c *clients.Client) gateway.Options {
	o := Options()
	o.Clients, o.Now = c, func() time.Time { return demotest.Now }
	o.Logger = slog.New(slog.DiscardHandler)
	o.ClientLimit, o.TenantLimit, o.MaxLiveHeap = throttle.Limit{}, throttle.Limit{}, 0
	o.ClosedDays.Recheck = 0
	return o
}

// With is o as set changes it.
func With(o gateway.Options, set func(*gateway.Options)) gateway.Options {
	set(&o)
	return o
}

// Handler builds a gateway with o.
func Handler(t testing.TB, o gateway.Options) http.Handler {
	t.Helper()
	h, err := gateway.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// Gateway is maitre on loopback in front of the demo services, whose
// calls it counts and whose raw data it reads (the embedded Env).
type Gateway struct {
	*demotest.Env
	App *app.App
	URL string
}

// New serves maitre with Quiet and settings over the demo (or over the
// services settings name) until the test ends.
func New(t testing.TB, settings map[string]string) *Gateway {
	t.Helper()
	vars := maps.Clone(Quiet)
	maps.Copy(vars, settings)
	now := time.Now
	if vars["MAITRE_NOW"] != "" {
		pinned, err := time.Parse(time.RFC3339, vars["MAITRE_NOW"])
		if err != nil {
			t.Fatal(err)
		}
		now = func() time.Time { return pinned }
	}
	env := demotest.StartClock(t, now)
	for s, u := range env.URLs {
		if k := "MAITRE_" + strings.ToUpper(string(s)) + "_URL"; vars[k] == "" {
			vars[k] = u
		}
	}
	vars["MAITRE_DEMO"] = "true" // demotest's: the playground is filled in with its token
	cfg, err := config.Parse(nil, func(k string) string { return vars[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(cfg, app.Options{Transport: env})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return &Gateway{Env: env, App: a, URL: srv.URL}
}

// Serve serves h on loopback, in front of env's services, until the test
// ends: a gateway a test built itself, from Options.
func Serve(t testing.TB, env *demotest.Env, h http.Handler) *Gateway {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &Gateway{Env: env, URL: srv.URL}
}

// Error is one entry of a response's errors.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Response is a GraphQL answer, with its status, headers and bytes.
type Response struct {
	Status     int
	Header     http.Header
	Raw        []byte
	Data       map[string]json.RawMessage `json:"data"`
	Errors     []Error                    `json:"errors"`
	Extensions map[string]json.RawMessage `json:"extensions"`
}

// Query POSTs a GraphQL request with a bearer token ("" for none).
func (g *Gateway) Query(t testing.TB, token, query string, vars map[string]any) Response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, g.URL+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return Do(t, req)
}

// Do sends req and reads its GraphQL answer.
func Do(t testing.TB, req *http.Request) Response {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := Response{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: body is not JSON: %v: %s", req.URL, err, raw)
	}
	return out
}

// Field decodes data[name] into v.
func (r Response) Field(t testing.TB, name string, v any) {
	t.Helper()
	raw, ok := r.Data[name]
	if !ok {
		t.Fatalf("no data.%s in response (errors %+v)", name, r.Errors)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("data.%s: %v", name, err)
	}
}

// ErrorAt returns the error whose path starts with the given elements.
func (r Response) ErrorAt(path ...any) *Error {
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

// Services decodes extensions.services: each service the request called.
func (r Response) Services(t testing.TB) map[string]ServiceCalls {
	t.Helper()
	var list []ServiceCalls
	if err := json.Unmarshal(r.Extensions["services"], &list); err != nil {
		t.Fatalf("extensions.services: %v in %s", err, r.Raw)
	}
	out := map[string]ServiceCalls{}
	for _, s := range list {
		out[s.Service] = s
	}
	return out
}

// ServiceCalls is one entry of extensions.services.
type ServiceCalls struct {
	Service                  string
	Calls, Cached, Coalesced int
	Windows                  int
	Status, Breaker          string
	Stale                    bool
	AgeMs                    int64
	DurationMs               float64
}
