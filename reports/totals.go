package reports

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/money"
)

// OrderTotals sum COMPLETED orders: how many, their totals, the lines
// per product, and orders and covers by local hour (see HourOf).
// Overflow is set when a sum did not fit (see add): then no figure of
// the totals may be shown.
type OrderTotals struct {
	Count    int
	Sum      int64
	Products map[string]ProductSales
	Buckets  map[int64]BucketOrders
	Overflow bool `json:",omitempty"`
}

// BucketOrders are the completed orders of one hour, and their guests.
type BucketOrders struct {
	Count, Covers int
}

// ProductSales is how much of one product sold.
type ProductSales struct {
	ProductID string
	Quantity  int
	Revenue   int64
}

// OrdersOf totals the COMPLETED orders among orders, hours read in loc.
func OrdersOf(orders []clients.Order, loc *time.Location) OrderTotals {
	var t OrderTotals
	for _, o := range orders {
		if o.Status != clients.OrderCompleted {
			continue
		}
		t.Count = add(&t.Overflow, t.Count, 1)
		t.Sum = add(&t.Overflow, t.Sum, o.Total)
		t.addBucket(HourOf(o.CreatedAt, loc), BucketOrders{1, o.Covers})
		for _, it := range o.Items {
			t.addProduct(ProductSales{ProductID: it.ProductID, Quantity: it.Quantity, Revenue: mul(&t.Overflow, int64(it.Quantity), it.UnitPrice)})
		}
	}
	return t
}

func (t *OrderTotals) addBucket(hour int64, b BucketOrders) {
	if t.Buckets == nil {
		t.Buckets = map[int64]BucketOrders{}
	}
	old := t.Buckets[hour]
	t.Buckets[hour] = BucketOrders{add(&t.Overflow, old.Count, b.Count), add(&t.Overflow, old.Covers, b.Covers)}
}

func (t *OrderTotals) addProduct(s ProductSales) {
	if t.Products == nil {
		t.Products = map[string]ProductSales{}
	}
	p := t.Products[s.ProductID]
	p.ProductID = s.ProductID
	p.Quantity = add(&t.Overflow, p.Quantity, s.Quantity)
	p.Revenue = add(&t.Overflow, p.Revenue, s.Revenue)
	t.Products[s.ProductID] = p
}

// Add adds u to t.
func (t *OrderTotals) Add(u OrderTotals) {
	t.Overflow = t.Overflow || u.Overflow
	t.Count = add(&t.Overflow, t.Count, u.Count)
	t.Sum = add(&t.Overflow, t.Sum, u.Sum)
	for _, p := range u.Products {
		t.addProduct(p)
	}
	for h, b := range u.Buckets {
		t.addBucket(h, b)
	}
}

// Average is the average order total, rounded half up; 0 without orders.
func (t OrderTotals) Average() int64 {
	if t.Count == 0 {
		return 0
	}
	return money.DivRound(t.Sum, int64(t.Count))
}

// Sales lists what each product sold, in no particular order.
func (t OrderTotals) Sales() []ProductSales {
	out := make([]ProductSales, 0, len(t.Products))
	for _, p := range t.Products {
		out = append(out, p)
	}
	return out
}

// Equal reports whether t and u agree in every figure.
func (t OrderTotals) Equal(u OrderTotals) bool {
	return t.Count == u.Count && t.Sum == u.Sum && maps.Equal(t.Products, u.Products) && maps.Equal(t.Buckets, u.Buckets) && t.Overflow == u.Overflow
}

// Headline is the orders counted and their sum.
func (t OrderTotals) Headline() (int, int64) { return t.Count, t.Sum }

// Size estimates the bytes t holds, for caches bounded in bytes.
func (t OrderTotals) Size() int64 { return 512 + 96*int64(len(t.Products)) + 48*int64(len(t.Buckets)) }

// PaymentTotals sum payment rows: money captured, refunds given back,
// captured money per method, and captured minus refunded money by local
// hour (see HourOf). Overflow is as OrderTotals'.
type PaymentTotals struct {
	Captured, Refunded int64
	Methods            map[string]MethodTotal
	Buckets            map[int64]int64
	Overflow           bool `json:",omitempty"`
}

