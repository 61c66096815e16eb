// Command maitre is a GraphQL gateway for restaurant point-of-sale
// services. Run with no configuration, it starts the embedded demo services
// and serves the playground; see `maitre --help`.
package main

//go:generate go tool gqlgen generate

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // tenants' time zones, even where the system has none

	"go.opentelemetry.io/otel/metric"

	"github.com/maitre-pos/maitre/bench"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/config"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/fleet"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/telemetry"
)

// gcPercent is the GC target when GOGC is not set: the gateway's live heap
// is small and its garbage short-lived, so collecting less often buys
// throughput for little memory (about 11% on a 50-order query).
const gcPercent = 400

func main() {
	// SIGHUP reloads the configuration file (config.Watch); until that
	// listens, and without a file, it must not stop the gateway.
	signal.Ignore(syscall.SIGHUP)
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if config.IsHelp(err) {
			return
		}
		fmt.Fprintln(os.Stderr, "maitre:", err)
		os.Exit(1)
	}
}

// run starts what args ask for and serves until ctx ends.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "ask" {
		return ask(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "bench" {
		return runBench(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "config" {
		return configCommand(args[1:], stdout)
	}
	demoOnly := len(args) > 0 && args[0] == "demo"
	if demoOnly {
		args = args[1:]
	}
	cfg, err := config.Parse(args, getenv, stderr)
	if err != nil {
		return err
	}
	level := &slog.LevelVar{}
	level.Set(cfg.LogLevel)
	log := slog.New(telemetry.LogHandler{Handler: slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level})})
	now := cfg.Clock()
	if cfg.MemoryLimit > 0 && getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(cfg.MemoryLimit)
	}

	if demoOnly || cfg.Demo {
		cluster, err := startDemo(cfg, now, demoOnly, demo.DefaultAddrs)
		if err != nil {
			return err
		}
		defer cluster.Close()
		useDemo(cfg, cluster)
		if demoOnly {
			for _, s := range clients.Services {
				fmt.Fprintf(stdout, "demo %-10s %s\n", s, cluster.URLs[s])
			}
			<-ctx.Done()
			return nil
		}
	}

	tel, err := telemetry.Setup(ctx, getenv, stdout)
	if err != nil {
		return err
	}
	defer func() {
		flush, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tel.Shutdown(flush)
	}()
	var shared *fleet.Redis
	if cfg.RedisURL != "" {
		if shared, err = fleet.Open(cfg.RedisURL, fleet.Options{Timeout: cfg.RedisTimeout, Logger: log, Meter: tel.Meter}); err != nil {
			return fmt.Errorf("maitre: redis: %w", err)
		}
		defer shared.Close()
		shared.ShareCaches(cfg.Endpoints)
	}
	c, err := clients.New(clientsConfig(cfg, tel.Meter, log))
	if err != nil {
		return err
	}
	opts := gatewayOptions(cfg, c, log, shared)
	opts.Tracer, opts.Meter = tel.Tracer, tel.Meter
	if cfg.MetricsListen == "" {
		opts.Metrics = tel.Metrics
	} else {
		mln, err := net.Listen("tcp", cfg.MetricsListen)
		if err != nil {
			return err
		}
		msrv := &http.Server{Handler: metricsOnly(tel.Metrics), ReadHeaderTimeout: 5 * time.Second}
		go func() { _ = msrv.Serve(mln) }()
		defer msrv.Close()
		fmt.Fprintf(stdout, "maitre: metrics http://%s/metrics\n", mln.Addr())
	}
	if opts.State, err = gateway.NewState(opts); err != nil {
		return err
	}
	first, err := gateway.New(opts)
	if err != nil {
		return err
	}
	h := &swappable{}
	h.Store(first)
	if cfg.File != "" {
		r, err := newReloader(cfg, args, getenv, c, opts, shared, h, level, log, tel.Meter)
		if err != nil {
			return err
		}
		if err := config.Watch(ctx, cfg.File, func() { r.reload(ctx) }); err != nil {
			return fmt.Errorf("maitre: watch %s: %w", cfg.File, err)
		}
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// Streams end at once at shutdown, rather than hold it to its timeout.
	srv.RegisterOnShutdown(opts.State.Close)
	announce(stdout, ln.Addr(), cfg.Demo)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Requests in flight finish; new ones are refused.
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout.String())
	shutdown, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("requests still running at the shutdown timeout were cut off", "error", err.Error())
		_ = srv.Close()
	}
	log.Info("stopped")
	return nil
}

// configCommand runs `maitre config check FILE` and `maitre config
// defaults`.
func configCommand(args []string, stdout io.Writer) error {
	switch {
	case len(args) == 1 && args[0] == "defaults":
		return config.WriteDefaults(stdout)
	case len(args) == 2 && args[0] == "check":
		// The file alone, as a gateway with no other settings reads it.
		if _, err := config.Parse([]string{"--config", args[1]}, func(string) string { return "" }, io.Discard); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: ok\n", args[1])
		return nil
	}
	return errors.New("usage: maitre config check FILE | maitre config defaults")
}

