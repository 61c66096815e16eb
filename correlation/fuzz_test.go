package correlation

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzMiddleware checks that whatever a client sends, the ID used and
// echoed is sane, and a sane one is kept.
func FuzzMiddleware(f *testing.F) {
	for _, s := range []string{"abc-123", "", "a b", "é", "x\r\nSet-Cookie: y", string(make([]byte, 100))} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sent string) {
		var seen string
		h := Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = ID(r.Context()) }))
		req := httptest.NewRequest("GET", "/", nil)
		req.Header["X-Correlation-Id"] = []string{sent}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		got := rec.Header().Get(Header)
		if !Sane(got) || got != seen || Sane(sent) && got != sent {
			t.Fatalf("sent %q: echoed %q, used %q", sent, got, seen)
		}
	})
}
