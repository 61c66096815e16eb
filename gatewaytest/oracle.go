package gatewaytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/demotest"
)

// Expectations are computed from the services' raw REST data, with the
// arithmetic written out here, never from the gateway's answers.

// Tenant is a demo tenant as its owner's token says.
type Tenant struct {
	Token, ID string
	Loc       *time.Location
	Currency  string
}

// Tenants reads each owner's tenant, zone and currency from the auth
// service itself: bistro (USD), cafe (EUR) and izakaya (JPY).
func Tenants(t testing.TB, env *demotest.Env) []Tenant {
	t.Helper()
	var out []Tenant
	for _, token := range []string{"demo-owner", "cafe-owner", "izakaya-owner"} {
		req, _ := http.NewRequest(http.MethodGet, env.URLs[clients.Auth]+"/v1/verify", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var id clients.Identity
		err = json.NewDecoder(resp.Body).Decode(&id)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		loc, err := time.LoadLocation(id.Timezone)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Tenant{token, id.TenantID, loc, id.Currency})
	}
	return out
}

// Window is the query of a [from, to) window.
func Window(from, to time.Time) url.Values {
	return url.Values{"from": {from.UTC().Format(time.RFC3339)}, "to": {to.UTC().Format(time.RFC3339)}}
}

// NetTakings is captured minus refunded.
func NetTakings(payments []demo.Payment) int64 {
	var total int64
	for _, p := range payments {
		switch p.Status {
		case demo.PaymentCaptured:
			total += p.Amount
		case demo.PaymentRefunded:
			total -= p.Amount
		}
	}
	return total
}

// Oracle holds a tenant's raw rows and computes from them alone what an
// answer must say.
type Oracle struct {
	Tenant
	// Now is the clock periods are read at; demotest.Now when zero.
	Now      time.Time
	Orders   []demo.Order
	Payments []demo.Payment
	Products []demo.Product
	Tables   []demo.Table
}

// NewOracle reads tn's rows from env's services.
func NewOracle(t testing.TB, env *demotest.Env, tn Tenant) *Oracle {
	t.Helper()
	var tl demo.TableList
	env.Get(t, clients.Restaurant, tn.ID, "/v1/tables", url.Values{}, &tl)
	return &Oracle{Tenant: tn,
		Orders:   demotest.All[demo.Order](t, env, clients.Orders, tn.ID, "/v1/orders", "orders", url.Values{}),
		Payments: demotest.All[demo.Payment](t, env, clients.Payments, tn.ID, "/v1/payments", "payments", url.Values{}),
		Products: demotest.All[demo.Product](t, env, clients.Inventory, tn.ID, "/v1/products", "products", url.Values{}),
		Tables:   tl.Tables}
}

// Day is local midnight n days from the oracle's today.
func (o *Oracle) Day(n int) time.Time {
	now := demotest.Now
	if !o.Now.IsZero() {
		now = o.Now
	}
	l := now.In(o.Loc)
	return time.Date(l.Year(), l.Month(), l.Day()+n, 0, 0, 0, 0, o.Loc)
}

// Bounds resolves period p at the oracle's clock (Bounds).
func (o *Oracle) Bounds(p string) (time.Time, time.Time) {
	now := demotest.Now
	if !o.Now.IsZero() {
		now = o.Now
	}
	return Bounds(p, now, o.Loc)
}

// Bounds resolves a period by hand, at now in loc: a named one, weeks
// from Monday, or from..to (local dates, both included), as [start, end).
func Bounds(p string, now time.Time, loc *time.Location) (time.Time, time.Time) {
	n := now.In(loc)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	today := day(n.Year(), n.Month(), n.Day())
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	first := day(n.Year(), n.Month(), 1)
	switch p {
	case "TODAY":
		return today, today.AddDate(0, 0, 1)
	case "YESTERDAY":
		return today.AddDate(0, 0, -1), today
	case "THIS_WEEK":
		return monday, monday.AddDate(0, 0, 7)
	case "LAST_WEEK":
		return monday.AddDate(0, 0, -7), monday
	case "THIS_MONTH":
		return first, first.AddDate(0, 1, 0)
	case "LAST_MONTH":
		return first.AddDate(0, -1, 0), first
	case "LAST_7_DAYS":
		return today.AddDate(0, 0, -6), today.AddDate(0, 0, 1)
	case "LAST_30_DAYS":
		return today.AddDate(0, 0, -29), today.AddDate(0, 0, 1)
	}
	from, to, _ := strings.Cut(p, "..")
	f, _ := time.ParseInLocation(time.DateOnly, from, loc)
	e, _ := time.ParseInLocation(time.DateOnly, to, loc)
	return f, e.AddDate(0, 0, 1)
}

// In reports whether t is in [from, to).
func In(t, from, to time.Time) bool { return !t.Before(from) && t.Before(to) }

// Takings are a period's figures.
type Takings struct {
	Total, Refunds, Average int64
	Completed               int
	ByMethod                map[string]int64
	CountByMethod           map[string]int
}

