package gateway_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// limitedHarness serves a gateway with the default limits, or with them
// in production when production is set.
func limitedHarness(t *testing.T, production bool) *harness {
	t.Helper()
	env := demotest.Start(t, demotest.Now)
	return serve(t, env, with(options(env.Client(t, time.Second)), func(o *gateway.Options) {
		o.Limits.Document.NoIntrospection = production
	}))
}

func TestRequestLimits(t *testing.T) {
	h := limitedHarness(t, false)
	nested := "{ orders(first: 1) { nodes { id"
	for range 6 {
		nested += " payments { order { id"
	}
	nested += strings.Repeat(" } }", 6) + " } } }"
	aliases := "{ me {"
	for i := range 31 {
		aliases += fmt.Sprintf(" a%d: name", i)
	}
	aliases += " } }"
	costly := "{"
	for i := range 6 {
		costly += fmt.Sprintf(" o%d: orders(first: 500) { nodes { items { product { name } } } }", i)
	}
	costly += " }"
	// An aggregate over a long range reads every order in it.
	ranged := func(rng string) string {
		q := "{"
		for i := range 10 {
			q += fmt.Sprintf(" b%d: bestSellers(range: %s, limit: 100) { product { name } quantity }", i, rng)
		}
		return q + " }"
	}
	chats := func(n int) string {
		q := "{"
		for i := range n {
			q += fmt.Sprintf(" c%d: chat(question: \"revenue today\") { answer }", i)
		}
		return q + " }"
	}
	tests := []struct {
		name, query string
		code        string
	}{
		{"too deep", nested, "QUERY_TOO_DEEP"},
		{"too many aliases", aliases, "TOO_MANY_ALIASES"},
		{"too costly", costly, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"long ranges", ranged(`{from: "2025-11-01", to: "2026-11-30"}`), "COMPLEXITY_LIMIT_EXCEEDED"},
		{"three questions", chats(3), "COMPLEXITY_LIMIT_EXCEEDED"},
		{"first over 500", `{ orders(first: 501) { nodes { id } } }`, "BAD_USER_INPUT"},
	}
	// Each asked twice: an admitted document's complexity is kept, and
	// must judge the second asking as the first.
	for range 2 {
		for _, tt := range tests {
			resp := h.Query(t, "demo-owner", tt.query, nil)
			if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != tt.code || resp.Status != 200 {
				t.Errorf("%s: HTTP %d errors %+v; want 200 with %s", tt.name, resp.Status, resp.Errors, tt.code)
			}
		}
		// Within the limits, the same shapes pass.
		for _, q := range []string{
			`{ a: me { name } b: orders(first: 500) { nodes { items { product { name } } } } }`,
			ranged("{period: LAST_30_DAYS}"),
			chats(2),
		} {
			if resp := h.Query(t, "demo-owner", q, nil); len(resp.Errors) > 0 {
				t.Errorf("a query within the limits: %.80s: %+v", q, resp.Errors)
			}
		}
	}
	// One document, its cost in its variables: judged by each request's.
	paged := "query($n: Int) {" + strings.ReplaceAll(costly[1:], "first: 500", "first: $n")
	for _, tt := range []struct {
		n    int
		code string
	}{{10, ""}, {500, "COMPLEXITY_LIMIT_EXCEEDED"}, {10, ""}} {
		resp := h.Query(t, "demo-owner", paged, map[string]any{"n": tt.n})
		code := ""
		if len(resp.Errors) > 0 {
			code, _ = resp.Errors[0].Extensions["code"].(string)
		}
		if code != tt.code {
			t.Errorf("six pages of %d: errors %+v; want %q", tt.n, resp.Errors, tt.code)
		}
	}
}

