package resolvers

import (
	"context"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/graph/model"
)

func (r *queryResolver) Product(ctx context.Context, id string) (*model.Product, error) {
	v, l := request(ctx)
	p, err := found(lookup(ctx, l.Products(), id))
	if p == nil {
		return nil, err
	}
	return productOf(v, *p), nil
}

func (r *queryResolver) Products(ctx context.Context, category, search *string, firstN *int, afterC *string) (*model.ProductConnection, error) {
	v, l := request(ctx)
	n, err := first(firstN)
	if err != nil {
		return nil, err
	}
	var f clients.ProductFilter
	if category != nil {
		f.Category = *category
	}
	if search != nil {
		f.Search = *search
	}
	page, err := l.ProductPages().Get(ctx, dataloaders.Page[clients.ProductFilter]{Filter: f, Limit: n, Cursor: after(afterC)})
	if err != nil {
		return nil, pageError(err, after(afterC))
	}
	return &model.ProductConnection{
		Nodes:    each(page.Products, func(p clients.Product) *model.Product { return productOf(v, p) }),
		PageInfo: pageInfo(page.NextCursor),
	}, nil
}
