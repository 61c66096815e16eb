package live

import (
	"bytes"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
)

// subscriptionType is the root type of subscriptions; queryType the one
// its selections are run against.
const (
	subscriptionType = "Subscription"
	queryType        = "Query"
)

// shape is what a poller runs: the subscription's selection as a query,
// with the subscription's variables.
type shape struct {
	params graphql.RawParams
	// nonNull is the response key of the root field when the subscription
	// declares it non-null, where its Query twin may be null: a null there
	// makes the whole data null, as it would for the subscription.
	nonNull string
}

// shapeOf returns the query that reads what op, a validated subscription
// sent as p, selects: the operation and the fragments it reaches, with
// Subscription read as Query, and only the variables it declares.
func shapeOf(op *graphql.OperationContext, p *graphql.RawParams) shape {
	q := *op.Operation
	q.Operation = ast.Query
	q.SelectionSet = asQuery(q.SelectionSet)
	doc := &ast.QueryDocument{Operations: ast.OperationList{&q}}
	for _, f := range reached(op.Doc, op.Operation) {
		c := *f
		if c.TypeCondition == subscriptionType {
			c.TypeCondition = queryType
			c.SelectionSet = asQuery(c.SelectionSet)
		}
		doc.Fragments = append(doc.Fragments, &c)
	}
	var b bytes.Buffer
	formatter.NewFormatter(&b).FormatQueryDocument(doc)
	vars := map[string]any{}
	for _, d := range op.Operation.VariableDefinitions {
		if v, ok := p.Variables[d.Variable]; ok {
			vars[d.Variable] = v
		}
	}
	s := shape{params: graphql.RawParams{Query: b.String(), OperationName: op.OperationName, Variables: vars}}
	if f := rootField(op.Operation.SelectionSet); f != nil && f.Definition != nil && f.Definition.Type.NonNull {
		s.nonNull = f.Alias
	}
	return s
}

// reached lists the fragments op spreads, directly or through others, in
// the document's order.
func reached(doc *ast.QueryDocument, op *ast.OperationDefinition) ast.FragmentDefinitionList {
	seen := map[string]bool{}
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch x := sel.(type) {
			case *ast.Field:
				walk(x.SelectionSet)
			case *ast.InlineFragment:
				walk(x.SelectionSet)
			case *ast.FragmentSpread:
				if f := doc.Fragments.ForName(x.Name); f != nil && !seen[x.Name] {
					seen[x.Name] = true
					walk(f.SelectionSet)
				}
			}
		}
	}
	walk(op.SelectionSet)
	var out ast.FragmentDefinitionList
	for _, f := range doc.Fragments {
		if seen[f.Name] {
			out = append(out, f)
		}
	}
	return out
}

// asQuery copies the inline fragments on Subscription in a root selection
// set as fragments on Query.
func asQuery(set ast.SelectionSet) ast.SelectionSet {
	out := make(ast.SelectionSet, len(set))
	for i, sel := range set {
		if in, ok := sel.(*ast.InlineFragment); ok && in.TypeCondition == subscriptionType {
			c := *in
			c.TypeCondition = queryType
			c.SelectionSet = asQuery(in.SelectionSet)
			sel = &c
		}
		out[i] = sel
	}
	return out
}

// rootField is the one field a validated subscription selects.
func rootField(set ast.SelectionSet) *ast.Field {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			return s
		case *ast.InlineFragment:
			if f := rootField(s.SelectionSet); f != nil {
				return f
			}
		case *ast.FragmentSpread:
			if s.Definition != nil {
				if f := rootField(s.Definition.SelectionSet); f != nil {
					return f
				}
			}
		}
	}
	return nil
}

// propagate makes data null when the subscription's non-null root field
// came back null from its Query twin.
func (s shape) propagate(resp *graphql.Response) {
	if s.nonNull == "" || len(resp.Errors) == 0 || len(resp.Data) == 0 {
		return
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(resp.Data, &fields) == nil && string(fields[s.nonNull]) == "null" {
		resp.Data = json.RawMessage("null")
	}
}
