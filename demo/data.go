package demo

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// days of order history, today included.
const days = 90

// snapshot is one tenant's data as of a generation time. It never changes
// once built, so handlers read it without locks.
type snapshot struct {
	day      string // the tenant-local date it was built for
	products []Product
	tables   []Table
	orders   []Order   // oldest first
	payments []Payment // oldest first

	productIdx map[string]int
	tableIdx   map[string]int
	orderIdx   map[string]int
	numberIdx  map[int]int
	payIdx     map[string][]int // order id -> payment rows
	paymentIdx map[string]int   // payment id -> row
}

// store builds each tenant's snapshot lazily and again when its local day
// changes, so "today" always has data.
type store struct {
	now func() time.Time
	mu  sync.Mutex
	snp map[string]*snapshot
	// placed are the orders and payments POST /v1/orders added, by
	// tenant, kept across regenerations.
	placed map[string]*placed
}

type placed struct {
	orders   []Order
	payments []Payment
}

func (s *store) get(t *tenant) *snapshot {
	now := s.now()
	day := now.In(t.loc()).Format(time.DateOnly)
	s.mu.Lock()
	defer s.mu.Unlock()
	if sn := s.snp[t.id]; sn != nil && sn.day == day {
		return sn
	}
	if s.snp == nil {
		s.snp = map[string]*snapshot{}
	}
	sn := generate(t, now)
	if p := s.placed[t.id]; p != nil {
		sn.orders = append(sn.orders, p.orders...)
		sn.payments = append(sn.payments, p.payments...)
		slices.SortStableFunc(sn.orders, func(a, b Order) int { return a.CreatedAt.Compare(b.CreatedAt) })
		slices.SortStableFunc(sn.payments, func(a, b Payment) int { return a.CreatedAt.Compare(b.CreatedAt) })
		sn.index()
	}
	s.snp[t.id] = sn
	return sn
}

// update changes a copy of t's snapshot with change, then serves the copy:
// handlers reading the old one are not disturbed. What change appends is
// kept across regenerations.
func (s *store) update(t *tenant, change func(sn *snapshot, now time.Time) error) error {
	old := s.get(t)
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur := s.snp[t.id]; cur != nil {
		old = cur
	}
	sn := *old
	sn.orders, sn.payments = slices.Clip(sn.orders), slices.Clip(sn.payments)
	if err := change(&sn, s.now()); err != nil {
		return err
	}
	if s.placed == nil {
		s.placed = map[string]*placed{}
	}
	p := s.placed[t.id]
	if p == nil {
		p = &placed{}
		s.placed[t.id] = p
	}
	p.orders = append(p.orders, sn.orders[len(old.orders):]...)
	p.payments = append(p.payments, sn.payments[len(old.payments):]...)
	sn.index()
	s.snp[t.id] = &sn
	return nil
}

func (t *tenant) loc() *time.Location {
	loc, err := time.LoadLocation(t.timezone)
	if err != nil {
		panic(fmt.Sprintf("demo: time zone %s: %v", t.timezone, err)) // tzdata is embedded
	}
	return loc
}

// rng returns a generator seeded by the given parts, so every piece of data
// depends only on what it is about.
func rng(parts ...string) *rand.Rand {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	s := h.Sum64()
	return rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15))
}

// generate builds a tenant's data as of now.
func generate(t *tenant, now time.Time) *snapshot {
	loc := t.loc()
	local := now.In(loc)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	sn := &snapshot{day: today.Format(time.DateOnly)}
	sn.products = products(t)
	weights := popularity(t, len(sn.products))

	// Past days, then today with its open orders.
	for i := days - 1; i >= 0; i-- {
		day := today.AddDate(0, 0, -i)
		sn.addDay(t, day, now, weights)
	}
	slices.SortStableFunc(sn.orders, func(a, b Order) int { return a.CreatedAt.Compare(b.CreatedAt) })
	slices.SortStableFunc(sn.payments, func(a, b Payment) int { return a.CreatedAt.Compare(b.CreatedAt) })
	sn.tables = tables(t, sn.orders, today)
	sn.index()
	return sn
}

