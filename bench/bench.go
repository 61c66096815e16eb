// Package bench measures maitre against the demo services on loopback,
// with their latency injected, and prints Markdown tables: latency against
// the critical path and a sequential reference, calls against N, a
// thundering herd, and throughput. docs/benchmarks.md explains the method.
package bench

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/maitre-pos/maitre/app"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/config"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/faults"
)

// Options tune a run.
type Options struct {
	// Runs per measured cell.
	Runs int
	// Scale multiplies every injected latency: 1 is the seed scenario,
	// 0.1 a quick smoke.
	Scale float64
	// Throughput runs the load tests, which need `go tool vegeta`.
	Throughput bool
	// Duration of each load test.
	Duration time.Duration
	// Executable is the maitre binary the load and hostile tests start as
	// the gateway; without it they are skipped.
	Executable string
	// Only, when set, names the scenarios to run: seed, n1, herd,
	// periods, hostile, subscribers, throughput, slow, lookup, soak.
	Only string
}

func (o Options) wants(scenario string) bool {
	return o.Only == "" || slices.Contains(strings.Split(o.Only, ","), scenario)
}

// SeedLatency is the seed scenario's injected latency per service.
var SeedLatency = map[clients.Service]time.Duration{
	clients.Auth:       80 * time.Millisecond,
	clients.Orders:     300 * time.Millisecond,
	clients.Payments:   250 * time.Millisecond,
	clients.Inventory:  200 * time.Millisecond,
	clients.Restaurant: 150 * time.Millisecond,
}

// env is the demo services and an in-process gateway whose downstream
// calls are recorded.
type env struct {
	app *app.App
	rec *recorder
	url string
	srv *http.Server
}

// recorder counts and keeps the gateway's downstream requests.
type recorder struct {
	mu    sync.Mutex
	hosts map[string]clients.Service
	reqs  []*http.Request
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.reqs = append(r.reqs, req.Clone(context.Background()))
	r.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

// take returns and forgets the recorded requests.
func (r *recorder) take() []*http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.reqs
	r.reqs = nil
	return out
}

func (r *recorder) count(reqs []*http.Request) map[clients.Service]int {
	out := map[clients.Service]int{}
	for _, q := range reqs {
		out[r.hosts[q.URL.Host]]++
	}
	return out
}

// start serves the demo and a gateway on loopback. coldAuth makes every
// request verify its token; fresh caching is off, so that every answer is
// orchestrated, as the sequential reference's are.
func start(coldAuth bool) (*env, error) { return startWith(coldAuth, nil) }

// startWith is start with settings, as MAITRE_* variables name them.
func startWith(coldAuth bool, settings map[string]string) (*env, error) {
	// The process's heap holds the demo and the load too: no shedding by it.
	vars := map[string]string{"MAITRE_MEMORY_LIMIT": "0"}
	for _, s := range clients.Services {
		vars["MAITRE_"+strings.ToUpper(string(s))+"_CACHE_TTL"] = "0"
	}
	if coldAuth {
		vars["MAITRE_TOKEN_TTL"] = "0"
	}
	maps.Copy(vars, settings)
	cfg, err := config.Parse(nil, func(k string) string { return vars[k] }, io.Discard)
	if err != nil {
		return nil, err
	}
	rec := &recorder{hosts: map[string]clients.Service{}}
	a, err := app.New(cfg, app.Options{Transport: rec})
	if err != nil {
		return nil, err
	}
	a.Demo().Warm()
	for s, ep := range a.Config().Services {
		rec.hosts[strings.TrimPrefix(ep.URL, "http://")] = s
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		a.Close()
		return nil, err
	}
	srv := &http.Server{Handler: a.Handler()}
	go func() { _ = srv.Serve(ln) }()
	return &env{app: a, rec: rec, url: "http://" + ln.Addr().String(), srv: srv}, nil
}

// startDemo serves the demo services, their data built, on free loopback
// ports.
func startDemo() (*demo.Demo, *demo.Cluster, error) {
	d := demo.New(time.Now)
	d.Warm()
	addrs := map[clients.Service]string{}
	for _, s := range clients.Services {
		addrs[s] = "127.0.0.1:0"
	}
	cluster, err := d.Start(addrs)
	return d, cluster, err
}

func (e *env) close() {
	e.srv.Close()
	e.app.Close()
}

// latency injects the seed latencies, scaled.
func (e *env) latency(scale float64) {
	f := faults.Set{}
	for s, d := range SeedLatency {
		f[s] = faults.Fault{Latency: time.Duration(float64(d) * scale)}
	}
	e.app.Demo().SetFaults(f)
}

// Run runs every scenario and writes the tables to out.
func Run(ctx context.Context, o Options, out io.Writer) error {
	if o.Runs <= 0 {
		o.Runs = 9
	}
	if o.Scale <= 0 {
		o.Scale = 1
	}
	fmt.Fprintf(out, "# maitre bench\n\nLatencies injected: auth %s, orders %s, payments %s, inventory %s, restaurant %s; %d runs a cell.\n\n",
		scaled(clients.Auth, o.Scale), scaled(clients.Orders, o.Scale), scaled(clients.Payments, o.Scale),
		scaled(clients.Inventory, o.Scale), scaled(clients.Restaurant, o.Scale), o.Runs)
	if o.wants("seed") {
		if err := seed(ctx, o, out); err != nil {
			return err
		}
	}
	if o.wants("n1") {
		if _, err := nPlusOne(ctx, o, out); err != nil {
			return err
		}
	}
	if o.wants("herd") {
		if _, err := herd(ctx, o, out); err != nil {
			return err
		}
	}
	if o.wants("periods") {
		if err := periods(ctx, o, out); err != nil {
			return err
		}
	}
	if o.Executable != "" && o.wants("hostile") {
		if err := hostile(ctx, o, out); err != nil {
			return err
		}
		if err := hostileStreams(ctx, o, out); err != nil {
			return err
		}
	}
	if o.Executable != "" && o.wants("subscribers") {
		if err := subscribers(ctx, o, out); err != nil {
			return err
		}
	}
	if o.Throughput && o.wants("throughput") {
		if err := throughput(ctx, o, out); err != nil {
			return err
		}
	}
	if o.Throughput && o.wants("slow") {
		if err := slowService(ctx, o, out); err != nil {
			return err
		}
	}
	if o.Throughput && o.wants("lookup") {
		if err := lookup(ctx, o, out); err != nil {
			return err
		}
	}
	if o.Executable != "" && o.Throughput && o.wants("soak") {
		return soak(ctx, o, out)
	}
	return nil
}

func scaled(s clients.Service, scale float64) time.Duration {
	return time.Duration(float64(SeedLatency[s]) * scale).Round(time.Millisecond)
}

// stats summarises durations.
type stats struct{ median, p95, max time.Duration }

func summarise(ds []time.Duration) stats {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) == 0 {
		return stats{}
	}
	p95 := s[min(len(s)-1, int(float64(len(s))*0.95))]
	return stats{median: s[len(s)/2], p95: p95, max: s[len(s)-1]}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
