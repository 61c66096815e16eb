package gateway_test

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/downstreamtest"
	"github.com/maitre-pos/maitre/fleet"
	"github.com/maitre-pos/maitre/fleet/fleettest"
	"github.com/maitre-pos/maitre/gatewaytest"
	"github.com/maitre-pos/maitre/testenv"
)

// The exactness property: whatever periods are asked, in whatever order,
// cold or warm, read in however many windows, on one replica or two
// sharing Redis, every figure equals the sum of the raw rows. Tenants are
// generated with rows on every instant where a read could be cut: local
// midnights, the hours the clocks change, and the n-th parts of every
// range a read may cover (the exact instant, its whole second, and a
// nanosecond either side), in zones with whole- and half-hour offsets and
// in currencies of 0, 2 and 3 decimals.

// profile is a kind of tenant: a zone, a currency and its decimals.
type profile struct {
	zone, currency string
	decimals       int
}

var profiles = []profile{
	{"Asia/Kolkata", "INR", 2},       // +05:30
	{"Asia/Bahrain", "BHD", 3},       // the café of the report
	{"Asia/Tokyo", "JPY", 0},         // no decimals
	{"America/New_York", "USD", 2},   // clocks change on 8 March and 1 November 2026
	{"Australia/Adelaide", "AUD", 2}, // +09:30, clocks change on 5 April and 4 October 2026
	{"Europe/London", "GBP", 2},      // clocks change on 29 March and 25 October 2026
	{"Asia/Kathmandu", "NPR", 2},     // +05:45
	{"Asia/Kuwait", "KWD", 3},
}

// nows are instants a few days after clocks change somewhere, so that the
// periods asked cross the change; each world shifts one by up to a week.
var nows = []time.Time{
	time.Date(2026, 11, 3, 17, 21, 9, 123456789, time.UTC),
	time.Date(2026, 10, 7, 3, 0, 0, 500000000, time.UTC),
	time.Date(2026, 3, 10, 4, 59, 59, 999999999, time.UTC),
	time.Date(2026, 4, 2, 22, 30, 0, 250000000, time.UTC),
	time.Date(2026, 4, 8, 13, 44, 1, 0, time.UTC),
}

// world is the generated tenants and the clock they are asked at.
type world struct {
	now     time.Time
	tenants []*downstreamtest.Tenant
	edges   int // instants rows were put on
}

// spanDays is how far back the rows on edges reach; sparse rows reach
// twice as far, so that last month always has some.
const spanDays = 24

// newWorld generates two tenants of different profiles, their ids
// unique to the seed, so that worlds sharing a Redis keep apart.
func newWorld(seed uint64) *world {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	w := &world{now: nows[r.IntN(len(nows))].Add(time.Duration(r.Int64N(int64(7 * 24 * time.Hour))))}
	perm := r.Perm(len(profiles))
	for i := range 2 {
		w.tenants = append(w.tenants, w.tenant(r, fmt.Sprintf("w%d-%d", seed, i), profiles[perm[i]]))
	}
	return w
}

