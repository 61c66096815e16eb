// Package retry retries idempotent downstream reads that failed for a
// reason worth retrying, with exponential backoff and full jitter, never
// past the call's deadline.
package retry

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// Config says how hard to try.
type Config struct {
	// Attempts is the most tries in all; 0 or 1 means no retry.
	Attempts int
	// BaseDelay caps the first backoff; each retry doubles the cap.
	BaseDelay time.Duration
	// MaxDelay caps every backoff.
	MaxDelay time.Duration
}

// Defaults retry an idempotent call twice, within a fraction of a
// call's timeout.
var Defaults = Config{Attempts: 3, BaseDelay: 20 * time.Millisecond, MaxDelay: 200 * time.Millisecond}

// Transport retries through Next.
type Transport struct {
	Next   http.RoundTripper
	Config Config
}

// AttemptHeader is set on the response to the number of tries it took.
const AttemptHeader = "X-Maitre-Attempts"

// Error is a failure after Attempts tries.
type Error struct {
	Attempts int
	Err      error
}

func (e *Error) Error() string {
	return "after " + strconv.Itoa(e.Attempts) + " tries: " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// tries wraps a final error with the number of tries.
func tries(n int, err error) error {
	if err == nil || n <= 1 {
		return err
	}
	return &Error{Attempts: n, Err: err}
}

// RoundTrip implements http.RoundTripper. Only GET and HEAD are retried;
// transport errors, 429 and 5xx are retried, other 4xx never.
func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead || t.Config.Attempts <= 1 {
		return t.Next.RoundTrip(r)
	}
	ctx := r.Context()
	for attempt := 1; ; attempt++ {
		try := r
		if attempt > 1 {
			try = r.WithContext(context.WithValue(ctx, attemptKey{}, attempt))
		}
		resp, err := t.Next.RoundTrip(try)
		retryable, after := classify(ctx, resp, err)
		if !retryable || attempt >= t.Config.Attempts {
			if resp != nil {
				resp.Header.Set(AttemptHeader, strconv.Itoa(attempt))
			}
			return resp, tries(attempt, err)
		}
		wait := t.backoff(attempt)
		if after > 0 {
			wait = after
		}
		if d, ok := ctx.Deadline(); ok && time.Until(d) <= wait {
			if resp != nil {
				resp.Header.Set(AttemptHeader, strconv.Itoa(attempt))
			}
			return resp, tries(attempt, err) // no time left to try again
		}
		if resp != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		}
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return nil, tries(attempt, ctx.Err())
		}
	}
}

type attemptKey struct{}

// Attempt is which try of a call the request in ctx is: 1 for the first.
func Attempt(ctx context.Context) int {
	if n, ok := ctx.Value(attemptKey{}).(int); ok {
		return n
	}
	return 1
}

// backoff is a random wait up to min(MaxDelay, BaseDelay * 2^(attempt-1)).
func (t *Transport) backoff(attempt int) time.Duration {
	limit := t.Config.BaseDelay << (attempt - 1)
	if limit <= 0 || t.Config.MaxDelay > 0 && limit > t.Config.MaxDelay {
		limit = t.Config.MaxDelay
	}
	if limit <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(limit) + 1))
}

// classify says whether a result is worth another try and how long the
// service asked to wait (Retry-After on 429 and 503).
func classify(ctx context.Context, resp *http.Response, err error) (bool, time.Duration) {
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return false, 0
		}
		return true, 0
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable:
		return true, retryAfter(resp.Header.Get("Retry-After"))
	case resp.StatusCode >= 500:
		return true, 0
	}
	return false, 0
}

// retryAfter reads seconds or an HTTP date.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, time.Until(t))
	}
	return 0
}
