package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
)

// loadTarget is one request the load tests repeat.
type loadTarget struct {
	name, path, body string
}

var loadTargets = []loadTarget{
	{"product lookup", "/query", `{"query":"{ product(id: \"prd_bis_001\") { name price { formatted } } }"}`},
	{"50 orders with products, payments, tables", "/query",
		`{"query":"{ orders(range: {period: LAST_7_DAYS}, first: 50) { nodes { number items { quantity product { name } } payments { amount { amount } } table { name } } } }"}`},
	{"revenue dashboard", "/query",
		`{"query":"{ revenue { total { formatted } orderCount } paymentMethods { method share } bestSellers { product { name } quantity } tableOccupancy { occupied free } }"}`},
	{"chat question", "/chat", `{"question":"What's my revenue today?"}`},
}

// gatewayProcess is maitre running as its own process, so that its CPU
// and memory can be read apart from the load generator's and the demo's.
type gatewayProcess struct {
	cmd *exec.Cmd
	url string
	// profiles is where /debug/pprof/ is served, when
	// MAITRE_METRICS_LISTEN was given.
	profiles string
}

func startGateway(exe string, urls map[clients.Service]string, env ...string) (*gatewayProcess, error) {
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), "MAITRE_LISTEN=127.0.0.1:0", "MAITRE_DEMO=false", "MAITRE_CLIENT_RATE=0",
		"MAITRE_TENANT_RATE=0", "MAITRE_LOG_LEVEL=error", "OTEL_TRACES_EXPORTER=none")
	cmd.Env = append(cmd.Env, env...)
	for s, u := range urls {
		cmd.Env = append(cmd.Env, "MAITRE_"+strings.ToUpper(string(s))+"_URL="+u)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	found := make(chan *gatewayProcess, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		graphQL, metrics := regexp.MustCompile(`GraphQL (http://\S+)/query`), regexp.MustCompile(`metrics (http://\S+)/metrics`)
		g := &gatewayProcess{cmd: cmd}
		for sc.Scan() {
			if m := metrics.FindStringSubmatch(sc.Text()); m != nil {
				g.profiles = m[1] + "/debug/pprof"
			}
			if m := graphQL.FindStringSubmatch(sc.Text()); m != nil {
				g.url = m[1]
				found <- g
			}
		}
	}()
	select {
	case g := <-found:
		return g, nil
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		return nil, fmt.Errorf("bench: the gateway did not start")
	}
}

func (g *gatewayProcess) stop() {
	_ = g.cmd.Process.Kill()
	_ = g.cmd.Wait()
}

// startProcesses serves the demo and a gateway process in front of it;
// stop stops both.
func startProcesses(exe string) (g *gatewayProcess, stop func(), err error) {
	r, stop, err := startRun(exe)
	if err != nil {
		return nil, nil, err
	}
	return r.g, stop, nil
}

// loadRun is a gateway process in front of the demo, with a folder for
// the load generator's files.
type loadRun struct {
	g    *gatewayProcess
	demo *demo.Demo
	urls map[clients.Service]string
	dir  string
}

// startRun starts a loadRun, env added to the gateway's environment;
// stop stops it and removes the folder.
func startRun(exe string, env ...string) (*loadRun, func(), error) {
	d, cluster, err := startDemo()
	if err != nil {
		return nil, nil, err
	}
	g, err := startGateway(exe, cluster.URLs, env...)
	if err != nil {
		cluster.Close()
		return nil, nil, err
	}
	dir, err := os.MkdirTemp("", "maitre-bench")
	if err != nil {
		g.stop()
		cluster.Close()
		return nil, nil, err
	}
	return &loadRun{g, d, cluster.URLs, dir}, func() { g.stop(); cluster.Close(); os.RemoveAll(dir) }, nil
}

// cpu returns the process's user and system CPU time so far.
func (g *gatewayProcess) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", g.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // clock ticks of 1/100 s
}

func peakRSS(g *gatewayProcess) float64 {
	_, peak := g.rss()
	return peak
}

// vegetaReport is the part of `vegeta report -type=json` used here.
type vegetaReport struct {
	Throughput float64 `json:"throughput"`
	Success    float64 `json:"success"`
	Latencies  struct {
		P50 int64 `json:"50th"`
		P99 int64 `json:"99th"`
	} `json:"latencies"`
}

