package reports

import (
	"fmt"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

// TestStockCover: days left and run-out dates on the edges: none left
// (today), negative stock (none), less than a day, a day exactly, one
// that did not sell (no date, last), and the threshold, which keeps
// only those that sold.
func TestStockCover(t *testing.T) {
	kolkata, _ := time.LoadLocation("Asia/Kolkata")
	today := time.Date(2026, 11, 26, 0, 0, 0, 0, kolkata)
	products := []clients.Product{
		{ID: "a", Name: "Aloo", Stock: 0}, {ID: "b", Name: "Bhaji", Stock: -3}, {ID: "c", Name: "Chai", Stock: 5},
		{ID: "d", Name: "Dosa", Stock: 14}, {ID: "e", Name: "Egg roll", Stock: 50}, {ID: "f", Name: "Falooda", Stock: 29},
	}
	sold := map[string]ProductSales{"a": {Quantity: 7}, "b": {Quantity: 7}, "c": {Quantity: 70}, "d": {Quantity: 7}, "f": {Quantity: 7}}
	cases := []struct {
		name      string
		threshold *float64
		want      string
	}{
		{"all", nil, "Aloo 0 2026-11-26, Bhaji 0 2026-11-26, Chai 0.5 2026-11-26, Dosa 14 2026-12-10, Falooda 29 2026-12-25, Egg roll -"},
		{"within 14 days", func() *float64 { v := 14.0; return &v }(), "Aloo 0 2026-11-26, Bhaji 0 2026-11-26, Chai 0.5 2026-11-26, Dosa 14 2026-12-10"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got string
			for i, x := range StockCover(products, sold, 7, today, c.threshold) {
				if i > 0 {
					got += ", "
				}
				if !x.Sold {
					got += x.Product.Name + " -"
					continue
				}
				got += fmt.Sprintf("%s %g %s", x.Product.Name, x.DaysLeft, x.RunsOut.Format(time.DateOnly))
			}
			if got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}
