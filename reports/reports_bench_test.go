package reports

import (
	"fmt"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

// month is 30 days of about 150 orders, each paid once, over 60 products.
func month() ([]clients.Order, []clients.Payment) {
	var orders []clients.Order
	var payments []clients.Payment
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range 30 * 150 {
		o := clients.Order{ID: fmt.Sprint("o", i), Status: clients.OrderCompleted, CreatedAt: start.Add(time.Duration(i) * 10 * time.Minute)}
		for k := range 3 {
			o.Items = append(o.Items, clients.OrderItem{ProductID: fmt.Sprint("p", (i*7+k)%60), Quantity: 1 + k, UnitPrice: 450})
			o.Total += int64(1+k) * 450
		}
		orders = append(orders, o)
		payments = append(payments, clients.Payment{OrderID: o.ID, Amount: o.Total, Method: Methods[i%4], Status: clients.PaymentCaptured})
	}
	return orders, payments
}

func BenchmarkAggregates(b *testing.B) {
	orders, payments := month()
	name := func(id string) string { return id }
	b.Run("revenue", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			PaymentsOf(payments, time.UTC)
			OrdersOf(orders, time.UTC).Average()
		}
	})
	b.Run("byMethod", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			PaymentsOf(payments, time.UTC).Shares()
		}
	})
	b.Run("bestSellers", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Rank(OrdersOf(orders, time.UTC).Sales(), name, false, 5)
		}
	})
}
