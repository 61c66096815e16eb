package admit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/sized"
)

// Options configures an Executor.
type Options struct {
	Limits Limits
	// CacheEntries and CacheBytes bound the admitted documents kept, by
	// count and by an estimate of their memory; zero keeps none.
	CacheEntries int
	CacheBytes   int64
	// Persisted keeps the automatic persisted queries; nil keeps none.
	Persisted PersistedQueries
}

// Executor is a graphql.GraphExecutor that admits every document before
// gqlgen's executor sees it, and keeps only the documents it admitted.
type Executor struct {
	exec      *executor.Executor
	schema    *ast.Schema
	limits    Limits
	docs      *sized.Cache[*ast.QueryDocument]
	persisted PersistedQueries
}

var _ graphql.GraphExecutor = (*Executor)(nil)

// New returns an Executor in front of exec, which serves schema. It takes
// over exec's query cache: exec then runs only admitted documents.
func New(exec *executor.Executor, schema *ast.Schema, o Options) *Executor {
	if o.Persisted == nil {
		o.Persisted = NewPersistedQueries(1, 0)
	}
	e := &Executor{exec: exec, schema: schema, limits: o.Limits,
		docs: sized.New[*ast.QueryDocument](o.CacheEntries, o.CacheBytes, 0), persisted: o.Persisted}
	exec.SetQueryCache(admitted{})
	return e
}

// Schema returns the schema documents are admitted against.
func (e *Executor) Schema() *ast.Schema { return e.schema }

// Documents returns the bytes and number of admitted documents kept.
func (e *Executor) Documents() (int64, int) { return e.docs.Bytes() }

// CreateOperationContext admits the request's document, then lets gqlgen
// build the operation from it. Errors come with a minimal operation
// context, so that DispatchError can answer them.
func (e *Executor) CreateOperationContext(ctx context.Context, p *graphql.RawParams) (*graphql.OperationContext, gqlerror.List) {
	fail := func(errs ...*gqlerror.Error) (*graphql.OperationContext, gqlerror.List) {
		return &graphql.OperationContext{RawQuery: p.Query, OperationName: p.OperationName,
			Stats: graphql.Stats{OperationStart: graphql.GetStartTime(ctx)}}, errs
	}
	hash, err := e.persistedQuery(ctx, p)
	if err != nil {
		return fail(err)
	}
	doc, errs := e.document(ctx, p.Query)
	if errs != nil {
		return fail(errs...)
	}
	op, err := operation(doc, p.OperationName)
	if err != nil {
		return fail(err)
	}
	if err := checkVariables(e.schema, op, p.Variables, e.limits.MaxStringBytes); err != nil {
		return fail(err)
	}
	if hash != "" {
		e.persisted.Add(ctx, hash, p.Query)
	}
	return e.exec.CreateOperationContext(context.WithValue(ctx, docKey{}, doc), p)
}

// DispatchOperation runs an operation CreateOperationContext built.
func (e *Executor) DispatchOperation(ctx context.Context, op *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	return e.exec.DispatchOperation(ctx, op)
}

// DispatchError answers errors through the response middleware.
func (e *Executor) DispatchError(ctx context.Context, list gqlerror.List) *graphql.Response {
	return e.exec.DispatchError(ctx, list)
}

