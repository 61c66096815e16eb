// Command bench measures maitre on the demo services with their latency
// injected, and writes Markdown tables to stdout (docs/benchmarks.md):
//
//	go run ./cmd/bench --only seed,herd --runs 5
//
// It lives apart from the server binary, which it builds and starts for
// the scenarios that load a gateway in its own process (or runs the one
// --gateway names, to compare builds).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/maitre-pos/maitre/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		if err == flag.ErrHelp {
			return
		}
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	runs := fs.Int("runs", 9, "runs per measured cell")
	scale := fs.Float64("scale", 1, "multiply every injected latency (0.1 for a quick smoke)")
	load := fs.Bool("throughput", true, "run the load tests (needs `go tool vegeta`, so run from the repository)")
	only := fs.String("only", "", "run only these scenarios, comma-separated: seed, n1, herd, periods, hostile, subscribers, throughput, slow, lookup, soak")
	duration := fs.Duration("duration", 5*time.Second, "duration of each load test")
	gateway := fs.String("gateway", "", "the maitre binary the process scenarios load (default: built from this repository), to compare builds")
	if err := fs.Parse(args); err != nil {
		return err
	}
	exe := *gateway
	if exe == "" {
		dir, err := os.MkdirTemp("", "maitre-bench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		exe = filepath.Join(dir, "maitre")
		build := exec.CommandContext(ctx, "go", "build", "-o", exe, "github.com/maitre-pos/maitre")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build maitre: %w", err)
		}
	}
	return bench.Run(ctx, bench.Options{Runs: *runs, Scale: *scale, Throughput: *load, Duration: *duration, Executable: exe, Only: *only}, os.Stdout)
}
