// Package reqkey names a downstream request by everything that can change
// its answer, so caches and coalescers never hand one tenant's or user's
// answer to another.
package reqkey

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
)

// ignored headers identify a request without changing its answer.
var ignored = map[string]bool{
	"X-Correlation-Id": true,
	"Traceparent":      true,
	"Tracestate":       true,
	"Baggage":          true,
	"User-Agent":       true,
}

// Of returns the request's key: a hash of its method, full URL and every
// header but the ignored ones (the tenant and the bearer token included).
func Of(r *http.Request) string {
	h := sha256.New()
	h.Write([]byte(r.Method))
	h.Write([]byte{0})
	h.Write([]byte(r.URL.String()))
	names := make([]string, 0, len(r.Header))
	for k := range r.Header {
		if !ignored[http.CanonicalHeaderKey(k)] {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	for _, k := range names {
		h.Write([]byte{0})
		h.Write([]byte(strings.ToLower(k)))
		for _, v := range r.Header[k] {
			h.Write([]byte{1})
			h.Write([]byte(v))
		}
	}
	if r.Host != "" {
		h.Write([]byte{0})
		h.Write([]byte(r.Host))
	}
	return hex.EncodeToString(h.Sum(nil))
}