// tenant generates one tenant's catalog, orders and payments.
func (w *world) tenant(r *rand.Rand, name string, p profile) *downstreamtest.Tenant {
	loc, err := time.LoadLocation(p.zone)
	if err != nil {
		panic(err)
	}
	id := name + "-" + strings.ToLower(p.currency)
	tn := &downstreamtest.Tenant{ID: id, Token: "tok-" + id, Timezone: p.zone, Currency: p.currency}
	for i := range 12 {
		tn.Products = append(tn.Products, clients.Product{ID: fmt.Sprintf("prd_%s_%02d", id, i), SKU: fmt.Sprintf("%s-%02d", id, i),
			Name: fmt.Sprintf("Dish %02d", i), Category: []string{"Mains", "Drinks", "Sweets"}[i%3],
			Price: int64(100+r.IntN(5000)) * pow10(p.decimals) / 100, Cost: 1, Stock: 10, ReorderPoint: 2})
	}
	var at []time.Time
	local := w.now.In(loc)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	var midnights []time.Time // where edges are cut between
	for d := -spanDays; d <= 1; d++ {
		midnights = append(midnights, today.AddDate(0, 0, d))
	}
	first := time.Date(local.Year(), local.Month()-1, 1, 0, 0, 0, 0, loc) // last month's
	around := func(e time.Time) {
		s := e.Truncate(time.Second)
		at = append(at, s.Add(-time.Nanosecond), s, s.Add(time.Nanosecond))
		if !e.Equal(s) {
			at = append(at, e, e.Add(time.Nanosecond))
		}
	}
	for d := first; d.Before(w.now); d = d.AddDate(0, 0, 1) {
		around(d)
	}
	cuts := func(from, to time.Time, most int) {
		for n := 2; n <= most; n++ {
			step := to.Sub(from) / time.Duration(n)
			for i := 1; i < n; i++ {
				around(from.Add(time.Duration(i) * step))
			}
		}
	}
	// Clocks change at a quarter hour of UTC in every zone.
	_, off := first.Zone()
	for t := first; t.Before(w.now); t = t.Add(15 * time.Minute) {
		if _, o := t.Zone(); o != off {
			around(t)
			off = o
		}
	}
	for _, p := range namedPeriods {
		from, to := gatewaytest.Bounds(p, w.now, loc)
		cuts(from, to, 16)
		if tomorrow := today.AddDate(0, 0, 1); to.After(tomorrow) {
			cuts(from, tomorrow, 16) // as far as days have begun
		}
	}
	for i, a := range midnights {
		for _, b := range midnights[i+1:] {
			cuts(a, b, 4)
		}
	}
	for d := first.AddDate(0, 0, -7); d.Before(w.now); d = d.Add(time.Duration(1+r.IntN(240)) * time.Minute) {
		at = append(at, d.Add(time.Duration(r.Int64N(int64(time.Minute)))))
	}
	slices.SortFunc(at, time.Time.Compare)
	at = slices.CompactFunc(at, time.Time.Equal)
	for i, t := range at {
		if !t.Before(w.now) {
			break
		}
		w.edges++
		w.row(r, tn, i, t, p)
	}
	return tn
}

// row puts an order at t, with what it was paid and any refund or
// failure; now and then the order is cancelled, still open, or paid
// without one.
func (w *world) row(r *rand.Rand, tn *downstreamtest.Tenant, i int, t time.Time, p profile) {
	o := clients.Order{ID: fmt.Sprintf("ord_%s_%d", tn.ID, i), Number: i + 1, Status: clients.OrderCompleted, CreatedAt: t, Covers: r.IntN(5)}
	for range 1 + r.IntN(3) {
		pr := tn.Products[r.IntN(len(tn.Products))]
		q := 1 + r.IntN(4)
		o.Items = append(o.Items, clients.OrderItem{ProductID: pr.ID, Quantity: q, UnitPrice: pr.Price})
		o.Subtotal += int64(q) * pr.Price
	}
	o.Tax = o.Subtotal / 10
	o.Total = o.Subtotal + o.Tax
	switch r.IntN(20) {
	case 0:
		o.Status = clients.OrderCancelled
	case 1:
		o.Status = clients.OrderInProgress
	}
	tn.Orders = append(tn.Orders, o)
	if o.Status != clients.OrderCompleted {
		return
	}
	pay := clients.Payment{ID: "pay_" + o.ID, OrderID: o.ID, Amount: o.Total, Method: []string{"CARD", "CASH", "MOBILE", "VOUCHER"}[r.IntN(4)],
		Status: clients.PaymentCaptured, CreatedAt: t}
	switch r.IntN(12) {
	case 0:
		pay.Status = clients.PaymentFailed
	case 1:
		tn.Payments = append(tn.Payments, clients.Payment{ID: "ref_" + o.ID, OrderID: o.ID, Amount: 1 + r.Int64N(o.Total),
			Method: pay.Method, Status: clients.PaymentRefunded, CreatedAt: t})
	}
	tn.Payments = append(tn.Payments, pay)
}

// decimalsOf is a generated tenant's currency's decimals.
func decimalsOf(currency string) int {
	for _, p := range profiles {
		if p.currency == currency {
			return p.decimals
		}
	}
	panic(currency)
}

func pow10(n int) int64 {
	v := int64(1)
	for range n {
		v *= 10
	}
	return v
}

var namedPeriods = []string{"TODAY", "YESTERDAY", "THIS_WEEK", "LAST_WEEK", "THIS_MONTH", "LAST_MONTH", "LAST_7_DAYS", "LAST_30_DAYS"}

// ask is one question of a sequence: a named period, or from..to.
type ask struct{ period, from, to string }

func (a ask) vars() map[string]any {
	if a.period != "" {
		return map[string]any{"r": map[string]any{"period": a.period}}
	}
	return map[string]any{"r": map[string]any{"from": a.from, "to": a.to}}
}

