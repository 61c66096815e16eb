package live

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/errcode"
)

// TestSlowConsumerDropped: a subscriber whose queue is full when an update
// comes is dropped with SLOW_CONSUMER; the others get it, and the poller
// stops with its last subscriber.
func TestSlowConsumerDropped(t *testing.T) {
	s := New(Options{Limits: Limits{Buffer: 1}})
	stopped := false
	h := &hub{srv: s, key: "k", subs: map[*subscriber]struct{}{}, cancel: func() { stopped = true }}
	s.hubs["k"] = h
	sub := func() *subscriber {
		x := &subscriber{hub: h, tenant: "t", out: make(chan []byte, 1), stop: make(chan struct{})}
		h.subs[x] = struct{}{}
		s.tenants["t"]++
		return x
	}
	slow, quick := sub(), sub()
	h.deliver(0, answer{print: [32]byte{1}, body: []byte("1")})
	<-quick.out
	h.deliver(0, answer{print: [32]byte{2}, body: []byte("2")})
	select {
	case <-slow.stop:
		if got := errcode.Of(slow.reason); got != errcode.SlowConsumer {
			t.Errorf("the slow subscriber was dropped with %q; want %s", got, errcode.SlowConsumer)
		}
	default:
		t.Fatal("the slow subscriber was kept")
	}
	if got := string(<-quick.out); got != "2" {
		t.Errorf("the quick subscriber got %q; want 2", got)
	}
	if p, n := s.Counts(); p != 1 || n != 1 || s.tenants["t"] != 1 {
		t.Errorf("%d pollers, %d subscribers, tenant count %d; want 1, 1, 1", p, n, s.tenants["t"])
	}
	s.leave(quick)
	if p, _ := s.Counts(); p != 0 || !stopped || len(s.tenants) != 0 {
		t.Errorf("after the last left: %d pollers, stopped %v, tenants %v", p, stopped, s.tenants)
	}
}

const schema = `
type Query { tables(status: String): [Table!], dashboard(range: String): Dashboard! }
type Subscription { tables: [Table!]!, dashboard(range: String): Dashboard! }
type Table { id: ID! }
type Dashboard { open: Int }
`

// TestShapeOf: a subscription becomes the query of the same selection,
// its fragments on Subscription read on Query, and the root field's
// non-null key kept for propagation.
func TestShapeOf(t *testing.T) {
	sch := gqlparser.MustLoadSchema(&ast.Source{Input: schema})
	cases := []struct {
		name, doc, query, nonNull string
	}{
		{"plain", `subscription S { tables { id } }`, `query S { tables { id } }`, "tables"},
		{"alias and variables", `subscription ($r: String) { d: dashboard(range: $r) { open } }`, `query ($r: String) { d: dashboard(range: $r) { open } }`, "d"},
		{"fragments", `subscription { ... on Subscription { ...F } } fragment F on Subscription { tables { id } }`,
			`query { ... on Query { ... F } } fragment F on Query { tables { id } }`, "tables"},
		{"inline fragments in a fragment", `subscription { ...F } fragment F on Subscription { ... on Subscription { tables { ...T } } } fragment T on Table { id }`,
			`query { ...F } fragment F on Query { ... on Query { tables { ...T } } } fragment T on Table { id }`, "tables"},
		{"another operation's fragments left out", `query A { ...Q } fragment Q on Query { tables { id } } subscription B { tables { id } }`,
			`query B { tables { id } }`, "tables"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, errs := gqlparser.LoadQuery(sch, tc.doc)
			if errs != nil {
				t.Fatal(errs)
			}
			if _, errs := gqlparser.LoadQuery(sch, tc.query); errs != nil {
				t.Fatalf("the expected query is not valid: %v", errs)
			}
			sub := doc.Operations[len(doc.Operations)-1]
			op := &graphql.OperationContext{Doc: doc, Operation: sub, OperationName: sub.Name}
			got := shapeOf(op, &graphql.RawParams{Variables: map[string]any{"r": "TODAY", "undeclared": "x"}})
			if _, ok := got.params.Variables["undeclared"]; ok {
				t.Error("an undeclared variable was kept")
			}
			squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
			if squeeze(got.params.Query) != squeeze(tc.query) || got.nonNull != tc.nonNull {
				t.Errorf("got %q (non-null %q); want %q (%q)", got.params.Query, got.nonNull, tc.query, tc.nonNull)
			}
		})
	}
}

// TestFingerprint: errors in another order, with other correlation IDs,
// are the same answer; another message or a stale service is not.
func TestFingerprint(t *testing.T) {
	e := func(msg, id string) *gqlerror.Error {
		x := errcode.New(errcode.DownstreamError, "%s", msg)
		x.Extensions["correlationId"] = id
		return x
	}
	a := &graphql.Response{Data: []byte(`{"x":1}`), Errors: gqlerror.List{e("a", "1"), e("b", "1")}}
	b := &graphql.Response{Data: []byte(`{"x":1}`), Errors: gqlerror.List{e("b", "2"), e("a", "2")}}
	c := &graphql.Response{Data: []byte(`{"x":1}`), Errors: gqlerror.List{e("a", "1"), e("c", "1")}}
	if fingerprint(a) != fingerprint(b) {
		t.Error("the same errors in another order made a new answer")
	}
	if fingerprint(a) == fingerprint(c) {
		t.Error("another error made the same answer")
	}
}

func TestWantsSSE(t *testing.T) {
	cases := []struct {
		accept string
		want   bool
	}{
		{"text/event-stream", true},
		{"text/event-stream, application/json", true},
		{"application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed", false},
		{"*/*", false},
		{"", false},
		{"application/json", false},
	}
	for _, tc := range cases {
		t.Run(tc.accept, func(t *testing.T) {
			r, _ := http.NewRequest(http.MethodPost, "/query", nil)
			r.Header.Set("Accept", tc.accept)
			if got := WantsSSE(r); got != tc.want {
				t.Errorf("WantsSSE(%q) = %v; want %v", tc.accept, got, tc.want)
			}
		})
	}
}

// TestPollerRests: a poller waits an interval from its poll's start, but
// never less than the poll took, and not at all past a reload that
// shortens it; a zero interval polls once.
func TestPollerRests(t *testing.T) {
	cases := []struct {
		name     string
		interval time.Duration
		took     time.Duration
		reload   time.Duration // the interval a reload sets at once, if any
		atLeast  time.Duration
		polls    bool // false: no poll within a second
	}{
		{"an interval shorter than the poll", time.Millisecond, 300 * time.Millisecond, 0, 300 * time.Millisecond, true},
		{"an interval", 200 * time.Millisecond, 0, 0, 200 * time.Millisecond, true},
		{"a reload shortening it", time.Hour, 0, time.Millisecond, 0, true},
		{"zero", 0, 0, 0, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := New(Options{Limits: Limits{Interval: tc.interval}})
			h := &hub{srv: s}
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			start := time.Now()
			done := make(chan bool, 1)
			go func() { done <- h.rest(ctx, start, tc.took) }()
			if tc.reload > 0 {
				time.Sleep(50 * time.Millisecond) // the poller waits for the old interval
				s.Configure(Options{Limits: Limits{Interval: tc.reload}})
			}
			polled := <-done
			if waited := time.Since(start); polled != tc.polls || waited < tc.atLeast {
				t.Errorf("polled %v after %s; want %v, after %s at least", polled, waited, tc.polls, tc.atLeast)
			}
		})
	}
}
