package reports

import (
	"cmp"
	"math/big"
	"slices"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

// Change is the difference in takings (captured minus refunded payments)
// between a range and the one it is compared to, split four ways, each
// split summing to Change to the minor unit.
type Change struct {
	Current, Previous Period
	Change            int64
	// Volume + Ticket + Cross = Change, where takings = orders × takings
	// per order: Volume is the orders gained or lost at the previous
	// takings per order, Ticket the change in takings per order over the
	// previous orders, each rounded half away from zero to the minor unit,
	// and Cross the rest (both changing together, and the rounding). With
	// no previous order, all of it is Volume; with no current one, what
	// is not Volume is Cross.
	Volume, Ticket, Cross int64
	// By what sold, by method and by local hour of day.
	Categories, Products, Methods, Hours []Mover
	Overflow                             bool
}

// Period is one side of a Change.
type Period struct {
	Takings int64
	Orders  int
}

// Mover is one row of a split: what it took in each period.
type Mover struct {
	Name              string
	Kind              MoverKind
	Current, Previous int64
}

// Delta is the row's part of the change.
func (m Mover) Delta() int64 { return m.Current - m.Previous }

// MoverKind says what a row of a split stands for.
type MoverKind int

const (
	// Item is a category, product, method or hour.
	Item MoverKind = iota
	// Others are the items of a split past its limit, together.
	Others
	// Unattributed is the part of the takings no order line holds: tax,
	// refunds, and payments for orders of another range.
	Unattributed
	// Refunds are the refunds of a split by method.
	Refunds
)

// RevenueChange compares cur with prev (orders and payments over each
// range, hours read in loc), products naming each line's category; the
// splits by what sold keep the limit biggest rises and the limit biggest
// falls, the rest in one Others row, then the Unattributed row.
func RevenueChange(curO, prevO OrderTotals, curP, prevP PaymentTotals, products []clients.Product, loc *time.Location, limit int) Change {
	c := Change{
		Current:  Period{curP.Captured - curP.Refunded, curO.Count},
		Previous: Period{prevP.Captured - prevP.Refunded, prevO.Count},
		Overflow: curO.Overflow || prevO.Overflow || curP.Overflow || prevP.Overflow,
	}
	c.Change = c.Current.Takings - c.Previous.Takings
	c.Volume, c.Ticket = effects(c.Current, c.Previous)
	c.Cross = c.Change - c.Volume - c.Ticket

	byID := map[string]clients.Product{}
	for _, p := range products {
		byID[p.ID] = p
	}
	lines := func(t OrderTotals, key func(clients.Product, string) string) map[string]int64 {
		out := map[string]int64{}
		for id, s := range t.Products {
			k := key(byID[id], id)
			out[k] = add(&c.Overflow, out[k], s.Revenue)
		}
		return out
	}
	category := func(p clients.Product, _ string) string { return cmp.Or(p.Category, "(no category)") }
	product := func(p clients.Product, id string) string { return cmp.Or(p.Name, id) }
	c.Categories = movers(lines(curO, category), lines(prevO, category), c, limit)
	c.Products = movers(lines(curO, product), lines(prevO, product), c, limit)

	methods := func(t PaymentTotals) map[string]int64 {
		out := map[string]int64{}
		for m, x := range t.Methods {
			out[m] = x.Amount
		}
		return out
	}
	c.Methods = rows(methods(curP), methods(prevP))
	c.Methods = append(c.Methods, Mover{Name: "refunds", Kind: Refunds, Current: -curP.Refunded, Previous: -prevP.Refunded})

	hours := func(t PaymentTotals) map[string]int64 {
		out := map[string]int64{}
		for h, net := range t.Buckets {
			k := time.Unix(h, 0).In(loc).Format("15")
			out[k] = add(&c.Overflow, out[k], net)
		}
		return out
	}
	c.Hours = rows(hours(curP), hours(prevP))
	slices.SortFunc(c.Hours, func(a, b Mover) int { return cmp.Compare(a.Name, b.Name) })
	return c
}

// effects are the volume and ticket effects, in exact arithmetic then
// rounded half away from zero.
func effects(cur, prev Period) (volume, ticket int64) {
	if prev.Orders == 0 {
		return cur.Takings - prev.Takings, 0
	}
	n0, n1 := big.NewInt(int64(prev.Orders)), big.NewInt(int64(cur.Orders))
	t0, t1 := big.NewInt(prev.Takings), big.NewInt(cur.Takings)
	// volume = t0 × (n1 − n0) / n0
	volume = roundRat(new(big.Rat).SetFrac(new(big.Int).Mul(t0, new(big.Int).Sub(n1, n0)), n0))
	if cur.Orders == 0 {
		return volume, 0
	}
	// ticket = n0 × (t1/n1 − t0/n0) = t1 × n0 / n1 − t0
	ticket = roundRat(new(big.Rat).Sub(new(big.Rat).SetFrac(new(big.Int).Mul(t1, n0), n1), new(big.Rat).SetInt(t0)))
	return volume, ticket
}

// roundRat rounds r half away from zero; the effects are bounded by the
// takings, which fit in int64.
func roundRat(r *big.Rat) int64 {
	num, den := new(big.Int).Abs(r.Num()), r.Denom()
	q := new(big.Int).Quo(new(big.Int).Add(new(big.Int).Mul(num, big.NewInt(2)), den), new(big.Int).Mul(den, big.NewInt(2)))
	if r.Sign() < 0 {
		q.Neg(q)
	}
	return q.Int64()
}

// rows are one row a key of either period, biggest change first, ties
// by name.
func rows(cur, prev map[string]int64) []Mover {
	var out []Mover
	for k, v := range cur {
		out = append(out, Mover{Name: k, Current: v, Previous: prev[k]})
	}
	for k, v := range prev {
		if _, ok := cur[k]; !ok {
			out = append(out, Mover{Name: k, Previous: v})
		}
	}
	slices.SortFunc(out, func(a, b Mover) int {
		return cmp.Or(cmp.Compare(abs(b.Delta()), abs(a.Delta())), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// movers keeps the limit biggest rises and falls of the lines, the rest
// as Others, and what the lines do not hold of c as Unattributed.
func movers(cur, prev map[string]int64, c Change, limit int) []Mover {
	all := rows(cur, prev)
	var ups, downs []Mover
	others := Mover{Name: "others", Kind: Others}
	var lineCur, linePrev int64
	for _, m := range all {
		lineCur, linePrev = lineCur+m.Current, linePrev+m.Previous
		switch {
		case m.Delta() > 0 && len(ups) < limit:
			ups = append(ups, m)
		case m.Delta() < 0 && len(downs) < limit:
			downs = append(downs, m)
		default:
			others.Current, others.Previous = others.Current+m.Current, others.Previous+m.Previous
		}
	}
	out := append(ups, downs...)
	if others.Current != 0 || others.Previous != 0 {
		out = append(out, others)
	}
	return append(out, Mover{Name: "not in order lines", Kind: Unattributed,
		Current: c.Current.Takings - lineCur, Previous: c.Previous.Takings - linePrev})
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
