package breaker

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestOpensFailsFastAndRecovers(t *testing.T) {
	var failing atomic.Bool
	var calls atomic.Int32
	failing.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if failing.Load() {
			w.WriteHeader(502)
		}
	}))
	defer srv.Close()
	var changes []string
	b := New("orders", Config{FailureRatio: 0.5, MinRequests: 4, Window: time.Second, OpenFor: 100 * time.Millisecond},
		http.DefaultTransport, func(from, to string) { changes = append(changes, from+">"+to) })
	get := func() (*http.Response, error) {
		req, _ := http.NewRequest("GET", srv.URL, nil)
		resp, err := b.RoundTrip(req)
		if resp != nil {
			resp.Body.Close()
		}
		return resp, err
	}
	for i := range 4 {
		resp, err := get()
		if err != nil || resp.StatusCode != 502 {
			t.Fatalf("call %d: %v, %v; want the 502 itself while closed", i, resp, err)
		}
	}
	if b.State() != "open" {
		t.Fatalf("after 4 failures of 4: %s; want open", b.State())
	}
	before := calls.Load()
	if _, err := get(); !errors.Is(err, ErrOpen) || calls.Load() != before {
		t.Errorf("while open: %v with %d calls; want ErrOpen and no call", err, calls.Load()-before)
	}
	failing.Store(false)
	time.Sleep(120 * time.Millisecond)
	if resp, err := get(); err != nil || resp.StatusCode != 200 || b.State() != "closed" {
		t.Errorf("probe: %v, %v, state %s; want 200 and closed", resp, err, b.State())
	}
	if got := len(changes); got != 3 {
		t.Errorf("changes %v; want closed>open, open>half-open, half-open>closed", changes)
	}
}

func TestClientErrorsDoNotOpen(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(404) }))
	defer srv.Close()
	b := New("inventory", Config{FailureRatio: 0.5, MinRequests: 2, Window: time.Second, OpenFor: time.Second}, http.DefaultTransport, nil)
	for range 10 {
		req, _ := http.NewRequest("GET", srv.URL, nil)
		resp, err := b.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if b.State() != "closed" {
		t.Errorf("after ten 404s: %s; want closed", b.State())
	}
}
