package resolvers

import (
	"context"

	"github.com/maitre-pos/maitre/graph/model"
)

func (r *queryResolver) Table(ctx context.Context, id string) (*model.Table, error) {
	_, l := request(ctx)
	t, err := found(lookup(ctx, l.Tables(), id))
	if t == nil {
		return nil, err
	}
	prefetchOrderIDs(ctx, []string{t.OrderID}, "currentOrder")
	return tableOf(*t), nil
}

func (r *queryResolver) Tables(ctx context.Context, status *model.TableStatus) ([]*model.Table, error) {
	_, l := request(ctx)
	var s string
	if status != nil {
		s = string(*status)
	}
	tables, err := l.TableLists().Get(ctx, s)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(tables))
	for i, t := range tables {
		ids[i] = t.OrderID
	}
	prefetchOrderIDs(ctx, ids, "currentOrder")
	return each(tables, tableOf), nil
}

func (r *tableResolver) CurrentOrder(ctx context.Context, obj *model.Table) (*model.Order, error) {
	if obj.OrderID == "" {
		return nil, nil
	}
	return orderRef(ctx, obj.OrderID)
}
