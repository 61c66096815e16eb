package gateway

import (
	"context"
	"crypto/sha256"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// complexityLimit is gqlgen's fixed complexity limit, which walks the
// whole operation on every request, with the complexity of an operation
// without variables kept: it depends on nothing else (resolvers/complexity.go
// reads only arguments). It is kept by the document's hash and the
// operation's name, not by its parsed form, which would hold documents
// past the admission cache's bound.
type complexityLimit struct {
	*extension.ComplexityLimit
	known *lru.Cache[operationKey, *extension.ComplexityStats]
}

type operationKey struct {
	document [sha256.Size]byte
	name     string
}

var (
	_ graphql.HandlerExtension        = complexityLimit{}
	_ graphql.OperationContextMutator = complexityLimit{}
)

func newComplexityLimit(max int) complexityLimit {
	known, _ := lru.New[operationKey, *extension.ComplexityStats](queryCacheEntries)
	return complexityLimit{extension.FixedComplexityLimit(max), known}
}

func (c complexityLimit) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if len(op.Variables) > 0 || op.Operation == nil {
		return c.ComplexityLimit.MutateOperationContext(ctx, op)
	}
	key := operationKey{sha256.Sum256([]byte(op.RawQuery)), op.OperationName}
	if st, ok := c.known.Get(key); ok {
		op.Stats.SetExtension(extension.ComplexityLimit{}.ExtensionName(), st)
		return nil
	}
	if err := c.ComplexityLimit.MutateOperationContext(ctx, op); err != nil {
		return err // refused: computed again if it comes again
	}
	if st, ok := op.Stats.GetExtension(extension.ComplexityLimit{}.ExtensionName()).(*extension.ComplexityStats); ok {
		c.known.Add(key, st)
	}
	return nil
}
