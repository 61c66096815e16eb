// Package faults describes the failures injected into the demo services
// ("payments=down,inventory=latency:3s"): parsed from the text of
// MAITRE_DEMO_FAULTS, validated by the configuration, applied by the demo.
package faults

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

// Fault is what an injected failure does to every request of a service:
// an optional latency, then an optional mode.
type Fault struct {
	Latency time.Duration
	// Mode is "" (answer normally), "down" (drop the connection before
	// answering), "error" (answer Status, with Retry-After: 1 for 429 and
	// 503), "malformed" (a truncated JSON body), "reset" (close the
	// connection mid-body) or "partial" (lookups by ids answer only every
	// other id).
	Mode   string
	Status int
}

// Set maps services to their faults.
type Set map[clients.Service]Fault

// Parse reads a spec such as
// "payments=down,inventory=latency:3s,orders=latency:300ms+error:503".
func Parse(spec string) (Set, error) {
	out := Set{}
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, modes, ok := strings.Cut(part, "=")
		svc := clients.Service(strings.TrimSpace(name))
		if !ok || !slices.Contains(clients.Names, string(svc)) {
			return nil, fmt.Errorf("faults: %q: want service=mode with a service among %s", part, strings.Join(clients.Names, ", "))
		}
		var f Fault
		for _, m := range strings.Split(modes, "+") {
			if err := f.add(strings.TrimSpace(m)); err != nil {
				return nil, fmt.Errorf("faults: %q: %w", part, err)
			}
		}
		out[svc] = f
	}
	return out, nil
}

func (f *Fault) add(m string) error {
	kind, arg, _ := strings.Cut(m, ":")
	if kind == "latency" {
		d, err := time.ParseDuration(arg)
		if err != nil || d <= 0 || f.Latency != 0 {
			return fmt.Errorf("latency wants one positive duration such as latency:300ms, got %q", m)
		}
		f.Latency = d
		return nil
	}
	if f.Mode != "" {
		return fmt.Errorf("at most one of down, error, malformed, reset and partial, got %q too", m)
	}
	switch kind {
	case "down", "malformed", "reset", "partial":
		if arg != "" {
			return fmt.Errorf("%s takes no argument", kind)
		}
	case "error":
		st, err := strconv.Atoi(arg)
		if err != nil || st < 400 || st > 599 {
			return fmt.Errorf("error wants a status 400-599 such as error:503, got %q", m)
		}
		f.Status = st
	default:
		return fmt.Errorf("unknown mode %q (want down, latency:<d>, error:<status>, malformed, reset or partial)", m)
	}
	f.Mode = kind
	return nil
}
