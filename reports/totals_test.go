package reports

import (
	"fmt"
	"math"
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

// TestTotalsOverflow sums rows whose figures add up past what int64
// holds, in one part and in parts added: the totals say so, and their
// sums never wrap to a figure that looks right.
func TestTotalsOverflow(t *testing.T) {
	at := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	const big = math.MaxInt64/2 + 1 // two of them do not fit
	order := func(total int64, quantity int, price int64) clients.Order {
		return clients.Order{Status: clients.OrderCompleted, CreatedAt: at, Total: total, Covers: 2,
			Items: []clients.OrderItem{{ProductID: "p", Quantity: quantity, UnitPrice: price}}}
	}
	payment := func(status string, amount int64) clients.Payment {
		return clients.Payment{Status: status, Method: "CARD", Amount: amount, CreatedAt: at}
	}
	orders := []struct {
		name string
		rows []clients.Order
		over bool
	}{
		{"totals within int64", []clients.Order{order(big-1, 1, 1), order(big-1, 1, 1)}, false},
		{"totals past int64", []clients.Order{order(big, 1, 1), order(big, 1, 1)}, true},
		{"line revenue past int64", []clients.Order{order(1, 1, big), order(1, 1, big)}, true},
		{"line past int64", []clients.Order{order(1, 4, 1<<62)}, true},
		{"quantities past int", []clients.Order{order(1, math.MaxInt/2+1, 0), order(1, math.MaxInt/2+1, 0)}, true},
	}
	for _, tc := range orders {
		t.Run("orders/"+tc.name, func(t *testing.T) {
			whole := OrdersOf(tc.rows, time.UTC)
			var parts OrderTotals
			for _, o := range tc.rows {
				parts.Add(OrdersOf([]clients.Order{o}, time.UTC))
			}
			for _, got := range []OrderTotals{whole, parts} {
				if got.Overflow != tc.over {
					t.Errorf("overflow %v; want %v (%+v)", got.Overflow, tc.over, got)
				}
				if !got.Overflow && (got.Sum < 0 || got.Products["p"].Revenue < 0 || got.Products["p"].Quantity < 0) {
					t.Errorf("a sum wrapped unflagged: %+v", got)
				}
			}
		})
	}
	payments := []struct {
		name string
		rows []clients.Payment
		over bool
	}{
		{"captured within int64", []clients.Payment{payment(clients.PaymentCaptured, big-1), payment(clients.PaymentCaptured, big-1)}, false},
		{"captured past int64", []clients.Payment{payment(clients.PaymentCaptured, big), payment(clients.PaymentCaptured, big)}, true},
		{"refunded past int64", []clients.Payment{payment(clients.PaymentRefunded, big), payment(clients.PaymentRefunded, big)}, true},
		{"four rows of 2^62", []clients.Payment{payment(clients.PaymentCaptured, 1<<62), payment(clients.PaymentCaptured, 1<<62),
			payment(clients.PaymentCaptured, 1<<62), payment(clients.PaymentCaptured, 1<<62), payment(clients.PaymentCaptured, 6144)}, true},
	}
	for _, tc := range payments {
		t.Run("payments/"+tc.name, func(t *testing.T) {
			whole := PaymentsOf(tc.rows, time.UTC)
			var parts PaymentTotals
			for _, p := range tc.rows {
				parts.Add(PaymentsOf([]clients.Payment{p}, time.UTC))
			}
			for _, got := range []PaymentTotals{whole, parts} {
				if got.Overflow != tc.over {
					t.Errorf("overflow %v; want %v (%+v)", got.Overflow, tc.over, got)
				}
				if n, net := got.Headline(); !got.Overflow && (got.Captured < 0 || got.Refunded < 0 || n < 0 || net != got.Captured-got.Refunded) {
					t.Errorf("a sum wrapped unflagged: %+v", got)
				}
			}
			if tc.over && whole.Equal(PaymentTotals{Captured: whole.Captured, Refunded: whole.Refunded, Methods: whole.Methods, Buckets: whole.Buckets}) {
				t.Error("totals that overflowed equal the same figures that did not")
			}
		})
	}
}
