package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/faults"
)

// soakRate is the soak's open-loop rate, in requests a second.
const soakRate = 600

// soakPhases are the soak's five phases, each a fifth of its length: a
// service failing, then slow, then another failing, between healthy ones.
var soakPhases = []struct {
	name   string
	faults faults.Set
}{
	{"healthy", nil},
	{"payments answering 500", faults.Set{clients.Payments: {Mode: "error", Status: http.StatusInternalServerError}}},
	{"payments 2 s slower", faults.Set{clients.Payments: {Latency: 2 * time.Second}}},
	{"inventory answering 500", faults.Set{clients.Inventory: {Mode: "error", Status: http.StatusInternalServerError}}},
	{"healthy", nil},
}

// soakResult is what one soak measured.
type soakResult struct {
	sent, lost  int
	lostBy      map[string]int // phase: requests not answered 200 with data
	p50, p99    time.Duration
	peakRSS     float64
	shed        float64
	lastFailure string
}

// soak loads a gateway process open loop at soakRate of the lunchtime mix
// from two tenants through soakPhases, twice: alone, and beside a process
// that keeps a core busy. Every request must be answered 200 with data
// (partial or stale where a service failed), in less memory than the
// gateway sheds at, and nothing shed.
func soak(ctx context.Context, o Options, out io.Writer) error {
	d := max(o.Duration, 30*time.Second)
	fmt.Fprintf(out, "## Soak: %d req/s open loop for %s of dashboards, orders pages, chat and occupancy from two tenants, "+
		"through %d phases (%s), caches as configured by default\n\n", soakRate, d, len(soakPhases), phaseNames())
	fmt.Fprintf(out, "| beside | sent | lost | p50 ms | p99 ms | gateway peak RSS MiB | shed |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, hog := range []bool{false, true} {
		res, err := soakOnce(ctx, o, d, hog)
		if err != nil {
			return err
		}
		beside := "nothing"
		if hog {
			beside = "a process keeping a core busy"
		}
		fmt.Fprintf(out, "| %s | %d | %d | %s | %s | %.0f | %.0f |\n", beside, res.sent, res.lost, ms(res.p50), ms(res.p99), res.peakRSS, res.shed)
		if res.lost > 0 {
			fmt.Fprintf(out, "\nLost by phase: %v; last: %s\n", res.lostBy, res.lastFailure)
		}
	}
	fmt.Fprintln(out)
	return nil
}

func phaseNames() string {
	var ns []string
	for _, p := range soakPhases {
		ns = append(ns, p.name)
	}
	return strings.Join(ns, ", ")
}

// soakOnce runs one soak on a fresh demo and gateway process.
func soakOnce(ctx context.Context, o Options, d time.Duration, hog bool) (soakResult, error) {
	r, stop, err := startRun(o.Executable)
	if err != nil {
		return soakResult{}, err
	}
	defer stop()
	if hog {
		busy := exec.CommandContext(ctx, "sh", "-c", "while :; do :; done")
		if err := busy.Start(); err != nil {
			return soakResult{}, err
		}
		defer func() { _ = busy.Process.Kill(); _ = busy.Wait() }()
	}
	tokens := []string{"demo-owner", "cafe-owner"}
	if _, err := attackAll(ctx, r.dir, r.g.url, slowTargets, tokens, 50, time.Second); err != nil { // warm up
		return soakResult{}, err
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1024}}
	res := soakResult{lostBy: map[string]int{}}
	var mu sync.Mutex
	var latencies []time.Duration
	var wg sync.WaitGroup
	interval := time.Second / soakRate
	start := time.Now()
	phase := -1
	for i := 0; ; i++ {
		at := start.Add(time.Duration(i) * interval)
		if at.Sub(start) >= d || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Until(at))
		if p := int(at.Sub(start) * time.Duration(len(soakPhases)) / d); p != phase {
			phase = p
			r.demo.SetFaults(soakPhases[p].faults)
		}
		t := slowTargets[i%len(slowTargets)]
		token := tokens[(i/len(slowTargets))%len(tokens)]
		name := soakPhases[phase].name
		wg.Add(1)
		go func() {
			defer wg.Done()
			sent := time.Now()
			failure := soakSend(ctx, client, r.g.url+t.path, token, t.body)
			mu.Lock()
			defer mu.Unlock()
			res.sent++
			latencies = append(latencies, time.Since(sent))
			if failure != "" {
				res.lost++
				res.lostBy[name]++
				res.lastFailure = t.name + ": " + failure
			}
		}()
	}
	wg.Wait()
	r.demo.SetFaults(nil)
	slices.Sort(latencies)
	if n := len(latencies); n > 0 {
		res.p50, res.p99 = latencies[n/2], latencies[n*99/100]
	}
	_, res.peakRSS = r.g.rss()
	res.shed, err = scrapeCounter(r.g.url+"/metrics", "maitre_requests_shed_total")
	return res, err
}

// soakSend sends one request and says why its answer is not one, "" when
// it is: 200 with data, or for a chat question 200 with an answer.
func soakSend(ctx context.Context, c *http.Client, url, token, body string) string {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	want := []byte(`"data":{`)
	if strings.HasSuffix(url, "/chat") {
		want = []byte(`"answer":"`)
	}
	if resp.StatusCode != http.StatusOK || !bytes.Contains(b, want) {
		return fmt.Sprintf("HTTP %d %.200s", resp.StatusCode, b)
	}
	return ""
}

// scrapeCounter sums a counter's series in the Prometheus text at url; a
// counter never incremented is absent, and 0.
func scrapeCounter(url, name string) (float64, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		return 0, fmt.Errorf("bench: %s: %w", url, err)
	}
	sum := 0.0
	for _, m := range families[name].GetMetric() {
		sum += m.GetCounter().GetValue()
	}
	return sum, nil
}
