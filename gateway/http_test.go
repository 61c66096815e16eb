package gateway_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/gatewaytest"
)

func TestCorrelationID(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name, sent string
		kept       bool
	}{
		{"sane", "req-42_a.b", true},
		{"none", "", false},
		{"too long", strings.Repeat("a", 65), false},
		{"bad characters", "abc def<script>", false},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodPost, h.URL+"/query", strings.NewReader(`{"query":"{ me { name } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer demo-owner")
		if tt.sent != "" {
			req.Header.Set("X-Correlation-ID", tt.sent)
		}
		resp := gatewaytest.Do(t, req)
		got := resp.Header.Get("X-Correlation-ID")
		if tt.kept && got != tt.sent || !tt.kept && (got == tt.sent || !regexp.MustCompile(`^[a-f0-9]{32}$`).MatchString(got)) {
			t.Errorf("%s: sent %q, got %q", tt.name, tt.sent, got)
		}
		var ext string
		_ = json.Unmarshal(resp.Extensions["correlationId"], &ext)
		if ext != got {
			t.Errorf("%s: extensions.correlationId %q; header %q", tt.name, ext, got)
		}
	}
}

func TestServicesExtension(t *testing.T) {
	h := newHarness(t)
	h.Env.Demo.SetFaults(faults.Set{clients.Restaurant: {Mode: "error", Status: 502}})
	resp := h.Query(t, "demo-owner", `{ tableOccupancy { occupied } lowStock { id } }`, nil)
	var services []struct {
		Service    string
		Calls      int
		DurationMs float64
		Status     string
	}
	if err := json.Unmarshal(resp.Extensions["services"], &services); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"auth": "ok", "inventory": "ok", "restaurant": "error"}
	if len(services) != len(want) {
		t.Fatalf("services %+v; want %v", services, want)
	}
	for _, s := range services {
		if want[s.Service] != s.Status || s.Calls != 1 || s.DurationMs <= 0 {
			t.Errorf("service %+v; want one call with status %s", s, want[s.Service])
		}
	}
}

func TestTransports(t *testing.T) {
	h := newHarness(t)
	get, _ := http.NewRequest(http.MethodGet, h.URL+"/query?query="+url.QueryEscape("{ me { tenantId } }"), nil)
	get.Header.Set("Authorization", "Bearer demo-owner")
	if resp := gatewaytest.Do(t, get); resp.Status != 200 || string(resp.Data["me"]) != `{"tenantId":"bistro"}` {
		t.Errorf("GET: HTTP %d data %s", resp.Status, resp.Data["me"])
	}

	post, _ := http.NewRequest(http.MethodPost, h.URL+"/query", strings.NewReader(`{"query":"{ me { tenantId } }"}`))
	post.Header.Set("Content-Type", "application/json")
	post.Header.Set("Accept", "application/graphql-response+json")
	post.Header.Set("Authorization", "Bearer demo-owner")
	resp := gatewaytest.Do(t, post)
	if resp.Status != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/graphql-response+json") {
		t.Errorf("POST graphql-response+json: HTTP %d, Content-Type %q", resp.Status, resp.Header.Get("Content-Type"))
	}

	unknown, _ := http.NewRequest(http.MethodGet, h.URL+"/nowhere", nil)
	if resp := gatewaytest.Do(t, unknown); resp.Status != 404 || resp.Errors[0].Extensions["code"] != "NOT_FOUND" {
		t.Errorf("unknown route: HTTP %d errors %+v", resp.Status, resp.Errors)
	}
}

func TestHealth(t *testing.T) {
	h := newHarness(t)
	check := func(path string, wantStatus int, wantServices map[string]string) {
		t.Helper()
		resp, err := http.Get(h.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Status   string
			Services map[string]string
		}
		decodeBody(t, resp, &body)
		if resp.StatusCode != wantStatus {
			t.Errorf("%s: HTTP %d; want %d", path, resp.StatusCode, wantStatus)
		}
		for s, want := range wantServices {
			if body.Services[s] != want {
				t.Errorf("%s: %s is %q; want %q", path, s, body.Services[s], want)
			}
		}
	}
	check("/health/live", 200, nil)
	check("/health/ready", 200, map[string]string{"auth": "ok", "orders": "ok", "payments": "ok", "inventory": "ok", "restaurant": "ok"})
	h.Env.Demo.SetFaults(faults.Set{clients.Payments: {Mode: "down"}})
	check("/health/ready", 503, map[string]string{"payments": "unavailable", "orders": "ok"})
	h.Env.Demo.SetFaults(nil)
	check("/health/live", 200, nil)
}

// TestPlaygroundOffline checks that the playground loads only embedded
// assets and that their integrity hashes match.
func TestPlaygroundOffline(t *testing.T) {
	h := newHarness(t)
	resp, err := http.Get(h.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "GraphiQL") {
		t.Fatalf("GET /: HTTP %d", resp.StatusCode)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"\s+integrity="([^"]+)"`).FindAllStringSubmatch(string(page), -1)
	if len(refs) < 4 {
		t.Fatalf("page references %d assets with integrity; want 4", len(refs))
	}
	for _, ref := range refs {
		src, sri := html.UnescapeString(ref[1]), html.UnescapeString(ref[2])
		if !strings.HasPrefix(src, "/assets/") {
			t.Errorf("asset %s is not served by maitre", src)
			continue
		}
		resp, err := http.Get(h.URL + src)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		sum := sha256.Sum256(body)
		if got := "sha256-" + base64.StdEncoding.EncodeToString(sum[:]); resp.StatusCode != 200 || got != sri {
			t.Errorf("%s: HTTP %d, hash %s; want %s", src, resp.StatusCode, got, sri)
		}
	}
	if regexp.MustCompile(`https?://`).MatchString(strings.ReplaceAll(string(page), "http://www.w3.org", "")) {
		t.Errorf("the playground page links outside maitre")
	}
}
