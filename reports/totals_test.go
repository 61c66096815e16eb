package reports

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

// TestTotalsAdd checks that totals add up: the totals of rows split in
// any way, added, are the totals of all of them.
func TestTotalsAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	var orders []clients.Order
	var payments []clients.Payment
	statuses := []string{clients.OrderCompleted, clients.OrderCompleted, clients.OrderCancelled, clients.OrderPending}
	for i := range 2000 {
		at := start.Add(time.Duration(rng.IntN(60*24)) * time.Minute * 30)
		o := clients.Order{ID: fmt.Sprint(i), Status: statuses[rng.IntN(len(statuses))], CreatedAt: at, Total: int64(rng.IntN(10000))}
		for range rng.IntN(4) {
			o.Items = append(o.Items, clients.OrderItem{ProductID: fmt.Sprint("p", rng.IntN(20)), Quantity: 1 + rng.IntN(3), UnitPrice: int64(rng.IntN(900))})
		}
		orders = append(orders, o)
		payments = append(payments, clients.Payment{Amount: int64(rng.IntN(10000)), CreatedAt: at,
			Method: Methods[rng.IntN(4)], Status: []string{clients.PaymentCaptured, clients.PaymentRefunded, "FAILED"}[rng.IntN(3)]})
	}
	for _, parts := range []int{1, 2, 7, 31} {
		var o OrderTotals
		var p PaymentTotals
		size := (len(orders) + parts - 1) / parts
		for i := 0; i < len(orders); i += size {
			end := min(i+size, len(orders))
			o.Add(OrdersOf(orders[i:end], tokyo))
			p.Add(PaymentsOf(payments[i:end], tokyo))
		}
		if want := OrdersOf(orders, tokyo); !reflect.DeepEqual(o, want) {
			t.Errorf("%d parts: orders %+v; want %+v", parts, o.Count, want.Count)
		}
		if want := PaymentsOf(payments, tokyo); !reflect.DeepEqual(p, want) || !reflect.DeepEqual(p.Shares(), want.Shares()) {
			t.Errorf("%d parts: payments %+v; want %+v", parts, p, want)
		}
	}
}
