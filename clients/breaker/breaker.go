// Package breaker stops calling a downstream service that keeps failing,
// failing fast instead, and lets a few probes through to find out when it
// has recovered. It wraps sony/gobreaker with a rolling window.
package breaker

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/sony/gobreaker/v2"
)

// Config tunes a breaker. The zero Config disables it.
type Config struct {
	// FailureRatio of calls in the window that opens the breaker.
	FailureRatio float64
	// MinRequests in the window before the ratio counts.
	MinRequests uint32
	// Window is the rolling window over which calls are counted.
	Window time.Duration
	// OpenFor is how long the breaker stays open before probing.
	OpenFor time.Duration
	// Probes is how many calls may go through while half-open.
	Probes uint32
}

// Defaults open a breaker when half of at least 10 calls in 10 s failed,
// and probe it again after 5 s with one call.
var Defaults = Config{FailureRatio: 0.5, MinRequests: 10, Window: 10 * time.Second, OpenFor: 5 * time.Second, Probes: 1}

// Enabled reports whether c turns a breaker on.
func (c Config) Enabled() bool { return c.FailureRatio > 0 && c.Window > 0 }

// ErrOpen is returned without calling the service while the breaker is
// open, or half-open with its probes already out.
var ErrOpen = errors.New("breaker: circuit open")

// errServerStatus marks a 5xx answer as a failure to the breaker while the
// answer itself still reaches the caller.
var errServerStatus = errors.New("breaker: server error status")

// Transport is a breaker around Next.
type Transport struct {
	next http.RoundTripper
	cb   *gobreaker.CircuitBreaker[*http.Response]
}

// New returns a breaker named for its service. OnChange, when set, hears
// every change of state.
func New(name string, c Config, next http.RoundTripper, onChange func(from, to string)) *Transport {
	st := gobreaker.Settings{
		Name:         name,
		MaxRequests:  max(c.Probes, 1),
		Interval:     c.Window,
		BucketPeriod: c.Window / 10,
		Timeout:      c.OpenFor,
		ReadyToTrip: func(n gobreaker.Counts) bool {
			return n.Requests >= c.MinRequests && float64(n.TotalFailures) >= c.FailureRatio*float64(n.Requests)
		},
		// A caller that went away says nothing about the service.
		IsExcluded: func(err error) bool { return errors.Is(err, context.Canceled) },
	}
	if onChange != nil {
		st.OnStateChange = func(_ string, from, to gobreaker.State) { onChange(from.String(), to.String()) }
	}
	return &Transport{next: next, cb: gobreaker.NewCircuitBreaker[*http.Response](st)}
}

// RoundTrip implements http.RoundTripper. Transport errors, timeouts and
// 5xx answers count as failures; 4xx answers as successes.
func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.cb.Execute(func() (*http.Response, error) {
		resp, err := t.next.RoundTrip(r)
		if err == nil && resp.StatusCode >= 500 {
			return resp, errServerStatus
		}
		return resp, err
	})
	switch {
	case errors.Is(err, gobreaker.ErrOpenState), errors.Is(err, gobreaker.ErrTooManyRequests):
		return nil, ErrOpen
	case errors.Is(err, errServerStatus):
		return resp, nil
	}
	return resp, err
}

// State is "closed", "open" or "half-open".
func (t *Transport) State() string { return t.cb.State().String() }
