package resolvers

import (
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/graph/model"
)

// The prefetchers look ahead in the query: when a list's children will
// load related rows, they fetch every key at once, so each service gets
// ceil(keys / clients.MaxIDs) calls however the child resolvers are
// scheduled, and the calls start before the children run. Keys the viewer
// may not read are skipped.

// prefetchOrders queues what the selection below prefix wants of orders.
func prefetchOrders(ctx context.Context, orders []clients.Order, prefix ...string) {
	v, l := request(ctx)
	if v.Can("products:read") && selects(ctx, slices.Concat(prefix, []string{"items", "product"})...) {
		var ids []string
		for _, o := range orders {
			for _, it := range o.Items {
				ids = append(ids, it.ProductID)
			}
		}
		l.Products().Prefetch(ctx, ids)
	}
	if v.Can("tables:read") && selects(ctx, slices.Concat(prefix, []string{"table"})...) {
		var ids []string
		for _, o := range orders {
			if o.TableID != "" {
				ids = append(ids, o.TableID)
			}
		}
		l.Tables().Prefetch(ctx, ids)
	}
	if v.Can("payments:read") && selects(ctx, slices.Concat(prefix, []string{"payments"})...) {
		ids := make([]string, len(orders))
		for i, o := range orders {
			ids[i] = o.ID
		}
		l.PaymentsByOrder().Prefetch(ctx, ids)
	}
}

// prefetchOrderIDs queues orders that the selection at path will load.
func prefetchOrderIDs(ctx context.Context, ids []string, path ...string) {
	v, l := request(ctx)
	if !v.Can("orders:read") || !selects(ctx, path...) {
		return
	}
	l.Orders().Prefetch(ctx, slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id == "" }))
}

// ordersOf converts orders for the selection below prefix: what it
// selects of their lines' products, their tables and their payments is
// loaded now, each in one batch, and stored in the models, so that those
// fields cost gqlgen no resolver, no goroutine and no wait of their own.
func ordersOf(ctx context.Context, raw []clients.Order, prefix ...string) []*model.Order {
	v, l := request(ctx)
	out := ordersModels(v, raw)
	prefetchOrders(ctx, raw, prefix...)
	if v.Can("products:read") && selects(ctx, slices.Concat(prefix, []string{"items", "product"})...) {
		product := once(func(id string) (*model.Product, error) {
			row, err := l.Products().Get(ctx, id)
			if err != nil {
				return nil, referenceError(err, clients.Inventory, "product", id)
			}
			return productOf(v, row), nil
		})
		for _, o := range out {
			for _, it := range o.Items {
				it.Loaded, it.LoadErr = product(it.ProductID)
			}
		}
	}
	if v.Can("tables:read") && selects(ctx, slices.Concat(prefix, []string{"table"})...) {
		table := once(func(id string) (*model.Table, error) {
			row, err := l.Tables().Get(ctx, id)
			if err != nil {
				return nil, referenceError(err, clients.Restaurant, "table", id)
			}
			return tableOf(row), nil
		})
		for _, o := range out {
			if o.TableID != "" {
				o.LoadedTable, o.TableErr = table(o.TableID)
			}
		}
	}
	if v.Can("payments:read") && selects(ctx, slices.Concat(prefix, []string{"payments"})...) {
		byOrder := make([][]clients.Payment, len(out))
		n := 0
		for i, o := range out {
			byOrder[i], o.PaymentsErr = l.PaymentsByOrder().Get(ctx, o.ID)
			n += len(byOrder[i])
		}
		all := make([]clients.Payment, 0, n)
		for _, rows := range byOrder {
			all = append(all, rows...)
		}
		models := paymentsModels(v, all) // converted at once, then shared out
		for i, o := range out {
			k := len(byOrder[i])
			if o.PaymentsErr == nil {
				o.LoadedPayments = models[:k:k]
			}
			models = models[k:]
		}
	}
	return out
}

// lookup loads one row by id for a root field: at once when no other root
// field of the operation could join its batch, so that a lone lookup
// does not wait out the batch window, and batched otherwise.
func lookup[V any](ctx context.Context, b *dataloaders.ByID[V], id string) (V, error) {
	if alone(ctx) {
		return b.Now(ctx, id)
	}
	return b.Load(ctx, id)()
}

// alone reports whether the field in ctx is its operation's only root
// field of that name.
func alone(ctx context.Context) bool {
	fc, op := graphql.GetFieldContext(ctx), graphql.GetOperationContext(ctx)
	if fc == nil || op == nil || op.Operation == nil {
		return false
	}
	n := 0
	for _, f := range graphql.CollectFields(op, op.Operation.SelectionSet, nil) {
		if f.Name == fc.Field.Name {
			n++
		}
	}
	return n == 1
}

// once memoises load by id: a product on many lines is loaded and
// converted once, and the lines share it (each with an error of its own).
func once[M any](load func(id string) (M, error)) func(id string) (M, error) {
	type result struct {
		m   M
		err error
	}
	seen := map[string]result{}
	return func(id string) (M, error) {
		r, ok := seen[id]
		if !ok {
			r.m, r.err = load(id)
			seen[id] = r
		}
		return r.m, distinct(r.err)
	}
}

// distinct returns a *gqlerror.Error as a copy of its own: gqlgen sets
// the path of the error a field returns, and its presenter the
// extensions, so two fields resolved at once must not share one.
func distinct(err error) error {
	if err == nil {
		return nil
	}
	var e *gqlerror.Error
	if !errors.As(err, &e) {
		return err
	}
	c := *e
	c.Extensions = maps.Clone(e.Extensions)
	return &c
}

// selects reports whether the current field's selection reaches path,
// through fragments too, e.g. selects(ctx, "nodes", "items", "product").
func selects(ctx context.Context, path ...string) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return false
	}
	return reaches(graphql.GetOperationContext(ctx), fc.Field.Selections, path)
}

func reaches(op *graphql.OperationContext, sel ast.SelectionSet, path []string) bool {
	if len(path) == 0 {
		return true
	}
	for _, f := range graphql.CollectFields(op, sel, nil) {
		if f.Name == path[0] && reaches(op, f.Selections, path[1:]) {
			return true
		}
	}
	return false
}