func TestBodyLimit(t *testing.T) {
	h := limitedHarness(t, false)
	big := `{"query":"{ me { name } }","variables":{"pad":"` + strings.Repeat("x", 1<<20) + `"}}`
	for _, path := range []string{"/query", "/chat"} {
		req, _ := http.NewRequest(http.MethodPost, h.URL+path, strings.NewReader(big))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer demo-owner")
		resp := gatewaytest.Do(t, req)
		if resp.Status != 413 || resp.Errors[0].Extensions["code"] != "REQUEST_TOO_LARGE" {
			t.Errorf("%s with a 1 MiB body: HTTP %d %+v; want 413 REQUEST_TOO_LARGE", path, resp.Status, resp.Errors)
		}
	}
}

func TestIntrospection(t *testing.T) {
	const q = `{ __schema { queryType { name } } }`
	dev := limitedHarness(t, false)
	if resp := dev.Query(t, "demo-owner", q, nil); len(resp.Errors) > 0 {
		t.Errorf("introspection in development: %+v", resp.Errors)
	}
	prod := limitedHarness(t, true)
	if resp := prod.Query(t, "demo-owner", q, nil); len(resp.Errors) == 0 {
		t.Errorf("introspection in production answered %s", resp.Data["__schema"])
	}
}

func TestPersistedQueries(t *testing.T) {
	h := limitedHarness(t, false)
	const q = `{ me { tenantId } }`
	sum := sha256.Sum256([]byte(q))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	send := func(body map[string]any) response {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(http.MethodPost, h.URL+"/query", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer demo-owner")
		return gatewaytest.Do(t, req)
	}
	if r := send(map[string]any{"extensions": ext}); len(r.Errors) == 0 || r.Errors[0].Message != "PersistedQueryNotFound" {
		t.Errorf("unknown hash: %+v", r.Errors)
	}
	if r := send(map[string]any{"query": q, "extensions": ext}); len(r.Errors) > 0 {
		t.Errorf("registering: %+v", r.Errors)
	}
	if r := send(map[string]any{"extensions": ext}); len(r.Errors) > 0 || string(r.Data["me"]) != `{"tenantId":"bistro"}` {
		t.Errorf("by hash: %s %+v", r.Data["me"], r.Errors)
	}
	// An invalid query is never registered.
	const bad = `{ me { nope } }`
	badSum := sha256.Sum256([]byte(bad))
	badExt := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(badSum[:])}}
	if r := send(map[string]any{"query": bad, "extensions": badExt}); len(r.Errors) == 0 {
		t.Errorf("an invalid query ran")
	}
	if r := send(map[string]any{"extensions": badExt}); len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "PERSISTED_QUERY_NOT_FOUND" {
		t.Errorf("the invalid query's hash: %+v; want PERSISTED_QUERY_NOT_FOUND", r.Errors)
	}
}

func TestUnsupportedMediaType(t *testing.T) {
	h := limitedHarness(t, false)
	req, _ := http.NewRequest(http.MethodPost, h.URL+"/query", strings.NewReader(`query=%7Bme%7Bname%7D%7D`))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer demo-owner")
	resp := gatewaytest.Do(t, req)
	if resp.Status != 415 || resp.Errors[0].Extensions["code"] != "UNSUPPORTED_MEDIA_TYPE" {
		t.Errorf("a form body: HTTP %d %+v; want 415 UNSUPPORTED_MEDIA_TYPE", resp.Status, resp.Errors)
	}
}

func TestMalformedBodyIsNotEchoed(t *testing.T) {
	h := limitedHarness(t, false)
	req, _ := http.NewRequest(http.MethodPost, h.URL+"/query", strings.NewReader(`{"query": "{ me { name } }", secret-token-123`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer demo-owner")
	resp := gatewaytest.Do(t, req)
	if resp.Status != 400 || len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "BAD_REQUEST" ||
		strings.Contains(resp.Errors[0].Message, "secret-token-123") {
		t.Errorf("malformed JSON: HTTP %d %+v; want 400 BAD_REQUEST without the body echoed", resp.Status, resp.Errors)
	}
}