func (a ask) span(now time.Time, loc *time.Location) (time.Time, time.Time) {
	if a.period != "" {
		return gatewaytest.Bounds(a.period, now, loc)
	}
	f, _ := time.ParseInLocation(time.DateOnly, a.from, loc)
	t, _ := time.ParseInLocation(time.DateOnly, a.to, loc)
	return f, t.AddDate(0, 0, 1)
}

func (a ask) String() string {
	if a.period != "" {
		return a.period
	}
	return a.from + ".." + a.to
}

// sequence is n random questions: named periods, and days or spans of
// the last few weeks, some of them on the days the clocks change.
func sequence(r *rand.Rand, now time.Time, loc *time.Location, n int) []ask {
	var out []ask
	local := now.In(loc)
	for range n {
		if r.IntN(2) == 0 {
			out = append(out, ask{period: namedPeriods[r.IntN(len(namedPeriods))]})
			continue
		}
		a := r.IntN(local.Day() + 28) // from last month on
		b := max(0, a-r.IntN(a+1))
		day := func(k int) string {
			return time.Date(local.Year(), local.Month(), local.Day()-k, 0, 0, 0, 0, loc).Format(time.DateOnly)
		}
		out = append(out, ask{from: day(a), to: day(b)})
	}
	return out
}

const exactQuery = `query($r: DateRange) {
	revenue(range: $r) { total { amount } orderCount averageOrderValue { amount } refunds { amount } }
	paymentMethods(range: $r) { method count amount { amount } }
	bestSellers(range: $r, limit: 100, by: REVENUE) { product { id } quantity revenue { amount } }
	revenueChange(range: $r) { current { takings { amount } orders } previous { takings { amount } orders } change { amount } }
}`

// figures are the answer to exactQuery, as text to compare.
type figures struct {
	total, average, refunds string
	orders                  int
	methods, sold           string
	// change is revenueChange's takings and orders of the range and of
	// the one before it by whole weeks, and their difference.
	change string
}

// changeRaw is revenueChange's figures over [from, to), against as many
// local days whole weeks before, from the raw rows.
func changeRaw(tn *downstreamtest.Tenant, decimals int, loc *time.Location, from, to time.Time) string {
	f, t := from.In(loc), to.In(loc)
	days := 0
	for d := f; d.Before(t); d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc) {
		days++
	}
	back := (days + 6) / 7 * 7
	shift := func(x time.Time) time.Time { return time.Date(x.Year(), x.Month(), x.Day()-back, 0, 0, 0, 0, loc) }
	cur, prev := fromRaw(tn, decimals, from, to), fromRaw(tn, decimals, shift(f), shift(t))
	minor := func(s string) int64 {
		v, _ := strconv.ParseInt(strings.Replace(s, ".", "", 1), 10, 64)
		return v
	}
	return fmt.Sprintf("%s:%d %s:%d %s", cur.total, cur.orders, prev.total, prev.orders, decimal(minor(cur.total)-minor(prev.total), decimals))
}

// fromRaw computes exactQuery's answer over [from, to) from the raw rows.
func fromRaw(tn *downstreamtest.Tenant, decimals int, from, to time.Time) figures {
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	var captured, refunded, sum int64
	count := 0
	methods := map[string][2]int64{}
	for _, p := range tn.Payments {
		switch {
		case !in(p.CreatedAt):
		case p.Status == clients.PaymentCaptured:
			captured += p.Amount
			m := methods[p.Method]
			methods[p.Method] = [2]int64{m[0] + 1, m[1] + p.Amount}
		case p.Status == clients.PaymentRefunded:
			refunded += p.Amount
		}
	}
	sold := map[string][2]int64{}
	for _, o := range tn.Orders {
		if o.Status != clients.OrderCompleted || !in(o.CreatedAt) {
			continue
		}
		count++
		sum += o.Total
		for _, it := range o.Items {
			s := sold[it.ProductID]
			sold[it.ProductID] = [2]int64{s[0] + int64(it.Quantity), s[1] + int64(it.Quantity)*it.UnitPrice}
		}
	}
	var average int64
	if count > 0 {
		average = (2*sum + int64(count)) / (2 * int64(count)) // half up
	}
	f := figures{total: decimal(captured-refunded, decimals), average: decimal(average, decimals), refunds: decimal(refunded, decimals), orders: count}
	for _, m := range []string{"CARD", "CASH", "MOBILE", "VOUCHER"} {
		f.methods += fmt.Sprintf("%s:%d:%s ", m, methods[m][0], decimal(methods[m][1], decimals))
	}
	for _, id := range slices.Sorted(maps.Keys(sold)) {
		f.sold += fmt.Sprintf("%s:%d:%s ", id, sold[id][0], decimal(sold[id][1], decimals))
	}
	return f
}

