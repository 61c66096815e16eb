package gateway_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// BenchmarkRequest serves whole requests in-process (decoding, auth from
// the cache, resolvers, dataloaders, clients, encoding) against recorded
// downstream answers, for the requests the load tests use: ns/op and
// allocs/op are the gateway's own.
func BenchmarkRequest(b *testing.B) {
	env := demotest.Start(b, demotest.Now)
	rec := &gatewaytest.Recorder{Next: http.DefaultTransport}
	c, err := clients.New(clients.Config{Endpoints: env.Endpoints(time.Second), Transport: rec})
	if err != nil {
		b.Fatal(err)
	}
	h := handler(b, options(c))
	for _, tc := range gatewaytest.Shapes {
		b.Run(tc.Name, func(b *testing.B) {
			serve := func() {
				req := httptest.NewRequest(http.MethodPost, tc.Path, strings.NewReader(tc.Body))
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
