package clients

import (
	"context"
	"errors"
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
	calls      int
	first, end time.Time
	status     string
}

// ServiceCalls summarises one service's calls for a request.
type ServiceCalls struct {
	Service Service `json:"service"`
	Calls   int     `json:"calls"`
	// DurationMs is the wall-clock time from the first call's start to the
	// last call's end, so parallel calls are not double counted.
	DurationMs float64 `json:"durationMs"`
	// Status is "ok" when every call succeeded, else how the last failure
	// failed: "timeout" or "error".
	Status string `json:"status"`
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

func recordCall(ctx context.Context, s Service, start time.Time, err error) {
	end := time.Now()
	status := "ok"
	if err != nil {
		status = "error"
		var e *Error
		if errors.As(err, &e) && e.Timeout() {
			status = "timeout"
		}
	}
	for l := CallLogFrom(ctx); l != nil; l = l.parent {
		l.record(s, start, end, status)
	}
}

func (l *CallLog) record(s Service, start, end time.Time, status string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stats == nil {
		l.stats = map[Service]*callStats{}
	}
	st := l.stats[s]
	if st == nil {
		st = &callStats{first: start, status: "ok"}
		l.stats[s] = st
	}
	st.calls++
	if start.Before(st.first) {
		st.first = start
	}
	if end.After(st.end) {
		st.end = end
	}
	if status != "ok" {
		st.status = status
	}
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
			})
		}
	}
	return out
}
