package gateway_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/downstreamtest"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// liarNow is when the lying services are asked.
var liarNow = time.Date(2026, 10, 14, 15, 4, 5, 0, time.UTC)

// liarTenant is a London café with a week and a day of orders, each paid
// by one payment, some refunded, and three tables.
func liarTenant() *downstreamtest.Tenant {
	r := rand.New(rand.NewPCG(7, 11))
	tn := &downstreamtest.Tenant{ID: "liar", Token: "tok-liar", Timezone: "Europe/London", Currency: "GBP"}
	for i := range 5 {
		tn.Products = append(tn.Products, clients.Product{ID: fmt.Sprintf("prd_%d", i), SKU: fmt.Sprint("sku-", i), Name: fmt.Sprint("Dish ", i),
			Category: "Mains", Price: int64(500 + 250*i), Cost: 100, Stock: 20, ReorderPoint: 3})
	}
	for i := range 3 {
		tn.Tables = append(tn.Tables, clients.Table{ID: fmt.Sprint("tbl_", i), Name: fmt.Sprint("T", i), Seats: 4, Status: clients.TableFree})
	}
	for i := range 160 {
		at := liarNow.Add(-time.Duration(i)*73*time.Minute - time.Duration(r.IntN(60))*time.Second)
		o := clients.Order{ID: fmt.Sprint("ord_", i), Number: i + 1, Status: clients.OrderCompleted, CreatedAt: at, Covers: 1 + r.IntN(4)}
		for range 1 + r.IntN(3) {
			p := tn.Products[r.IntN(len(tn.Products))]
			q := 1 + r.IntN(3)
			o.Items = append(o.Items, clients.OrderItem{ProductID: p.ID, Quantity: q, UnitPrice: p.Price})
			o.Subtotal += int64(q) * p.Price
		}
		o.Tax = o.Subtotal / 5
		o.Total = o.Subtotal + o.Tax
		tn.Orders = append(tn.Orders, o)
		method := []string{"CARD", "CASH", "MOBILE", "VOUCHER"}[r.IntN(4)]
		tn.Payments = append(tn.Payments, clients.Payment{ID: fmt.Sprint("pay_", i), OrderID: o.ID, Amount: o.Total, Method: method,
			Status: clients.PaymentCaptured, CreatedAt: at})
		if i%9 == 0 {
			tn.Payments = append(tn.Payments, clients.Payment{ID: fmt.Sprint("ref_", i), OrderID: o.ID, Amount: o.Total / 3, Method: method,
				Status: clients.PaymentRefunded, CreatedAt: at.Add(time.Minute)})
		}
	}
	return tn
}

const liarQuery = `{
	revenue(range: {period: LAST_7_DAYS}) { total { amount } orderCount }
	paymentMethods(range: {period: LAST_7_DAYS}) { method count amount { amount } }
	tableOccupancy { total }
}`

// TestLyingPayments asks a gateway over a payments service that breaks
// the contract in each way: an identical repeat is dropped, and the
// figures are those of the distinct rows; anything else nulls the
// figures fed by payments with an error naming the service, while the
// orders' and the restaurant's answer; every violation is counted.
func TestLyingPayments(t *testing.T) {
	cases := []struct {
		lie  downstreamtest.Lie
		kind string // the violation counted; "" for none
		fail bool   // whether the payments' figures fail
	}{
		{downstreamtest.Honest, "", false},
		{downstreamtest.Repeat, "duplicate", false},
		{downstreamtest.Contradict, "conflict", true},
		{downstreamtest.Null, "null", true},
		{downstreamtest.Negative, "bounds", true},
		{downstreamtest.Huge, "bounds", true},
	}
	for _, tc := range cases {
		t.Run(tc.lie.String(), func(t *testing.T) {
			tn := liarTenant()
			srv := downstreamtest.Start(t, tn)
			srv.Lie = tc.lie
			reader := sdkmetric.NewManualReader()
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
			c, err := clients.New(clients.Config{Endpoints: srv.Endpoints(5 * time.Second), Meter: mp, ParallelWindows: clients.DefaultParallelWindows})
			if err != nil {
				t.Fatal(err)
			}
			h := serve(t, nil, with(options(c), func(o *gateway.Options) {
				o.Now, o.Meter = func() time.Time { return liarNow }, mp
			}))
			resp := h.Query(t, tn.Token, liarQuery, nil)

			loc, _ := time.LoadLocation(tn.Timezone)
			from, to := gatewaytest.Bounds("LAST_7_DAYS", liarNow, loc)
			want := fromRaw(tn, 2, from, to) // the distinct rows, as the tenant holds them
			var rev struct {
				Total      *struct{ Amount string }
				OrderCount int
			}
			resp.Field(t, "revenue", &rev)
			if rev.OrderCount != want.orders || want.orders == 0 {
				t.Errorf("orderCount %d; want %d, from the orders service, which kept the contract", rev.OrderCount, want.orders)
			}
			var occ struct{ Total int }
			if resp.Field(t, "tableOccupancy", &occ); occ.Total != len(tn.Tables) {
				t.Errorf("tableOccupancy.total %d; want %d", occ.Total, len(tn.Tables))
			}
			var methods []struct {
				Method string
				Count  int
				Amount struct{ Amount string }
			}
			resp.Field(t, "paymentMethods", &methods)
			if !tc.fail {
				if len(resp.Errors) > 0 {
					t.Fatalf("errors %+v", resp.Errors)
				}
				if rev.Total == nil || rev.Total.Amount != want.total {
					t.Errorf("total %+v; want %s, the sum of the distinct rows", rev.Total, want.total)
				}
				slices.SortFunc(methods, func(a, b struct {
					Method string
					Count  int
					Amount struct{ Amount string }
				}) int {
					return strings.Compare(a.Method, b.Method)
				})
				got := ""
				for _, m := range methods {
					got += fmt.Sprintf("%s:%d:%s ", m.Method, m.Count, m.Amount.Amount)
				}
				if got != want.methods {
					t.Errorf("paymentMethods %s; want %s", got, want.methods)
				}
			} else {
				if rev.Total != nil || methods != nil {
					t.Errorf("total %+v, paymentMethods %+v; want both null, not a figure from rows that break the contract", rev.Total, methods)
				}
				failed := map[string]bool{}
				for _, e := range resp.Errors {
					if e.Extensions["code"] != "DOWNSTREAM_SERVICE_ERROR" || e.Extensions["service"] != "payments" {
						t.Errorf("error %+v; want DOWNSTREAM_SERVICE_ERROR naming payments", e)
					}
					failed[fmt.Sprint(e.Path)] = true
				}
				if !failed["[revenue total]"] || !failed["[paymentMethods]"] || len(failed) != 2 {
					t.Errorf("errors at %v; want at revenue.total and paymentMethods alone", failed)
				}
			}
			counted := metricPoints(t, &observed{reader: reader}, "maitre.downstream.contract_violations")
			for key, n := range counted {
				if lied := tc.kind != "" && strings.Contains(key, "maitre.service=payments") && strings.Contains(key, "kind="+tc.kind); lied != (n > 0) {
					t.Errorf("%s counted %d", key, n)
				}
			}
			if len(counted) == 0 {
				t.Error("no contract violations metric")
			}
		})
	}
}
