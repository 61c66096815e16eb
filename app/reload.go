package app

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/maitre-pos/maitre/config"
	"github.com/maitre-pos/maitre/gateway"
)

// Watch reloads the configuration whenever its file changes, and on
// SIGHUP, until ctx ends; without a file it does nothing.
func (a *App) Watch(ctx context.Context) error {
	file := a.Config().File
	if file == "" {
		return nil
	}
	reloads, err := a.o.Telemetry.Meter.Meter("github.com/maitre-pos/maitre/app").Int64Counter("maitre.config.reloads", metric.WithUnit("{reload}"),
		metric.WithDescription("Reloads of the configuration file by outcome: applied, unchanged, or refused (the file was invalid and the running settings stayed)."))
	if err != nil {
		return err
	}
	for _, outcome := range []string{"applied", "unchanged", "refused"} { // each series from 0, so that an alert sees the first
		reloads.Add(ctx, 0, metric.WithAttributes(attribute.String("outcome", outcome)))
	}
	return config.Watch(ctx, file, func() {
		outcome := a.Reload()
		reloads.Add(ctx, 1, metric.WithAttributes(attribute.String("outcome", outcome)))
	})
}

// Reload reads the configuration again and, when it is valid, swaps its
// settings in: the next request runs on them, the ones in flight finish
// on theirs. It returns what became of it: applied, unchanged or refused.
func (a *App) Reload() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	old := a.cfg
	next, kept, err := config.Reload(old, a.o.Args, a.o.Getenv)
	if err != nil {
		a.log.Error("configuration refused; the running settings stay", "file", old.File, "error", err.Error())
		return "refused"
	}
	if len(kept) > 0 {
		a.log.Warn("configuration changes settings that only a restart applies; they keep their running values until then",
			"file", old.File, "settings", kept)
	}
	changed := next.Changed(old)
	if len(changed) == 0 {
		return "unchanged"
	}
	// The services stay where they are (the demo's, when it runs).
	for s, ep := range old.Services {
		next.Services[s].URL = ep.URL
	}
	eps := next.Endpoints()
	if a.fleet != nil {
		a.fleet.ShareCaches(eps)
	}
	h, err := gateway.New(a.options(next))
	if err == nil {
		err = a.clients.Reconfigure(a.clientsConfig(next, eps))
	}
	if err != nil {
		a.log.Error("configuration refused; the running settings stay", "file", old.File, "error", err.Error())
		return "refused"
	}
	a.handler.Store(&h)
	if a.o.Level != nil {
		a.o.Level.Set(next.Level())
	}
	if next.MemoryLimit != old.MemoryLimit {
		a.setMemoryLimit(next.MemoryLimit)
	}
	a.cfg = next
	a.log.Info("configuration reloaded", "file", next.File, "changed", changed)
	return "applied"
}
