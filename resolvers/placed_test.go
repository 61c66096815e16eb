package resolvers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// TestPlacedOrdersAddUp places orders in the demo as the README does,
// one without a method (CARD by default) and one by MOBILE: the payment
// methods then add up to revenue, each a method of the schema's enum, and
// both match the raw payments.
func TestPlacedOrdersAddUp(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	for _, body := range []string{`{"items":[{"product_id":"prd_bis_009","quantity":2}]}`,
		`{"items":[{"product_id":"prd_bis_003","quantity":1}],"method":"MOBILE"}`} {
		req, _ := http.NewRequest(http.MethodPost, h.Env.URLs[clients.Orders]+"/v1/orders", strings.NewReader(body))
		req.Header.Set("X-Tenant-ID", "bistro")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("%s: HTTP %d", body, resp.StatusCode)
		}
	}
	resp := h.Query(t, "demo-owner", `{ revenue { total { amount } refunds { amount } }
		paymentMethods { method count amount { amount } } }`, nil)
	var rev struct{ Total, Refunds money }
	resp.Field(t, "revenue", &rev)
	var methods []struct {
		Method string
		Count  int
		Amount money
	}
	resp.Field(t, "paymentMethods", &methods)
	tc := gatewaytest.Tenants(t, h.Env)[0]
	tk := gatewaytest.NewOracle(t, h.Env, tc).Takings("TODAY")
	var sum int64
	for _, m := range methods {
		if !strings.Contains(" CARD CASH MOBILE VOUCHER ", " "+m.Method+" ") {
			t.Errorf("method %q is not one of the enum's", m.Method)
		}
		if got, want := m.Amount.Amount, gatewaytest.Amount(tk.ByMethod[m.Method], tc.Currency); got != want || m.Count != tk.CountByMethod[m.Method] {
			t.Errorf("%s: %d payments of %s; the rows say %d of %s", m.Method, m.Count, got, tk.CountByMethod[m.Method], want)
		}
		sum += tk.ByMethod[m.Method]
	}
	if rev.Total.Amount != gatewaytest.Amount(tk.Total, tc.Currency) || gatewaytest.Amount(sum, tc.Currency) != gatewaytest.Amount(tk.Total+tk.Refunds, tc.Currency) {
		t.Errorf("revenue %s + refunds %s; methods add up to %s", rev.Total.Amount, rev.Refunds.Amount, gatewaytest.Amount(sum, tc.Currency))
	}
}
