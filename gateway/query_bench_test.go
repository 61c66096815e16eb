package gateway_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/clients/replay"
	"github.com/maitre-pos/maitre/demo/demotest"
)

// recorded answers each downstream request the way the demo answered it
// the first time, from memory, so that a benchmark measures the gateway
// alone: its CPU and allocations, not the demo's or the loopback's.
type recorded struct {
	next http.RoundTripper
	mu   sync.Mutex
	seen map[string]answer
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (r *recorded) RoundTrip(req *http.Request) (*http.Response, error) {
	key := req.Method + " " + req.URL.String() + " " + req.Header.Get("Authorization") + " " + req.Header.Get("X-Tenant-ID")
	r.mu.Lock()
	a, ok := r.seen[key]
	r.mu.Unlock()
	if ok {
		return replay.Response(req, a.status, a.header.Clone(), a.body), nil
	}
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.seen[key] = answer{resp.StatusCode, resp.Header.Clone(), body}
	r.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// benchQueries are the shapes the load tests use, the frontends' orders
// page first.
var benchQueries = []struct{ name, path, body string }{
	{"orderspage", "/query", `{"query":"{ orders(range: {period: TODAY}, first: 50) { nodes { items { product { name } } payments { amount { amount } } table { name } } } }"}`},
	{"product", "/query", `{"query":"{ product(id: \"prd_bis_001\") { name price { formatted } } }"}`},
	{"tables", "/query", `{"query":"{ tableOccupancy { total occupied covers } }"}`},
	{"orders50", "/query", `{"query":"{ orders(range: {period: LAST_7_DAYS}, first: 50) { nodes { number items { quantity product { name } } payments { amount { amount } } table { name } } } }"}`},
	{"dashboard", "/query", `{"query":"{ revenue { total { formatted } orderCount } paymentMethods { method share } bestSellers { product { name } quantity } tableOccupancy { occupied free } }"}`},
	{"chat", "/chat", `{"question":"What's my revenue today?"}`},
}

// BenchmarkRequest serves whole requests in-process (decoding, auth from
// the cache, resolvers, dataloaders, clients, encoding) against recorded
// downstream answers, for the requests the load tests use: ns/op and
// allocs/op are the gateway's own.
func BenchmarkRequest(b *testing.B) {
	env := demotest.Start(b, demotest.Now)
	rec := &recorded{next: http.DefaultTransport, seen: map[string]answer{}}
	c, err := clients.New(clients.Config{Endpoints: env.Endpoints(time.Second), Transport: rec})
	if err != nil {
		b.Fatal(err)
	}
	h := handler(b, options(c))
	for _, tc := range benchQueries {
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
