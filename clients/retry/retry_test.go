package retry

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// flaky answers the given statuses in turn, then 200.
func flaky(t *testing.T, header http.Header, statuses ...int) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		for k, v := range header {
			w.Header()[k] = v
		}
		if i < len(statuses) {
			w.WriteHeader(statuses[i])
			return
		}
		w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestRetries(t *testing.T) {
	cfg := Config{Attempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}
	tests := []struct {
		name       string
		method     string
		statuses   []int
		header     http.Header
		timeout    time.Duration
		wantStatus int
		wantCalls  int32
	}{
		{"500 then ok", "GET", []int{500}, nil, time.Second, 200, 2},
		{"502, 503 then ok", "GET", []int{502, 503}, nil, time.Second, 200, 3},
		{"always 500", "GET", []int{500, 500, 500, 500}, nil, time.Second, 500, 3},
		{"429 then ok", "GET", []int{429}, nil, time.Second, 200, 2},
		{"404 is final", "GET", []int{404}, nil, time.Second, 404, 1},
		{"400 is final", "GET", []int{400}, nil, time.Second, 400, 1},
		{"POST is never retried", "POST", []int{503}, nil, time.Second, 503, 1},
		{"Retry-After past the deadline", "GET", []int{503}, http.Header{"Retry-After": {"2"}}, 500 * time.Millisecond, 503, 1},
		{"Retry-After within the deadline", "GET", []int{503}, http.Header{"Retry-After": {"0"}}, time.Second, 200, 2},
	}
	for _, tt := range tests {
		srv, calls := flaky(t, tt.header, tt.statuses...)
		ctx, cancel := context.WithTimeout(context.Background(), tt.timeout)
		req, _ := http.NewRequestWithContext(ctx, tt.method, srv.URL, nil)
		resp, err := (&Transport{Next: http.DefaultTransport, Config: cfg}).RoundTrip(req)
		cancel()
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != tt.wantStatus || calls.Load() != tt.wantCalls {
			t.Errorf("%s: status %d after %d calls; want %d after %d", tt.name, resp.StatusCode, calls.Load(), tt.wantStatus, tt.wantCalls)
		}
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	srv, calls := flaky(t, http.Header{"Retry-After": {"1"}}, 503)
	req, _ := http.NewRequest("GET", srv.URL, nil)
	start := time.Now()
	resp, err := (&Transport{Next: http.DefaultTransport, Config: Config{Attempts: 2, BaseDelay: time.Millisecond}}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if d := time.Since(start); resp.StatusCode != 200 || calls.Load() != 2 || d < time.Second {
		t.Errorf("status %d after %d calls in %v; want 200 after 2 calls, a second apart", resp.StatusCode, calls.Load(), d)
	}
}

func TestBackoffIsBounded(t *testing.T) {
	tr := &Transport{Config: Config{Attempts: 5, BaseDelay: 10 * time.Millisecond, MaxDelay: 25 * time.Millisecond}}
	for attempt := 1; attempt <= 4; attempt++ {
		limit := min(10*time.Millisecond<<(attempt-1), 25*time.Millisecond)
		for range 100 {
			if d := tr.backoff(attempt); d < 0 || d > limit {
				t.Fatalf("attempt %d: backoff %v outside [0, %v]", attempt, d, limit)
			}
		}
	}
}
