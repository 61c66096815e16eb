// Command maitre is a GraphQL gateway for restaurant point-of-sale
// services. Run with no configuration, it starts the embedded demo services
// and serves the playground; see `maitre --help`.
package main

//go:generate go tool gqlgen generate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // tenants' time zones, even where the system has none

	"github.com/maitre-pos/maitre/app"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/config"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/telemetry"
)

// gcPercent is the GC target when GOGC is not set: the gateway's live heap
// is small and its garbage short-lived, so collecting less often buys
// throughput for little memory (about 11% on a 50-order query).
const gcPercent = 400

func main() {
	// SIGHUP reloads the configuration file (app.Watch); until that
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

// command is one of maitre's commands: what it is called, how it is
// used, and what it does.
type command struct {
	name, usage, what string
	run               func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error
}

// commands are every command; --help lists them whole.
var commands = []command{
	{"", "maitre [flags]", "serve GraphQL at /query and the playground at /", serve},
	{"demo", "maitre demo [flags]", "serve only the demo services on 127.0.0.1:4001-4005", serveDemo},
	{"ask", `maitre ask [--token T] [--explain] "question"`, "answer one question in sentences, through the same gateway as the server", ask},
	{"chat", "maitre chat misses [--token T] [--url URL] [--limit N]", "list the questions the chat did not understand, newest first, from a running gateway or the Redis configured", chatCommand},
	{"config", "maitre config check FILE | maitre config defaults", "validate a configuration file without starting, or print one with every default", configCommand},
}

// run runs the command args name.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if slices.ContainsFunc(args, func(a string) bool { return a == "-h" || a == "--help" || a == "-help" }) || len(args) > 0 && args[0] == "help" {
		help(stdout)
		return nil
	}
	for _, c := range commands[1:] {
		if len(args) > 0 && args[0] == c.name {
			return c.run(ctx, args[1:], getenv, stdout, stderr)
		}
	}
	return commands[0].run(ctx, args, getenv, stdout, stderr)
}

// help writes every command, then every setting.
func help(w io.Writer) {
	fmt.Fprint(w, "maitre: a GraphQL gateway over the restaurant's auth, orders, payments,\ninventory and restaurant services.\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %s\n      %s\n", c.usage, c.what)
	}
	fmt.Fprintln(w)
	config.WriteUsage(w)
}

// serve runs the gateway until ctx ends.
func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Parse(args, getenv, stderr)
	if err != nil {
		return err
	}
	level := &slog.LevelVar{}
	level.Set(cfg.Level())
	log := slog.New(telemetry.LogHandler{Handler: slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level})})
	tel, err := telemetry.Setup(ctx, getenv, stdout)
	if err != nil {
		return err
	}
	defer func() {
		flush, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = tel.Shutdown(flush)
	}()
	metrics := tel.Metrics
	if cfg.MetricsListen != "" {
		mln, err := net.Listen("tcp", cfg.MetricsListen)
		if err != nil {
			return err
		}
		msrv := &http.Server{Handler: metricsOnly(tel.Metrics), ReadHeaderTimeout: 5 * time.Second}
		go func() { _ = msrv.Serve(mln) }()
		defer msrv.Close()
		fmt.Fprintf(stdout, "maitre: metrics http://%s/metrics\n", mln.Addr())
		tel.Metrics = nil // served there only
	}
	a, err := app.New(cfg, app.Options{Log: log, Level: level, Telemetry: tel, DemoAddrs: demo.DefaultAddrs,
		Process: true, Args: args, Getenv: getenv})
	tel.Metrics = metrics
	if err != nil {
		return err
	}
	defer a.Close()
	if d := a.Demo(); d != nil {
		go d.Warm()
	}
	if err := a.Watch(ctx); err != nil {
		return fmt.Errorf("watch %s: %w", cfg.File, err)
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: cfg.Server.ReadHeaderTimeout,
		ReadTimeout:       cfg.Server.ReadTimeout,
		WriteTimeout:      cfg.Server.WriteTimeout,
		IdleTimeout:       cfg.Server.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// Streams end at once at shutdown, rather than hold it to its timeout.
	srv.RegisterOnShutdown(a.Close)
	announce(stdout, ln.Addr(), a.Demo() != nil)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Requests in flight finish; new ones are refused.
	log.Info("shutting down", "timeout", cfg.Server.ShutdownTimeout.String())
	shutdown, cancel := context.WithTimeout(context.Background(), cfg.Server.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("requests still running at the shutdown timeout were cut off", "error", err.Error())
		_ = srv.Close()
	}
	log.Info("stopped")
	return nil
}

// serveDemo serves only the demo services, at their usual addresses,
// until ctx ends.
func serveDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Parse(args, getenv, stderr)
	if err != nil {
		return err
	}
	d, cluster, err := app.StartDemo(cfg, demo.DefaultAddrs, true)
	if err != nil {
		return err
	}
	defer cluster.Close()
	go d.Warm()
	for _, s := range clients.Services {
		fmt.Fprintf(stdout, "demo %-10s %s\n", s, cluster.URLs[s])
	}
	<-ctx.Done()
	return nil
}

// configCommand runs `maitre config check FILE` and `maitre config
// defaults`.
func configCommand(_ context.Context, args []string, _ func(string) string, stdout, _ io.Writer) error {
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
