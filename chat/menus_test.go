package chat_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/chat/chattest"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/downstreamtest"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// menuProfiles are where the made-up restaurants trade: a half-hour
// zone and currencies of 2, 0 and 3 decimals.
var menuProfiles = []struct {
	zone, currency string
	decimals       int
}{{"Asia/Kolkata", "INR", 2}, {"Asia/Seoul", "KRW", 0}, {"Asia/Bahrain", "BHD", 3}}

// madeUpTenant is a restaurant serving chattest's menu of seed: its
// products at random prices and stock, its tables, and ten days of paid
// orders.
func madeUpTenant(seed uint64) (*downstreamtest.Tenant, chattest.Menu, int) {
	r := rand.New(rand.NewPCG(seed, 99))
	m := chattest.NewMenu(seed)
	p := menuProfiles[seed%uint64(len(menuProfiles))]
	id := fmt.Sprintf("menu%d", seed)
	tn := &downstreamtest.Tenant{ID: id, Token: "tok-" + id, Timezone: p.zone, Currency: p.currency}
	unit := int64(1)
	for range p.decimals {
		unit *= 10
	}
	for i, d := range m.Dishes {
		tn.Products = append(tn.Products, clients.Product{ID: fmt.Sprintf("%s_p%02d", id, i), SKU: fmt.Sprintf("%s-%02d", id, i),
			Name: d.Name, Category: d.Category, Price: (1 + r.Int64N(40)) * unit / 2, Cost: unit / 4, Stock: r.IntN(60), ReorderPoint: 5})
	}
	statuses := []string{clients.TableFree, clients.TableOccupied, clients.TableReserved}
	for i, name := range m.Tables {
		tn.Tables = append(tn.Tables, clients.Table{ID: fmt.Sprintf("%s_t%02d", id, i), Name: name, Seats: 4, Status: statuses[r.IntN(3)]})
	}
	for i := range 400 {
		at := demotest.Now.Add(-time.Duration(r.Int64N(int64(10 * 24 * time.Hour))))
		o := clients.Order{ID: fmt.Sprintf("%s_o%d", id, i), Number: 1000 + i, Status: clients.OrderCompleted, CreatedAt: at}
		for range 1 + r.IntN(3) {
			pr := tn.Products[r.IntN(len(tn.Products))]
			q := 1 + r.IntN(3)
			o.Items = append(o.Items, clients.OrderItem{ProductID: pr.ID, Quantity: q, UnitPrice: pr.Price})
			o.Subtotal += int64(q) * pr.Price
		}
		o.Total = o.Subtotal
		tn.Orders = append(tn.Orders, o)
		tn.Payments = append(tn.Payments, clients.Payment{ID: "pay_" + o.ID, OrderID: o.ID, Amount: o.Total, Method: "CARD",
			Status: clients.PaymentCaptured, CreatedAt: at})
	}
	return tn, m, p.decimals
}

// digits writes minor units as answers write their figures, whatever the
// currency's sign: 1,234.50, 12,000, 1,234.567.
func digits(v int64, decimals int) string {
	unit := int64(1)
	for range decimals {
		unit *= 10
	}
	whole := gatewaytest.Number64(v / unit)
	if decimals == 0 {
		return whole
	}
	return fmt.Sprintf("%s.%0*d", whole, decimals, v%unit)
}

// TestChatOnMadeUpMenus asks the whole gateway, over services it did not
// write, about menus made up at test time, each dish typed the ways
// people type it: the figures in the answers are those of the raw rows,
// a name a letter off is said to be read as near, and a word several
// dishes share is asked back, never answered as one of them.
func TestChatOnMadeUpMenus(t *testing.T) {
	t.Parallel()
	for seed := range uint64(3) {
		tn, m, decimals := madeUpTenant(seed)
		t.Run(tn.Timezone+"/"+tn.Currency, func(t *testing.T) {
			t.Parallel()
			srv := downstreamtest.Start(t, tn)
			settings := map[string]string{"MAITRE_NOW": demotest.Now.Format(time.RFC3339)}
			for _, s := range clients.Services {
				settings["MAITRE_"+strings.ToUpper(string(s))+"_URL"] = srv.URL
			}
			g := gatewaytest.New(t, settings)
			loc, _ := time.LoadLocation(tn.Timezone)
			from, to := gatewaytest.Bounds("THIS_WEEK", demotest.Now, loc)
			units, revenue := map[string]int{}, map[string]int64{}
			for _, o := range tn.Orders {
				if gatewaytest.In(o.CreatedAt, from, to) {
					for _, it := range o.Items {
						units[it.ProductID] += it.Quantity
						revenue[it.ProductID] += int64(it.Quantity) * it.UnitPrice
					}
				}
			}
			r := rand.New(rand.NewPCG(seed, 7))
			for i, p := range tn.Products {
				if i%3 != int(seed) { // a third of the menu each: the test stays quick
					continue
				}
				for _, typed := range chattest.Typings(r, p.Name) {
					sold := p.Name + ": " + gatewaytest.Number(units[p.ID]) + " sold"
					if units[p.ID] == 0 {
						sold = "no " + p.Name + " sold"
					}
					for q, want := range map[string]string{
						"how many " + typed.Text + " did we sell this week": sold,
						typed.Text + " revenue this week":                   digits(revenue[p.ID], decimals),
						"how much is the " + typed.Text:                     digits(p.Price, decimals),
						"how many " + typed.Text + " are left":              gatewaytest.Number(p.Stock) + " in stock",
					} {
						a, status := g.Ask(t, tn.Token, q)
						switch {
						case status != 200:
							t.Errorf("%q: HTTP %d", q, status)
						case !strings.Contains(a.Answer, want):
							t.Errorf("%q: %q lacks %q", q, a.Answer, want)
						case typed.Fuzzy && !strings.Contains(a.Answer, "I took “"+typed.Text+"” to be "+p.Name):
							t.Errorf("%q: %q does not say it read %q as near", q, a.Answer, typed.Text)
						}
					}
				}
			}
			for _, tb := range tn.Tables {
				q := "is " + strings.ToLower(tb.Name) + " free"
				if a, _ := g.Ask(t, tn.Token, q); !strings.Contains(a.Answer, tb.Name+" is "+strings.ToLower(tb.Status)) {
					t.Errorf("%q: %q; %s is %s", q, a.Answer, tb.Name, tb.Status)
				}
			}
			for word, dishes := range m.Shared {
				q := "how many " + chattest.Fold(word) + " did we sell this week"
				a, _ := g.Ask(t, tn.Token, q)
				if len(a.Choices) != len(dishes) || strings.Contains(a.Answer, " sold") {
					t.Errorf("%q: %q, choices %q; want which of %q asked", q, a.Answer, a.Choices, dishes)
				}
				for _, d := range dishes {
					if !slices.Contains(a.Suggestions, "How many "+d+" did we sell this week") {
						t.Errorf("%q: suggestions %q lack the question about %s", q, a.Suggestions, d)
					}
				}
			}
		})
	}
}
