package gateway_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gateway"
)

// BenchmarkRequest serves whole requests in-process (decoding, auth from
// the cache, resolvers, dataloaders, calls to the demo on loopback,
// encoding), for the requests the load tests use.
func BenchmarkRequest(b *testing.B) {
	env := demotest.Start(b, demotest.Now)
	h := handler(b, gateway.Options{Clients: env.Client(b, time.Second)})
	for _, tc := range []struct{ name, path, body string }{
		{"product", "/query", `{"query":"{ product(id: \"prd_bis_001\") { name price { formatted } } }"}`},
		{"orders50", "/query", `{"query":"{ orders(range: {period: LAST_7_DAYS}, first: 50) { nodes { number items { quantity product { name } } payments { amount { amount } } table { name } } } }"}`},
		{"orders50noref", "/query", `{"query":"{ orders(range: {period: LAST_7_DAYS}, first: 50) { nodes { number items { quantity } } } }"}`},
		{"orders50items", "/query", `{"query":"{ orders(range: {period: LAST_7_DAYS}, first: 50) { nodes { number items { quantity product { name } } } } }"}`},
		{"dashboard", "/query", `{"query":"{ revenue { total { formatted } orderCount } paymentMethods { method share } bestSellers { product { name } quantity } tableOccupancy { occupied free } }"}`},
		{"chat", "/chat", `{"question":"What's my revenue today?"}`},
	} {
		b.Run(tc.name, func(b *testing.B) {
			serve := func() {
				req := httptest.NewRequest(http.MethodPost, tc.path, strings.NewReader(tc.body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer demo-owner")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 || strings.Contains(rec.Body.String(), `"errors":[{`) {
					b.Fatalf("HTTP %d %s", rec.Code, rec.Body.String())
				}
			}
			serve()
			b.ReportAllocs()
			for b.Loop() {
				serve()
			}
		})
	}
}
