package reports

import "time"

// HourOf is the local hour t falls in, as the Unix time of its start: an
// instant, so that the two 1 a.m.s of a night the clocks go back are two
// hours, and an hour's start in a zone half an hour off UTC is its own.
func HourOf(t time.Time, loc *time.Location) int64 {
	l := t.In(loc)
	return t.Add(-time.Duration(l.Minute())*time.Minute - time.Duration(l.Second())*time.Second -
		time.Duration(l.Nanosecond())).Unix()
}

// Point is one bucket of a series, from Start to the next bucket's start.
type Point struct {
	Start          time.Time
	Revenue        int64
	Orders, Covers int
}

// Series cuts [start, end), a range of whole local days in start's zone,
// into hours or days, every bucket present, and fills each from o and p.
func Series(o OrderTotals, p PaymentTotals, start, end time.Time, daily bool) []Point {
	var out []Point
	for t := start; t.Before(end); {
		next := t.Add(time.Hour)
		if daily {
			next = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, t.Location())
		}
		pt := Point{Start: t}
		for h := t; h.Before(next); h = h.Add(time.Hour) {
			b := o.Buckets[h.Unix()]
			pt.Orders += b.Count
			pt.Covers += b.Covers
			pt.Revenue += p.Buckets[h.Unix()]
		}
		out = append(out, pt)
		t = next
	}
	return out
}
