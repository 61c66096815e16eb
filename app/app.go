// Package app assembles one maitre from its configuration: the embedded
// demo services when it asks for them, the Redis a fleet shares, the
// downstream clients, and the gateway's state and handler; and it applies
// a changed configuration to what it assembled. Every entry point builds
// its gateway here (serving, a reload, `maitre ask`, the benchmarks and
// the tests), so that a setting reaches all of them or none.
//
//	cfg, err := config.Parse(args, os.Getenv, os.Stderr)
//	a, err := app.New(cfg, app.Options{Log: log})
//	defer a.Close()
//	http.ListenAndServe(cfg.Listen, a.Handler())
package app

import (
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"os"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/config"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/fleet"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/telemetry"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
)

// Options are what the configuration does not say: where the app logs
// and records, and where its demo services listen.
type Options struct {
	// Log is where the app logs; nil logs nothing. Level, when set, is
	// the level a reload changes.
	Log   *slog.Logger
	Level *slog.LevelVar
	// Telemetry records spans and metrics and serves them; nil records
	// nothing.
	Telemetry *telemetry.Providers
	// DemoAddrs are where the demo services listen when the configuration
	// starts them; nil picks free loopback ports.
	DemoAddrs map[clients.Service]string
	// Transport carries the downstream calls; nil is a pooled one. The
	// benchmarks and the tests count calls through it.
	Transport http.RoundTripper
	// Process makes the app the process's own: it sets the Go runtime's
	// soft memory limit from the configuration, unless GOMEMLIMIT is set.
	Process bool
	// Args and Getenv are what the configuration was read from, for
	// Reload to read it again.
	Args   []string
	Getenv func(string) string
}

// App is one maitre: its handler, and what it holds across reloads.
type App struct {
	o       Options
	log     *slog.Logger
	demo    *demo.Demo
	cluster *demo.Cluster
	fleet   *fleet.Redis
	clients *clients.Client
	state   *gateway.State
	handler atomic.Pointer[http.Handler]

	mu  sync.Mutex // one reload at a time; guards cfg
	cfg *config.Config
}

// New assembles the app cfg describes. Close releases what it started.
func New(cfg *config.Config, o Options) (a *App, err error) {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Telemetry == nil {
		o.Telemetry = &telemetry.Providers{}
	}
	if o.Telemetry.Meter == nil { // records nothing
		o.Telemetry.Meter = metricnoop.NewMeterProvider()
	}
	a = &App{o: o, log: o.Log, cfg: cfg}
	started := a // a is nil once New returns an error
	defer func() {
		if err != nil {
			started.Close()
		}
	}()
	if cfg.DemoOn() && slices.ContainsFunc(clients.Services, func(s clients.Service) bool { return cfg.Services[s].URL == "" }) {
		if a.demo, a.cluster, err = StartDemo(cfg, o.DemoAddrs, false); err != nil {
			return nil, err
		}
	}
	eps := cfg.Endpoints()
	if cfg.Redis.URL != "" {
		if a.fleet, err = fleet.Open(cfg.Redis.URL, fleet.Options{Timeout: cfg.Redis.Timeout, Key: []byte(cfg.Redis.Key), PreviousKey: []byte(cfg.Redis.PreviousKey),
			Logger: a.log, Meter: o.Telemetry.Meter}); err != nil {
			return nil, fmt.Errorf("app: redis: %w", err)
		}
		if cfg.Redis.Key == "" {
			a.log.Warn("redis.key (MAITRE_REDIS_KEY) is unset: values read from Redis are trusted unsigned, so anyone who can write to it can change what this replica serves (docs/deploy.md)")
		}
		a.fleet.ShareCaches(eps)
	}
	if a.clients, err = clients.New(a.clientsConfig(cfg, eps)); err != nil {
		return nil, err
	}
	opts := a.options(cfg)
	if a.state, err = gateway.NewState(opts); err != nil {
		return nil, err
	}
	opts.State = a.state
	h, err := gateway.New(opts)
	if err != nil {
		return nil, err
	}
	a.handler.Store(&h)
	a.setMemoryLimit(cfg.MemoryLimit)
	return a, nil
}

// Handler serves the gateway; a reload swaps what it serves through, and
// a request runs on the gateway it found from start to end.
func (a *App) Handler() http.Handler { return serving{a} }

type serving struct{ a *App }

func (s serving) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	(*s.a.handler.Load()).ServeHTTP(w, r)
}

