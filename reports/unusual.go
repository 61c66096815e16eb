package reports

import (
	"cmp"
	"slices"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/money"
)

// A day's figures against the same weekdays before it, each up to the
// same local time (Unusual).
const (
	FigureRevenue       = "revenue"        // takings, minor units
	FigureOrders        = "orders"         // COMPLETED orders
	FigureTicket        = "average_ticket" // takings per order, minor units
	FigureMethodShare   = "method_share"   // a method's share of captured payments
	FigureCategoryUnits = "category_units" // units sold of a category
)

// Snapshot is what a day held up to a time of day.
type Snapshot struct {
	Orders   OrderTotals
	Payments PaymentTotals
}

// Measure is a figure's value: Int for money and counts, Share for
// shares.
type Measure struct {
	Int   int64
	Share float64
}

func (m Measure) compare(o Measure) int {
	return cmp.Or(cmp.Compare(m.Int, o.Int), cmp.Compare(m.Share, o.Share))
}

// Figure is one figure of the day, the lowest and highest the earlier
// days had, and how far outside them it is (Position −1 below, +1 above,
// 0 within; By the distance past the bound, zero within).
type Figure struct {
	Kind, Key string
	Value     Measure
	Low, High Measure
	Position  int
	By        Measure
}

// Unusual compares day with before, figure by figure: revenue, orders,
// average ticket, each method's share of captured payments and each
// category's units. A figure a snapshot cannot have (a ticket without
// orders, a share without payments) is left out of that snapshot; one
// the day cannot have, or no earlier day had, is not shown. Those outside
// come first, then in the order above, keys by name.
func Unusual(day Snapshot, before []Snapshot, products []clients.Product) []Figure {
	category := map[string]string{}
	for _, p := range products {
		category[p.ID] = p.Category
	}
	type figures struct {
		m        map[[2]string]Measure
		captured bool // a method's share is 0, not unknown
	}
	read := func(s Snapshot) figures {
		out := figures{m: map[[2]string]Measure{}, captured: s.Payments.Captured > 0}
		takings := s.Payments.Captured - s.Payments.Refunded
		out.m[[2]string{FigureRevenue}] = Measure{Int: takings}
		out.m[[2]string{FigureOrders}] = Measure{Int: int64(s.Orders.Count)}
		if s.Orders.Count > 0 {
			out.m[[2]string{FigureTicket}] = Measure{Int: money.DivRound(takings, int64(s.Orders.Count))}
		}
		if out.captured {
			for m, t := range s.Payments.Methods {
				out.m[[2]string{FigureMethodShare, m}] = Measure{Share: float64(t.Amount) / float64(s.Payments.Captured)}
			}
		}
		for id, p := range s.Orders.Products {
			k := [2]string{FigureCategoryUnits, cmp.Or(category[id], "(no category)")} // a product gone from the catalog too
			out.m[k] = Measure{Int: out.m[k].Int + int64(p.Quantity)}
		}
		return out
	}
	all := []figures{read(day)}
	for _, s := range before {
		all = append(all, read(s))
	}
	// A method or category one snapshot has and another lacks is a zero
	// there: no units sold, no share of what was captured.
	for _, f := range all {
		for k := range f.m {
			for _, o := range all {
				if _, ok := o.m[k]; !ok && (k[0] == FigureCategoryUnits || k[0] == FigureMethodShare && o.captured) {
					o.m[k] = Measure{}
				}
			}
		}
	}
	now, earlier := all[0].m, all[1:]
	var out []Figure
	for k, v := range now {
		f := Figure{Kind: k[0], Key: k[1], Value: v}
		seen := false
		for _, e := range earlier {
			x, ok := e.m[k]
			if !ok {
				continue
			}
			if !seen || x.compare(f.Low) < 0 {
				f.Low = x
			}
			if !seen || x.compare(f.High) > 0 {
				f.High = x
			}
			seen = true
		}
		if !seen {
			continue
		}
		switch {
		case v.compare(f.High) > 0:
			f.Position, f.By = 1, Measure{Int: v.Int - f.High.Int, Share: v.Share - f.High.Share}
		case v.compare(f.Low) < 0:
			f.Position, f.By = -1, Measure{Int: f.Low.Int - v.Int, Share: f.Low.Share - v.Share}
		}
		out = append(out, f)
	}
	order := []string{FigureRevenue, FigureOrders, FigureTicket, FigureMethodShare, FigureCategoryUnits}
	slices.SortFunc(out, func(a, b Figure) int {
		return cmp.Or(cmp.Compare(b.Position*b.Position, a.Position*a.Position),
			cmp.Compare(slices.Index(order, a.Kind), slices.Index(order, b.Kind)), cmp.Compare(a.Key, b.Key))
	})
	return out
}
