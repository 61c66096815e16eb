package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/faults"
)

// slowTargets are a lunchtime mix: the dashboard, the orders page, a chat
// question and the floor, from two tenants.
var slowTargets = []loadTarget{
	loadTargets[2],
	{"orders page", "/query", `{"query":"{ orders(range: {period: TODAY}, first: 50) { nodes { items { product { name } } payments { amount { amount } } table { name } } } }"}`},
	loadTargets[3],
	{"occupancy", "/query", `{"query":"{ tableOccupancy { total occupied covers } }"}`},
}

// slowService loads a gateway process at 600 req/s of that mix while the
// payments service answers in 2 s, so that requests pile up waiting: the
// gateway's peak memory then, and once the load has stopped.
func slowService(ctx context.Context, o Options, out io.Writer) error {
	r, stop, err := startRun(o.Executable)
	if err != nil {
		return err
	}
	defer stop()
	g, d, dir := r.g, r.demo, r.dir
	tokens := []string{"demo-owner", "cafe-owner"}
	if _, err := attackAll(ctx, dir, g.url, slowTargets, tokens, 50, time.Second); err != nil { // warm up
		return err
	}
	d.SetFaults(faults.Set{clients.Payments: {Latency: 2 * time.Second}})
	rep, err := attackAll(ctx, dir, g.url, slowTargets, tokens, 600, max(o.Duration, 10*time.Second))
	d.SetFaults(nil)
	if err != nil {
		return err
	}
	_, peak := g.rss()
	time.Sleep(10 * time.Second)
	after, _ := g.rss()
	fmt.Fprintf(out, "## A slow service: 600 req/s of dashboards, orders pages, chat and occupancy from two tenants, payments answering in 2 s\n\n"+
		"| success | p50 ms | p99 ms | gateway peak RSS MiB | RSS MiB 10 s after |\n|---:|---:|---:|---:|---:|\n"+
		"| %.1f%% | %s | %s | %.0f | %.0f |\n\n", 100*rep.Success, ms(time.Duration(rep.Latencies.P50)), ms(time.Duration(rep.Latencies.P99)), peak, after)
	return nil
}

// lookup compares a product lookup through the gateway with the same
// lookup made to the inventory service directly, at a low rate and with
// the gateway's product cache off: what the gateway adds to a call when
// nothing else is coming, batch window included.
func lookup(ctx context.Context, o Options, out io.Writer) error {
	r, stop, err := startRun(o.Executable, "MAITRE_INVENTORY_CACHE_TTL=0s")
	if err != nil {
		return err
	}
	defer stop()
	g, urls, dir := r.g, r.urls, r.dir
	via, err := attack(ctx, dir, g.url, loadTargets[0], 50, o.Duration)
	if err != nil {
		return err
	}
	targets := filepath.Join(dir, "direct.txt")
	_ = os.WriteFile(targets, []byte("GET "+urls[clients.Inventory]+"/v1/products?ids=prd_bis_001\nX-Tenant-ID: bistro\n"), 0o600)
	direct, err := vegeta(ctx, []string{"-targets=" + targets, "-duration=" + o.Duration.String(), "-rate=50", "-timeout=5s"})
	if err != nil {
		return err
	}
	// A hop is what any request to a process on loopback costs here: the
	// gateway's own /health/live, which does nothing.
	hopTargets := filepath.Join(dir, "hop.txt")
	_ = os.WriteFile(hopTargets, []byte("GET "+strings.TrimSuffix(g.url, "/query")+"/health/live\n"), 0o600)
	hop, err := vegeta(ctx, []string{"-targets=" + hopTargets, "-duration=" + o.Duration.String(), "-rate=50", "-timeout=5s"})
	if err != nil {
		return err
	}
	p50 := func(r vegetaReport) string { return ms(time.Duration(r.Latencies.P50)) }
	p99 := func(r vegetaReport) string { return ms(time.Duration(r.Latencies.P99)) }
	fmt.Fprintf(out, "## A lone lookup: product(id) through the gateway against GET /v1/products?ids= to inventory, 50 req/s, no cache\n\n"+
		"| | p50 ms | p99 ms |\n|---|---:|---:|\n| gateway | %s | %s |\n| inventory directly | %s | %s |\n| one hop (the gateway's /health/live) | %s | %s |\n"+
		"| gateway adds, p50, beyond its own hop | %s | |\n\n", p50(via), p99(via), p50(direct), p99(direct), p50(hop), p99(hop),
		ms(time.Duration(via.Latencies.P50-direct.Latencies.P50-hop.Latencies.P50)))
	return nil
}