// MethodTotal is one method's captured payments.
type MethodTotal struct {
	Count  int
	Amount int64
}

// PaymentsOf totals payments, hours read in loc.
func PaymentsOf(payments []clients.Payment, loc *time.Location) PaymentTotals {
	var t PaymentTotals
	for _, p := range payments {
		switch p.Status {
		case clients.PaymentCaptured:
			t.Captured = add(&t.Overflow, t.Captured, p.Amount)
			t.addMethod(p.Method, MethodTotal{1, p.Amount})
			t.addBucket(HourOf(p.CreatedAt, loc), p.Amount)
		case clients.PaymentRefunded:
			t.Refunded = add(&t.Overflow, t.Refunded, p.Amount)
			t.addBucket(HourOf(p.CreatedAt, loc), -p.Amount)
		}
	}
	return t
}

func (t *PaymentTotals) addBucket(hour, net int64) {
	if t.Buckets == nil {
		t.Buckets = map[int64]int64{}
	}
	t.Buckets[hour] = add(&t.Overflow, t.Buckets[hour], net)
}

func (t *PaymentTotals) addMethod(method string, m MethodTotal) {
	if t.Methods == nil {
		t.Methods = map[string]MethodTotal{}
	}
	old := t.Methods[method]
	t.Methods[method] = MethodTotal{add(&t.Overflow, old.Count, m.Count), add(&t.Overflow, old.Amount, m.Amount)}
}

// Add adds u to t.
func (t *PaymentTotals) Add(u PaymentTotals) {
	t.Overflow = t.Overflow || u.Overflow
	t.Captured = add(&t.Overflow, t.Captured, u.Captured)
	t.Refunded = add(&t.Overflow, t.Refunded, u.Refunded)
	for m, v := range u.Methods {
		t.addMethod(m, v)
	}
	for h, net := range u.Buckets {
		t.addBucket(h, net)
	}
}

// Equal reports whether t and u agree in every figure.
func (t PaymentTotals) Equal(u PaymentTotals) bool {
	return t.Captured == u.Captured && t.Refunded == u.Refunded && maps.Equal(t.Methods, u.Methods) && maps.Equal(t.Buckets, u.Buckets) &&
		t.Overflow == u.Overflow
}

// Headline is the captured payments counted, and the money they took
// net of refunds.
func (t PaymentTotals) Headline() (int, int64) {
	n := 0
	for _, m := range t.Methods {
		n += m.Count
	}
	return n, t.Captured - t.Refunded
}

// Size estimates the bytes t holds.
func (t PaymentTotals) Size() int64 {
	return 512 + 64*int64(len(t.Methods)) + 40*int64(len(t.Buckets))
}

// MethodShare is one method's part of the captured payments.
type MethodShare struct {
	Method string
	Count  int
	Amount int64
	Share  float64
}

// Shares splits the captured payments by method: every one of Methods,
// highest amount first, ties in the order of Methods; methods not among
// them are left out.
func (t PaymentTotals) Shares() []MethodShare {
	out := make([]MethodShare, len(Methods))
	var total int64
	for i, m := range Methods {
		v := t.Methods[m]
		out[i] = MethodShare{Method: m, Count: v.Count, Amount: v.Amount}
		total += v.Amount
	}
	for i := range out {
		if total > 0 {
			out[i].Share = float64(out[i].Amount) / float64(total)
		}
	}
	slices.SortStableFunc(out, func(a, b MethodShare) int { return cmp.Compare(b.Amount, a.Amount) })
	return out
}

// add is a + b where it fits; where it does not, it is a, and over is
// set. The services' rows are bounded (clients.MaxAmount), so a sum can
// only overflow over millions of rows at the bound; were it to, the
// figure must fail, never wrap.
func add[N int | int64](over *bool, a, b N) N {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		*over = true
		return a
	}
	return s
}

// mul is a × b where it fits; where it does not, it is 0, and over is
// set.
func mul(over *bool, a, b int64) int64 {
	p := a * b
	if a != 0 && (p/a != b || a == -1 && b == math.MinInt64) {
		*over = true
		return 0
	}
	return p
}
