package chat

import (
	"fmt"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/maitre-pos/maitre/graph/generated"
)

func testSchema(t testing.TB) *ast.Schema {
	t.Helper()
	return generated.NewExecutableSchema(generated.Config{}).Schema()
}

// validate checks doc and its variables against the schema, and that it
// is one query.
func validate(schema *ast.Schema, doc string, vars map[string]any) error {
	q, errs := gqlparser.LoadQueryWithRules(schema, doc, nil)
	if len(errs) > 0 {
		return errs
	}
	if len(q.Operations) != 1 || q.Operations[0].Operation != ast.Query {
		return fmt.Errorf("not a single query")
	}
	_, err := validator.VariableValues(schema, q.Operations[0], vars)
	return err
}
