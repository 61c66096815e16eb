package resolvers

import (
	"context"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/graph/model"
)

// The entities a federated supergraph asks for by id (_entities), each
// type's representations resolved together: their rows in one batch of
// the loaders (200 products, one inventory call), then converted as the
// query field of the type converts them, so that what is selected under
// them (an order's products and table) is loaded once for all. Each
// needs the permission its query field's @hasPermission asks, checked
// here since none stands in front of _entities. An id the service does
// not have is null, as the lookups by id answer.

func (r *entityResolver) FindManyProductByIDs(ctx context.Context, reps []*model.ProductByIDsInput) ([]*model.Product, error) {
	v, l := request(ctx)
	return entities(ctx, "products:read", l.Products(), ids(reps, func(r *model.ProductByIDsInput) string { return r.ID }),
		func(rows []clients.Product) []*model.Product {
			return each(rows, func(p clients.Product) *model.Product { return productOf(v, p) })
		})
}

func (r *entityResolver) FindManyOrderByIDs(ctx context.Context, reps []*model.OrderByIDsInput) ([]*model.Order, error) {
	_, l := request(ctx)
	return entities(ctx, "orders:read", l.Orders(), ids(reps, func(r *model.OrderByIDsInput) string { return r.ID }),
		func(rows []clients.Order) []*model.Order { return ordersOf(ctx, rows) })
}

func (r *entityResolver) FindManyTableByIDs(ctx context.Context, reps []*model.TableByIDsInput) ([]*model.Table, error) {
	_, l := request(ctx)
	return entities(ctx, "tables:read", l.Tables(), ids(reps, func(r *model.TableByIDsInput) string { return r.ID }),
		func(rows []clients.Table) []*model.Table {
			orders := make([]string, len(rows))
			for i, t := range rows {
				orders[i] = t.OrderID
			}
			prefetchOrderIDs(ctx, orders, "currentOrder")
			return each(rows, tableOf)
		})
}

func (r *entityResolver) FindManyPaymentByIDs(ctx context.Context, reps []*model.PaymentByIDsInput) ([]*model.Payment, error) {
	v, l := request(ctx)
	return entities(ctx, "payments:read", l.Payments(), ids(reps, func(r *model.PaymentByIDsInput) string { return r.ID }),
		func(rows []clients.Payment) []*model.Payment {
			return paymentsModels(v, rows)
		})
}

func ids[R any](reps []R, id func(R) string) []string {
	out := make([]string, len(reps))
	for i, r := range reps {
		out[i] = id(r)
	}
	return out
}

// entities loads the rows of ids in one batch and converts the ones found
// together, keeping their places: null where a row is missing.
func entities[V, M any](ctx context.Context, permission string, b *dataloaders.ByID[V], ids []string, convert func([]V) []*M) ([]*M, error) {
	if !Allowed(ctx, permission) {
		return nil, forbidden(permission)
	}
	// All the representations are known at once: fetched in calls of
	// clients.MaxIDs whatever the timing, not in a burst of Loads a loaded
	// machine may cut into several batches.
	b.Prefetch(ctx, ids)
	thunks := make([]func() (V, error), len(ids))
	for i, id := range ids {
		thunks[i] = b.Load(ctx, id)
	}
	var rows []V
	var at []int
	for i, th := range thunks {
		row, err := found(th())
		if err != nil {
			return nil, err
		}
		if row != nil {
			rows = append(rows, *row)
			at = append(at, i)
		}
	}
	out := make([]*M, len(ids))
	for i, m := range convert(rows) {
		out[at[i]] = m
	}
	return out, nil
}
