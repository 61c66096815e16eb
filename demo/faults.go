package demo

import (
	"fmt"
	"net/http"
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

// Faults maps services to their faults.
type Faults map[clients.Service]Fault

// ParseFaults reads a spec such as
// "payments=down,inventory=latency:3s,orders=latency:300ms+error:503".
func ParseFaults(spec string) (Faults, error) {
	out := Faults{}
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, modes, ok := strings.Cut(part, "=")
		svc := clients.Service(strings.TrimSpace(name))
		if !ok || !slices.Contains(serviceNames(), string(svc)) {
			return nil, fmt.Errorf("demo: fault %q: want service=mode with a service among %s", part, strings.Join(serviceNames(), ", "))
		}
		var f Fault
		for _, m := range strings.Split(modes, "+") {
			if err := f.add(strings.TrimSpace(m)); err != nil {
				return nil, fmt.Errorf("demo: fault %q: %w", part, err)
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

// everyOther keeps the first, third, ... of comma-separated ids.
func everyOther(ids string) string {
	var keep []string
	for i, id := range strings.Split(ids, ",") {
		if i%2 == 0 {
			keep = append(keep, id)
		}
	}
	return strings.Join(keep, ",")
}

func serviceNames() []string {
	out := make([]string, len(clients.Services))
	for i, s := range clients.Services {
		out[i] = string(s)
	}
	return out
}

// faulty applies the service's current fault before h.
func (d *Demo) faulty(s clients.Service, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := (*d.faults.Load())[s]
		if f.Latency > 0 {
			t := time.NewTimer(f.Latency)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		switch f.Mode {
		case "down":
			panic(http.ErrAbortHandler) // net/http drops the connection unanswered
		case "error":
			if f.Status == http.StatusServiceUnavailable || f.Status == http.StatusTooManyRequests {
				w.Header().Set("Retry-After", "1")
			}
			writeError(w, f.Status, "INJECTED_FAULT", "injected %d from the %s demo service", f.Status, s)
		case "partial":
			q := r.URL.Query()
			for _, p := range []string{"ids", "order_ids"} {
				if q.Has(p) {
					q.Set(p, everyOther(q.Get(p)))
				}
			}
			r.URL.RawQuery = q.Encode()
			h.ServeHTTP(w, r)
		case "malformed":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"` + string(s) + `":[{"id":"tru`))
		case "reset":
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "4096")
			_, _ = w.Write([]byte(`{"` + string(s) + `":[`))
			http.NewResponseController(w).Flush()
			panic(http.ErrAbortHandler)
		default:
			h.ServeHTTP(w, r)
		}
	})
}
