package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/maitre-pos/maitre/errcode"
)

// hasPermission implements @hasPermission: without the permission the field is null
// with a FORBIDDEN error, and nothing downstream is called for it.
func hasPermission(ctx context.Context, _ any, next graphql.Resolver, permission string) (any, error) {
	if !Allowed(ctx, permission) {
		return nil, forbidden(permission)
	}
	return next(ctx)
}

func forbidden(permission string) error {
	e := errcode.New(errcode.Forbidden, "this field needs the %s permission", permission)
	e.Extensions["permission"] = permission
	return e
}