// attack runs vegeta against one target: rate 0 means as fast as workers
// allow (closed loop, for saturation), otherwise open loop at that rate.
func attack(ctx context.Context, dir, url string, t loadTarget, rate int, d time.Duration) (vegetaReport, error) {
	return attackAll(ctx, dir, url, []loadTarget{t}, []string{"demo-owner"}, rate, d)
}

// attackAll runs vegeta against every target for every token, in turn.
func attackAll(ctx context.Context, dir, url string, ts []loadTarget, tokens []string, rate int, d time.Duration) (vegetaReport, error) {
	var spec strings.Builder
	for i, t := range ts {
		body := filepath.Join(dir, fmt.Sprintf("body%d.json", i))
		_ = os.WriteFile(body, []byte(t.body), 0o600)
		for _, tok := range tokens {
			fmt.Fprintf(&spec, "POST %s%s\nContent-Type: application/json\nAuthorization: Bearer %s\n@%s\n\n", url, t.path, tok, body)
		}
	}
	targets := filepath.Join(dir, "targets.txt")
	_ = os.WriteFile(targets, []byte(spec.String()), 0o600)
	args := []string{"tool", "vegeta", "attack", "-targets=" + targets, "-duration=" + d.String(), "-rate=" + strconv.Itoa(rate), "-timeout=5s"}
	if rate == 0 {
		args = append(args, "-max-workers=32", "-workers=32")
	}
	return vegeta(ctx, args[3:])
}

// vegeta runs `go tool vegeta attack` with args and reports it.
func vegeta(ctx context.Context, args []string) (vegetaReport, error) {
	var rep vegetaReport
	attackCmd := exec.CommandContext(ctx, "go", append([]string{"tool", "vegeta", "attack"}, args...)...)
	reportCmd := exec.CommandContext(ctx, "go", "tool", "vegeta", "report", "-type=json")
	pipe, err := attackCmd.StdoutPipe()
	if err != nil {
		return rep, err
	}
	reportCmd.Stdin = pipe
	if err := attackCmd.Start(); err != nil {
		return rep, fmt.Errorf("bench: go tool vegeta: %w", err)
	}
	out, err := reportCmd.Output()
	if werr := attackCmd.Wait(); err == nil {
		err = werr
	}
	if err != nil {
		return rep, fmt.Errorf("bench: vegeta: %w", err)
	}
	return rep, json.Unmarshal(out, &rep)
}

// throughput loads a gateway process with no injected latency: the
// saturation rate with 32 workers, then p50 and p99 at half that rate.
func throughput(ctx context.Context, o Options, out io.Writer) error {
	r, stop, err := startRun(o.Executable)
	if err != nil {
		return err
	}
	defer stop()
	g, dir := r.g, r.dir

	fmt.Fprintf(out, "## Throughput: no injected latency, %s a run, gateway in its own process\n\n"+
		"| request | saturation req/s (32 workers) | success | fixed rate req/s | p50 ms | p99 ms | gateway CPU (cores) at saturation | gateway peak RSS MiB |\n"+
		"|---|---:|---:|---:|---:|---:|---:|---:|\n", o.Duration)
	for _, t := range loadTargets {
		if _, err := attack(ctx, dir, g.url, t, 50, time.Second); err != nil { // warm up
			return err
		}
		c0, w0 := g.cpu(), time.Now()
		sat, err := attack(ctx, dir, g.url, t, 0, o.Duration)
		if err != nil {
			return err
		}
		cores := float64(g.cpu()-c0) / float64(time.Since(w0))
		rate := max(1, int(sat.Throughput/2))
		fixed, err := attack(ctx, dir, g.url, t, rate, o.Duration)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "| %s | %.0f | %.1f%% | %d | %s | %s | %.2f | %.0f |\n", t.name, sat.Throughput, 100*sat.Success, rate,
			ms(time.Duration(fixed.Latencies.P50)), ms(time.Duration(fixed.Latencies.P99)), cores, peakRSS(g))
	}
	time.Sleep(10 * time.Second)
	now, _ := g.rss()
	fmt.Fprintf(out, "\nThe gateway's RSS 10 s after the last run: %.0f MiB.\n\n", now)
	return nil
}
