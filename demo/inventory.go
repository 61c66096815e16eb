package demo

import (
	"net/http"
	"net/url"
	"strings"
)

func (d *Demo) inventory() http.Handler {
	return d.resource("/v1/products", func(sn *snapshot, _ *tenant, q url.Values) (any, error) {
		want, byID, err := ids(q, "ids")
		if err != nil {
			return nil, err
		}
		if byID {
			return ProductList{Products: lookup(want, sn.products, sn.productIdx)}, nil
		}
		limit, offset, err := paging(q)
		if err != nil {
			return nil, err
		}
		category := q.Get("category")
		search := strings.ToLower(q.Get("search"))
		rows := filter(sn.products, func(p Product) bool {
			return (category == "" || strings.EqualFold(p.Category, category)) &&
				(search == "" || strings.Contains(strings.ToLower(p.Name), search) || strings.Contains(strings.ToLower(p.SKU), search))
		})
		page, next := pageOf(rows, limit, offset)
		return ProductList{Products: page, NextCursor: next}, nil
	})
}
