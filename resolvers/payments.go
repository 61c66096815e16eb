package resolvers

import (
	"context"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/graph/model"
)

func (r *queryResolver) Payments(ctx context.Context, rng *model.DateRange, method *model.PaymentMethod, firstN *int, afterC *string) (*model.PaymentConnection, error) {
	v, l := request(ctx)
	w, n, err := r.pageWindow(ctx, rng, firstN)
	if err != nil {
		return nil, err
	}
	f := clients.PaymentFilter{From: w.Start, To: w.End}
	if method != nil {
		f.Method = string(*method)
	}
	page, err := l.PaymentPages().Get(ctx, dataloaders.Page[clients.PaymentFilter]{Filter: f, Limit: n, Cursor: after(afterC)})
	if err != nil {
		return nil, pageError(err, after(afterC))
	}
	ids := make([]string, len(page.Payments))
	for i, p := range page.Payments {
		ids[i] = p.OrderID
	}
	prefetchOrderIDs(ctx, ids, "nodes", "order")
	return &model.PaymentConnection{
		Nodes:    paymentsModels(v, page.Payments),
		PageInfo: pageInfo(page.NextCursor),
	}, nil
}

func (r *paymentResolver) Order(ctx context.Context, obj *model.Payment) (*model.Order, error) {
	return orderRef(ctx, obj.OrderID)
}
