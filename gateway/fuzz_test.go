package gateway_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/demo/demotest"
)

// FuzzRequest sends arbitrary bodies, query strings and headers to /query
// and /chat: never a panic (even a recovered one), never a 500, always a
// JSON answer.
func FuzzRequest(f *testing.F) {
	env := demotest.Start(f, demotest.Now)
	h := handler(f, options(env.Client(f, time.Second)))
	seeds := []struct{ method, path, query, body, contentType, correlation string }{
		{"POST", "/query", "", `{"query":"{ me { name } }"}`, "application/json", "abc"},
		{"POST", "/query", "", `{"query":"query($r: DateRange) { revenue(range: $r) { total { amount } } }","variables":{"r":{"from":"2026-11-01","to":"2026-11-02"}}}`, "application/json", ""},
		{"GET", "/query", "query=" + url.QueryEscape("{ lowStock { name } }"), "", "", ""},
		{"POST", "/query", "", `{"query":"{ orders(first: -1) { nodes { id } } }"}`, "application/graphql-response+json", "x y"},
		{"POST", "/query", "", `{"query":`, "application/json", ""},
		{"POST", "/query", "", `{ me { name } }`, "application/graphql", ""},
		{"POST", "/chat", "", `{"question":"revenue today vs yesterday"}`, "application/json", ""},
		{"POST", "/chat", "", `[1,2]`, "text/plain", ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.query, s.body, s.contentType, s.correlation)
	}
	f.Fuzz(func(t *testing.T, method, path, query, body, contentType, correlation string) {
		if method != "GET" && method != "POST" {
			method = "POST"
		}
		if path != "/chat" {
			path = "/query"
		}
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.URL.RawQuery = query
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("X-Correlation-ID", correlation)
		req.Header.Set("Authorization", "Bearer demo-owner")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= http.StatusInternalServerError && rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("%s %s?%s %q: HTTP %d %s", method, path, query, body, rec.Code, rec.Body.String())
		}
		if strings.Contains(rec.Body.String(), "INTERNAL_SERVER_ERROR") {
			t.Fatalf("%s %s %q: an internal error: %s", method, path, body, rec.Body.String())
		}
		if !strings.Contains(rec.Header().Get("Content-Type"), "json") {
			t.Fatalf("%s %s %q: Content-Type %q", method, path, body, rec.Header().Get("Content-Type"))
		}
	})
}
