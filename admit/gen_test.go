package admit

import (
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// gen writes GraphQL documents over a schema, steered by fuzz input: each
// choice reads a byte. Most of what it writes is valid; the rest (unknown
// fields, cycles, repeated directives) is what attackers send.
type gen struct {
	in     []byte
	pos    int
	schema *ast.Schema
	frags  []fragDef
	cur    int // the fragment being written, which spreads only later ones
	spread []int
	b      strings.Builder
}

type fragDef struct {
	name string
	on   *ast.Definition
}

func newGen(schema *ast.Schema, in []byte) *gen { return &gen{in: in, schema: schema} }

// pick returns a choice in [0, n).
func (g *gen) pick(n int) int {
	if n <= 1 || len(g.in) == 0 {
		return 0
	}
	c := int(g.in[g.pos%len(g.in)])
	g.pos++
	return c % n
}

// done says the input is spent, so documents end.
func (g *gen) done() bool { return g.pos >= len(g.in) }

var aliases = []string{"", "", "", "a", "b", "name", "id"}

// document writes fragments then one or two operations.
func (g *gen) document() string {
	nfrag := g.pick(4)
	composites := g.composites()
	for i := range nfrag {
		on := composites[g.pick(len(composites))]
		g.frags = append(g.frags, fragDef{fmt.Sprintf("F%d", i), on})
	}
	texts := make([]string, len(g.frags))
	spreads := make([][]int, len(g.frags))
	for i, f := range g.frags {
		g.cur, g.spread = i, nil
		g.b.Reset()
		fmt.Fprintf(&g.b, "fragment %s on %s ", f.name, f.on.Name)
		g.set(f.on, 0)
		texts[i], spreads[i] = g.b.String(), g.spread
	}
	g.cur, g.spread = -1, nil
	g.b.Reset()
	for i := range 1 + g.pick(2) {
		fmt.Fprintf(&g.b, "query Q%d ", i)
		g.set(g.schema.Query, 0)
		g.b.WriteByte('\n')
	}
	// Only fragments something spreads are written, or NoUnusedFragments
	// would refuse most documents.
	used := make([]bool, len(g.frags))
	for _, j := range g.spread {
		used[j] = true
	}
	var out strings.Builder
	for i := range g.frags {
		if used[i] {
			for _, j := range spreads[i] {
				used[j] = true
			}
			out.WriteString(texts[i] + "\n")
		}
	}
	return out.String() + g.b.String()
}

func (g *gen) composites() []*ast.Definition {
	var out []*ast.Definition
	for _, name := range sortedTypes(g.schema) {
		if d := g.schema.Types[name]; d.IsCompositeType() && !strings.HasPrefix(name, "__") {
			out = append(out, d)
		}
	}
	return out
}

// set writes a selection set on t.
func (g *gen) set(t *ast.Definition, depth int) {
	g.b.WriteString("{ ")
	n := 1 + g.pick(4)
	for range n {
		switch c := g.pick(10); {
		case c < 6 || depth > 6 || g.done():
			g.field(t, depth)
		case c < 8:
			on := g.possible(t)
			g.b.WriteString("... on " + on.Name + " ")
			g.directives()
			g.set(on, depth+1)
		default:
			var fit []int
			for i, f := range g.frags {
				if i > g.cur && g.overlap(t, f.on) || g.pick(50) == 0 { // now and then, one that cannot be spread
					fit = append(fit, i)
				}
			}
			if len(fit) > 0 {
				i := fit[g.pick(len(fit))]
				g.spread = append(g.spread, i)
				g.b.WriteString("..." + g.frags[i].name + " ")
				g.directives()
			} else {
				g.field(t, depth)
			}
		}
	}
	g.b.WriteString("} ")
}

// overlap reports whether some object can be both a and b.
func (g *gen) overlap(a, b *ast.Definition) bool {
	objects := func(d *ast.Definition) []*ast.Definition {
		if d.Kind == ast.Object {
			return []*ast.Definition{d}
		}
		return g.schema.GetPossibleTypes(d)
	}
	for _, x := range objects(a) {
		for _, y := range objects(b) {
			if x == y {
				return true
			}
		}
	}
	return false
}

// possible is t or one of the types it may be.
func (g *gen) possible(t *ast.Definition) *ast.Definition {
	opts := append([]*ast.Definition{t}, g.schema.GetPossibleTypes(t)...)
	opts = append(opts, g.schema.GetImplements(t)...)
	return opts[g.pick(len(opts))]
}

func (g *gen) field(t *ast.Definition, depth int) {
	var fields ast.FieldList
	for _, f := range t.Fields {
		d := g.schema.Types[f.Type.Name()]
		deep := d != nil && d.IsCompositeType()
		if !strings.HasPrefix(f.Name, "__") && (depth < 6 && !g.done() || !deep) {
			fields = append(fields, f)
		}
	}
	if t.Kind == ast.Union || len(fields) == 0 {
		g.b.WriteString("__typename ")
		return
	}
	f := fields[g.pick(len(fields))]
	if a := aliases[g.pick(len(aliases))]; a != "" {
		g.b.WriteString(a + ": ")
	}
	g.b.WriteString(f.Name)
	if len(f.Arguments) > 0 && g.pick(2) == 0 {
		a := f.Arguments[g.pick(len(f.Arguments))]
		fmt.Fprintf(&g.b, "(%s: %s)", a.Name, g.value(a.Type))
	}
	g.b.WriteByte(' ')
	g.directives()
	if d := g.schema.Types[f.Type.Name()]; d != nil && d.IsCompositeType() {
		g.set(d, depth+1)
	}
}

// value writes a literal of t, usually right.
func (g *gen) value(t *ast.Type) string {
	if t.Elem != nil {
		return "[" + g.value(t.Elem) + "]"
	}
	switch d := g.schema.Types[t.NamedType]; {
	case d == nil:
		return "null"
	case d.Kind == ast.Enum:
		return d.EnumValues[g.pick(len(d.EnumValues))].Name
	case d.Kind == ast.InputObject:
		return "{}"
	case t.NamedType == "Int":
		return fmt.Sprint(g.pick(3) + 1)
	case t.NamedType == "Boolean":
		return []string{"true", "false"}[g.pick(2)]
	}
	return []string{`"x"`, `"y"`}[g.pick(2)]
}

func (g *gen) directives() {
	for range g.pick(3) {
		fmt.Fprintf(&g.b, "@%s(if: %s) ", []string{"include", "skip"}[g.pick(2)], []string{"true", "false"}[g.pick(2)])
	}
}
