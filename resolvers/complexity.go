package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/maitre-pos/maitre/daterange"
	"github.com/maitre-pos/maitre/graph/generated"
	"github.com/maitre-pos/maitre/graph/model"
)

// Complexity costs reflect downstream work: a root field that calls a
// service costs a fixed amount for the call, and a list multiplies what is
// selected under it by the rows it may return (its page size, its limit, or
// what the demo data holds at most: 24 tables, about 60 products). An
// aggregate reads every order or payment in its range, so its calls cost
// once per week the range may cover.
const (
	callCost  = 10
	chatCost  = 4000
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
	q.BestSellers = func(child int, rng *model.DateRange, limit *int, _ *model.SalesMetric, _ *string) int {
		n := 5
		if limit != nil {
			n = max(*limit, 1)
		}
		return 2*weeks(rng)*callCost + n*child
	}
	q.Revenue = func(child int, rng *model.DateRange) int { return 2*weeks(rng)*callCost + child }
	q.PaymentMethods = func(child int, rng *model.DateRange) int { return weeks(rng)*callCost + 4*child }
	// Each range costs what revenue does; each point (and its comparison)
	// is priced as one object.
	q.RevenueSeries = func(child int, rng *model.DateRange, interval model.Interval, compareTo *model.DateRange) int {
		points := daterange.Span(spec(rng))
		if interval == model.IntervalHour {
			points *= 25
		}
		cost := 2*weeks(rng)*callCost + points*child
		if compareTo != nil {
			cost += 2 * weeks(compareTo) * callCost
		}
		return cost
	}
	q.LowStock = func(child int, _ *int) int { return callCost + maxRows*child }
	q.InventoryValue = func(child int) int { return callCost + child }
	q.Tables = func(child int, _ *model.TableStatus) int { return callCost + maxTables*child }
	q.TableOccupancy = func(child int) int { return callCost + child }
	q.PendingOrders = func(child int) int { return callCost + maxRows*child }
	q.Order = func(child int, _ string) int { return callCost + child }
	q.OrderByNumber = func(child int, _ int) int { return callCost + child }
	q.Product = func(child int, _ string) int { return callCost + child }
	q.Table = func(child int, _ string) int { return callCost + child }
	// The insights read orders and payments over each range they compare
	// (busyHours by default the 4 weeks before today, stockCover its
	// look-back, unusual 5 days) and price their rows: 168 cells, a
	// figure per method and category, the movers of each split.
	insightWeeks := func(rng *model.DateRange, days int) int {
		if rng == nil {
			return (days + 6) / 7
		}
		return weeks(rng)
	}
	q.BusyHours = func(child int, rng *model.DateRange) int { return 2*insightWeeks(rng, 28)*callCost + child }
	c.BusyHours.Cells = func(child int) int { return 7 * 24 * child }
	c.BusyHours.Busiest = func(child int) int { return 5 * child }
	q.StockCover = func(child int, _ *float64, lookbackDays *int) int {
		days := 28
		if lookbackDays != nil {
			days = max(*lookbackDays, 1)
		}
		return callCost + 2*insightWeeks(nil, days)*callCost + maxRows*child
	}
	q.Unusual = func(child int, _ *model.DateRange) int { return 5*2*callCost + child }
	c.Unusual.Figures = func(child int) int { return maxRows * child }
	q.RevenueChange = func(child int, rng, compareTo *model.DateRange, _ *int) int {
		return callCost + 2*(weeks(rng)+insightWeeks(compareTo, 7*weeks(rng)))*callCost + child
	}
	c.RevenueChange.ByCategory = func(child int) int { return maxRows * child }
	c.RevenueChange.ByProduct = func(child int) int { return maxRows * child }
	c.RevenueChange.ByMethod = func(child int) int { return 6 * child }
	c.RevenueChange.ByHour = func(child int) int { return 24 * child }
	// A dashboard costs its fields, priced as the query fields of the
	// same names over TODAY, by the weeks its range covers.
	d := &c.Dashboard
	d.Revenue = func(child int) int { return q.Revenue(child, nil) }
	d.RevenueSeries = func(child int, compareTo *model.DateRange, daysBefore *int) int {
		if daysBefore != nil {
			compareTo = &model.DateRange{}
		}
		return q.RevenueSeries(child, nil, model.IntervalHour, compareTo)
	}
	d.BestSellers = func(child int, limit *int, by *model.SalesMetric, category *string) int {
		return q.BestSellers(child, nil, limit, by, category)
	}
	d.PaymentMethods = func(child int) int { return q.PaymentMethods(child, nil) }
	d.TableOccupancy = q.TableOccupancy
	d.PendingOrders = q.PendingOrders
	d.LowStock = q.LowStock
	d.BusyHours = func(child int) int { return q.BusyHours(child, nil) }
	d.StockCover = q.StockCover
	d.Unusual = func(child int) int { return q.Unusual(child, nil) }
	q.Dashboard = func(child int, rng *model.DateRange) int { return weeks(rng) * child }
	c.Subscription.Dashboard = q.Dashboard
	c.Subscription.Tables = func(child int) int { return q.Tables(child, nil) }
	// A question runs a whole query of its own, of up to chatCost: two
	// questions fit in one request at the default limit, three do not.
	q.Chat = func(child int, _ string, _ *string) int { return chatCost + child }
	return c
}

// weeks is how many weeks rng may cover, started weeks counted whole.
func weeks(rng *model.DateRange) int { return (daterange.Span(spec(rng)) + 6) / 7 }

// Schema is r's executable schema, with _entities priced as the list
// field of the same selection is: a call, plus the selection's cost for
// each representation, under the same complexity limit. (Its price is
// not in generated.ComplexityRoot, whose field for it is unexported.)
func Schema(r *Resolver) graphql.ExecutableSchema {
	return pricedEntities{generated.NewExecutableSchema(r.Config())}
}

type pricedEntities struct{ graphql.ExecutableSchema }

func (s pricedEntities) Complexity(ctx context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	if typeName == "Query" && field == "_entities" {
		n := 1
		switch reps := args["representations"].(type) { // as variables or as literals give it
		case []any:
			n = max(len(reps), 1)
		case []map[string]any:
			n = max(len(reps), 1)
		}
		return callCost + n*child, true
	}
	return s.ExecutableSchema.Complexity(ctx, typeName, field, child, args)
}
