package live

import (
	"cmp"
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/auth"
)

// Limits bound what subscriptions may hold; zero values take the defaults.
type Limits struct {
	// Interval is how often a poller reads the services; 3s by default.
	Interval time.Duration
	// PerConnection caps a WebSocket's subscriptions (20); PerTenant a
	// tenant's over both transports (5,000).
	PerConnection, PerTenant int
	// KeepAlive is how often an idle stream is pinged (15s).
	KeepAlive time.Duration
	// IdleTimeout closes a WebSocket that has had no subscription for it
	// (1m); InitTimeout one that has not sent connection_init (5s).
	IdleTimeout, InitTimeout time.Duration
	// WriteTimeout bounds one write to a client (10s).
	WriteTimeout time.Duration
	// Buffer is how many updates a subscriber may fall behind before it
	// is dropped (4).
	Buffer int
	// PollersPerTenant caps the distinct selections a tenant has polled
	// at once (50): each costs the services a read per interval.
	PollersPerTenant int
	// MaxMessageBytes bounds a WebSocket message (1 MiB).
	MaxMessageBytes int64
}

// WithDefaults fills in the zero values.
func (l Limits) WithDefaults() Limits {
	l.Interval = cmp.Or(l.Interval, 3*time.Second)
	l.PerConnection = cmp.Or(l.PerConnection, 20)
	l.PerTenant = cmp.Or(l.PerTenant, 5000)
	l.KeepAlive = cmp.Or(l.KeepAlive, 15*time.Second)
	l.IdleTimeout = cmp.Or(l.IdleTimeout, time.Minute)
	l.InitTimeout = cmp.Or(l.InitTimeout, 5*time.Second)
	l.WriteTimeout = cmp.Or(l.WriteTimeout, 10*time.Second)
	l.Buffer = cmp.Or(l.Buffer, 4)
	l.PollersPerTenant = cmp.Or(l.PollersPerTenant, 50)
	l.MaxMessageBytes = cmp.Or(l.MaxMessageBytes, 1<<20)
	return l
}

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
	// Allow, when set, rates each operation a WebSocket sends (its HTTP
	// request was rated once, at the upgrade) by the viewer's tenant.
	Allow func(ctx context.Context, tenant string) (bool, time.Duration)
	// Timeout bounds one execution; 0 means 5s.
	Timeout time.Duration
	// Now is the gateway's clock, against which tokens expire.
	Now    func() time.Time
	Limits Limits
}