func (sn *snapshot) index() {
	sn.productIdx = make(map[string]int, len(sn.products))
	for i, p := range sn.products {
		sn.productIdx[p.ID] = i
	}
	sn.tableIdx = make(map[string]int, len(sn.tables))
	for i, tb := range sn.tables {
		sn.tableIdx[tb.ID] = i
	}
	sn.orderIdx = make(map[string]int, len(sn.orders))
	sn.numberIdx = make(map[int]int, len(sn.orders))
	for i, o := range sn.orders {
		sn.orderIdx[o.ID] = i
		sn.numberIdx[o.Number] = i
	}
	sn.payIdx = make(map[string][]int, len(sn.orders))
	sn.paymentIdx = make(map[string]int, len(sn.payments))
	for i, p := range sn.payments {
		sn.payIdx[p.OrderID] = append(sn.payIdx[p.OrderID], i)
		sn.paymentIdx[p.ID] = i
	}
}

// products gives the catalog its ids, costs and stock; about one in seven
// sits at or below its reorder point.
func products(t *tenant) []Product {
	r := rng(t.id, "products")
	out := make([]Product, len(t.catalog))
	for i, it := range t.catalog {
		reorder := 10 + r.IntN(16)
		stock := reorder + 1 + r.IntN(110)
		if i%7 == 3 {
			stock = r.IntN(reorder + 1)
		}
		out[i] = Product{
			ID:           fmt.Sprintf("prd_%s_%03d", t.code, i+1),
			SKU:          fmt.Sprintf("%s-%03d", t.code, i+1),
			Name:         it.name,
			Category:     it.category,
			Price:        it.price,
			Cost:         it.price * int64(28+r.IntN(14)) / 100,
			Stock:        stock,
			ReorderPoint: reorder,
		}
	}
	return out
}

// popularity weights products so that best sellers stand out.
func popularity(t *tenant, n int) []int {
	r := rng(t.id, "popularity")
	w := make([]int, n)
	for i := range w {
		w[i] = 1 + r.IntN(20)
		if r.IntN(6) == 0 {
			w[i] += 40
		}
	}
	return w
}

