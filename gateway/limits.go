package gateway

import (
	"bytes"
	"io"
	"net/http"

	"github.com/maitre-pos/maitre/admit"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/gqlhttp"
)

// Limits bound what one request may ask; zero values mean the defaults.
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

// The default limits.
const (
	DefaultMaxBodyBytes        = 1 << 20
	DefaultMaxComplexity       = 10000
	DefaultMaxErrors           = 100
	DefaultQueryCacheBytes     = 32 << 20
	DefaultPersistedQueryBytes = 16 << 20
)

func (l Limits) withDefaults() Limits {
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if l.MaxComplexity <= 0 {
		l.MaxComplexity = DefaultMaxComplexity
	}
	if l.MaxErrors <= 0 {
		l.MaxErrors = DefaultMaxErrors
	}
	if l.QueryCacheBytes <= 0 {
		l.QueryCacheBytes = DefaultQueryCacheBytes
	}
	if l.PersistedQueryBytes <= 0 {
		l.PersistedQueryBytes = DefaultPersistedQueryBytes
	}
	l.Document = l.Document.WithDefaults()
	return l
}

// limitBody answers 413 to a body over max bytes before anything reads it.
func limitBody(max int64, next http.Handler) http.Handler {
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
