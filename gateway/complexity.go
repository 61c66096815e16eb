package gateway

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// complexityLimit is gqlgen's fixed complexity limit, which walks the
// whole operation on every request, with the complexity of an operation
// without variables kept: it depends on nothing else (resolvers/complexity.go
// reads only arguments), and admitted documents are kept by pointer.
type complexityLimit struct {
	*extension.ComplexityLimit
	known *lru.Cache[*ast.OperationDefinition, *extension.ComplexityStats]
}

var (
	_ graphql.HandlerExtension        = complexityLimit{}
	_ graphql.OperationContextMutator = complexityLimit{}
)

func newComplexityLimit(max int) complexityLimit {
	known, _ := lru.New[*ast.OperationDefinition, *extension.ComplexityStats](queryCacheEntries)
	return complexityLimit{extension.FixedComplexityLimit(max), known}
}

func (c complexityLimit) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if len(op.Variables) > 0 || op.Operation == nil {
		return c.ComplexityLimit.MutateOperationContext(ctx, op)
	}
	if st, ok := c.known.Get(op.Operation); ok {
		op.Stats.SetExtension(extension.ComplexityLimit{}.ExtensionName(), st)
		return nil
	}
	if err := c.ComplexityLimit.MutateOperationContext(ctx, op); err != nil {
		return err // refused: computed again if it comes again
	}
	if st, ok := op.Stats.GetExtension(extension.ComplexityLimit{}.ExtensionName()).(*extension.ComplexityStats); ok {
		c.known.Add(op.Operation, st)
	}
	return nil
}
