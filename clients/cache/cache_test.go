package cache

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestFreshThenStale(t *testing.T) {
	var calls atomic.Int32
	var mode atomic.Value
	mode.Store("ok")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		switch mode.Load() {
		case "500":
			w.WriteHeader(500)
		case "bad":
			w.Write([]byte(`{"tru`))
		default:
			w.Write([]byte(`{"tenant":"` + r.Header.Get("X-Tenant-ID") + `"}`))
		}
	}))
	defer srv.Close()
	c := New(Config{FreshFor: 50 * time.Millisecond, StaleFor: time.Second}, http.DefaultTransport, nil)
	get := func(tenant string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/tables", nil)
		req.Header.Set("X-Tenant-ID", tenant)
		resp, err := c.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}
	steps := []struct {
		name, mode, tenant string
		sleep              time.Duration
		state, body        string
		status             int
		calls              int32
	}{
		{"first call", "ok", "bistro", 0, "", `{"tenant":"bistro"}`, 200, 1},
		{"fresh hit", "ok", "bistro", 0, "hit", `{"tenant":"bistro"}`, 200, 1},
		{"another tenant is not a hit", "ok", "cafe", 0, "", `{"tenant":"cafe"}`, 200, 2},
		{"stale after a 500", "500", "bistro", 60 * time.Millisecond, "stale", `{"tenant":"bistro"}`, 200, 3},
		{"stale after malformed JSON", "bad", "bistro", 0, "stale", `{"tenant":"bistro"}`, 200, 4},
		{"recovered", "ok", "bistro", 0, "", `{"tenant":"bistro"}`, 200, 5},
		{"no stale for a tenant never cached", "500", "diner", 0, "", ``, 500, 6},
	}
	for _, s := range steps {
		mode.Store(s.mode)
		time.Sleep(s.sleep)
		resp, body := get(s.tenant)
		if resp.Header.Get(StateHeader) != s.state || body != s.body || resp.StatusCode != s.status || calls.Load() != s.calls {
			t.Errorf("%s: %d %q %q after %d calls; want %d %q %q after %d", s.name, resp.StatusCode,
				resp.Header.Get(StateHeader), body, calls.Load(), s.status, s.state, s.body, s.calls)
		}
	}
}
