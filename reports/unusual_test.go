package reports

import (
	"fmt"
	"strings"
	"testing"

	"github.com/maitre-pos/maitre/clients"
)

// TestUnusual: a category sold on the day and never before is above a
// range of zeros; a method no payment used is a share of 0 on a day with
// payments, and no share on a day without; a day without orders has no
// ticket; the figure outside comes first.
func TestUnusual(t *testing.T) {
	products := []clients.Product{{ID: "p1", Category: "Desserts"}, {ID: "p2", Category: "Mains"}}
	snap := func(orders int, takings int64, methods map[string]int64, units map[string]int) Snapshot {
		var s Snapshot
		s.Orders.Count = orders
		s.Orders.Products = map[string]ProductSales{}
		for id, n := range units {
			s.Orders.Products[id] = ProductSales{ProductID: id, Quantity: n}
		}
		s.Payments.Methods = map[string]MethodTotal{}
		for m, a := range methods {
			s.Payments.Methods[m] = MethodTotal{Count: 1, Amount: a}
			s.Payments.Captured += a
		}
		s.Payments.Refunded = s.Payments.Captured - takings
		return s
	}
	day := snap(4, 1000, map[string]int64{"CARD": 1000}, map[string]int{"p1": 3, "p2": 2})
	before := []Snapshot{
		snap(2, 500, map[string]int64{"CARD": 250, "CASH": 250}, map[string]int{"p2": 2}),
		snap(0, 0, nil, nil),
		snap(3, 900, map[string]int64{"CARD": 900}, map[string]int{"p2": 5}),
		snap(5, 1200, map[string]int64{"CASH": 1200}, map[string]int{"p2": 1}),
	}
	var got []string
	for _, f := range Unusual(day, before, products) {
		got = append(got, fmt.Sprintf("%s %s %d %v [%v %v] by %v", f.Kind, f.Key, f.Position, f.Value, f.Low, f.High, f.By))
	}
	text := strings.Join(got, "\n")
	for _, w := range []string{
		"category_units Desserts 1 {3 0} [{0 0} {0 0}] by {3 0}",
		"revenue  0 {1000 0} [{0 0} {1200 0}] by {0 0}",
		"average_ticket  0 {250 0} [{240 0} {300 0}] by {0 0}",
		"method_share CARD 0 {0 1} [{0 0} {0 1}] by {0 0}",
		"method_share CASH 0 {0 0} [{0 0} {0 1}] by {0 0}",
		"category_units Mains 0 {2 0} [{0 0} {5 0}] by {0 0}",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("no %q in\n%s", w, text)
		}
	}
	if !strings.HasPrefix(text, "category_units Desserts 1") {
		t.Errorf("the figure outside is not first:\n%s", text)
	}
}
