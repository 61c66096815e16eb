// Package render answers a root field whose whole selection is plain data
// by writing its JSON straight from the resolver's result, as gqlgen's
// generated code would write it, without gqlgen's per-object machinery (a
// goroutine per list element, a field context, a deferred group and a
// field set per object, a context per scalar).
//
// A root field qualifies when every field it selects is bound to a Go
// struct field or a context-free method, takes no arguments, carries no
// directive, and the viewer holds every permission the schema's @hasPermission
// asks of it. Anything else, and any surprise while writing (a null where
// none may be, a loaded field's error, a panic), is left to gqlgen: the
// renderer calls next, and the request's dataloaders answer the second
// reading from what the first one loaded. The gateway's tests hold both
// paths to the same bytes.
//
// Use it as the executor's root field middleware:
//
//	rd := render.New(schema, roots, allowed)
//	exec.AroundRootFields(rd.Middleware)
package render

import (
	"context"
	"io"
	"reflect"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// Root is a root field the renderer may answer: its resolver, called with
// the field's arguments as the request gives them, and the Go type it
// returns.
type Root struct {
	Type reflect.Type
	Call func(ctx context.Context, args map[string]any) (any, error)
}

// Method is a model method the renderer calls directly, rather than
// through reflection, which costs a microsecond and a few allocations a
// call: the getters of what list resolvers load, met once per row.
type Method struct {
	recv reflect.Type
	name string
	get  func(reflect.Value) (reflect.Value, bool)
	// text, when set, appends the field's String value instead: written
	// in place, with no string made.
	text func(v reflect.Value, dst []byte) []byte
}

// Getter binds the method f of *T, as the GraphQL field name.
func Getter[T, R any](name string, f func(*T) (R, error)) Method {
	return Method{recv: reflect.TypeFor[*T](), name: name, get: func(v reflect.Value) (reflect.Value, bool) {
		r, err := f(v.Interface().(*T))
		return valueOf(r), err == nil
	}}
}

// Ref binds, as the method of *T called name returning R, f returning
// where the method's value is held: read in place, with no copy boxed.
func Ref[T, R any](name string, f func(*T) (*R, error)) Method {
	return Method{recv: reflect.TypeFor[*T](), name: name, get: func(v reflect.Value) (reflect.Value, bool) {
		r, err := f(v.Interface().(*T))
		return reflect.ValueOf(r).Elem(), err == nil
	}}
}

// Text binds the method of *T that appends the String field name to a
// buffer, as the method of that name returns it.
func Text[T any](name string, f func(*T, []byte) []byte) Method {
	return Method{recv: reflect.TypeFor[*T](), name: name, text: func(v reflect.Value, dst []byte) []byte {
		return f(v.Interface().(*T), dst)
	}}
}

// valueOf is r as a reflect.Value of type R: a pointer as it is, which
// costs no allocation, anything else through one.
func valueOf[R any](r R) reflect.Value {
	if reflect.TypeFor[R]().Kind() == reflect.Pointer {
		return reflect.ValueOf(r)
	}
	return boxed(r)
}

// boxed is r through a pointer: apart from valueOf, whose r would
// otherwise be moved to the heap on every path.
func boxed[R any](r R) reflect.Value { return reflect.ValueOf(&r).Elem() }

// Renderer writes plain root fields; it is safe for concurrent use.
type Renderer struct {
	schema  *ast.Schema
	roots   map[string]Root
	methods map[methodKey]Method
	allowed func(ctx context.Context, permission string) bool
	plans   *lru.Cache[*ast.Field, *plan] // nil: the field does not qualify
}

type methodKey struct {
	recv reflect.Type
	name string
}

// New returns a Renderer for the roots of schema's Query type, calling
// methods directly; allowed says whether the viewer in ctx holds a
// permission.
func New(schema *ast.Schema, roots map[string]Root, methods []Method, allowed func(ctx context.Context, permission string) bool) *Renderer {
	plans, _ := lru.New[*ast.Field, *plan](1024)
	r := &Renderer{schema: schema, roots: roots, allowed: allowed, plans: plans, methods: map[methodKey]Method{}}
	for _, m := range methods {
		r.methods[methodKey{m.recv, m.name}] = m
	}
	return r
}

// Middleware answers the root field in ctx itself when it qualifies, and
// through next otherwise.
func (r *Renderer) Middleware(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	// gqlgen names the root field, not its type, in RootFieldContext.Object;
	// the query's own field context says which operation type this is.
	rf, parent := graphql.GetRootFieldContext(ctx), graphql.GetFieldContext(ctx)
	if rf == nil || parent == nil || parent.Object != r.schema.Query.Name {
		return next(ctx)
	}
	root, ok := r.roots[rf.Field.Name]
	if !ok {
		return next(ctx)
	}
	p := r.plan(graphql.GetOperationContext(ctx), rf.Field, root.Type)
	if p == nil {
		return next(ctx)
	}
	for _, perm := range p.permissions {
		if !r.allowed(ctx, perm) {
			return next(ctx)
		}
	}
	out, ok := r.answer(ctx, rf.Field, root, p)
	if !ok {
		return next(ctx)
	}
	return &written{out}
}

// written is a rendered answer, whose buffer goes back to the pool once
// gqlgen has copied it into the response.
type written struct{ b *[]byte }

func (a *written) MarshalGQL(w io.Writer) {
	if a.b == nil {
		return
	}
	_, _ = w.Write(*a.b)
	if cap(*a.b) <= maxPooled {
		answers.Put(a.b)
	}
	a.b = nil
}

// answers are the buffers answers are written into; maxPooled bounds the
// ones kept, so that a rare large answer is not held for small ones.
var answers = sync.Pool{New: func() any { return new([]byte) }}

const maxPooled = 1 << 20

// answer calls the root's resolver under the field context gqlgen would
// give it, so that its look-ahead sees the selection, and writes what it
// returns.
func (r *Renderer) answer(ctx context.Context, field graphql.CollectedField, root Root, p *plan) (out *[]byte, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	args := field.ArgumentMap(graphql.GetOperationContext(ctx).Variables)
	fc := &graphql.FieldContext{Object: r.schema.Query.Name, Field: field, Args: args, IsMethod: true, IsResolver: true}
	res, err := root.Call(graphql.WithFieldContext(ctx, fc), args)
	if err != nil {
		return nil, false
	}
	// Sized as the field's last answer was: the buffer does not grow.
	buf := answers.Get().(*[]byte)
	if want := int(max(p.size.Load()*9/8, 256)); cap(*buf) < want {
		*buf = make([]byte, 0, want)
	}
	w := &buffer{b: (*buf)[:0]}
	if !p.write(w, reflect.ValueOf(res)) {
		return nil, false
	}
	p.size.Store(int64(len(w.b)))
	*buf = w.b
	return buf, true
}

// plan returns the field's plan, compiled on first use and kept while the
// document is: a cached document keeps its *ast.Field.
func (r *Renderer) plan(op *graphql.OperationContext, field graphql.CollectedField, t reflect.Type) *plan {
	if p, ok := r.plans.Get(field.Field); ok {
		return p
	}
	def := r.schema.Query.Fields.ForName(field.Name)
	var p *plan
	if def != nil && !hasDirectives(field.Directives) {
		c := &compiler{schema: r.schema, op: op, perms: map[string]bool{}, methods: r.methods}
		if perm := permission(def); perm != "" {
			c.perms[perm] = true
		}
		if w, ok := c.value(def.Type, t, field.Selections); ok {
			p = &plan{write: w, permissions: c.permissionList()}
		}
	}
	r.plans.Add(field.Field, p)
	return p
}
