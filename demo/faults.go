package demo

import (
	"net/http"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

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

// faulty applies the service's current fault before h.
func (d *Demo) faulty(s clients.Service, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := (*d.injected.Load())[s]
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
