package clients_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	gojson "github.com/goccy/go-json"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
)

// BenchmarkDecodeOrders measures decoding one page of 1000 orders, the
// largest answer the gateway reads, with the standard library and with
// goccy/go-json, which the clients use.
func BenchmarkDecodeOrders(b *testing.B) {
	env := demotest.Start(b, demotest.Now)
	var page json.RawMessage
	env.Get(b, clients.Orders, "bistro", "/v1/orders", map[string][]string{"limit": {"1000"}}, &page)
	for _, dec := range []struct {
		name      string
		unmarshal func([]byte, any) error
	}{{"encoding-json", json.Unmarshal}, {"go-json", gojson.Unmarshal}} {
		b.Run(dec.name, func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			b.ReportAllocs()
			for b.Loop() {
				var out clients.OrderList
				if err := dec.unmarshal(page, &out); err != nil || len(out.Orders) != 1000 {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCall measures one call end to end on loopback: a lookup of 60
// products by id.
func BenchmarkCall(b *testing.B) {
	env := demotest.Start(b, demotest.Now)
	c := env.Client(b, time.Second)
	ids := make([]string, 60)
	for i := range ids {
		ids[i] = "prd_bis_0" + string(rune('0'+(i+1)/10)) + string(rune('0'+(i+1)%10))
	}
	b.ReportAllocs()
	for b.Loop() {
		if ps, err := c.Products.Get(context.Background(), "bistro", ids); err != nil || len(ps) != 60 {
			b.Fatal(len(ps), err)
		}
	}
}
