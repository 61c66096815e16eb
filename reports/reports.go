// Package reports computes the dashboard aggregates (revenue, payment
// methods, best sellers, stock and occupancy) from downstream rows, in
// integer minor units.
package reports

import (
	"cmp"
	"slices"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/money"
)

// Methods are the payment methods, in the order ties are broken.
var Methods = []string{"CARD", "CASH", "MOBILE", "VOUCHER"}

// Takings sums payment rows: captured money, and refunds given back.
func Takings(payments []clients.Payment) (captured, refunded int64) {
	for _, p := range payments {
		switch p.Status {
		case clients.PaymentCaptured:
			captured += p.Amount
		case clients.PaymentRefunded:
			refunded += p.Amount
		}
	}
	return captured, refunded
}

// Sales counts COMPLETED orders and their average total, rounded half up.
func Sales(orders []clients.Order) (count int, average int64) {
	var sum int64
	for _, o := range orders {
		if o.Status == clients.OrderCompleted {
			count++
			sum += o.Total
		}
	}
	if count == 0 {
		return 0, 0
	}
	return count, money.DivRound(sum, int64(count))
}

// MethodShare is one method's part of the captured payments.
type MethodShare struct {
	Method string
	Count  int
	Amount int64
	Share  float64
}

// ByMethod splits captured payments by method: every method, highest
// amount first, ties in the order of Methods.
func ByMethod(payments []clients.Payment) []MethodShare {
	out := make([]MethodShare, len(Methods))
	idx := map[string]int{}
	for i, m := range Methods {
		out[i].Method = m
		idx[m] = i
	}
	var total int64
	for _, p := range payments {
		i, ok := idx[p.Method]
		if p.Status != clients.PaymentCaptured || !ok {
			continue
		}
		out[i].Count++
		out[i].Amount += p.Amount
		total += p.Amount
	}
	for i := range out {
		if total > 0 {
			out[i].Share = float64(out[i].Amount) / float64(total)
		}
	}
	slices.SortStableFunc(out, func(a, b MethodShare) int { return cmp.Compare(b.Amount, a.Amount) })
	return out
}

// ProductSales is how much of one product sold.
type ProductSales struct {
	ProductID string
	Quantity  int
	Revenue   int64
}

// SalesByProduct totals the lines of COMPLETED orders per product, in no
// particular order.
func SalesByProduct(orders []clients.Order) []ProductSales {
	idx := map[string]int{}
	var out []ProductSales
	for _, o := range orders {
		if o.Status != clients.OrderCompleted {
			continue
		}
		for _, it := range o.Items {
			i, ok := idx[it.ProductID]
			if !ok {
				i = len(out)
				idx[it.ProductID] = i
				out = append(out, ProductSales{ProductID: it.ProductID})
			}
			out[i].Quantity += it.Quantity
			out[i].Revenue += int64(it.Quantity) * it.UnitPrice
		}
	}
	return out
}

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
