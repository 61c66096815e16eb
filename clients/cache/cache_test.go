package cache

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
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

// TestReloadJudgesByNewAges replaces a cache as a reload does: the
// answers kept carry over, served or not by the new configuration's ages.
func TestReloadJudgesByNewAges(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Write([]byte(`{"n":1}`))
	}))
	defer srv.Close()
	get := func(c *Transport) string {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/tables", nil)
		resp, err := c.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get(StateHeader)
	}
	long := New(Config{FreshFor: time.Hour}, http.DefaultTransport, nil)
	get(long)
	time.Sleep(5 * time.Millisecond)
	tests := []struct {
		name  string
		cfg   Config
		state string
	}{
		{"as long", Config{FreshFor: time.Hour}, "hit"},
		{"shorter than the answer's age", Config{FreshFor: time.Millisecond, StaleFor: 2 * time.Millisecond}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := calls.Load()
			state := get(New(tt.cfg, http.DefaultTransport, long))
			if called := calls.Load() > before; state != tt.state || called != (tt.state == "") {
				t.Errorf("state %q, called %v; want %q", state, called, tt.state)
			}
		})
	}
}

// TestBoundedInBytes keeps answers of several megabytes: what is kept
// stays within the budget, the newest kept, and one answer larger than
// the whole budget is not kept at all.
func TestBoundedInBytes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := 3 << 20
		if r.URL.Query().Get("huge") != "" {
			n = maxBytes + 1
		}
		fmt.Fprintf(w, "%q", strings.Repeat("x", n-2))
	}))
	defer srv.Close()
	c := New(Config{FreshFor: time.Hour}, http.DefaultTransport, nil)
	get := func(path string) string {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		resp, err := c.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get(StateHeader)
	}
	for i := range 10 {
		get(fmt.Sprintf("/v1/tables?page=%d", i))
	}
	if held, _ := c.entries.Bytes(); held > maxBytes {
		t.Errorf("%d bytes kept; want at most %d", held, maxBytes)
	}
	if get("/v1/tables?page=9") != "hit" || get("/v1/tables?page=0") == "hit" {
		t.Error("want the newest answer kept and the oldest gone")
	}
	get("/v1/tables?huge=1")
	if get("/v1/tables?huge=1") == "hit" {
		t.Error("an answer larger than the budget was kept")
	}
}

// TestAnswerAgain: an answer read again unchanged is kept once but counts
// as fetched again, so its stale age starts anew; a changed one replaces
// it.
func TestAnswerAgain(t *testing.T) {
	var body atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b := body.Load().(string); b != "" {
			w.Write([]byte(b))
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	c := New(Config{StaleFor: time.Minute}, http.DefaultTransport, nil)
	get := func() (string, *http.Response) {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/orders", nil)
		resp, err := c.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return string(b), resp
	}
	body.Store(`{"orders":[1]}`)
	get()
	time.Sleep(100 * time.Millisecond)
	get() // the same answer, fetched again
	body.Store("")
	got, resp := get()
	if age, _ := strconv.Atoi(resp.Header.Get(AgeHeader)); got != `{"orders":[1]}` || resp.Header.Get(StateHeader) != "stale" || age >= 100 {
		t.Errorf("after the same answer twice: %s, %s, age %d ms; want the answer, stale, aged from the second", got, resp.Header.Get(StateHeader), age)
	}
	body.Store(`{"orders":[2]}`)
	get()
	body.Store("")
	if got, _ := get(); got != `{"orders":[2]}` {
		t.Errorf("after a changed answer, stale %s; want the changed one", got)
	}
}