// decimal writes minor units with the currency's decimals.
func decimal(v int64, decimals int) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	if decimals == 0 {
		return fmt.Sprintf("%s%d", sign, v)
	}
	p := pow10(decimals)
	return fmt.Sprintf("%s%d.%0*d", sign, v/p, decimals, v%p)
}

// got reads exactQuery's answer.
func got(t *testing.T, resp response) figures {
	t.Helper()
	if len(resp.Errors) > 0 {
		t.Fatalf("errors %+v", resp.Errors)
	}
	type money struct{ Amount string }
	var rev struct {
		Total, AverageOrderValue, Refunds money
		OrderCount                        int
	}
	resp.Field(t, "revenue", &rev)
	var methods []struct {
		Method string
		Count  int
		Amount money
	}
	resp.Field(t, "paymentMethods", &methods)
	var best []struct {
		Product  struct{ ID string }
		Quantity int
		Revenue  money
	}
	resp.Field(t, "bestSellers", &best)
	var ch struct {
		Current, Previous struct {
			Takings money
			Orders  int
		}
		Change money
	}
	resp.Field(t, "revenueChange", &ch)
	f := figures{total: rev.Total.Amount, average: rev.AverageOrderValue.Amount, refunds: rev.Refunds.Amount, orders: rev.OrderCount,
		change: fmt.Sprintf("%s:%d %s:%d %s", ch.Current.Takings.Amount, ch.Current.Orders, ch.Previous.Takings.Amount, ch.Previous.Orders, ch.Change.Amount)}
	slices.SortFunc(methods, func(a, b struct {
		Method string
		Count  int
		Amount money
	}) int {
		return strings.Compare(a.Method, b.Method)
	})
	for _, m := range methods {
		f.methods += fmt.Sprintf("%s:%d:%s ", m.Method, m.Count, m.Amount.Amount)
	}
	slices.SortFunc(best, func(a, b struct {
		Product  struct{ ID string }
		Quantity int
		Revenue  money
	}) int {
		return strings.Compare(a.Product.ID, b.Product.ID)
	})
	for _, s := range best {
		f.sold += fmt.Sprintf("%s:%d:%s ", s.Product.ID, s.Quantity, s.Revenue.Amount)
	}
	return f
}

// setup is how the gateways of a run are built, and how the services
// read windows.
type setup struct {
	reading    downstreamtest.Reading
	parallel   int  // windows in flight per service
	closedOff  bool // keep no closed day
	replicas   int  // gateways, sharing a Redis when more than one
	withCaches bool
}

func (s setup) String() string {
	return fmt.Sprintf("reading=%v windows=%d closed=%v replicas=%d caches=%v", s.reading, s.parallel, !s.closedOff, s.replicas, s.withCaches)
}

