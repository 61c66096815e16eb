package admit

import (
	"context"
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/errcode"
)

// The spec's rule that fields sharing a response name can merge
// (FieldsInSetCanMerge and SameResponseShape) is stated over pairs of
// fields, and gqlparser checks it pair by pair: quadratic in the fields of
// a selection set, and more through nested sets. Both halves of the rule
// hold for a group of fields exactly when they hold between each field and
// the group's first, over the union of the group's selection sets, so
// merger checks groups instead: linear in the expanded document for the
// shape, and linear per object type for the names and arguments, all under
// a budget of steps.

// merger checks one validated document.
type merger struct {
	ctx    context.Context
	schema *ast.Schema
	frags  map[string]*ast.FragmentDefinition
	steps  int
	budget int
}

// group is the fields of one response name, in document order, under
// the response names of the groups above it (joined only to report).
type group struct {
	path   []string
	fields []*ast.Field
}

func (g *group) name() string { return strings.Join(g.path, ".") }

// errBudget stops a check that ran out of steps or time.
type errBudget struct{ err *gqlerror.Error }

// mergeable checks every operation of a document that passed the other
// validation rules, so fields carry their definitions.
func mergeable(ctx context.Context, schema *ast.Schema, doc *ast.QueryDocument, budget int) (err *gqlerror.Error) {
	m := &merger{ctx: ctx, schema: schema, budget: budget, frags: map[string]*ast.FragmentDefinition{}}
	for _, f := range doc.Fragments {
		m.frags[f.Name] = f
	}
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(errBudget)
			if !ok {
				panic(r)
			}
			err = b.err
		}
	}()
	for _, op := range doc.Operations {
		for _, g := range m.collect(nil, []ast.SelectionSet{op.SelectionSet}) {
			if c := m.shape(g); c != nil {
				return c
			}
			if c := m.common(g); c != nil {
				return c
			}
		}
	}
	return nil
}

// step spends one step of the budget, checking the deadline now and then.
func (m *merger) step() {
	m.steps++
	if m.budget > 0 && m.steps > m.budget {
		panic(errBudget{refuse(errcode.ValidationTooCostly, m.budget,
			"checking that the query's fields merge took more than %d steps; simplify the query", m.budget)})
	}
	if m.steps%1024 == 0 && m.ctx.Err() != nil {
		panic(errBudget{errcode.Ended(m.ctx)})
	}
}

// collect gathers the fields of sets, through inline fragments and spreads,
// into groups by response name, in order of first appearance.
func (m *merger) collect(path []string, sets []ast.SelectionSet) []*group {
	var out []*group
	idx := map[string]int{}
	active := map[string]bool{} // validation refuses cycles; this never loops on one anyway
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			m.step()
			switch s := sel.(type) {
			case *ast.Field:
				name := s.Alias
				if name == "" {
					name = s.Name
				}
				i, ok := idx[name]
				if !ok {
					i = len(out)
					idx[name] = i
					out = append(out, &group{path: append(path[:len(path):len(path)], name)})
				}
				out[i].fields = append(out[i].fields, s)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				if f := m.frags[s.Name]; f != nil && !active[s.Name] {
					active[s.Name] = true
					walk(f.SelectionSet)
					delete(active, s.Name)
				}
			}
		}
	}
	for _, s := range sets {
		walk(s)
	}
	return out
}

// children gathers the selection sets of fields.
func children(fields []*ast.Field) []ast.SelectionSet {
	out := make([]ast.SelectionSet, 0, len(fields))
	for _, f := range fields {
		if len(f.SelectionSet) > 0 {
			out = append(out, f.SelectionSet)
		}
	}
	return out
}

// shape checks that every field of g returns a value of the same shape as
// the first, and so on down the union of their selection sets.
func (m *merger) shape(g *group) *gqlerror.Error {
	first := g.fields[0]
	for _, f := range g.fields[1:] {
		if !sameShape(m.schema, first.Definition.Type, f.Definition.Type) {
			return conflict(g.name(), first, f, fmt.Sprintf("they return different types, %s and %s", first.Definition.Type, f.Definition.Type))
		}
	}
	if !m.composite(first.Definition.Type) {
		return nil
	}
	for _, sub := range m.collect(g.path, children(g.fields)) {
		if c := m.shape(sub); c != nil {
			return c
		}
	}
	return nil
}

