package auth

import (
	"context"
	"net/http"
	"strings"
)

type resourceKey struct{}

// Protected marks the requests next serves as for a protected resource
// whose metadata (RFC 9728) is at path on the host they were sent to: a
// 401 names it in its WWW-Authenticate challenge, which is where a
// client such as an MCP client looks for how to authenticate.
func Protected(path string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), resourceKey{}, Origin(r)+path)))
	})
}

// Origin is the scheme and host a request was sent to: https when it came
// over TLS or through a proxy that says so.
func Origin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// protected reports whether r is for a protected resource (Protected).
func protected(r *http.Request) bool {
	_, ok := r.Context().Value(resourceKey{}).(string)
	return ok
}

// challenge is the WWW-Authenticate value of a 401 to r (RFC 6750, and
// RFC 9728's resource_metadata for a protected resource); invalid says a
// token was sent and refused.
func challenge(r *http.Request, invalid bool) string {
	c := `Bearer realm="maitre"`
	if invalid {
		c += `, error="invalid_token"`
	}
	if meta, ok := r.Context().Value(resourceKey{}).(string); ok && !strings.ContainsAny(meta, "\"\\\r\n") {
		c += `, resource_metadata="` + meta + `"`
	}
	return c
}
