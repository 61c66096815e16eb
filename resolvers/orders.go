package resolvers

import (
	"context"
	"strings"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/graph/model"
)

func (r *queryResolver) Order(ctx context.Context, id string) (*model.Order, error) {
	_, l := request(ctx)
	o, err := found(lookup(ctx, l.Orders(), id))
	if o == nil {
		return nil, err
	}
	return ordersOf(ctx, []clients.Order{*o})[0], nil
}

func (r *queryResolver) OrderByNumber(ctx context.Context, number int) (*model.Order, error) {
	_, l := request(ctx)
	o, err := l.OrderNumbers().Get(ctx, number)
	if o == nil {
		return nil, err
	}
	return ordersOf(ctx, []clients.Order{*o})[0], nil
}

func (r *queryResolver) Orders(ctx context.Context, rng *model.DateRange, status []model.OrderStatus, firstN *int, afterC *string) (*model.OrderConnection, error) {
	_, l := request(ctx)
	w, n, err := r.pageWindow(ctx, rng, firstN)
	if err != nil {
		return nil, err
	}
	statuses := make([]string, len(status))
	for i, s := range status {
		statuses[i] = string(s)
	}
	page, err := l.OrderPages().Get(ctx, dataloaders.Page[clients.OrderFilter]{
		Filter: clients.OrderFilter{From: w.Start, To: w.End, Statuses: strings.Join(statuses, ",")},
		Limit:  n,
		Cursor: after(afterC),
	})
	if err != nil {
		return nil, pageError(err, after(afterC))
	}
	return &model.OrderConnection{
		Nodes:    ordersOf(ctx, page.Orders, "nodes"),
		PageInfo: pageInfo(page.NextCursor),
	}, nil
}

// pendingFilter selects every open order, whenever it was created.
var pendingFilter = clients.OrderFilter{Statuses: clients.OrderPending + "," + clients.OrderInProgress}

func (r *queryResolver) PendingOrders(ctx context.Context) ([]*model.Order, error) {
	_, l := request(ctx)
	orders, err := l.OrderLists().Get(ctx, pendingFilter)
	if err != nil {
		return nil, err
	}
	return ordersOf(ctx, orders), nil
}

// orderRef resolves a field pointing at an order by id: null with
// NOT_FOUND when the orders service does not have it.
func orderRef(ctx context.Context, id string) (*model.Order, error) {
	_, l := request(ctx)
	row, err := l.Orders().Load(ctx, id)()
	o, err := reference(row, err, clients.Orders, "order", id)
	if o == nil {
		return nil, err
	}
	return ordersOf(ctx, []clients.Order{*o})[0], nil
}