// common checks that fields of g that can describe the same object (their
// parent types are the same, or one of them is abstract) are the same
// field with the same arguments, and so on down their selection sets.
// Fields of different object types never meet in one result and are
// exempt from each other.
func (m *merger) common(g *group) *gqlerror.Error {
	var abstract []*ast.Field
	byObject := map[string][]*ast.Field{}
	var objects []string
	for _, f := range g.fields {
		p := f.ObjectDefinition
		if p == nil || p.Kind != ast.Object {
			abstract = append(abstract, f)
			continue
		}
		if _, ok := byObject[p.Name]; !ok {
			objects = append(objects, p.Name)
		}
		byObject[p.Name] = append(byObject[p.Name], f)
	}
	sets := make([][]*ast.Field, 0, len(objects)+1)
	for _, o := range objects {
		sets = append(sets, append(byObject[o], abstract...))
	}
	if len(objects) == 0 {
		sets = append(sets, abstract)
	}
	for _, fields := range sets {
		first := fields[0]
		for _, f := range fields[1:] {
			m.step()
			switch {
			case f.Name != first.Name:
				return conflict(g.name(), first, f, fmt.Sprintf("%q and %q are different fields", first.Name, f.Name))
			case !m.sameArguments(first.Arguments, f.Arguments):
				return conflict(g.name(), first, f, "they have different arguments")
			}
		}
		for _, sub := range m.collect(g.path, children(fields)) {
			if c := m.common(sub); c != nil {
				return c
			}
		}
	}
	return nil
}

// composite reports whether t names an object, interface or union.
func (m *merger) composite(t *ast.Type) bool {
	for t.Elem != nil {
		t = t.Elem
	}
	d := m.schema.Types[t.NamedType]
	return d != nil && d.IsCompositeType()
}

// sameShape compares two output types: the same list and non-null
// wrappers, then the same scalar or enum, or both composite.
func sameShape(s *ast.Schema, a, b *ast.Type) bool {
	for {
		if a.NonNull != b.NonNull || (a.Elem == nil) != (b.Elem == nil) {
			return false
		}
		if a.Elem == nil {
			break
		}
		a, b = a.Elem, b.Elem
	}
	da, db := s.Types[a.NamedType], s.Types[b.NamedType]
	if da == nil || db == nil {
		return a.NamedType == b.NamedType
	}
	if da.IsLeafType() || db.IsLeafType() {
		return a.NamedType == b.NamedType
	}
	return true
}

// sameArguments compares argument lists as sets of names and values.
func (m *merger) sameArguments(a, b ast.ArgumentList) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		y := b.ForName(x.Name)
		if y == nil || !m.sameValue(x.Value, y.Value) {
			return false
		}
	}
	return true
}

// sameValue compares two literals as gqlparser prints them, without
// printing them, a step a node.
func (m *merger) sameValue(a, b *ast.Value) bool {
	m.step()
	if a.Kind != b.Kind || len(a.Children) != len(b.Children) {
		return false
	}
	switch a.Kind {
	case ast.ListValue:
		for i := range a.Children {
			if !m.sameValue(a.Children[i].Value, b.Children[i].Value) {
				return false
			}
		}
		return true
	case ast.ObjectValue:
		for i := range a.Children {
			if a.Children[i].Name != b.Children[i].Name || !m.sameValue(a.Children[i].Value, b.Children[i].Value) {
				return false
			}
		}
		return true
	}
	return a.Raw == b.Raw
}

func conflict(name string, a, b *ast.Field, why string) *gqlerror.Error {
	e := errcode.New(errcode.ValidationFailed,
		"fields %q conflict because %s; use different aliases on the fields to fetch both if this was intentional", name, why)
	for _, f := range []*ast.Field{a, b} {
		if f.Position != nil {
			e.Locations = append(e.Locations, gqlerror.Location{Line: f.Position.Line, Column: f.Position.Column})
		}
	}
	return e
}
