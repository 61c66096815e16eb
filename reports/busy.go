package reports

import (
	"cmp"
	"slices"
	"time"
)

// Slot is one local weekday and hour of BusyHours, Monday 0.
type Slot struct {
	Weekday, Hour  int
	Revenue        int64
	Orders, Covers int
}

// Busy is a week of slots: revenue, orders and covers by the local
// weekday and hour they fell in, over a range of Days[weekday] of each
// weekday. Overflow is set when a sum did not fit: then no figure may be
// shown.
type Busy struct {
	Slots    [7][24]Slot
	Days     [7]int
	Overflow bool
}

// BusyHours adds o's and p's hourly buckets over [start, end), a range of
// whole local days in loc, by the weekday and hour each hour starts at:
// a slot holds two hours of the night the clocks go back and none of the
// night they go forward, as the hours were.
func BusyHours(o OrderTotals, p PaymentTotals, start, end time.Time, loc *time.Location) Busy {
	var b Busy
	b.Overflow = o.Overflow || p.Overflow
	for w := range 7 {
		for h := range 24 {
			b.Slots[w][h] = Slot{Weekday: w, Hour: h}
		}
	}
	slot := func(hour int64) *Slot {
		l := time.Unix(hour, 0).In(loc)
		return &b.Slots[(int(l.Weekday())+6)%7][l.Hour()]
	}
	for hour, n := range o.Buckets {
		s := slot(hour)
		s.Orders = add(&b.Overflow, s.Orders, n.Count)
		s.Covers = add(&b.Overflow, s.Covers, n.Covers)
	}
	for hour, net := range p.Buckets {
		s := slot(hour)
		s.Revenue = add(&b.Overflow, s.Revenue, net)
	}
	for d := start.In(loc); d.Before(end); d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc) {
		b.Days[(int(d.Weekday())+6)%7]++
	}
	return b
}

// Busiest are the n slots with the most revenue, then orders, then the
// earliest in the week; slots with neither are left out.
func (b Busy) Busiest(n int) []Slot {
	var all []Slot
	for w := range 7 {
		for _, s := range b.Slots[w] {
			if s.Revenue > 0 || s.Orders > 0 {
				all = append(all, s)
			}
		}
	}
	slices.SortStableFunc(all, func(a, c Slot) int {
		return cmp.Or(cmp.Compare(c.Revenue, a.Revenue), cmp.Compare(c.Orders, a.Orders))
	})
	return all[:min(n, len(all))]
}