// checkExact asks each tenant of w the sequences, each twice (cold, then
// warm), of gateways built as s says, and compares every answer with the
// rows. It returns how many questions were asked, and how many of the
// window edges the services were asked for had rows within a second.
func checkExact(t *testing.T, w *world, s setup, r *rand.Rand, redisURL string) (asked, covered, edges int) {
	t.Helper()
	srv := downstreamtest.Start(t, w.tenants...)
	srv.Reading = s.reading
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	var replicas []*harness
	for range max(1, s.replicas) {
		eps := srv.Endpoints(5 * time.Second)
		// Kept days are read again as often as they are served: a re-read
		// must be as exact as the read.
		o := options(nil)
		o.Now, o.Meter, o.ClosedDays.Recheck = func() time.Time { return w.now }, mp, time.Nanosecond
		if s.closedOff {
			o.ClosedDays.MaxBytes = 0
		}
		if s.withCaches {
			for _, svc := range []clients.Service{clients.Orders, clients.Payments} {
				ep := eps[svc]
				ep.Cache.FreshFor, ep.Cache.StaleFor = time.Second, time.Minute
				eps[svc] = ep
			}
		}
		if s.replicas > 1 {
			f, err := fleet.Open(redisURL, fleet.Options{Timeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			f.ShareCaches(eps)
			o.Fleet = f
		}
		c, err := clients.New(clients.Config{Endpoints: eps, ParallelWindows: s.parallel})
		if err != nil {
			t.Fatal(err)
		}
		o.Clients = c
		replicas = append(replicas, serve(t, nil, o))
	}
	for _, tn := range w.tenants {
		loc, _ := time.LoadLocation(tn.Timezone)
		decimals := decimalsOf(tn.Currency)
		// The sequence of the report first: this month teaches the
		// tenant's density, then last month is cut at other instants.
		seq := append([]ask{{period: "THIS_MONTH"}, {period: "LAST_MONTH"}}, sequence(r, w.now, loc, 6)...)
		for round, what := range []string{"cold", "warm"} {
			for i, a := range seq {
				h := replicas[(round+i)%len(replicas)]
				from, to := a.span(w.now, loc)
				want := fromRaw(tn, decimals, from, to)
				want.change = changeRaw(tn, decimals, loc, from, to)
				if g := got(t, h.Query(t, tn.Token, exactQuery, a.vars())); g != want {
					t.Errorf("%s %s (%s, %s), question %d of %v, %s:\ngot  %+v\nwant %+v", tn.ID, a, tn.Timezone, tn.Currency, i+1, seq, what, g, want)
				}
				asked++
			}
		}
	}
	// The rows never change, so a re-read that disagrees read wrong.
	if n := sumWhere(metricPoints(t, &observed{reader: reader}, "maitre.closed_day.rechecks"), "result=disagree"); n > 0 {
		t.Errorf("%d kept days disagreed with a re-read of unchanged rows", n)
	}
	covered, edges = edgeCoverage(w, srv.Windows())
	return asked, covered, edges
}

// edgeCoverage is the share of the window edges the services were asked
// for that had a row within a second of them.
func edgeCoverage(w *world, windows []downstreamtest.Window) (covered, all int) {
	var at []time.Time
	for _, tn := range w.tenants {
		for _, o := range tn.Orders {
			at = append(at, o.CreatedAt)
		}
	}
	slices.SortFunc(at, time.Time.Compare)
	seen := map[time.Time]bool{}
	for _, win := range windows {
		for _, e := range []time.Time{win.From, win.To} {
			if seen[e] {
				continue
			}
			seen[e] = true
			all++
			i, _ := slices.BinarySearchFunc(at, e.Add(-time.Second), time.Time.Compare)
			if i < len(at) && at[i].Before(e.Add(time.Second)) {
				covered++
			}
		}
	}
	return covered, all
}

// TestExactness is the short form of the property, run by go test: a
// few generated worlds, each under several setups. FuzzExactness is the
// long form.
func TestExactness(t *testing.T) {
	redisURL := ""
	if _, err := exec.LookPath("redis-server"); err == nil {
		redisURL = fleettest.Start(t).URL()
	}
	// Window caps that cut a month or a week into parts of a fraction of
	// a second (7, 11, 13), and some that do not.
	setups := []setup{
		{parallel: 1}, {parallel: 7}, {reading: downstreamtest.Seconds, parallel: 13}, {reading: downstreamtest.Inclusive, parallel: 11},
		{parallel: 11, closedOff: true}, {reading: downstreamtest.Inclusive, parallel: 8, withCaches: true},
		{parallel: 7, replicas: 2, withCaches: true},
	}
	for seed := range uint64(3) {
		w := newWorld(seed)
		for i, s := range setups {
			t.Run(fmt.Sprintf("seed=%d/%v", seed, s), func(t *testing.T) {
				if s.replicas > 1 && redisURL == "" {
					testenv.Missing(t, "redis-server is not installed, for two replicas sharing Redis")
				}
				r := rand.New(rand.NewPCG(seed, uint64(i)))
				n, covered, edges := checkExact(t, w, s, r, redisURL)
				t.Logf("%d tenants (%s, %s), %d instants with rows, %d questions, %d of %d window edges with rows, now %v",
					len(w.tenants), w.tenants[0].Timezone, w.tenants[1].Timezone, w.edges, n, covered, edges, w.now)
			})
		}
	}
}

// FuzzExactness is the long form of the property, run in CI: each input
// generates a world, a setup and the sequences asked.
func FuzzExactness(f *testing.F) {
	for _, seed := range []uint64{3, 4, 5} {
		f.Add(seed, uint8(7), uint8(0))
	}
	redisURL := ""
	if _, err := exec.LookPath("redis-server"); err == nil {
		redisURL = fleettest.Start(f).URL()
	}
	f.Fuzz(func(t *testing.T, seed uint64, parallel, flags uint8) {
		s := setup{reading: downstreamtest.Reading(flags % 3), parallel: 1 + int(parallel%16), closedOff: flags&4 != 0, withCaches: flags&8 != 0}
		if flags&16 != 0 && redisURL != "" {
			s.replicas = 2
		}
		checkExact(t, newWorld(seed), s, rand.New(rand.NewPCG(seed, uint64(flags))), redisURL)
	})
}
