package gateway

import (
	"bytes"
	"io"
	"net/http"

	"github.com/maitre-pos/maitre/admit"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/gqlhttp"
)

// Limits bound what one request may ask; a zero field sets no bound and
// keeps nothing. DefaultLimits are the bounds maitre runs with.
type Limits struct {
	// MaxBodyBytes bounds a request body (413 beyond it).
	MaxBodyBytes int64
	// Document bounds a GraphQL document before it runs (admit.Limits),
	// introspection included.
	Document admit.Limits
	// MaxComplexity bounds the cost of an operation, whose fields cost what
	// they make the services do (resolvers/complexity.go).
	MaxComplexity int
	// MaxErrors bounds the errors of one response; the rest are counted in
	// one last error.
	MaxErrors int
	// QueryCacheBytes bounds the admitted documents kept, and
	// PersistedQueryBytes the persisted queries' texts.
	QueryCacheBytes, PersistedQueryBytes int64
}

// DefaultLimits are the limits maitre runs with unless configured
// otherwise.
var DefaultLimits = Limits{
	MaxBodyBytes:        1 << 20,
	Document:            admit.Defaults,
	MaxComplexity:       10000,
	MaxErrors:           100,
	QueryCacheBytes:     32 << 20,
	PersistedQueryBytes: 16 << 20,
}

// limitBody answers 413 to a body over max bytes before anything reads
// it; a zero max reads any body.
func limitBody(max int64, next http.Handler) http.Handler {
	if max <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Method == http.MethodGet {
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
		if err != nil {
			gqlhttp.WriteError(r.Context(), w, r, http.StatusBadRequest, errcode.New(errcode.BadRequest, "the request body could not be read"))
			return
		}
		if int64(len(body)) > max {
			gqlhttp.WriteError(r.Context(), w, r, http.StatusRequestEntityTooLarge,
				errcode.New(errcode.RequestTooLarge, "the request body is over %d bytes", max))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}
