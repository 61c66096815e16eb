package render

import (
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// plan writes one root field's value; permissions are what its selection
// asks of the viewer.
type plan struct {
	write       writer
	permissions []string
	size        atomic.Int64 // of the last answer written
}

// writer writes v, or reports that gqlgen must answer instead.
type writer func(w *buffer, v reflect.Value) bool

// compiler builds a plan for one selection against the Go types bound to
// its GraphQL types.
type compiler struct {
	schema  *ast.Schema
	op      *graphql.OperationContext
	perms   map[string]bool
	methods map[methodKey]Method
}

func (c *compiler) permissionList() []string {
	out := make([]string, 0, len(c.perms))
	for p := range c.perms {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

var (
	marshalerType = reflect.TypeFor[graphql.Marshaler]()
	timeType      = reflect.TypeFor[time.Time]()
	errorType     = reflect.TypeFor[error]()
)

// value compiles how to write a Go value of type gt as GraphQL type t
// with selection sel; false when it does not qualify.
func (c *compiler) value(t *ast.Type, gt reflect.Type, sel ast.SelectionSet) (writer, bool) {
	if t.Elem != nil {
		if gt.Kind() != reflect.Slice {
			return nil, false
		}
		elem, ok := c.value(t.Elem, gt.Elem(), sel)
		if !ok {
			return nil, false
		}
		return list(t.NonNull, elem), true
	}
	def := c.schema.Types[t.NamedType]
	if def == nil {
		return nil, false
	}
	var inner writer
	ok := false
	switch {
	case def.Kind == ast.Object && gt.Kind() == reflect.Pointer && gt.Elem().Kind() == reflect.Struct:
		inner, ok = c.object(def, gt, sel)
		if ok {
			return orNull(t.NonNull, inner, false), true
		}
	case def.Kind == ast.Object && gt.Kind() == reflect.Struct: // held by value, as Money is
		inner, ok = c.object(def, reflect.PointerTo(gt), sel)
		if ok {
			return func(w *buffer, v reflect.Value) bool {
				if !v.CanAddr() {
					p := reflect.New(v.Type())
					p.Elem().Set(v)
					return inner(w, p)
				}
				return inner(w, v.Addr())
			}, true
		}
	case def.Kind == ast.Scalar || def.Kind == ast.Enum:
		if gt.Kind() == reflect.Pointer {
			inner, ok = scalar(t.NonNull, gt.Elem())
			if ok {
				return orNull(t.NonNull, inner, true), true
			}
			return nil, false
		}
		return scalar(t.NonNull, gt)
	}
	return nil, false
}

// orNull writes null for a nil pointer where the type allows it, and
// leaves one where it does not to gqlgen, which reports it; deref follows
// the pointer to a scalar.
func orNull(nonNull bool, inner writer, deref bool) writer {
	return func(w *buffer, v reflect.Value) bool {
		if v.IsNil() {
			if nonNull {
				return false
			}
			w.raw("null")
			return true
		}
		if deref {
			v = v.Elem()
		}
		return inner(w, v)
	}
}

// list writes a slice; a nil one is null where the list may be null, and
// empty where it may not, as gqlgen writes them.
func list(nonNull bool, elem writer) writer {
	return func(w *buffer, v reflect.Value) bool {
		if v.IsNil() && !nonNull {
			w.raw("null")
			return true
		}
		w.byte('[')
		for i := range v.Len() {
			if i > 0 {
				w.byte(',')
			}
			if !elem(w, v.Index(i)) {
				return false
			}
		}
		w.byte(']')
		return true
	}
}

// field is one entry of an object: its response key, written once as
// `"key":`, and how to read and write its value.
type field struct {
	key   string
	get   func(reflect.Value) (reflect.Value, bool)
	write writer
}

// object compiles an object's selection: fields merged by response key,
// in the order gqlgen collects them.
func (c *compiler) object(def *ast.Definition, gt reflect.Type, sel ast.SelectionSet) (writer, bool) {
	if !plainSelection(c.op, sel, def.Name) {
		return nil, false
	}
	var fields []field
	for i, f := range graphql.CollectFields(c.op, sel, []string{def.Name}) {
		key := `"` + f.Alias + `":`
		if i > 0 {
			key = "," + key
		}
		if f.Name == "__typename" {
			name := quoted(def.Name)
			fields = append(fields, field{key: key, write: func(w *buffer, _ reflect.Value) bool { w.raw(name); return true }})
			continue
		}
		fd := def.Fields.ForName(f.Name)
		if fd == nil || len(fd.Arguments) > 0 || len(f.Arguments) > 0 {
			return nil, false
		}
		if perm := permission(fd); perm != "" {
			c.perms[perm] = true
		}
		if m, ok := c.methods[methodKey{gt, f.Name}]; ok && m.text != nil {
			if fd.Type.Elem != nil || fd.Type.NamedType != "String" {
				return nil, false
			}
			fields = append(fields, field{key: key, write: text(m.text)})
			continue
		}
		get, rt, ok := c.accessor(gt, f.Name)
		if !ok {
			return nil, false
		}
		write, ok := c.value(fd.Type, rt, f.Selections)
		if !ok {
			return nil, false
		}
		fields = append(fields, field{key: key, get: get, write: write})
	}
	return func(w *buffer, v reflect.Value) bool {
		w.byte('{')
		for _, f := range fields {
			w.raw(f.key)
			fv := v
			if f.get != nil {
				var ok bool
				if fv, ok = f.get(v); !ok {
					return false
				}
			}
			if !f.write(w, fv) {
				return false
			}
		}
		w.byte('}')
		return true
	}, true
}

// plainSelection reports whether sel has no directives and no fragment on
// another type than the object's, so that collecting its fields once
// holds for every request.
func plainSelection(op *graphql.OperationContext, sel ast.SelectionSet, typeName string) bool {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if hasDirectives(s.Directives) {
				return false
			}
		case *ast.InlineFragment:
			if hasDirectives(s.Directives) || s.TypeCondition != "" && s.TypeCondition != typeName ||
				!plainSelection(op, s.SelectionSet, typeName) {
				return false
			}
		case *ast.FragmentSpread:
			f := op.Doc.Fragments.ForName(s.Name)
			if hasDirectives(s.Directives) || f == nil || f.TypeCondition != typeName || hasDirectives(f.Directives) ||
				!plainSelection(op, f.SelectionSet, typeName) {
				return false
			}
		}
	}
	return true
}

func hasDirectives(d ast.DirectiveList) bool { return len(d) > 0 }

// permission is what the field's @hasPermission asks for, if anything.
func permission(fd *ast.FieldDefinition) string {
	if d := fd.Directives.ForName("hasPermission"); d != nil {
		if a := d.Arguments.ForName("permission"); a != nil {
			return a.Value.Raw
		}
	}
	return ""
}

// accessor reads the GraphQL field name of a *struct as gqlgen binds it:
// a method without a context returning the value (and an error), called
// directly when it is bound and by reflection otherwise, else a struct
// field of that name, case aside.
func (c *compiler) accessor(gt reflect.Type, name string) (func(reflect.Value) (reflect.Value, bool), reflect.Type, bool) {
	for i := range gt.NumMethod() {
		m := gt.Method(i)
		if !strings.EqualFold(m.Name, name) {
			continue
		}
		mt := m.Type // receiver first
		if mt.NumIn() != 1 || mt.NumOut() == 0 || mt.NumOut() > 2 || mt.NumOut() == 2 && mt.Out(1) != errorType {
			return nil, nil, false
		}
		if bound, ok := c.methods[methodKey{gt, name}]; ok {
			return bound.get, mt.Out(0), true
		}
		fn, withErr := m.Func, mt.NumOut() == 2
		return func(v reflect.Value) (reflect.Value, bool) {
			out := fn.Call([]reflect.Value{v})
			if withErr && !out[1].IsNil() {
				return reflect.Value{}, false
			}
			return out[0], true
		}, mt.Out(0), true
	}
	st := gt.Elem()
	for i := range st.NumField() {
		f := st.Field(i)
		if f.IsExported() && strings.EqualFold(f.Name, name) {
			idx := i
			return func(v reflect.Value) (reflect.Value, bool) { return v.Elem().Field(idx), true }, f.Type, true
		}
	}
	return nil, nil, false
}
