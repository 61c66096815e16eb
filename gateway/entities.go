package gateway

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/maitre-pos/maitre/errcode"
)

// maxEntities bounds the representations one operation asks _entities
// for, over all its _entities fields: a router sends one per entity of a
// plan's step, and gqlgen's complexity cannot price the field (its hook
// is unexported), so the count is what bounds the work.
const maxEntities = 500

// entityLimit answers every _entities field of an operation asking for
// more than maxEntities entities with null and BAD_USER_INPUT, before
// anything is read.
func entityLimit(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	rf := graphql.GetRootFieldContext(ctx)
	if rf == nil || rf.Field.Name != "_entities" {
		return next(ctx)
	}
	op := graphql.GetOperationContext(ctx)
	n := 0
	for _, f := range graphql.CollectFields(op, op.Operation.SelectionSet, nil) {
		if f.Name == "_entities" {
			reps, _ := f.ArgumentMap(op.Variables)["representations"].([]any)
			n += len(reps)
		}
	}
	if n <= maxEntities {
		return next(ctx)
	}
	e := errcode.New(errcode.BadUserInput, "the operation asks for %d entities; at most %d may be asked at once", n, maxEntities)
	e.Extensions["argument"] = "representations"
	e.Path = ast.Path{ast.PathName(rf.Field.Alias)}
	graphql.AddError(ctx, e)
	return graphql.Null
}
