package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/fleet"
)

// readyTimeout bounds the readiness check's calls.
const readyTimeout = 2 * time.Second

func liveness() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
}

// ready answers 200 when every downstream service passes its health check,
// else 503, listing each service as "ok" or "unavailable", each
// breaker's state, and Redis's: "ok", "degraded" (still 200) or "off".
func ready(c *clients.Client, shared *fleet.Redis) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		breakers := c.Breakers() // as they were when asked
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		failed := c.Health(ctx)
		services := map[clients.Service]string{}
		for _, s := range clients.Services {
			services[s] = "ok"
			if failed[s] != nil {
				services[s] = "unavailable"
			}
		}
		status, code := "ready", http.StatusOK
		if len(failed) > 0 {
			status, code = "not ready", http.StatusServiceUnavailable
		}
		body := map[string]any{"status": status, "services": services, "breakers": breakers, "redis": "off"}
		if shared != nil {
			body["redis"] = shared.Status() // degraded is not down: each replica uses its own state
		}
		writeJSON(w, code, body)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
