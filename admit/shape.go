package admit

import (
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/errcode"
)

// shape is what a selection set becomes once its fragment spreads are
// expanded, computed without expanding them: each fragment's shape is
// computed once and added wherever it is spread, so a fragment bomb is
// measured in time linear in its text.
type shape struct {
	fields  int // field selections, nested ones included
	aliases int
	// intro counts __schema and __type fields.
	intro int
	// depth is the deepest nesting outside introspection, introDepth the
	// deepest path through __schema or __type; a leaf field is 1.
	depth, introDepth int
	// width is the number of fields merged into this selection set.
	width int
}

func (s *shape) merge(o shape) {
	s.fields = add(s.fields, o.fields)
	s.aliases = add(s.aliases, o.aliases)
	s.intro = add(s.intro, o.intro)
	s.depth = max(s.depth, o.depth)
	s.introDepth = max(s.introDepth, o.introDepth)
	s.width = add(s.width, o.width)
}

// measurer measures one document.
type measurer struct {
	l     Limits
	frags map[string]*ast.FragmentDefinition
	memo  map[string]shape
	busy  map[string]bool // fragments being measured, to catch cycles
	err   *gqlerror.Error
}

// measure refuses a document whose expanded shape breaks a limit.
func measure(doc *ast.QueryDocument, l Limits) *gqlerror.Error {
	if n := len(doc.Fragments); n > l.MaxFragments {
		return refuse(errcode.TooManyFragments, l.MaxFragments, "the query defines %d fragments; at most %d are allowed", n, l.MaxFragments)
	}
	m := &measurer{l: l, frags: make(map[string]*ast.FragmentDefinition, len(doc.Fragments)),
		memo: map[string]shape{}, busy: map[string]bool{}}
	for _, f := range doc.Fragments {
		if _, dup := m.frags[f.Name]; !dup {
			m.frags[f.Name] = f
		}
	}
	// Every fragment is measured, used or not, so that no selection set
	// escapes the width and directive limits.
	for _, f := range doc.Fragments {
		m.fragment(f.Name)
	}
	total := 0
	for _, op := range doc.Operations {
		if m.err == nil {
			m.directives(op.Directives, op.Position)
		}
		s := m.set(op.SelectionSet)
		if m.err != nil {
			return m.err
		}
		total = add(total, s.fields)
		if err := m.operation(op, s); err != nil {
			return err
		}
	}
	if total > l.MaxFields {
		return refuse(errcode.TooManyFields, l.MaxFields, "the query selects %s fields with its fragments expanded; at most %d are allowed", count(total), l.MaxFields)
	}
	return m.err
}

// operation checks the limits that apply to one operation as a whole.
func (m *measurer) operation(op *ast.OperationDefinition, s shape) *gqlerror.Error {
	l := m.l
	switch {
	case s.width > l.MaxRootFields:
		return at(refuse(errcode.TooManyRootFields, l.MaxRootFields, "the operation selects %s root fields; at most %d are allowed", count(s.width), l.MaxRootFields), *op.Position)
	case s.depth > l.MaxDepth:
		return at(refuse(errcode.QueryTooDeep, l.MaxDepth, "the query nests %s levels deep; at most %d are allowed", count(s.depth), l.MaxDepth), *op.Position)
	case s.introDepth > l.MaxIntrospectionDepth:
		return at(refuse(errcode.QueryTooDeep, l.MaxIntrospectionDepth, "the introspection query nests %s levels deep; at most %d are allowed", count(s.introDepth), l.MaxIntrospectionDepth), *op.Position)
	case s.aliases > l.MaxAliases:
		return at(refuse(errcode.TooManyAliases, l.MaxAliases, "the query has %s aliases; at most %d are allowed", count(s.aliases), l.MaxAliases), *op.Position)
	case s.intro > 0 && l.NoIntrospection:
		return at(errcode.New(errcode.IntrospectionOff, "introspection is turned off on this server"), *op.Position)
	case s.intro > 1:
		return at(refuse(errcode.TooManyIntrospects, 1, "the operation asks for __schema or __type %s times; one is allowed", count(s.intro)), *op.Position)
	}
	return nil
}

// fragment returns a fragment's shape, measuring it the first time.
func (m *measurer) fragment(name string) shape {
	if s, ok := m.memo[name]; ok {
		return s
	}
	f := m.frags[name]
	if f == nil || m.err != nil {
		return shape{} // unknown: validation says so
	}
	if m.busy[name] {
		m.err = at(errcode.New(errcode.ValidationFailed, "fragment %q spreads itself", name), *f.Position)
		return shape{}
	}
	m.busy[name] = true
	m.directives(f.Directives, f.Position)
	s := m.set(f.SelectionSet)
	delete(m.busy, name)
	m.memo[name] = s
	return s
}

// set measures a selection set and checks its width.
func (m *measurer) set(sel ast.SelectionSet) shape {
	var s shape
	for _, x := range sel {
		if m.err != nil {
			return s
		}
		switch x := x.(type) {
		case *ast.Field:
			m.directives(x.Directives, x.Position)
			s.merge(m.field(x))
		case *ast.InlineFragment:
			m.directives(x.Directives, x.Position)
			s.merge(m.set(x.SelectionSet))
		case *ast.FragmentSpread:
			m.directives(x.Directives, x.Position)
			s.merge(m.fragment(x.Name))
		}
	}
	if s.width > m.l.MaxSelections && m.err == nil {
		m.err = refuse(errcode.SelectionTooWide, m.l.MaxSelections, "a selection set merges %s fields; at most %d are allowed", count(s.width), m.l.MaxSelections)
		if len(sel) > 0 {
			m.err = at(m.err, *sel[0].GetPosition())
		}
	}
	return s
}

// field measures one field: itself plus what it selects.
func (m *measurer) field(f *ast.Field) shape {
	c := m.set(f.SelectionSet)
	s := shape{fields: add(1, c.fields), aliases: c.aliases, intro: c.intro, width: 1}
	if f.Alias != "" && f.Alias != f.Name {
		s.aliases = add(s.aliases, 1)
	}
	if f.Name == "__schema" || f.Name == "__type" {
		s.intro = add(s.intro, 1)
		s.introDepth = 1 + max(c.depth, c.introDepth)
		return s
	}
	s.depth = 1 + c.depth
	if c.introDepth > 0 {
		s.introDepth = 1 + c.introDepth
	}
	return s
}

func (m *measurer) directives(d ast.DirectiveList, pos *ast.Position) {
	if len(d) > m.l.MaxDirectives && m.err == nil {
		m.err = refuse(errcode.TooManyDirectives, m.l.MaxDirectives, "a selection carries %d directives; at most %d are allowed", len(d), m.l.MaxDirectives)
		if pos != nil {
			m.err = at(m.err, *pos)
		}
	}
}
