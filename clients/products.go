package clients

import (
	"context"
	"net/url"
	"strings"
)

// ProductService reads the catalog and stock from the inventory service.
type ProductService struct{ s *service }

// ProductFilter selects products by exact Category and by a case-insensitive
// Search in name or SKU; empty fields match everything.
type ProductFilter struct {
	Category string
	Search   string
}

// matches reports whether p is one f asks for.
func (f ProductFilter) matches(p Product) bool {
	s := strings.ToLower(f.Search)
	return (f.Category == "" || strings.EqualFold(p.Category, f.Category)) &&
		(s == "" || strings.Contains(strings.ToLower(p.Name), s) || strings.Contains(strings.ToLower(p.SKU), s))
}

func (f ProductFilter) query() url.Values {
	q := url.Values{}
	if f.Category != "" {
		q.Set("category", f.Category)
	}
	if f.Search != "" {
		q.Set("search", f.Search)
	}
	return q
}

// Get returns the products with the given ids; unknown ids are absent.
func (p *ProductService) Get(ctx context.Context, tenant string, ids []string) ([]Product, error) {
	return byIDs(ctx, p.s, "/v1/products", tenant, "ids", ids, func(l *ProductList) *[]Product { return &l.Products }, func(p Product) string { return p.ID })
}

// List returns one page of products matching f.
func (p *ProductService) List(ctx context.Context, tenant string, f ProductFilter, limit int, cursor string) (*ProductList, error) {
	var out ProductList
	err := p.s.get(ctx, request{path: "/v1/products", query: page(f.query(), limit, cursor), tenant: tenant}, &out)
	if err == nil {
		out.Products, err = checked(p.s, out.Products)
	}
	if err != nil {
		return nil, err
	}
	out.Products = keep(out.Products, f.matches)
	return &out, nil
}

// ListAll returns every product matching f, following cursors.
func (p *ProductService) ListAll(ctx context.Context, tenant string, f ProductFilter) ([]Product, error) {
	return listAll(p.s, func(cursor string) ([]Product, string, error) {
		pg, err := p.List(ctx, tenant, f, MaxLimit, cursor)
		if err != nil {
			return nil, "", err
		}
		return pg.Products, pg.NextCursor, nil
	})
}