// Takings are the figures of period p.
func (o *Oracle) Takings(p string) Takings {
	from, to := o.Bounds(p)
	tk := Takings{ByMethod: map[string]int64{}, CountByMethod: map[string]int{}}
	for _, pay := range o.Payments {
		if !In(pay.CreatedAt, from, to) {
			continue
		}
		switch pay.Status {
		case demo.PaymentCaptured:
			tk.Total += pay.Amount
			tk.ByMethod[pay.Method] += pay.Amount
			tk.CountByMethod[pay.Method]++
		case demo.PaymentRefunded:
			tk.Total -= pay.Amount
			tk.Refunds += pay.Amount
		}
	}
	var sum int64
	for _, ord := range o.Orders {
		if In(ord.CreatedAt, from, to) && ord.Status == demo.OrderCompleted {
			tk.Completed++
			sum += ord.Total
		}
	}
	if tk.Completed > 0 {
		tk.Average = (sum + int64(tk.Completed)/2) / int64(tk.Completed)
	}
	return tk
}

// Sold is what one product sold.
type Sold struct {
	ID, Name string
	Qty      int
	Revenue  int64
}

// Sales are what each product (of category, when given) sold in period
// p, in no order.
func (o *Oracle) Sales(p, category string) []Sold {
	from, to := o.Bounds(p)
	byID := map[string]*Sold{}
	names := map[string]demo.Product{}
	for _, pr := range o.Products {
		names[pr.ID] = pr
	}
	for _, ord := range o.Orders {
		if !In(ord.CreatedAt, from, to) || ord.Status != demo.OrderCompleted {
			continue
		}
		for _, it := range ord.Items {
			pr, ok := names[it.ProductID]
			if !ok || category != "" && !strings.EqualFold(pr.Category, category) {
				continue
			}
			s := byID[it.ProductID]
			if s == nil {
				s = &Sold{ID: it.ProductID, Name: pr.Name}
				byID[it.ProductID] = s
			}
			s.Qty += it.Quantity
			s.Revenue += int64(it.Quantity) * it.UnitPrice
		}
	}
	var out []Sold
	for _, s := range byID {
		out = append(out, *s)
	}
	return out
}

// exponents are the demo's currencies' minor units.
var exponents = map[string]int64{"USD": 100, "EUR": 100, "JPY": 1}

// Amount writes minor units as Money.amount does: 1234.50, 1500.
func Amount(v int64, currency string) string {
	exp := exponents[currency]
	if exp == 1 {
		return fmt.Sprint(v)
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/exp, v%exp)
}

// Display writes minor units as a person reads them: $1,234.50, €12.00,
// ¥1,500.
func Display(v int64, currency string) string {
	sym := map[string]string{"USD": "$", "EUR": "€", "JPY": "¥"}[currency]
	div := exponents[currency]
	whole := Number64(v / div)
	if div == 1 {
		return sym + whole
	}
	return fmt.Sprintf("%s%s.%02d", sym, whole, v%div)
}

// Number writes a count as answers do: 1,485.
func Number(n int) string { return Number64(int64(n)) }

// Number64 is Number of an int64.
func Number64(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// RawPayments are tenant's payments of [from, to), as the service has them.
func RawPayments(t testing.TB, env *demotest.Env, tenant string, from, to time.Time) []demo.Payment {
	t.Helper()
	return demotest.All[demo.Payment](t, env, clients.Payments, tenant, "/v1/payments", "payments", Window(from, to))
}

// RawOrders are tenant's orders that q asks for.
func RawOrders(t testing.TB, env *demotest.Env, tenant string, q url.Values) []demo.Order {
	t.Helper()
	return demotest.All[demo.Order](t, env, clients.Orders, tenant, "/v1/orders", "orders", q)
}

// RawProducts are tenant's products.
func RawProducts(t testing.TB, env *demotest.Env, tenant string) []demo.Product {
	t.Helper()
	return demotest.All[demo.Product](t, env, clients.Inventory, tenant, "/v1/products", "products", url.Values{})
}

// Money is a Money of an answer.
type Money struct{ Amount, Currency, Formatted string }

// RangeVar is the variables {"r": DateRange} of the local days of
// [from, to) in loc.
func RangeVar(from, to time.Time, loc *time.Location) map[string]any {
	return map[string]any{"r": map[string]any{"from": from.In(loc).Format(time.DateOnly), "to": to.In(loc).AddDate(0, 0, -1).Format(time.DateOnly)}}
}

// BistroToday is the bistro's takings today (captured less refunded) and
// its completed orders, read from the services at demotest.Now.
func BistroToday(t testing.TB, env *demotest.Env) (int64, int) {
	t.Helper()
	ny, _ := time.LoadLocation("America/New_York")
	from, to := Bounds("TODAY", demotest.Now, ny)
	completed := 0
	for _, o := range RawOrders(t, env, "bistro", Window(from, to)) {
		if o.Status == demo.OrderCompleted {
			completed++
		}
	}
	return NetTakings(RawPayments(t, env, "bistro", from, to)), completed
}
