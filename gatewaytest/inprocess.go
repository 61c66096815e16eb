package gatewaytest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"

	"github.com/maitre-pos/maitre/clients/replay"
)

// Recorder answers each downstream request the way Next answered it the
// first time, from memory, so that a benchmark measures the gateway alone:
// its CPU and allocations, not the services' or the loopback's.
type Recorder struct {
	Next http.RoundTripper
	mu   sync.Mutex
	seen map[string]recordedAnswer
}

type recordedAnswer struct {
	status int
	header http.Header
	body   []byte
}

func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	key := req.Method + " " + req.URL.String() + " " + req.Header.Get("Authorization") + " " + req.Header.Get("X-Tenant-ID")
	r.mu.Lock()
	a, ok := r.seen[key]
	r.mu.Unlock()
	if ok {
		return replay.Response(req, a.status, a.header.Clone(), a.body), nil
	}
	resp, err := r.Next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	if r.seen == nil {
		r.seen = map[string]recordedAnswer{}
	}
	r.seen[key] = recordedAnswer{resp.StatusCode, resp.Header.Clone(), body}
	r.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// Shapes are the requests the load tests send, the frontends' orders
// page first: each a path and its body.
var Shapes = []struct{ Name, Path, Body string }{
	{"orderspage", "/query", `{"query":"{ orders(range: {period: TODAY}, first: 50) { nodes { items { product { name } } payments { amount { amount } } table { name } } } }"}`},
	{"product", "/query", `{"query":"{ product(id: \"prd_bis_001\") { name price { formatted } } }"}`},
	{"tables", "/query", `{"query":"{ tableOccupancy { total occupied covers } }"}`},
	{"orders50", "/query", `{"query":"{ orders(range: {period: LAST_7_DAYS}, first: 50) { nodes { number items { quantity product { name } } payments { amount { amount } } table { name } } } }"}`},
	{"dashboard", "/query", `{"query":"{ revenue { total { formatted } orderCount } paymentMethods { method share } bestSellers { product { name } quantity } tableOccupancy { occupied free } }"}`},
	{"chat", "/chat", `{"question":"What's my revenue today?"}`},
}

// Post runs one GraphQL POST of query through h in-process.
func Post(h http.Handler, token, query, accept string) *httptest.ResponseRecorder {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // as browsers' JSON.stringify
	_ = enc.Encode(map[string]string{"query": query})
	return PostBody(h, token, buf.Bytes(), accept)
}

// PostBody runs one POST of body to /query through h in-process.
func PostBody(h http.Handler, token string, body []byte, accept string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
