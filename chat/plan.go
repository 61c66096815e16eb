package chat

import (
	"fmt"
	"strings"
)

// query is the one GraphQL document a question runs: each ask adds its
// root fields under its alias (ask0, ask1, ...; a comparison's second
// period ask0b) and every slot value becomes a variable.
type query struct {
	alias  string // the current ask's
	decls  []string
	fields []string
	vars   map[string]any
}

// arg declares a variable for the current ask and returns its reference.
func (q *query) arg(name, typ string, v any) string {
	name += strings.TrimPrefix(q.alias, "ask")
	q.decls = append(q.decls, fmt.Sprintf("$%s: %s", name, typ))
	q.vars[name] = v
	return "$" + name
}

// add adds a root field under the current ask's alias plus suffix.
func (q *query) add(suffix, field string) {
	q.fields = append(q.fields, q.alias+suffix+": "+field)
}

// plan writes the document for the asks that can run.
func plan(asks []Ask) (string, map[string]any) {
	q := &query{vars: map[string]any{}}
	for i, a := range asks {
		if a.Invalid != "" || len(a.Choices) > 0 {
			continue
		}
		q.alias = fmt.Sprintf("ask%d", i)
		registry[a.Intent].Plan(q, a.Slots)
	}
	if len(q.fields) == 0 {
		return "", nil
	}
	head := "query Chat"
	if len(q.decls) > 0 {
		head += "(" + strings.Join(q.decls, ", ") + ")"
	}
	return head + " {\n  " + strings.Join(q.fields, "\n  ") + "\n}", q.vars
}
