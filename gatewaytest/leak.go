package gatewaytest

import (
	"net/http"
	"testing"

	"go.uber.org/goleak"
)

// LeakCheck notes the goroutines running now; the check it returns fails
// when others outlive them, once idle keep-alive connections are closed;
// a test server's own goroutines live until its cleanup.
func LeakCheck() func(t *testing.T) {
	before := goleak.IgnoreCurrent()
	return func(t *testing.T) {
		t.Helper()
		http.DefaultTransport.(*http.Transport).CloseIdleConnections()
		goleak.VerifyNone(t, before,
			goleak.IgnoreAnyFunction("net/http.(*Server).Serve"),
			goleak.IgnoreAnyFunction("net/http/httptest.(*Server).goServe.func1"),
			goleak.IgnoreAnyFunction("internal/poll.runtime_pollWait"),
			goleak.IgnoreAnyFunction("github.com/maitre-pos/maitre/dataloaders.pool.work"), // kept for the next call
		)
	}
}
