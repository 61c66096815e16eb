package resolvers

import (
	"context"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/graph/model"
)

// The entities a federated supergraph asks for by id (_entities): each
// read through the batching loaders, so that 200 products cost one
// inventory call (never at once, as a lone root lookup is), converted as
// the query field of its type converts it, and under the permission that
// field's @hasPermission asks, checked here since none stands in front of
// _entities.

func (r *entityResolver) FindProductByID(ctx context.Context, id string) (*model.Product, error) {
	v, l := request(ctx)
	return entity(ctx, "products:read", l.Products(), id, func(p clients.Product) *model.Product { return productOf(v, p) })
}

func (r *entityResolver) FindOrderByID(ctx context.Context, id string) (*model.Order, error) {
	_, l := request(ctx)
	return entity(ctx, "orders:read", l.Orders(), id, func(o clients.Order) *model.Order { return ordersOf(ctx, []clients.Order{o})[0] })
}

func (r *entityResolver) FindTableByID(ctx context.Context, id string) (*model.Table, error) {
	_, l := request(ctx)
	return entity(ctx, "tables:read", l.Tables(), id, func(t clients.Table) *model.Table {
		prefetchOrderIDs(ctx, []string{t.OrderID}, "currentOrder")
		return tableOf(t)
	})
}

func (r *entityResolver) FindPaymentByID(ctx context.Context, id string) (*model.Payment, error) {
	v, l := request(ctx)
	return entity(ctx, "payments:read", l.Payments(), id, func(p clients.Payment) *model.Payment { return paymentOf(v, p) })
}

// entity loads one entity's row, batched, and converts it: null without an
// error for an id the service does not have, as the lookups by id answer.
func entity[V, M any](ctx context.Context, permission string, b *dataloaders.ByID[V], id string, convert func(V) *M) (*M, error) {
	if !Allowed(ctx, permission) {
		return nil, forbidden(permission)
	}
	row, err := found(b.Load(ctx, id)())
	if row == nil {
		return nil, err
	}
	return convert(*row), nil
}