// runBench runs `maitre bench`, which writes Markdown tables to stdout.
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("maitre bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	runs := fs.Int("runs", 9, "runs per measured cell")
	scale := fs.Float64("scale", 1, "multiply every injected latency (0.1 for a quick smoke)")
	load := fs.Bool("throughput", true, "run the load tests (needs `go tool vegeta`, so run from the repository)")
	only := fs.String("only", "", "run only these scenarios, comma-separated: seed, n1, herd, periods, hostile, throughput, slow, lookup")
	duration := fs.Duration("duration", 5*time.Second, "duration of each load test")
	gatewayExe := fs.String("gateway", "", "the maitre binary the process scenarios load (default: this one), to compare builds")
	if err := fs.Parse(args); err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	if *gatewayExe != "" {
		exe = *gatewayExe
	}
	return bench.Run(ctx, bench.Options{Runs: *runs, Scale: *scale, Throughput: *load, Duration: *duration, Executable: exe, Only: *only}, stdout)
}

// metricsOnly serves h at /metrics, and the profiles at /debug/pprof/.
func metricsOnly(h http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	// The operator's own port also profiles: where the CPU and the memory
	// of a running gateway go.
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	return mux
}

// startDemo starts the demo services that have no URL, or all of them for
// `maitre demo`.
func startDemo(cfg *config.Config, now func() time.Time, all bool, at map[clients.Service]string) (*demo.Cluster, error) {
	faults, err := faults.Parse(cfg.DemoFaults)
	if err != nil {
		return nil, err
	}
	d := demo.New(now)
	d.SetFaults(faults)
	go d.Warm()
	addrs := map[clients.Service]string{}
	for s, addr := range at {
		if all || cfg.Endpoints[s].URL == "" {
			addrs[s] = addr
		}
	}
	return d.Start(addrs)
}

// useDemo points every service without a URL at the demo.
func useDemo(cfg *config.Config, cluster *demo.Cluster) {
	for s, u := range cluster.URLs {
		if ep := cfg.Endpoints[s]; ep.URL == "" {
			ep.URL = u
			cfg.Endpoints[s] = ep
		}
	}
}

func announce(w io.Writer, addr net.Addr, demoMode bool) {
	host := addr.String()
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		host = fmt.Sprintf("localhost:%d", tcp.Port)
	}
	fmt.Fprintf(w, "maitre: playground http://%s/  GraphQL http://%s/query\n", host, host)
	if demoMode {
		var names []string
		for _, t := range demo.Tokens {
			names = append(names, t.Token)
		}
		fmt.Fprintf(w, "maitre: demo services on 127.0.0.1:4001-4005; tokens: %s\n", strings.Join(names, ", "))
	}
}

// clientsConfig is the clients' part of cfg.
func clientsConfig(cfg *config.Config, meter metric.MeterProvider, log *slog.Logger) clients.Config {
	return clients.Config{
		Endpoints: cfg.Endpoints, Meter: meter, Logger: log, ParallelWindows: cfg.ParallelWindows,
		OnBreakerChange: func(s clients.Service, from, to string) {
			log.Warn("breaker changed state", "service", s, "from", from, "to", to)
		},
	}
}

// gatewayOptions is the gateway's part of cfg.
func gatewayOptions(cfg *config.Config, c *clients.Client, log *slog.Logger, shared *fleet.Redis) gateway.Options {
	opts := gateway.Options{
		Clients: c, Now: cfg.Clock(), Logger: log,
		RequestTimeout: cfg.RequestTimeout, ClientLimit: cfg.ClientLimit, TenantLimit: cfg.TenantLimit, MaxInFlight: cfg.MaxInFlight,
		MaxLiveHeap: cfg.MemoryLimit / 2,
		ClosedDays:  closedDays(cfg),
		Fleet:       shared,
		Limits: gateway.Limits{MaxBodyBytes: cfg.MaxBodyBytes, Document: cfg.Document, MaxComplexity: cfg.MaxComplexity,
			MaxErrors: cfg.MaxErrors, QueryCacheBytes: cfg.QueryCacheBytes, PersistedQueryBytes: cfg.PersistedQueryBytes},
		Live: cfg.Subscriptions,
		MCP:  gateway.MCP{Arbitrary: cfg.MCPArbitrary},
	}
	if cfg.MCPOperations != "" {
		opts.MCP.Operations = os.DirFS(cfg.MCPOperations)
	}
	if cfg.Demo {
		opts.PlaygroundHeaders = map[string]string{"Authorization": "Bearer demo-owner"}
	}
	return opts
}

// closedDays is the closed-day store the configuration asks for.
func closedDays(cfg *config.Config) gateway.ClosedDays {
	grace := cfg.ClosedDayGrace
	if grace == 0 {
		grace = -1 // none, as asked, rather than the gateway's default
	}
	recheck := cfg.ClosedDayRecheck
	if recheck == 0 {
		recheck = -1
	}
	return gateway.ClosedDays{Grace: grace, TTL: cfg.ClosedDayTTL, MaxBytes: cfg.ClosedDayBytes, Off: cfg.ClosedDayBytes == 0, Recheck: recheck}
}
