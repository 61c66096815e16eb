package calllog_test

import (
	"context"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/calllog"
)

// TestLog records calls in a log and the log it is a child of, and
// summarises them per service in the order asked.
func TestLog(t *testing.T) {
	parent := &calllog.Log{}
	child := parent.Child()
	ctx := calllog.With(context.Background(), child)
	t0 := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	calllog.From(ctx).Record("orders", calllog.Call{Start: t0, End: t0.Add(30 * time.Millisecond), Status: "ok", Breaker: "closed", Cached: true})
	calllog.From(ctx).Record("orders", calllog.Call{Start: t0.Add(10 * time.Millisecond), End: t0.Add(50 * time.Millisecond), Status: "timeout", Breaker: "closed"})
	calllog.From(ctx).Record("auth", calllog.Call{Start: t0, End: t0.Add(time.Millisecond), Status: "ok", Breaker: "off", Stale: true, AgeMs: 900})
	calllog.From(ctx).Windows("orders", 4)

	for name, l := range map[string]*calllog.Log{"child": child, "parent": parent} {
		t.Run(name, func(t *testing.T) {
			s := l.Summary("auth", "orders", "payments")
			if len(s) != 2 || s[0].Service != "auth" || s[1].Service != "orders" {
				t.Fatalf("summary %+v; want auth then orders, nothing for payments", s)
			}
			o := s[1]
			if o.Calls != 2 || o.Cached != 1 || o.Status != "timeout" || o.DurationMs != 50 || o.Windows != 4 || o.Breaker != "closed" {
				t.Errorf("orders %+v; want 2 calls over 50 ms, one cached, the failure's status, 4 windows", o)
			}
			if !l.Stale() || !s[0].Stale || s[0].AgeMs != 900 {
				t.Errorf("auth %+v; want a stale answer 900 ms old", s[0])
			}
		})
	}
	if calllog.From(context.Background()) != nil || (&calllog.Log{}).Stale() {
		t.Error("a context without a log has one, or an empty log is stale")
	}
	calllog.From(calllog.With(context.Background(), nil)).Record("orders", calllog.Call{}) // a nil log records nowhere
}
