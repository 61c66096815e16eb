package throttle

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLimiterPerKey(t *testing.T) {
	l := NewLimiter(Limit{Rate: 1, Burst: 3}, 100, nil, "")
	for i := range 3 {
		if ok, _ := l.Allow(context.Background(), "a"); !ok {
			t.Fatalf("request %d of a burst of 3 refused", i+1)
		}
	}
	ok, wait := l.Allow(context.Background(), "a")
	if ok || wait <= 0 || wait > time.Second {
		t.Errorf("4th request: allowed %v, wait %v; want refused with a wait up to 1s", ok, wait)
	}
	if ok, _ := l.Allow(context.Background(), "b"); !ok {
		t.Errorf("another key was refused")
	}
}

func TestLimiterMemoryIsBounded(t *testing.T) {
	l := NewLimiter(Limit{Rate: 1, Burst: 1}, 10, nil, "")
	for i := range 1000 {
		l.Allow(context.Background(), fmt.Sprint(i))
	}
	if n := l.keys.Len(); n != 10 {
		t.Errorf("%d keys kept; want 10", n)
	}
}

func TestOff(t *testing.T) {
	l := NewLimiter(Limit{}, 10, nil, "")
	for range 1000 {
		if ok, _ := l.Allow(context.Background(), "a"); !ok {
			t.Fatal("a limiter with no rate refused")
		}
	}
}

func TestMiddleware(t *testing.T) {
	l := NewLimiter(Limit{Rate: 0.5, Burst: 1}, 10, nil, "")
	h := l.Middleware(ClientAddress, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	codes := []int{}
	var last *httptest.ResponseRecorder
	for range 2 {
		last = httptest.NewRecorder()
		h.ServeHTTP(last, httptest.NewRequest("POST", "/query", nil))
		codes = append(codes, last.Code)
	}
	if codes[0] != 200 || codes[1] != 429 || last.Header().Get("Retry-After") != "2" {
		t.Errorf("codes %v, Retry-After %q; want 200 then 429 with 2", codes, last.Header().Get("Retry-After"))
	}
}

func TestShed(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 2)
	h := Shed(2, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
	}))
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil)) })
	}
	<-entered
	<-entered
	// The two in flight hold until release: a third that waited for a slot
	// would never answer.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 503 {
		t.Errorf("third request: %d; want 503", rec.Code)
	}
	close(release)
	wg.Wait()
}

func TestShedOnMemory(t *testing.T) {
	live := int64(0)
	h := ShedOnMemory(100, func() int64 { return live }, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	tests := []struct {
		live   int64
		status int
	}{{50, 200}, {100, 200}, {101, 503}, {10, 200}}
	for _, tt := range tests {
		live = tt.live
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/query", nil))
		if rec.Code != tt.status || tt.status == 503 && (rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "SERVICE_OVERLOADED")) {
			t.Errorf("live heap %d: HTTP %d %s; want %d", tt.live, rec.Code, rec.Body.String(), tt.status)
		}
	}
	runtime.GC() // the live heap is what a collection found
	if LiveHeap() <= 0 {
		t.Error("LiveHeap read nothing")
	}
}

// TestShare: each of n replicas admits a nth of the rate and of the
// burst, and at least one request at once.
func TestShare(t *testing.T) {
	cases := []struct {
		name string
		n    int
		want Limit
	}{
		{"one replica", 1, Limit{Rate: 600, Burst: 300}},
		{"none seen yet", 0, Limit{Rate: 600, Burst: 300}},
		{"three", 3, Limit{Rate: 200, Burst: 100}},
		{"more replicas than the burst", 400, Limit{Rate: 1.5, Burst: 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := (Limit{Rate: 600, Burst: 300}).Share(tc.n); got != tc.want {
				t.Errorf("Share(%d) = %+v; want %+v", tc.n, got, tc.want)
			}
		})
	}
}
