package coalesce

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestIdenticalReadsShareOneCall(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		<-release
		w.Write([]byte(r.Header.Get("X-Tenant-ID")))
	}))
	defer srv.Close()
	c := New(http.DefaultTransport)
	var wg sync.WaitGroup
	bodies := make([]string, 20)
	for i := range bodies {
		wg.Go(func() {
			req, _ := http.NewRequest("GET", srv.URL, nil)
			req.Header.Set("X-Tenant-ID", []string{"bistro", "cafe"}[i%2])
			resp, err := c.RoundTrip(req)
			if err != nil {
				t.Error(err)
				return
			}
			b, _ := io.ReadAll(resp.Body)
			bodies[i] = string(b)
		})
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 2 {
		t.Errorf("20 reads by 2 tenants made %d calls; want 2", n)
	}
	for i, b := range bodies {
		if want := []string{"bistro", "cafe"}[i%2]; b != want {
			t.Errorf("caller %d got %q; want %q", i, b, want)
		}
	}
}

func TestAWaiterLeavesAlone(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	c := New(http.DefaultTransport)
	first := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest("GET", srv.URL, nil)
		resp, err := c.RoundTrip(req)
		if err == nil {
			resp.Body.Close()
		}
		first <- err
	}()
	time.Sleep(20 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	if _, err := c.RoundTrip(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("impatient waiter: %v; want its own deadline", err)
	}
	close(release)
	if err := <-first; err != nil {
		t.Errorf("the first caller lost its answer when the other left: %v", err)
	}
}
