package demo

import (
	"net/http"
	"strings"
	"time"
)

// tokenLife is how long a verified demo token stays valid from now.
const tokenLife = time.Hour

func (d *Demo) auth() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /v1/verify", func(w http.ResponseWriter, r *http.Request) {
		raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || raw == "" {
			writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "a bearer token is required")
			return
		}
		for _, tk := range Tokens {
			if tk.Token != raw {
				continue
			}
			if tk.Expired {
				writeError(w, http.StatusUnauthorized, "TOKEN_EXPIRED", "the token has expired")
				return
			}
			t := tenantByID(tk.Tenant)
			writeJSON(w, http.StatusOK, Identity{
				UserID: tk.UserID, Name: tk.Name, TenantID: t.id,
				Roles: tk.Roles, Permissions: tk.Permissions,
				Timezone: t.timezone, Currency: t.currency,
				ExpiresAt: d.now().Add(tokenLife).UTC().Truncate(time.Second),
			})
			return
		}
		writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "unknown token")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no route %s %s", r.Method, r.URL.Path)
	})
	return mux
}
