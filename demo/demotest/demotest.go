// Package demotest starts the demo services on loopback for tests, counts
// the calls made to them, and reads their raw data so tests can compute
// expectations independently of the gateway.
package demotest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
)

// Now is the instant tests pin the clock to: Thursday 26 November 2026,
// 13:30 in New York and 19:30 in Berlin.
var Now = time.Date(2026, 11, 26, 18, 30, 0, 0, time.UTC)

// Env is a running set of demo services.
type Env struct {
	Demo *demo.Demo
	URLs map[clients.Service]string

	mu      sync.Mutex
	calls   map[clients.Service][]string
	parents map[clients.Service][]string // traceparent headers sent
	hosts   map[string]clients.Service
}

// Start serves the five demo services on 127.0.0.1 with the clock at now,
// until the test ends.
func Start(t testing.TB, now time.Time) *Env {
	t.Helper()
	return StartClock(t, func() time.Time { return now })
}

// StartClock is Start with a clock the test may move.
func StartClock(t testing.TB, now func() time.Time) *Env {
	t.Helper()
	d := demo.New(now)
	addrs := map[clients.Service]string{}
	for _, s := range clients.Services {
		addrs[s] = "127.0.0.1:0"
	}
	c, err := d.Start(addrs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	e := &Env{Demo: d, URLs: c.URLs, calls: map[clients.Service][]string{}, parents: map[clients.Service][]string{}, hosts: map[string]clients.Service{}}
	for s, u := range c.URLs {
		e.hosts[strings.TrimPrefix(u, "http://")] = s
	}
	return e
}

// Endpoints are the services' endpoints with one timeout for all.
func (e *Env) Endpoints(timeout time.Duration) map[clients.Service]clients.Endpoint {
	out := map[clients.Service]clients.Endpoint{}
	for s, u := range e.URLs {
		out[s] = clients.Endpoint{URL: u, Timeout: timeout}
	}
	return out
}

// Client returns a clients.Client whose calls this Env counts.
func (e *Env) Client(t testing.TB, timeout time.Duration) *clients.Client {
	t.Helper()
	c, err := clients.New(clients.Config{Endpoints: e.Endpoints(timeout), Transport: e, ParallelWindows: clients.DefaultParallelWindows})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ClientFor returns a clients.Client with the given policies (URLs are
// filled in) and the rest of cfg, whose calls this Env counts.
func (e *Env) ClientFor(t testing.TB, eps map[clients.Service]clients.Endpoint, cfg clients.Config) *clients.Client {
	t.Helper()
	out := map[clients.Service]clients.Endpoint{}
	for s, ep := range eps {
		ep.URL = e.URLs[s]
		out[s] = ep
	}
	cfg.Endpoints, cfg.Transport = out, e
	c, err := clients.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// RoundTrip counts the call and sends it.
func (e *Env) RoundTrip(r *http.Request) (*http.Response, error) {
	e.mu.Lock()
	s := e.hosts[r.URL.Host]
	e.calls[s] = append(e.calls[s], r.URL.RequestURI())
	e.parents[s] = append(e.parents[s], r.Header.Get("Traceparent"))
	e.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

// Calls returns the request URIs sent to s since the last Reset.
func (e *Env) Calls(s clients.Service) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.calls[s]...)
}

// Traceparents returns the traceparent headers sent to s since the last
// Reset, one a call ("" where none was sent).
func (e *Env) Traceparents(s clients.Service) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.parents[s]...)
}

// Reset forgets the counted calls.
func (e *Env) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls = map[clients.Service][]string{}
	e.parents = map[clients.Service][]string{}
}

// Get fetches a service's path for tenant directly, without the gateway or
// the clients package, and decodes the JSON answer into out.
func (e *Env) Get(t testing.TB, s clients.Service, tenant, path string, q url.Values, out any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.URLs[s]+path+"?"+q.Encode(), nil)
	req.Header.Set("X-Tenant-ID", tenant)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s%s: %d %s", s, path, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("GET %s%s: %v", s, path, err)
	}
}

// All pages through a list endpoint and returns every row of field.
func All[T any](t testing.TB, e *Env, s clients.Service, tenant, path, field string, q url.Values) []T {
	t.Helper()
	var rows []T
	q.Set("limit", "1000")
	for {
		var page map[string]json.RawMessage
		e.Get(t, s, tenant, path, q, &page)
		var batch []T
		if err := json.Unmarshal(page[field], &batch); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, batch...)
		var next string
		_ = json.Unmarshal(page["next_cursor"], &next)
		if next == "" {
			return rows
		}
		q.Set("cursor", next)
	}
}
