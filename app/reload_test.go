package app_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maitre-pos/maitre/app"
	"github.com/maitre-pos/maitre/config"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// TestReloadsLeaveNothingRunning reloads 100 times, each changing every
// service's timeout and how long its answers are kept, with requests
// between: once the first is served, nothing a reload builds outlives
// the configuration it was built for.
func TestReloadsLeaveNothingRunning(t *testing.T) {
	file := filepath.Join(t.TempDir(), "maitre.yaml")
	write := func(i int) {
		var b strings.Builder
		b.WriteString("services:\n")
		for _, s := range []string{"auth", "orders", "payments", "inventory", "restaurant"} {
			fmt.Fprintf(&b, "  %s: {timeout: %dms, cache_ttl: %dms, stale_for: %ds}\n", s, 2000+i, 10+i, 60+i)
		}
		if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(0)
	getenv := func(k string) string {
		return map[string]string{"MAITRE_CONFIG": file, "MAITRE_NOW": "2026-11-26T19:00:00Z"}[k]
	}
	a := newApp(t, getenv)
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	ask := func() {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/query", strings.NewReader(`{"query":"{ revenue { total { amount } } lowStock { id } tableOccupancy { occupied } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer demo-owner")
		if resp := gatewaytest.Do(t, req); resp.Status != 200 || len(resp.Errors) > 0 {
			t.Fatalf("HTTP %d %+v", resp.Status, resp.Errors)
		}
	}
	ask()
	check := gatewaytest.LeakCheck()
	for i := 1; i <= 100; i++ {
		write(i)
		if got := a.Reload(); got != "applied" {
			t.Fatalf("reload %d: %s", i, got)
		}
		ask()
	}
	// Closed, the app and its demo end the live configuration's goroutines
	// and the keep-alive connections its clients hold: what is left, an
	// earlier configuration left.
	srv.Close()
	a.Close()
	check(t)
}

// TestDemoTokenFilledIn runs the app as `go run .` does, on the embedded
// demo with nothing set, and after a reload: the playground and the
// dashboard come with the demo's token filled in.
func TestDemoTokenFilledIn(t *testing.T) {
	file := filepath.Join(t.TempDir(), "maitre.yaml")
	if err := os.WriteFile(file, []byte("telemetry:\n  log_level: info\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string { return map[string]string{"MAITRE_CONFIG": file}[k] }
	a := newApp(t, getenv)
	check := func(when string) {
		for _, path := range []string{"/", "/dashboard"} {
			rec := httptest.NewRecorder()
			a.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			if !strings.Contains(rec.Body.String(), "demo-owner") {
				t.Errorf("%s, %s: the demo token is not filled in", when, path)
			}
		}
	}
	check("at start")
	if err := os.WriteFile(file, []byte("telemetry:\n  log_level: warn\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := a.Reload(); got != "applied" {
		t.Fatalf("reload: %s", got)
	}
	check("after a reload")
}

// newApp assembles the app as the configuration getenv gives says, until
// the test ends.
func newApp(t *testing.T, getenv func(string) string) *app.App {
	t.Helper()
	cfg, err := config.Parse(nil, getenv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(cfg, app.Options{Getenv: getenv})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	return a
}
