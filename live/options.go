package live

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/auth"
)

// Limits bound what subscriptions may hold. A zero field is off: no cap,
// no timeout, no keep-alive, no buffer, and a zero Interval polls once.
// Defaults are the limits maitre runs with.
type Limits struct {
	// Interval is how often a poller reads the services.
	Interval time.Duration
	// PerConnection caps a WebSocket's subscriptions; PerTenant a tenant's
	// over both transports.
	PerConnection, PerTenant int
	// KeepAlive is how often an idle stream is pinged.
	KeepAlive time.Duration
	// IdleTimeout closes a WebSocket that has had no subscription for it;
	// InitTimeout one that has not sent connection_init.
	IdleTimeout, InitTimeout time.Duration
	// WriteTimeout bounds one write to a client.
	WriteTimeout time.Duration
	// Buffer is how many updates a subscriber may fall behind before it
	// is dropped.
	Buffer int
	// PollersPerTenant caps the distinct selections a tenant has polled
	// at once: each costs the services a read per interval.
	PollersPerTenant int
	// MaxMessageBytes bounds a WebSocket message.
	MaxMessageBytes int64
	// PerToken caps the SSE streams and WebSockets open with one token.
	PerToken int
	// Lease is how long a replica holds a poller for the fleet without
	// renewing it (Options.Relay): a replica that dies is replaced within
	// it and a third of it. Zero: each replica polls for itself.
	Lease time.Duration
	// TenantShare is the share of Options.MaxHeap one tenant's streams
	// and sockets may hold, by the estimates of cost.go, so that no
	// tenant alone brings the gateway to shed the others.
	TenantShare float64
}

// Defaults are the limits maitre runs with unless configured otherwise.
var Defaults = Limits{
	Interval:         3 * time.Second,
	PerConnection:    20,
	PerTenant:        5000,
	KeepAlive:        15 * time.Second,
	IdleTimeout:      time.Minute,
	InitTimeout:      5 * time.Second,
	WriteTimeout:     10 * time.Second,
	Buffer:           4,
	PollersPerTenant: 50,
	MaxMessageBytes:  1 << 20,
	PerToken:         100,
	TenantShare:      0.25,
	Lease:            3 * time.Second,
}

// atCap reports whether n has reached cap, a zero cap being none.
func atCap(n, cap int) bool { return cap > 0 && n >= cap }

// Verifier checks a bearer token.
type Verifier interface {
	Verify(ctx context.Context, token string) (*auth.Viewer, error)
}

// Options configures a Server.
type Options struct {
	// Exec runs every execution, behind throttle.
	Exec graphql.GraphExecutor
	// Verifier checks tokens, at connection and when they expire.
	Verifier Verifier
	// Prepare gives one execution for the viewer in ctx what a request
	// gets from the HTTP middleware: its dataloaders and call log.
	Prepare func(ctx context.Context) context.Context
	// Admit, when set, sheds as requests are shed (by the count in flight,
	// by memory): it is asked before a subscription joins and before an
	// operation sent over a stream runs, and done is called when it ends.
	Admit func() (done func(), err *gqlerror.Error)
	// Allow, when set, rates each message a WebSocket sends (its HTTP
	// request was rated once, at the upgrade) by the viewer's tenant;
	// AllowAddress those sent before connection_init, by the client's
	// address.
	Allow, AllowAddress func(ctx context.Context, key string) (bool, time.Duration)
	// MaxHeap is the live heap past which the gateway sheds requests;
	// each tenant's streams and sockets may hold Limits.TenantShare of
	// it. Zero: no share.
	MaxHeap int64
	// Relay, when set, shares each poller with the fleet (relay.go): one
	// replica polls, every replica pushes.
	Relay Relay
	// Timeout bounds one execution; 0 means none.
	Timeout time.Duration
	// Now is the gateway's clock, against which tokens expire.
	Now    func() time.Time
	Limits Limits
}
