package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
)

// syncBuffer is written by the server goroutine and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRunServesAndStops starts the gateway the way main does, against
// services given by URL, queries it, and shuts it down.
func TestRunServesAndStops(t *testing.T) {
	base, stop := startRun(t, demotest.Start(t, demotest.Now), nil, io.Discard)
	req, _ := http.NewRequest(http.MethodPost, base+"/query", strings.NewReader(`{"query":"{ me { tenantId } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer demo-owner")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"tenantId":"bistro"`) {
		t.Errorf("query: HTTP %d %s", resp.StatusCode, body)
	}
	if err := stop(); err != nil {
		t.Errorf("run: %v", err)
	}
}

// startRun runs the gateway as main does, against the given services,
// and returns its base URL and a function that stops it and reports run's
// result.
func startRun(t *testing.T, env *demotest.Env, extra map[string]string, stderr io.Writer) (string, func() error) {
	t.Helper()
	vars := map[string]string{"MAITRE_LISTEN": "127.0.0.1:0", "MAITRE_NOW": demotest.Now.Format(time.RFC3339)}
	for s, u := range env.URLs {
		vars["MAITRE_"+strings.ToUpper(string(s))+"_URL"] = u
	}
	for k, v := range extra {
		vars[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stdout syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, nil, func(k string) string { return vars[k] }, &stdout, stderr) }()
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		select {
		case err := <-done:
			cancel()
			t.Fatalf("run ended before serving: %v", err)
		default:
		}
		if m := regexp.MustCompile(`GraphQL (http://\S+)/query`).FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("no address announced: %q", stdout.String())
	}
	return base, func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			return fmt.Errorf("run did not stop")
		}
	}
}

// TestGracefulShutdown stops the gateway while a slow request is in
// flight: the request still gets its answer, and new ones are refused.
func TestGracefulShutdown(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	env.Demo.SetFaults(faults.Set{clients.Orders: {Latency: 400 * time.Millisecond}})
	var logs syncBuffer
	base, stop := startRun(t, env, map[string]string{"MAITRE_SHUTDOWN_TIMEOUT": "2s"}, &logs)
	result := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, base+"/query", strings.NewReader(`{"query":"{ revenue { orderCount } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer demo-owner")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			result <- 0
			return
		}
		resp.Body.Close()
		result <- resp.StatusCode
	}()
	time.Sleep(150 * time.Millisecond)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if code := <-result; code != 200 {
		t.Errorf("the request in flight got %d; want 200", code)
	}
	if _, err := http.Get(base + "/health/live"); err == nil {
		t.Errorf("a request after shutdown was served")
	}
	checkJSONLog(t, logs.String(), "shutting down", "stopped")
}

// TestShutdownTimeout stops the gateway while a request outlives the
// shutdown timeout: run returns, and says so in the JSON log.
func TestShutdownTimeout(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	env.Demo.SetFaults(faults.Set{clients.Orders: {Latency: 2 * time.Second}})
	var logs syncBuffer
	base, stop := startRun(t, env, map[string]string{"MAITRE_SHUTDOWN_TIMEOUT": "100ms", "MAITRE_REQUEST_TIMEOUT": "5s", "MAITRE_ORDERS_TIMEOUT": "5s"}, &logs)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, base+"/query", strings.NewReader(`{"query":"{ revenue { orderCount } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer demo-owner")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	time.Sleep(150 * time.Millisecond)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	checkJSONLog(t, logs.String(), "shutting down", "requests still running at the shutdown timeout were cut off", "stopped")
}

// checkJSONLog checks that every line of log is a JSON object and that
// the messages appear in order.
func checkJSONLog(t *testing.T, log string, msgs ...string) {
	t.Helper()
	var seen []string
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		var rec struct{ Msg string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("a log line is not JSON: %q", line)
			continue
		}
		seen = append(seen, rec.Msg)
	}
	i := 0
	for _, m := range seen {
		if i < len(msgs) && m == msgs[i] {
			i++
		}
	}
	if i < len(msgs) {
		t.Errorf("log messages %q; want %q in order", seen, msgs)
	}
}

// TestReadHeaderTimeout drops a client that never finishes its headers.
func TestReadHeaderTimeout(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	base, stop := startRun(t, env, map[string]string{"MAITRE_READ_HEADER_TIMEOUT": "200ms"}, io.Discard)
	defer stop()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "GET /health/live HTTP/1.1\r\nHost: maitre\r\n") // no blank line: the headers never end
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(3 * time.Second))
	reply, _ := io.ReadAll(conn)
	if d := time.Since(start); d > 2*time.Second || strings.Contains(string(reply), "200 OK") {
		t.Errorf("after %v the server answered %q; want the connection dropped", d, reply)
	}
}
