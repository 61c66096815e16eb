package main

import (
	"context"
	"log/slog"
	"math"
	"net/http"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/config"
	"github.com/maitre-pos/maitre/fleet"
	"github.com/maitre-pos/maitre/gateway"
)

// swappable serves through the handler stored last: a reload swaps it
// whole, and a request runs on the one it found from start to end.
type swappable struct{ atomic.Pointer[http.Handler] }

func (s *swappable) Store(h http.Handler) { s.Pointer.Store(&h) }

func (s *swappable) ServeHTTP(w http.ResponseWriter, r *http.Request) { (*s.Load()).ServeHTTP(w, r) }

// reloader applies a changed configuration file to the running gateway.
type reloader struct {
	mu      sync.Mutex // one reload at a time
	cfg     *config.Config
	args    []string
	getenv  func(string) string
	clients *clients.Client
	opts    gateway.Options // the first gateway's, for what a reload keeps
	shared  *fleet.Redis
	handler *swappable
	level   *slog.LevelVar
	log     *slog.Logger
	meter   metric.MeterProvider
	reloads metric.Int64Counter
}

func newReloader(cfg *config.Config, args []string, getenv func(string) string, c *clients.Client, opts gateway.Options,
	shared *fleet.Redis, h *swappable, level *slog.LevelVar, log *slog.Logger, mp metric.MeterProvider) (*reloader, error) {
	reloads, err := mp.Meter("github.com/maitre-pos/maitre").Int64Counter("maitre.config.reloads", metric.WithUnit("{reload}"),
		metric.WithDescription("Reloads of the configuration file by outcome: applied, unchanged, or refused (the file was invalid and the running settings stayed)."))
	if err != nil {
		return nil, err
	}
	return &reloader{cfg: cfg, args: args, getenv: getenv, clients: c, opts: opts, shared: shared, handler: h,
		level: level, log: log, meter: mp, reloads: reloads}, nil
}

// reload reads the file again and, when it is valid, swaps its settings
// in: the next request runs on them, the ones in flight finish on theirs.
func (r *reloader) reload(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	next, kept, err := config.Reload(r.cfg, r.args, r.getenv)
	if err != nil {
		r.log.Error("configuration refused; the running settings stay", "file", r.cfg.File, "error", err.Error())
		r.count(ctx, "refused")
		return
	}
	if len(kept) > 0 {
		r.log.Warn("configuration changes settings that only a restart applies; they keep their running values until then",
			"file", r.cfg.File, "settings", kept)
	}
	changed := next.Changed(r.cfg)
	if len(changed) == 0 {
		r.count(ctx, "unchanged")
		return
	}
	// The demo's URLs and the shared caches, as at the start.
	for s, ep := range r.cfg.Endpoints {
		nep := next.Endpoints[s]
		nep.URL = ep.URL
		next.Endpoints[s] = nep
	}
	if r.shared != nil {
		r.shared.ShareCaches(next.Endpoints)
	}
	opts := gatewayOptions(next, r.clients, r.log, r.shared)
	opts.Tracer, opts.Meter, opts.Metrics, opts.State = r.opts.Tracer, r.opts.Meter, r.opts.Metrics, r.opts.State
	h, err := gateway.New(opts)
	if err == nil {
		err = r.clients.Reconfigure(clientsConfig(next, r.meter, r.log))
	}
	if err != nil {
		r.log.Error("configuration refused; the running settings stay", "file", r.cfg.File, "error", err.Error())
		r.count(ctx, "refused")
		return
	}
	r.handler.Store(h)
	r.level.Set(next.LogLevel)
	if next.MemoryLimit != r.cfg.MemoryLimit && r.getenv("GOMEMLIMIT") == "" {
		limit := next.MemoryLimit
		if limit == 0 {
			limit = math.MaxInt64 // none
		}
		debug.SetMemoryLimit(limit)
	}
	r.cfg = next
	r.log.Info("configuration reloaded", "file", next.File, "changed", changed)
	r.count(ctx, "applied")
}

func (r *reloader) count(ctx context.Context, outcome string) {
	r.reloads.Add(ctx, 1, metric.WithAttributes(attribute.String("outcome", outcome)))
}
