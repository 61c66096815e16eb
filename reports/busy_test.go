package reports

import (
	"fmt"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

// TestBusyHours puts an order and a payment on the edges of local hours:
// both 1 a.m.s of the night New York's clocks go back (one cell, two
// hours), the hour before and after the one that does not exist when
// they go forward, the last second of a week and Kolkata's half-hour
// offset; each lands in the cell its local time reads, and the weekdays
// of the range are counted.
func TestBusyHours(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	kolkata, _ := time.LoadLocation("Asia/Kolkata")
	cases := []struct {
		name       string
		loc        *time.Location
		from, to   string // the range's first and last local days
		at         []time.Time
		cell       [2]int // weekday (Monday 0), hour
		rows, days int    // rows in the cell; days of that weekday
	}{
		{"the two 1 a.m.s of 1 November 2026", ny, "2026-11-01", "2026-11-01",
			[]time.Time{time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC), time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC)}, [2]int{6, 1}, 2, 1},
		{"the hour before 2 a.m. on 8 March 2026", ny, "2026-03-08", "2026-03-08",
			[]time.Time{time.Date(2026, 3, 8, 6, 59, 59, 0, time.UTC)}, [2]int{6, 1}, 1, 1},
		{"3 a.m., just after the clocks went forward", ny, "2026-03-08", "2026-03-08",
			[]time.Time{time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)}, [2]int{6, 3}, 1, 1},
		{"the last second of a week", ny, "2026-11-16", "2026-11-29",
			[]time.Time{time.Date(2026, 11, 23, 4, 59, 59, 0, time.UTC)}, [2]int{6, 23}, 1, 2},
		{"half past midnight in Kolkata is a Monday's hour 0", kolkata, "2026-11-23", "2026-11-23",
			[]time.Time{time.Date(2026, 11, 22, 19, 0, 0, 0, time.UTC), time.Date(2026, 11, 22, 19, 29, 59, 0, time.UTC)}, [2]int{0, 0}, 2, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var orders []clients.Order
			var payments []clients.Payment
			for i, at := range c.at {
				orders = append(orders, clients.Order{ID: fmt.Sprint(i), Status: clients.OrderCompleted, CreatedAt: at, Covers: 3})
				payments = append(payments, clients.Payment{ID: fmt.Sprint(i), Status: clients.PaymentCaptured, Amount: 1000, CreatedAt: at})
			}
			from, _ := time.ParseInLocation(time.DateOnly, c.from, c.loc)
			to, _ := time.ParseInLocation(time.DateOnly, c.to, c.loc)
			b := BusyHours(OrdersOf(orders, c.loc), PaymentsOf(payments, c.loc), from, to.AddDate(0, 0, 1), c.loc)
			s := b.Slots[c.cell[0]][c.cell[1]]
			if s.Orders != c.rows || s.Covers != 3*c.rows || s.Revenue != int64(1000*c.rows) || b.Days[c.cell[0]] != c.days {
				t.Errorf("cell %v: %+v, %d such days; want %d rows, %d days", c.cell, s, b.Days[c.cell[0]], c.rows, c.days)
			}
			total := 0
			for d := range b.Slots {
				for _, x := range b.Slots[d] {
					total += x.Orders
				}
			}
			if total != len(c.at) {
				t.Errorf("%d orders in the grid; want %d", total, len(c.at))
			}
		})
	}
}
