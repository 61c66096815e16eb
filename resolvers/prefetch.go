package resolvers

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/maitre-pos/maitre/clients"
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
		l.Products.Prefetch(ctx, ids)
	}
	if v.Can("tables:read") && selects(ctx, slices.Concat(prefix, []string{"table"})...) {
		var ids []string
		for _, o := range orders {
			if o.TableID != "" {
				ids = append(ids, o.TableID)
			}
		}
		l.Tables.Prefetch(ctx, ids)
	}
	if v.Can("payments:read") && selects(ctx, slices.Concat(prefix, []string{"payments"})...) {
		ids := make([]string, len(orders))
		for i, o := range orders {
			ids[i] = o.ID
		}
		l.PaymentsByOrder.Prefetch(ctx, ids)
	}
}

// prefetchOrderIDs queues orders that the selection at path will load.
func prefetchOrderIDs(ctx context.Context, ids []string, path ...string) {
	v, l := request(ctx)
	if !v.Can("orders:read") || !selects(ctx, path...) {
		return
	}
	l.Orders.Prefetch(ctx, slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id == "" }))
}

// ordersOf converts orders for the selection below prefix: their lines'
// products are loaded now, all in one batch, and stored in the lines;
// their tables and payments are prefetched for their resolvers.
func ordersOf(ctx context.Context, raw []clients.Order, prefix ...string) []*model.Order {
	v, l := request(ctx)
	out := each(raw, func(o clients.Order) *model.Order { return orderOf(v, o) })
	prefetchOrders(ctx, raw, prefix...)
	if !v.Can("products:read") || !selects(ctx, slices.Concat(prefix, []string{"items", "product"})...) {
		return out
	}
	for _, o := range out {
		for _, it := range o.Items {
			row, err := l.Products.Load(ctx, it.ProductID)()
			p, err := reference(row, err, clients.Inventory, "product", it.ProductID)
			if p != nil {
				it.Loaded = productOf(v, *p)
			}
			it.LoadErr = err
		}
	}
	return out
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
