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

	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gateway"
)

// harness is a gateway in front of the demo services, on loopback.
type harness struct {
	env *demotest.Env
	url string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	env := demotest.Start(t, demotest.Now)
	return serve(t, env, gateway.Options{Clients: env.Client(t, 300*time.Millisecond)})
}

// handler builds a gateway over env's services at the pinned clock,
// logging nowhere unless o says otherwise.
func handler(tb testing.TB, o gateway.Options) http.Handler {
	tb.Helper()
	if o.Now == nil {
		o.Now = func() time.Time { return demotest.Now }
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
	}
	if o.ClosedDays.Recheck == 0 {
		o.ClosedDays.Recheck = -1 // a re-read in the background is a call the test did not make
	}
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
