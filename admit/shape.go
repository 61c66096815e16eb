package admit

import (
	"slices"

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
	// introAliases counts aliases under __schema or __type.
	introAliases int
}

func (s *shape) merge(o shape) {
	s.fields = add(s.fields, o.fields)
	s.aliases = add(s.aliases, o.aliases)
	s.intro = add(s.intro, o.intro)
	s.depth = max(s.depth, o.depth)
	s.introDepth = max(s.introDepth, o.introDepth)
	s.width = add(s.width, o.width)
	s.introAliases = add(s.introAliases, o.introAliases)
}

// measurer measures one document.
type measurer struct {
	l     Limits
	frags map[string]*ast.FragmentDefinition
	memo  map[string]shape
	busy  map[string]bool // fragments being measured, to catch cycles
	err   *gqlerror.Error
}

// measure refuses a document whose expanded shape breaks a limit, and
// returns the work validating it will take (validationWork).
func measure(doc *ast.QueryDocument, l Limits) (int, *gqlerror.Error) {
	if n := len(doc.Operations); over(n, l.MaxOperations) {
		return 0, refuse(errcode.TooManyOperations, l.MaxOperations, "the document defines %d operations; at most %d are allowed", n, l.MaxOperations)
	}
	if n := len(doc.Fragments); over(n, l.MaxFragments) {
		return 0, refuse(errcode.TooManyFragments, l.MaxFragments, "the query defines %d fragments; at most %d are allowed", n, l.MaxFragments)
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
			return 0, m.err
		}
		total = add(total, s.fields)
		if err := m.operation(op, s); err != nil {
			return 0, err
		}
	}
	if over(total, l.MaxFields) {
		return 0, at(refuse(errcode.TooManyFields, l.MaxFields, "the query selects %s fields with its fragments expanded; at most %d are allowed", count(total), l.MaxFields),
			*doc.Operations[0].Position)
	}
	if m.err != nil {
		return 0, m.err
	}
	work := validationWork(doc, m.frags)
	if over(work, l.MaxValidationWork) {
		return 0, refuse(errcode.ValidationTooCostly, l.MaxValidationWork,
			"validating the query would walk %s nodes; at most %d are allowed: spread fewer fragments in fewer operations", count(work), l.MaxValidationWork)
	}
	return work, nil
}

// validationWork counts the nodes gqlparser's validator walks: every
// operation with each fragment it reaches, once, and every fragment
// definition on its own with each fragment it reaches.
func validationWork(doc *ast.QueryDocument, frags map[string]*ast.FragmentDefinition) int {
	own := map[string]int{}
	spreads := map[string][]string{}
	for name, f := range frags {
		own[name], spreads[name] = nodes(f.SelectionSet)
	}
	reach := func(from []string) int {
		seen := map[string]bool{}
		n := 0
		stack := slices.Clone(from)
		for len(stack) > 0 {
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[f] {
				continue
			}
			seen[f] = true
			n = add(n, own[f])
			stack = append(stack, spreads[f]...)
		}
		return n
	}
	work := 0
	for _, op := range doc.Operations {
		n, refs := nodes(op.SelectionSet)
		work = add(work, add(n, reach(refs)))
	}
	for name := range frags {
		work = add(work, reach([]string{name}))
	}
	return work
}

// nodes counts a selection set's own nodes, argument values and
// directives included, and lists the fragments it spreads.
func nodes(set ast.SelectionSet) (int, []string) {
	n := 0
	var refs []string
	var values func(v *ast.Value)
	values = func(v *ast.Value) {
		n++
		for _, c := range v.Children {
			values(c.Value)
		}
	}
	directives := func(ds ast.DirectiveList) {
		for _, d := range ds {
			n++
			for _, a := range d.Arguments {
				values(a.Value)
			}
		}
	}
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			n++
			switch s := sel.(type) {
			case *ast.Field:
				for _, a := range s.Arguments {
					values(a.Value)
				}
				directives(s.Directives)
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				directives(s.Directives)
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				directives(s.Directives)
				refs = append(refs, s.Name)
			}
		}
	}
	walk(set)
	return n, refs
}

// operation checks the limits that apply to one operation as a whole.
func (m *measurer) operation(op *ast.OperationDefinition, s shape) *gqlerror.Error {
	l := m.l
	switch {
	case over(s.width, l.MaxRootFields):
		return at(refuse(errcode.TooManyRootFields, l.MaxRootFields, "the operation selects %s root fields; at most %d are allowed", count(s.width), l.MaxRootFields), *op.Position)
	case over(s.depth, l.MaxDepth):
		return at(refuse(errcode.QueryTooDeep, l.MaxDepth, "the query nests %s levels deep; at most %d are allowed", count(s.depth), l.MaxDepth), *op.Position)
	case over(s.introDepth, l.MaxIntrospectionDepth):
		return at(refuse(errcode.QueryTooDeep, l.MaxIntrospectionDepth, "the introspection query nests %s levels deep; at most %d are allowed", count(s.introDepth), l.MaxIntrospectionDepth), *op.Position)
	case over(s.aliases, l.MaxAliases):
		return at(refuse(errcode.TooManyAliases, l.MaxAliases, "the query has %s aliases; at most %d are allowed", count(s.aliases), l.MaxAliases), *op.Position)
	case s.intro > 0 && l.NoIntrospection:
		return at(errcode.New(errcode.IntrospectionOff, "introspection is turned off on this server"), *op.Position)
	case s.intro > 1:
		return at(refuse(errcode.TooManyIntrospects, 1, "the operation asks for __schema or __type %s times; one is allowed", count(s.intro)), *op.Position)
	case s.introAliases > 0:
		return at(refuse(errcode.IntrospectionAlias, 0, "introspection takes no aliases: each would repeat part of the schema"), *op.Position)
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
	if over(s.width, m.l.MaxSelections) && m.err == nil {
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
	s := shape{fields: add(1, c.fields), aliases: c.aliases, intro: c.intro, introAliases: c.introAliases, width: 1}
	if f.Alias != "" && f.Alias != f.Name {
		s.aliases = add(s.aliases, 1)
	}
	if f.Name == "__schema" || f.Name == "__type" {
		s.intro = add(s.intro, 1)
		s.introDepth = 1 + max(c.depth, c.introDepth)
		s.introAliases = add(c.aliases, c.introAliases)
		return s
	}
	s.depth = 1 + c.depth
	if c.introDepth > 0 {
		s.introDepth = 1 + c.introDepth
	}
	return s
}

func (m *measurer) directives(d ast.DirectiveList, pos *ast.Position) {
	if over(len(d), m.l.MaxDirectives) && m.err == nil {
		m.err = refuse(errcode.TooManyDirectives, m.l.MaxDirectives, "a selection carries %d directives; at most %d are allowed", len(d), m.l.MaxDirectives)
		if pos != nil {
			m.err = at(m.err, *pos)
		}
	}
}