// Config is the configuration the app runs on now.
func (a *App) Config() *config.Config {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.cfg
}

// Demo is the demo the app started, nil for none.
func (a *App) Demo() *demo.Demo { return a.demo }

// Clients are the app's downstream clients.
func (a *App) Clients() *clients.Client { return a.clients }

// Fleet is the Redis the app shares, nil for none.
func (a *App) Fleet() *fleet.Redis { return a.fleet }

// Close ends the subscriptions, as at shutdown, and stops what the app
// started.
func (a *App) Close() {
	if a.state != nil {
		a.state.Close()
	}
	if a.fleet != nil {
		a.fleet.Close()
	}
	if a.cluster != nil {
		a.cluster.Close()
	}
}

// StartDemo starts the demo services cfg asks for at addrs (free loopback
// ports when nil): those of services without a URL, or all of them, and
// points cfg's services at them.
func StartDemo(cfg *config.Config, addrs map[clients.Service]string, all bool) (*demo.Demo, *demo.Cluster, error) {
	f, err := faults.Parse(cfg.Demo.Faults)
	if err != nil {
		return nil, nil, err
	}
	d := demo.New(cfg.Clock())
	d.SetFaults(f)
	at := map[clients.Service]string{}
	for _, s := range clients.Services {
		if all || cfg.Services[s].URL == "" {
			at[s] = "127.0.0.1:0"
			if addr, ok := addrs[s]; ok {
				at[s] = addr
			}
		}
	}
	cluster, err := d.Start(at)
	if err != nil {
		return nil, nil, err
	}
	for s, u := range cluster.URLs {
		if cfg.Services[s].URL == "" {
			cfg.Services[s].URL = u
		}
	}
	return d, cluster, nil
}

// clientsConfig is the clients' part of cfg.
func (a *App) clientsConfig(cfg *config.Config, eps map[clients.Service]clients.Endpoint) clients.Config {
	return clients.Config{
		Endpoints: eps, Meter: a.o.Telemetry.Meter, Logger: a.log, ParallelWindows: cfg.ParallelWindows, Transport: a.o.Transport,
		OnBreakerChange: func(s clients.Service, from, to string) {
			a.log.Warn("breaker changed state", "service", s, "from", from, "to", to)
		},
	}
}

// options is the gateway's part of cfg, with what the app holds.
func (a *App) options(cfg *config.Config) gateway.Options {
	o := GatewayOptions(cfg)
	if a.demo != nil { // the services are the demo's, whatever cfg says now
		o.PlaygroundHeaders = demoHeaders
	}
	o.Clients, o.Fleet, o.State, o.Logger = a.clients, a.fleet, a.state, a.log
	o.Tracer, o.Meter, o.Metrics = a.o.Telemetry.Tracer, a.o.Telemetry.Meter, a.o.Telemetry.Metrics
	return o
}

// GatewayOptions maps cfg to the gateway's options: the one place a
// setting becomes an option. What only a running app holds (clients,
// Redis, telemetry, state) is left for it, or for a test, to add.
func GatewayOptions(cfg *config.Config) gateway.Options {
	o := gateway.Options{
		Now: cfg.Clock(), Auth: cfg.Auth,
		RequestTimeout: cfg.RequestTimeout, ClientLimit: cfg.ClientLimit, TenantLimit: cfg.TenantLimit,
		MaxInFlight: cfg.MaxInFlight, MaxLiveHeap: cfg.MemoryLimit / 2,
		Limits: cfg.Limits, Live: cfg.Live, ClosedDays: cfg.ClosedDays,
		MCP: gateway.MCP{Arbitrary: cfg.MCP.Arbitrary}, ChatAliases: cfg.Chat.Aliases,
	}
	if cfg.MCP.Operations != "" {
		o.MCP.Operations = os.DirFS(cfg.MCP.Operations)
	}
	if cfg.DemoOn() {
		o.PlaygroundHeaders = demoHeaders
	}
	return o
}

// demoHeaders fill in the playground and the dashboard with the demo
// owner's token.
var demoHeaders = map[string]string{"Authorization": "Bearer demo-owner"}

// setMemoryLimit sets the runtime's soft memory limit for an app that is
// its process's, unless GOMEMLIMIT set it; zero is none.
func (a *App) setMemoryLimit(limit int64) {
	if !a.o.Process || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	if limit <= 0 {
		limit = math.MaxInt64 // none
	}
	debug.SetMemoryLimit(limit)
}
