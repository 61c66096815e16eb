package resolvers

import (
	"github.com/maitre-pos/maitre/graph/generated"
	"github.com/maitre-pos/maitre/graph/model"
)

// Complexity costs reflect downstream work: a root field that calls a
// service costs a fixed amount for the call, and a list multiplies what is
// selected under it by the rows it may return (its page size, its limit, or
// what the demo data holds at most: 24 tables, about 60 products).
const (
	callCost  = 10
	maxTables = 24
	maxRows   = 60
)

func complexity() generated.ComplexityRoot {
	var c generated.ComplexityRoot
	page := func(child int, first *int) int {
		n := 50
		if first != nil {
			n = max(*first, 1)
		}
		return callCost + n*child
	}
	q := &c.Query
	q.Orders = func(child int, _ *model.DateRange, _ []model.OrderStatus, first *int, _ *string) int {
		return page(child, first)
	}
	q.Payments = func(child int, _ *model.DateRange, _ *model.PaymentMethod, first *int, _ *string) int {
		return page(child, first)
	}
	q.Products = func(child int, _, _ *string, first *int, _ *string) int { return page(child, first) }
	q.BestSellers = func(child int, _ *model.DateRange, limit *int, _ *model.SalesMetric, _ *string) int {
		n := 5
		if limit != nil {
			n = max(*limit, 1)
		}
		return 2*callCost + n*child
	}
	q.Revenue = func(child int, _ *model.DateRange) int { return 2*callCost + child }
	q.PaymentMethods = func(child int, _ *model.DateRange) int { return callCost + 4*child }
	q.LowStock = func(child int, _ *int) int { return callCost + maxRows*child }
	q.InventoryValue = func(child int) int { return callCost + child }
	q.Tables = func(child int, _ *model.TableStatus) int { return callCost + maxTables*child }
	q.TableOccupancy = func(child int) int { return callCost + child }
	q.PendingOrders = func(child int) int { return callCost + maxRows*child }
	q.Order = func(child int, _ string) int { return callCost + child }
	q.OrderByNumber = func(child int, _ int) int { return callCost + child }
	q.Product = func(child int, _ string) int { return callCost + child }
	q.Table = func(child int, _ string) int { return callCost + child }
	// A question runs a whole query of its own.
	q.Chat = func(child int, _ string) int { return 10*callCost + child }
	return c
}
