// Package reports computes the dashboard aggregates (revenue, payment
// methods, best sellers, stock and occupancy) from downstream rows, in
// integer minor units. The aggregates over a period are built from
// Totals, sums that add up: a period's totals are the sum of its days',
// so closed days can be kept and only the open part read again.
package reports

import (
	"cmp"
	"slices"

	"github.com/maitre-pos/maitre/clients"
)

// Methods are the payment methods, in the order ties are broken.
var Methods = []string{"CARD", "CASH", "MOBILE", "VOUCHER"}

// Rank orders sales by quantity, or by revenue when byRevenue, highest
// first, ties by name, and keeps the first limit.
func Rank(sales []ProductSales, name func(id string) string, byRevenue bool, limit int) []ProductSales {
	out := slices.Clone(sales)
	slices.SortFunc(out, func(a, b ProductSales) int {
		c := cmp.Compare(b.Quantity, a.Quantity)
		if byRevenue {
			c = cmp.Compare(b.Revenue, a.Revenue)
		}
		if c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(name(a.ProductID), name(b.ProductID)), cmp.Compare(a.ProductID, b.ProductID))
	})
	return out[:min(limit, len(out))]
}

// LowStock returns products with stock <= threshold, or <= their reorder
// point when threshold is nil, lowest stock first, ties by name.
func LowStock(products []clients.Product, threshold *int) []clients.Product {
	var out []clients.Product
	for _, p := range products {
		limit := p.ReorderPoint
		if threshold != nil {
			limit = *threshold
		}
		if p.Stock <= limit {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b clients.Product) int {
		return cmp.Or(cmp.Compare(a.Stock, b.Stock), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// Value is stock valued at cost.
type Value struct {
	Category string // empty for the whole inventory
	Total    int64
	Products int
	Units    int
}

// InventoryValue values the stock on hand at cost, in all and by category
// (highest value first, ties by name).
func InventoryValue(products []clients.Product) (all Value, byCategory []Value) {
	idx := map[string]int{}
	for _, p := range products {
		v := int64(p.Stock) * p.Cost
		all.Total += v
		all.Products++
		all.Units += p.Stock
		i, ok := idx[p.Category]
		if !ok {
			i = len(byCategory)
			idx[p.Category] = i
			byCategory = append(byCategory, Value{Category: p.Category})
		}
		byCategory[i].Total += v
		byCategory[i].Products++
		byCategory[i].Units += p.Stock
	}
	slices.SortFunc(byCategory, func(a, b Value) int {
		return cmp.Or(cmp.Compare(b.Total, a.Total), cmp.Compare(a.Category, b.Category))
	})
	return all, byCategory
}

// Occupancy is the state of the dining room.
type Occupancy struct {
	Total, Occupied, Free, Reserved, Covers, Seats int
	Rate                                           float64
}

// TableOccupancy counts tables by status, guests and seats.
func TableOccupancy(tables []clients.Table) Occupancy {
	var o Occupancy
	for _, t := range tables {
		o.Total++
		o.Seats += t.Seats
		switch t.Status {
		case clients.TableOccupied:
			o.Occupied++
			o.Covers += t.Covers
		case clients.TableFree:
			o.Free++
		case clients.TableReserved:
			o.Reserved++
		}
	}
	if o.Total > 0 {
		o.Rate = float64(o.Occupied) / float64(o.Total)
	}
	return o
}
