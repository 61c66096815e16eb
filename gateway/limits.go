package gateway

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/apierror"
	"github.com/maitre-pos/maitre/errcode"
)

// Limits bound what one request may ask; zero values mean the defaults.
type Limits struct {
	// MaxBodyBytes bounds a request body (413 beyond it).
	MaxBodyBytes int64
	// MaxDepth bounds the nesting of selections, introspection aside.
	MaxDepth int
	// MaxAliases bounds the aliased fields of one operation.
	MaxAliases int
	// MaxComplexity bounds the cost of an operation, whose fields cost what
	// they make the services do (resolvers/complexity.go).
	MaxComplexity int
	// NoIntrospection turns introspection off, as in production.
	NoIntrospection bool
}

// The default limits.
const (
	DefaultMaxBodyBytes  = 1 << 20
	DefaultMaxDepth      = 12
	DefaultMaxAliases    = 30
	DefaultMaxComplexity = 10000
)

func (l Limits) withDefaults() Limits {
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxAliases <= 0 {
		l.MaxAliases = DefaultMaxAliases
	}
	if l.MaxComplexity <= 0 {
		l.MaxComplexity = DefaultMaxComplexity
	}
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
			apierror.Write(r.Context(), w, r, http.StatusBadRequest, errcode.New(errcode.BadUserInput, "the request body could not be read"))
			return
		}
		if int64(len(body)) > max {
			apierror.Write(r.Context(), w, r, http.StatusRequestEntityTooLarge,
				errcode.New(errcode.RequestTooLarge, "the request body is over %d bytes", max))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// shape rejects operations nested too deep or with too many aliases,
// before anything runs.
type shape struct{ maxDepth, maxAliases int }

func (shape) ExtensionName() string                   { return "OperationShape" }
func (shape) Validate(graphql.ExecutableSchema) error { return nil }
func (s shape) MutateOperationContext(_ context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if op.Operation == nil {
		return nil
	}
	aliases := 0
	depth := measure(op.Doc, op.Operation.SelectionSet, 1, &aliases, map[string]bool{})
	if depth > s.maxDepth {
		return errcode.New(errcode.QueryTooDeep, "the query nests %d levels deep; at most %d are allowed", depth, s.maxDepth)
	}
	if aliases > s.maxAliases {
		return errcode.New(errcode.TooManyAliases, "the query has %d aliases; at most %d are allowed", aliases, s.maxAliases)
	}
	return nil
}

// measure returns the depth of a selection set and counts its aliases,
// following fragments (each once per path) and skipping introspection.
func measure(doc *ast.QueryDocument, set ast.SelectionSet, level int, aliases *int, seen map[string]bool) int {
	deepest := level - 1
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				continue
			}
			if s.Alias != "" && s.Alias != s.Name {
				*aliases++
			}
			deepest = max(deepest, level)
			if len(s.SelectionSet) > 0 {
				deepest = max(deepest, measure(doc, s.SelectionSet, level+1, aliases, seen))
			}
		case *ast.InlineFragment:
			deepest = max(deepest, measure(doc, s.SelectionSet, level, aliases, seen))
		case *ast.FragmentSpread:
			f := doc.Fragments.ForName(s.Name)
			if f == nil || seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			deepest = max(deepest, measure(doc, f.SelectionSet, level, aliases, seen))
			delete(seen, s.Name)
		}
	}
	return deepest
}