// document returns the admitted document for query: from the cache, or
// through the passes below, each linear in the query's bytes and each
// run only on what passed the one before; only a valid document is kept.
func (e *Executor) document(ctx context.Context, query string) (*ast.QueryDocument, gqlerror.List) {
	if strings.TrimSpace(query) == "" {
		return nil, gqlerror.List{errcode.New(errcode.BadRequest, "the request has no query")}
	}
	if doc, ok := e.docs.Get(query); ok {
		return doc, nil
	}
	l := e.limits
	src := &ast.Source{Input: query}
	tokens, err := lex(src, l)
	if err != nil {
		return nil, gqlerror.List{err}
	}
	doc, perr := parser.ParseQueryWithTokenLimit(src, l.MaxTokens)
	if perr != nil {
		return nil, gqlerror.List{coded(perr, errcode.ParseFailed)}
	}
	if len(doc.Operations) == 0 {
		return nil, gqlerror.List{errcode.New(errcode.ValidationFailed, "the document defines no operation")}
	}
	work, err := measure(doc, l)
	if err != nil {
		return nil, gqlerror.List{err}
	}
	if ctx.Err() != nil {
		return nil, gqlerror.List{errcode.Ended(ctx)}
	}
	if errs := validate(e.schema, doc, l.MaxErrors); len(errs) > 0 {
		return nil, errs
	}
	if ctx.Err() != nil {
		return nil, gqlerror.List{errcode.Ended(ctx)}
	}
	budget := 0 // none
	if l.MaxValidationWork > 0 {
		budget = max(l.MaxValidationWork-work, 1)
	}
	if err := mergeable(ctx, e.schema, doc, budget); err != nil {
		return nil, gqlerror.List{err}
	}
	e.docs.Add(query, doc, docBytes(query, tokens))
	return doc, nil
}

// docBytes estimates what a parsed document holds: its text, and per
// token what the AST and validation annotations take (TestDocBytes keeps
// the estimate above what parsing really allocates).
func docBytes(query string, tokens int) int64 {
	return int64(len(query)) + int64(tokens)*bytesPerToken
}

const bytesPerToken = 448

// persistedQuery resolves an automatic persisted query: the query text
// from the store when only the hash came, or a check that the text has the
// hash sent. It returns the hash to register once the query is admitted.
func (e *Executor) persistedQuery(ctx context.Context, p *graphql.RawParams) (string, *gqlerror.Error) {
	raw, asked := p.Extensions["persistedQuery"]
	ext, ok := raw.(map[string]any)
	switch {
	case !asked:
		return "", nil
	case !ok:
		return "", errcode.New(errcode.BadRequest, "extensions.persistedQuery must be an object {version, sha256Hash}")
	}
	hash, _ := ext["sha256Hash"].(string)
	if v, _ := ext["version"].(interface{ String() string }); v != nil && v.String() != "1" || len(hash) != sha256.Size*2 {
		return "", errcode.New(errcode.BadRequest, "persistedQuery needs version 1 and a sha256Hash of 64 hex digits")
	}
	hash = strings.ToLower(hash)
	if p.Query == "" {
		q, ok := e.persisted.Get(ctx, hash)
		if !ok {
			// Apollo's clients look for this exact message.
			return "", errcode.New(errcode.PersistedQueryNotFound, "PersistedQueryNotFound")
		}
		p.Query = q
		return "", nil
	}
	sum := sha256.Sum256([]byte(p.Query))
	if hex.EncodeToString(sum[:]) != hash {
		return "", errcode.New(errcode.PersistedQueryMismatch, "the query's SHA-256 is not the persistedQuery sha256Hash sent with it")
	}
	return hash, nil
}

// operation picks the operation to run.
func operation(doc *ast.QueryDocument, name string) (*ast.OperationDefinition, *gqlerror.Error) {
	if name == "" {
		if len(doc.Operations) > 1 {
			return nil, errcode.New(errcode.ValidationFailed, "the document defines %d operations: name the one to run in operationName", len(doc.Operations))
		}
		return doc.Operations[0], nil
	}
	if op := doc.Operations.ForName(name); op != nil {
		return op, nil
	}
	return nil, errcode.New(errcode.ValidationFailed, "the document has no operation named %q", name)
}

// coded sets err's code, keeping its message and locations.
func coded(err error, code string) *gqlerror.Error {
	var e *gqlerror.Error
	if !errors.As(err, &e) {
		e = gqlerror.Wrap(err)
	}
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
	return e
}

type docKey struct{}

// admitted is gqlgen's query cache once an Executor runs in front: it
// hands gqlgen the document the Executor admitted for this request, and
// nothing else, so gqlgen never parses or validates on its own.
type admitted struct{}

func (admitted) Get(ctx context.Context, query string) (*ast.QueryDocument, bool) {
	doc, ok := ctx.Value(docKey{}).(*ast.QueryDocument)
	return doc, ok
}

func (admitted) Add(context.Context, string, *ast.QueryDocument) {}
