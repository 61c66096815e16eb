// Package calllog records the downstream calls one gateway request made:
// per service, how many, how long from the first to the last, how they
// ended, and how many a cache, a stale copy or a shared call answered.
// The request puts a Log in its context; each call records itself in it
// and in every Log it is a Child of.
//
//	ctx = calllog.With(ctx, &calllog.Log{})
//	...
//	summary := calllog.From(ctx).Summary("auth", "orders", "payments")
package calllog

import (
	"context"
	"sync"
	"time"
)

// Log records the downstream calls made for one gateway request. It is
// safe for concurrent use.
type Log struct {
	parent *Log
	mu     sync.Mutex
	stats  map[string]*callStats
}

// Child returns a log whose calls are also recorded in l (which may be
// nil), to account for part of a request on its own.
func (l *Log) Child() *Log { return &Log{parent: l} }

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
	Service string `json:"service"`
	Calls   int    `json:"calls"`
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

type key struct{}

// With returns a context whose downstream calls are recorded in l; a nil
// l records them nowhere.
func With(ctx context.Context, l *Log) context.Context {
	return context.WithValue(ctx, key{}, l)
}

// From returns the context's Log, or nil.
func From(ctx context.Context) *Log {
	l, _ := ctx.Value(key{}).(*Log)
	return l
}

// Call is one finished downstream read.
type Call struct {
	Start, End time.Time
	// Status is "ok", or how the call failed (ServiceCalls.Status).
	Status string
	// Breaker is the service's breaker state after the call.
	Breaker string
	// Cached: a fresh cache answered; Shared: another call's answer was
	// shared; Stale: an older answer stood in for a failure, AgeMs old.
	Cached, Shared, Stale bool
	AgeMs                 int64
}

// Windows counts n windows of a list read of service, in l and the logs
// it is a child of.
func (l *Log) Windows(service string, n int) {
	for ; l != nil; l = l.parent {
		l.mu.Lock()
		l.of(service).windows += n
		l.mu.Unlock()
	}
}

// of is s's stats; the caller holds mu.
func (l *Log) of(s string) *callStats {
	if l.stats == nil {
		l.stats = map[string]*callStats{}
	}
	st := l.stats[s]
	if st == nil {
		st = &callStats{status: "ok"}
		l.stats[s] = st
	}
	return st
}

// Record records c, a call to service, in l and the logs it is a child
// of.
func (l *Log) Record(service string, c Call) {
	for ; l != nil; l = l.parent {
		l.record(service, c)
	}
}

func (l *Log) record(s string, c Call) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.of(s)
	st.calls++
	st.first = minTime(st.first, c.Start)
	if c.End.After(st.end) {
		st.end = c.End
	}
	if c.Status != "ok" {
		st.status = c.Status
	}
	st.breaker = c.Breaker
	if c.Cached {
		st.cached++
	}
	if c.Shared {
		st.coalesced++
	}
	if c.Stale {
		st.stale = true
		st.ageMs = max(st.ageMs, c.AgeMs)
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
func (l *Log) Stale() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, st := range l.stats {
		if st.stale {
			return true
		}
	}
	return false
}

// Summary lists the services called so far, in the order given.
func (l *Log) Summary(order ...string) []ServiceCalls {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := []ServiceCalls{}
	for _, s := range order {
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
