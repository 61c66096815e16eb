package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/testenv"
)

// metricsConfig has answers of inventory go stale at once and orders
// never cached, so that a stale answer and shared calls are seen, kept
// days re-read often, and four requests at most in flight, so that a
// burst of eight is shed in part.
const metricsConfig = `services:
  orders: {cache_ttl: 0s}
  inventory: {cache_ttl: 1ms}
closed_days:
  recheck_every: 1s
limits:
  max_in_flight: 4
`

// TestMetrics runs the gateway as main does, its Redis down, through a
// workload that records every metric, and checks what /metrics serves:
// promtool's lint, histogram boundaries in the unit the name says, and
// the README's table of metrics.
func TestMetrics(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	file := filepath.Join(t.TempDir(), "maitre.yaml")
	writeFile(t, file, metricsConfig)
	base, stop := startRun(t, env, map[string]string{"MAITRE_CONFIG": file, "MAITRE_REDIS_URL": "redis://127.0.0.1:1"}, io.Discard)
	defer stop()
	metricsWorkload(t, env, base)
	writeFile(t, file, metricsConfig+"# saved again\n") // a reload that changes no setting
	var text string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		text = scrape(t, base)
		if strings.Contains(text, "maitre_config_reloads_total") && strings.Contains(text, "maitre_closed_day_rechecks_total") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no reload or no re-read of a kept day counted within 10s:\n%s", text)
		}
	}
	families := parseMetrics(t, text)

	t.Run("promtool", func(t *testing.T) {
		promtool, err := exec.LookPath("promtool")
		if err != nil {
			testenv.Missing(t, "promtool is not installed (apt-get install -y prometheus); the promlint test runs its checks in process")
		}
		cmd := exec.Command(promtool, "check", "metrics")
		cmd.Stdin = strings.NewReader(text)
		if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("promtool check metrics: %v\n%s", err, out)
		}
	})
	t.Run("promlint", func(t *testing.T) {
		// The lint promtool check metrics runs, from client_golang.
		problems, err := promlint.New(strings.NewReader(text)).Lint()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Errorf("%s: %s", p.Metric, p.Text)
		}
	})
	t.Run("histogram buckets", func(t *testing.T) { checkBuckets(t, families) })
	t.Run("README table", func(t *testing.T) { checkTable(t, families) })
	t.Run("dashboard and rules", func(t *testing.T) { checkNames(t, families) })
}

// metricsWorkload records every metric: queries, one over a month of
// closed days, one answered stale, one with payments down, identical
// queries at once, a chat question, an MCP tool call, a subscription, and
// a request to each page.
func metricsWorkload(t *testing.T, env *demotest.Env, base string) {
	t.Helper()
	ok := func(status int, body string) {
		t.Helper()
		if status != http.StatusOK || strings.Contains(body, `"errors"`) {
			t.Fatalf("HTTP %d: %s", status, body)
		}
	}
	ok(post(t, base, "demo-owner", `{ me { name } }`))
	month := `{ revenue(range: {period: LAST_MONTH}) { total { amount } orderCount } }`
	ok(post(t, base, "demo-owner", month))
	ok(post(t, base, "demo-owner", month))

	ok(post(t, base, "demo-owner", `{ lowStock { id } }`))
	time.Sleep(10 * time.Millisecond) // past inventory's cache TTL
	env.Demo.SetFaults(faults.Set{clients.Inventory: {Mode: "down"}})
	if _, body := post(t, base, "demo-owner", `{ lowStock { id } }`); !strings.Contains(body, `"stale"`) {
		t.Errorf("inventory down: no stale answer: %s", body)
	}
	env.Demo.SetFaults(faults.Set{clients.Payments: {Mode: "down"}})
	if _, body := post(t, base, "demo-owner", `{ payments(first: 2) { nodes { id } } }`); !strings.Contains(body, "DOWNSTREAM") {
		t.Errorf("payments down: %s", body)
	}
	env.Demo.SetFaults(faults.Set{clients.Orders: {Latency: 200 * time.Millisecond}})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() { post(t, base, "demo-owner", `{ orders(first: 1) { nodes { id } } }`) })
	}
	wg.Wait()
	env.Demo.SetFaults(nil)

	chat, err := http.NewRequest(http.MethodPost, base+"/chat", strings.NewReader(`{"question":"what sold best today?"}`))
	if err != nil {
		t.Fatal(err)
	}
	chat.Header.Set("Authorization", "Bearer demo-owner")
	chat.Header.Set("Content-Type", "application/json")
	get(t, chat)
	callTool(t, base)
	subscribeOnce(t, base)
	for _, path := range []string{"/", "/dashboard", "/assets/dashboard.css", "/health/live", "/health/ready", "/nowhere"} {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		get(t, req)
	}
}

// get sends req and reads its answer whole.
func get(t *testing.T, req *http.Request) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

// callTool calls the revenue tool over MCP.
func callTool(t *testing.T, base string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil)
	s, err := c.Connect(ctx, &mcp.StreamableClientTransport{Endpoint: base + "/mcp", DisableStandaloneSSE: true,
		HTTPClient: &http.Client{Transport: bearer("demo-owner")}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if res, err := s.CallTool(ctx, &mcp.CallToolParams{Name: "revenue"}); err != nil || res.IsError {
		t.Fatalf("MCP revenue: %v %v", res, err)
	}
}

// bearer adds a token to every request.
type bearer string

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+string(b))
	return http.DefaultTransport.RoundTrip(r)
}

// subscribeOnce subscribes to the dashboard over Server-Sent Events and
// leaves after the first value.
func subscribeOnce(t *testing.T, base string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/query",
		strings.NewReader(`{"query":"subscription { dashboard { revenue { orderCount } } }"}`))
	req.Header.Set("Authorization", "Bearer demo-owner")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	for sc := bufio.NewScanner(resp.Body); sc.Scan(); {
		if sc.Text() == "event: next" {
			return
		}
	}
	t.Fatalf("subscription: HTTP %d and no value", resp.StatusCode)
}

// writeFile replaces name whole, as editors save.
func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name+".tmp", []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(name+".tmp", name); err != nil {
		t.Fatal(err)
	}
}

// scrape reads /metrics as Prometheus does.
func scrape(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(resp.Body); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: HTTP %d, %v", resp.StatusCode, err)
	}
	return b.String()
}

func parseMetrics(t *testing.T, text string) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.LegacyValidation)
	families, err := p.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return families
}

// checkBuckets: every histogram has boundaries of its own, in the unit
// its name gives; OpenTelemetry's defaults (0, 5, 10 ... 10000) are
// milliseconds.
func checkBuckets(t *testing.T, families map[string]*dto.MetricFamily) {
	for name, f := range families {
		if f.GetType() != dto.MetricType_HISTOGRAM {
			continue
		}
		var bounds []float64
		for _, b := range f.GetMetric()[0].GetHistogram().GetBucket() {
			if !math.IsInf(b.GetUpperBound(), 1) {
				bounds = append(bounds, b.GetUpperBound())
			}
		}
		if !strings.HasSuffix(name, "_seconds") {
			t.Errorf("%s: a histogram not in seconds; give it boundaries in telemetry/buckets.go and a case here", name)
			continue
		}
		if len(bounds) == 0 || bounds[0] > 0.001 || slices.Max(bounds) < 5 || slices.Max(bounds) > 60 {
			t.Errorf("%s: boundaries %v; want from 1 ms or less up to between 5 s and a minute", name, bounds)
		}
	}
}
