package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
)

// reloadFile is a configuration with the payments timeout and the tenant
// rate given, and no reuse of payments answers, so that every probe
// reaches the service.
func reloadFile(t *testing.T, name, paymentsTimeout, tenantRate, tenantBurst string) {
	t.Helper()
	text := "services:\n  payments:\n    timeout: " + paymentsTimeout + "\n    cache_ttl: 0s\n    stale_for: 0s\n" +
		"retry:\n  attempts: 1\nrate_limits:\n  client: {rate: 0}\n  tenant: {rate: " + tenantRate + ", burst: " + tenantBurst + "}\n"
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, name); err != nil { // as editors save
		t.Fatal(err)
	}
}

// TestReload changes the payments timeout and the tenant rate limit in
// the file under steady load, and sees both take effect with no request of
// the load failing; then writes an invalid file and sees nothing change.
func TestReload(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	env.Demo.SetFaults(faults.Set{clients.Payments: {Latency: 150 * time.Millisecond}})
	name := filepath.Join(t.TempDir(), "maitre.yaml")
	reloadFile(t, name, "800ms", "1000", "1000")
	var stderr syncBuffer
	base, stop := startRun(t, env, map[string]string{"MAITRE_CONFIG": name}, &stderr)
	defer stop()

	// The load: one tenant, about 40 requests a second, never near either
	// limit, on fields that do not need payments.
	var failed, served atomic.Int64
	var firstFailure atomic.Value
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				case <-time.After(100 * time.Millisecond):
				}
				status, body := post(t, base, "demo-owner", `{ me { name } tableOccupancy { occupied } }`)
				served.Add(1)
				if status != 200 || strings.Contains(body, `"errors"`) {
					failed.Add(1)
					firstFailure.CompareAndSwap(nil, body)
				}
			}
		}()
	}

	// Before: payments answers within its 800 ms, and a burst of 60 from
	// another tenant is within its 1,000.
	if errs := paymentErrors(t, base); errs != "" {
		t.Fatalf("before the reload, revenue failed: %s", errs)
	}
	if n := burst(t, base, 60); n != 0 {
		t.Errorf("before the reload, %d of a burst of 60 were limited", n)
	}

	reloadFile(t, name, "50ms", "100", "10")
	waitLog(t, &stderr, "configuration reloaded")
	if errs := paymentErrors(t, base); !strings.Contains(errs, "GATEWAY_TIMEOUT") {
		t.Errorf("after the timeout fell to 50 ms, revenue: %q; want GATEWAY_TIMEOUT", errs)
	}
	if n := burst(t, base, 60); n < 25 {
		t.Errorf("after the burst fell to 10, %d of a burst of 60 were limited; want most", n)
	}

	// An invalid file is refused, naming its line, and changes nothing.
	if err := os.WriteFile(name, []byte("services:\n  payments:\n    timeout: 800ms\n    timout: 1s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	waitLog(t, &stderr, "configuration refused")
	if !strings.Contains(stderr.String(), "maitre.yaml:4: unknown setting services.payments.timout") {
		t.Errorf("the refusal does not name the line: %s", stderr.String())
	}
	time.Sleep(1100 * time.Millisecond) // the tenant's bucket refills
	if errs := paymentErrors(t, base); !strings.Contains(errs, "GATEWAY_TIMEOUT") {
		t.Errorf("after an invalid file, revenue: %q; want the 50 ms timeout still", errs)
	}
	if n := burst(t, base, 60); n < 25 {
		t.Errorf("after an invalid file, %d of a burst of 60 were limited; want the burst of 10 still", n)
	}

	close(done)
	wg.Wait()
	if n := failed.Load(); n > 0 || served.Load() < 20 {
		t.Errorf("the load: %d of %d requests failed, the first %v", n, served.Load(), firstFailure.Load())
	}
}

func post(t *testing.T, base, token, query string) (int, string) {
	body, _ := json.Marshal(map[string]string{"query": query})
	req, _ := http.NewRequest(http.MethodPost, base+"/query", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0, err.Error()
	}
	defer resp.Body.Close()
	var b strings.Builder
	_, _ = io.Copy(&b, resp.Body)
	return resp.StatusCode, b.String()
}

// paymentErrors is the errors of a query that needs payments, "" for none.
func paymentErrors(t *testing.T, base string) string {
	_, body := post(t, base, "cafe-owner", `{ revenue { total { amount } } }`)
	var resp struct{ Errors json.RawMessage }
	_ = json.Unmarshal([]byte(body), &resp)
	return string(resp.Errors)
}

// burst sends n requests at once as another tenant and returns how many
// were refused 429.
func burst(t *testing.T, base string, n int) int {
	var limited atomic.Int64
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if status, _ := post(t, base, "izakaya-owner", `{ me { name } }`); status == http.StatusTooManyRequests {
				limited.Add(1)
			}
		}()
	}
	wg.Wait()
	return int(limited.Load())
}

func waitLog(t *testing.T, log *syncBuffer, msg string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(log.String(), msg) {
			return
		}
	}
	t.Fatalf("no %q in the log: %s", msg, log.String())
}
