package reports

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

// Cover is how long a product's stock lasts at the pace it sold.
type Cover struct {
	Product clients.Product
	// Daily is the average units sold a day over the look-back.
	Daily float64
	// DaysLeft is the stock divided by Daily; Sold false when the product
	// did not sell, and nothing runs out.
	DaysLeft float64
	Sold     bool
	// RunsOut is the local day the stock reaches zero at that pace, sales
	// counted from the start of today: today when none is left.
	RunsOut time.Time
}

// StockCover is each product's cover, from the units sold over days
// whole days: the soonest to run out first, ties by name, those that did
// not sell last by name. A threshold keeps those with at most that many
// days left (nil: all). today is the tenant's local date, at midnight.
func StockCover(products []clients.Product, sold map[string]ProductSales, days int, today time.Time, threshold *float64) []Cover {
	out := make([]Cover, 0, len(products))
	for _, p := range products {
		c := Cover{Product: p, Daily: float64(sold[p.ID].Quantity) / float64(days)}
		if c.Daily > 0 {
			c.Sold = true
			c.DaysLeft = max(float64(p.Stock), 0) / c.Daily
			c.RunsOut = today.AddDate(0, 0, int(math.Floor(c.DaysLeft)))
		}
		if threshold == nil || c.Sold && c.DaysLeft <= *threshold {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b Cover) int {
		if a.Sold != b.Sold {
			if a.Sold {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.DaysLeft, b.DaysLeft), cmp.Compare(a.Product.Name, b.Product.Name), cmp.Compare(a.Product.ID, b.Product.ID))
	})
	return out
}