func pick(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// addDay adds one local day's orders and payments. Past days trade from
// 11:00 to 23:00; today trades from midnight to now, so that whatever the
// hour it has completed orders, and its latest orders are still open.
func (sn *snapshot) addDay(t *tenant, day, now time.Time, weights []int) {
	date := day.Format("20060102")
	r := rng(t.id, "orders", date)
	isToday := !now.Before(day) && now.Before(day.AddDate(0, 0, 1))
	n := 130 + r.IntN(41)
	if wd := day.Weekday(); wd == time.Friday || wd == time.Saturday {
		n += 30
	}
	first, last := day.Add(11*time.Hour), day.Add(23*time.Hour)
	if isToday {
		frac := float64(now.Sub(day)) / float64(24*time.Hour)
		n = max(36, int(float64(n)*frac))
		first, last = day, now
	}
	span := last.Sub(first)
	// Order numbers are stable across regenerations: the day since the
	// epoch times 1000 plus the order's place in its day.
	base := int(day.Unix()/86400) * 1000
	openOrders := 0
	if isToday {
		openOrders = 12
	}
	for i := range n {
		created := first.Add(time.Duration(float64(span) * (float64(i) + r.Float64()) / float64(n)))
		o := Order{
			ID:        fmt.Sprintf("ord_%s_%s_%03d", t.code, date, i+1),
			Number:    base + i + 1,
			Status:    OrderCompleted,
			CreatedAt: created.UTC().Truncate(time.Second),
		}
		if r.IntN(4) != 0 || i >= n-openOrders {
			o.TableID = fmt.Sprintf("tbl_%s_%02d", t.code, 1+r.IntN(24))
			o.Covers = 1 + o.Number%4 // from the number, so the other data stay as they were
		}
		lines := 1 + r.IntN(5)
		seen := map[int]bool{}
		for range lines {
			p := pick(r, weights)
			if seen[p] {
				continue
			}
			seen[p] = true
			prod := sn.products[p]
			qty := 1 + r.IntN(3)
			o.Items = append(o.Items, Item{ProductID: prod.ID, Quantity: qty, UnitPrice: prod.Price})
			o.Subtotal += int64(qty) * prod.Price
		}
		o.Tax = (o.Subtotal*t.taxBP + 5000) / 10000
		o.Total = o.Subtotal + o.Tax
		switch {
		case i >= n-openOrders:
			o.Status = OrderPending
			if i%2 == 0 {
				o.Status = OrderInProgress
			}
		case r.IntN(33) == 0:
			o.Status = OrderCancelled
		}
		sn.orders = append(sn.orders, o)
		sn.addPayments(t, r, o, now)
	}
}

// addPayments settles an order: completed orders are captured (some split
// across two methods, some after a failed card, a few partly refunded);
// some orders in progress have a pending card authorisation.
func (sn *snapshot) addPayments(t *tenant, r *rand.Rand, o Order, now time.Time) {
	at := func(d time.Duration) time.Time {
		ts := o.CreatedAt.Add(d)
		if !ts.Before(now) { // nothing is created in the future
			ts = o.CreatedAt.Add(now.Sub(o.CreatedAt) / 2)
		}
		return ts.UTC().Truncate(time.Second)
	}
	n := 0
	add := func(method, status string, amount int64, d time.Duration) {
		n++
		sn.payments = append(sn.payments, Payment{
			ID:        fmt.Sprintf("pay_%s_%s_%d", t.code, o.ID[len("ord_xxx_"):], n),
			OrderID:   o.ID,
			Amount:    amount,
			Method:    method,
			Status:    status,
			CreatedAt: at(d),
		})
	}
	paidAt := time.Duration(20+r.IntN(40)) * time.Minute
	switch o.Status {
	case OrderInProgress:
		if r.IntN(3) == 0 {
			add("CARD", PaymentPending, o.Total, time.Minute)
		}
		return
	case OrderCompleted:
	default:
		return
	}
	method := func() string {
		w := make([]int, len(paymentMethods))
		for i, m := range paymentMethods {
			w[i] = m.weight
		}
		return paymentMethods[pick(r, w)].method
	}
	if r.IntN(30) == 0 {
		add("CARD", PaymentFailed, o.Total, paidAt-2*time.Minute)
	}
	if r.IntN(10) == 0 && o.Total > 1000 {
		first := o.Total / 2
		add(method(), PaymentCaptured, first, paidAt)
		add(method(), PaymentCaptured, o.Total-first, paidAt)
	} else {
		m := method()
		add(m, PaymentCaptured, o.Total, paidAt)
		if r.IntN(40) == 0 {
			add(m, PaymentRefunded, o.Total/(2+int64(r.IntN(3))), paidAt+30*time.Minute)
		}
	}
}

// tables lays out 24 tables; today's open dine-in orders occupy theirs,
// a few others are reserved.
func tables(t *tenant, orders []Order, today time.Time) []Table {
	r := rng(t.id, "tables", today.Format(time.DateOnly))
	out := make([]Table, 24)
	for i := range out {
		tb := Table{ID: fmt.Sprintf("tbl_%s_%02d", t.code, i+1), Status: TableFree}
		layout := t.layout
		if layout == nil {
			layout = classicLayout
		}
		tb.Name, tb.Seats = layout(i)
		out[i] = tb
	}
	idx := map[string]int{}
	for i, tb := range out {
		idx[tb.ID] = i
	}
	for _, o := range orders {
		if o.Status != OrderPending && o.Status != OrderInProgress || o.TableID == "" {
			continue
		}
		tb := &out[idx[o.TableID]]
		if tb.Status == TableOccupied {
			continue
		}
		tb.Status, tb.OrderID = TableOccupied, o.ID
		tb.Covers = 1 + r.IntN(tb.Seats)
		tb.Server = t.servers[r.IntN(len(t.servers))]
	}
	free := []int{}
	for i, tb := range out {
		if tb.Status == TableFree {
			free = append(free, i)
		}
	}
	for k := 0; k < 4 && k < len(free); k++ {
		tb := &out[free[(k*5+r.IntN(3))%len(free)]]
		if tb.Status == TableFree {
			tb.Status = TableReserved
			tb.Server = t.servers[r.IntN(len(t.servers))]
		}
	}
	return out
}
