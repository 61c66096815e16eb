package clients

import (
	"context"
	"sync"
	"time"
)

// CallLog records the downstream calls made for one gateway request. It is
// safe for concurrent use.
type CallLog struct {
	parent *CallLog
	mu     sync.Mutex
	stats  map[Service]*callStats
}

// Child returns a log whose calls are also recorded in l (which may be
// nil), to account for part of a request on its own.
func (l *CallLog) Child() *CallLog { return &CallLog{parent: l} }

type callStats struct {
	calls, cached, coalesced int
	windows                  int
	stale                    bool
	ageMs                    int64
	first, end               time.Time
	status, breaker          string
}

// ServiceCalls summarises one service's calls for a request.
type ServiceCalls struct {
	Service Service `json:"service"`
	Calls   int     `json:"calls"`
	// DurationMs is the wall-clock time from the first call's start to the
	// last call's end, so parallel calls are not double counted.
	DurationMs float64 `json:"durationMs"`
	// Status is "ok" when every call succeeded, else how the last failure
	// failed: "timeout", "circuit_open", "canceled" (the caller left) or
	// "error".
	Status string `json:"status"`
	// Cached counts the calls answered from the fresh cache.
	Cached int `json:"cached"`
	// Stale is set when a failed call was answered by an older answer,
	// AgeMs old (the oldest served).
	Stale bool  `json:"stale"`
	AgeMs int64 `json:"ageMs,omitempty"`
	// Coalesced counts the calls that shared another's answer.
	Coalesced int `json:"coalesced"`
	// Breaker is the service's breaker state after the calls: "closed",
	// "open", "half-open", or "off".
	Breaker string `json:"breaker"`
	// Windows counts the time windows long lists were read in, each
	// fetched at the same time as the others.
	Windows int `json:"windows,omitempty"`
}

type callLogKey struct{}

// WithCallLog returns a context whose downstream calls are recorded in l.
func WithCallLog(ctx context.Context, l *CallLog) context.Context {
	return context.WithValue(ctx, callLogKey{}, l)
}

// CallLogFrom returns the context's CallLog, or nil.
func CallLogFrom(ctx context.Context) *CallLog {
	l, _ := ctx.Value(callLogKey{}).(*CallLog)
	return l
}

// call is one finished downstream read, as the call log keeps it.
type call struct {
	start, end      time.Time
	status, breaker string
	cached, shared  bool
	stale           bool
	ageMs           int64
}

// addWindows counts n windows of a list read of s.
func (l *CallLog) addWindows(s Service, n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.of(s).windows += n
}

// of is s's stats; the caller holds mu.
func (l *CallLog) of(s Service) *callStats {
	if l.stats == nil {
		l.stats = map[Service]*callStats{}
	}
	st := l.stats[s]
	if st == nil {
		st = &callStats{status: "ok"}
		l.stats[s] = st
	}
	return st
}

func (l *CallLog) record(s Service, c call) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.of(s)
	st.calls++
	st.first = minTime(st.first, c.start)
	if c.end.After(st.end) {
		st.end = c.end
	}
	if c.status != "ok" {
		st.status = c.status
	}
	st.breaker = c.breaker
	if c.cached {
		st.cached++
	}
	if c.shared {
		st.coalesced++
	}
	if c.stale {
		st.stale = true
		st.ageMs = max(st.ageMs, c.ageMs)
	}
}

func minTime(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}

// Stale reports whether any call so far was answered by an older answer
// standing in for a failed one.
func (l *CallLog) Stale() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, st := range l.stats {
		if st.stale {
			return true
		}
	}
	return false
}

// Summary lists the services called so far in the order of Services.
func (l *CallLog) Summary() []ServiceCalls {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := []ServiceCalls{}
	for _, s := range Services {
		if st, ok := l.stats[s]; ok {
			out = append(out, ServiceCalls{
				Service:    s,
				Calls:      st.calls,
				DurationMs: float64(st.end.Sub(st.first).Microseconds()) / 1000,
				Status:     st.status,
				Cached:     st.cached,
				Stale:      st.stale,
				AgeMs:      st.ageMs,
				Coalesced:  st.coalesced,
				Breaker:    st.breaker,
				Windows:    st.windows,
			})
		}
	}
	return out
}
