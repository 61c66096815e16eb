// Package gateway assembles maitre's HTTP surface: GraphQL at /query behind
// correlation IDs, authentication and per-request dataloaders, the embedded
// GraphiQL playground at /, and health checks.
package gateway

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/calllog"
	"github.com/maitre-pos/maitre/chat"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/correlation"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/days"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/fleet"
	"github.com/maitre-pos/maitre/gqlhttp"
	"github.com/maitre-pos/maitre/live"
	"github.com/maitre-pos/maitre/reports"
	"github.com/maitre-pos/maitre/resolvers"
	"github.com/maitre-pos/maitre/telemetry"
	"github.com/maitre-pos/maitre/throttle"
	"github.com/maitre-pos/maitre/toolbox"
)

// Options configures the gateway.
type Options struct {
	Clients *clients.Client
	// Now is the clock that periods such as TODAY are read from.
	Now    func() time.Time
	Logger *slog.Logger
	// Auth tunes the token cache.
	Auth auth.Config
	// PlaygroundHeaders pre-fill the playground's headers, e.g. a demo token.
	PlaygroundHeaders map[string]string
	// RequestTimeout bounds a whole request; 0 means none.
	RequestTimeout time.Duration
	// ClientLimit applies per client address before authentication,
	// TenantLimit per tenant after it; zero limits are off.
	ClientLimit, TenantLimit throttle.Limit
	// MaxInFlight caps requests served at once; 0 means no cap.
	MaxInFlight int
	// MaxLiveHeap sheds new requests while the heap live requests hold
	// is larger; 0 means no limit.
	MaxLiveHeap int64
	// Tracer and Meter record spans and metrics; nil records nothing.
	Tracer trace.TracerProvider
	Meter  metric.MeterProvider
	// Metrics, when set, is served unauthenticated at /metrics.
	Metrics http.Handler
	// Limits bound each request.
	Limits Limits
	// Live paces and bounds subscriptions.
	Live live.Limits
	// MCP configures the tools served to agents at /mcp.
	MCP MCP
	// ChatAliases are each tenant's own names for its products,
	// categories and tables, by tenant, as the chat reads them.
	ChatAliases map[string]chat.Aliases
	// GQLGenOnly answers every field through gqlgen's executor, without
	// the renderer: the reference the renderer is tested against.
	GQLGenOnly bool
	// ClosedDays keeps the totals of days that have ended.
	ClosedDays ClosedDays
	// Fleet, when set, shares rate limits, chat conversations, persisted
	// queries, closed days and subscriptions' pollers with the other
	// replicas through Redis.
	Fleet *fleet.Redis
	// State, when set, is the state of the gateway this one replaces on a
	// reload; nil starts afresh (see NewState).
	State *State
}

// DefaultRequestTimeout bounds a whole request unless configured
// otherwise: a dashboard's question, not a report.
const DefaultRequestTimeout = 3 * time.Second

// MCP configures the Model Context Protocol tools.
type MCP struct {
	// Operations holds the safelisted operations (*.graphql), each a
	// tool; nil means the demo's.
	Operations fs.FS
	// Arbitrary turns on run_query, any read-only query.
	Arbitrary bool
}

// ClosedDays configures how the totals of ended days are kept: computed
// once from the rows, then read from the store. A zero field is off: no
// grace, no day kept, no re-read. DefaultClosedDays is how maitre runs.
type ClosedDays struct {
	// Grace is how long after its local midnight a day may still change,
	// for tickets synced late.
	Grace time.Duration
	// TTL bounds how long a day is kept, so that a correction made later
	// is seen within it.
	TTL time.Duration
	// MaxBytes bounds the in-process store.
	MaxBytes int64
	// Recheck spaces the background re-reads of kept days against their
	// rows (days.Recheck).
	Recheck time.Duration
	// Orders and Payments, when set, are shared stores that stand in for
	// the in-process ones.
	Orders   days.Store[reports.OrderTotals]
	Payments days.Store[reports.PaymentTotals]
}

// DefaultClosedDays are the closed days maitre keeps unless configured
// otherwise.
var DefaultClosedDays = ClosedDays{Grace: time.Hour, TTL: 24 * time.Hour, MaxBytes: 64 << 20, Recheck: 10 * time.Second}

// readers builds the closed-day readers over st's stores.
func (c ClosedDays) readers(now func() time.Time, mp metric.MeterProvider, log *slog.Logger, st *State) (*dataloaders.Days, error) {
	lookups, err := mp.Meter(scope).Int64Counter("maitre.closed_day.lookups", metric.WithUnit("{day}"),
		metric.WithDescription("Closed days of long ranges by kind (orders, payments) and result: hit (read from the store) or miss (computed from rows, then kept)."))
	if err != nil {
		return nil, err
	}
	results, err := mp.Meter(scope).Int64Counter("maitre.closed_day.rechecks", metric.WithUnit("{day}"),
		metric.WithDescription("Kept days read again from their rows in the background, by kind and result: agree, disagree (the kept day was replaced) or failed."))
	if err != nil {
		return nil, err
	}
	recheck := &days.Recheck{Every: c.Recheck, Log: log, Results: results,
		// A re-read's calls are not the request's.
		Detach: func(ctx context.Context) context.Context { return calllog.With(ctx, nil) }}
	// Parts of closed days last minutes: a time of day moves on.
	parts := c.MaxBytes / 16
	return &dataloaders.Days{
		Orders: &days.Reader[reports.OrderTotals, *reports.OrderTotals]{Kind: "orders", Store: st.orders, Grace: c.Grace, Now: now,
			Lookups: lookups, Recheck: recheck, Parts: days.Memory[reports.OrderTotals](parts, partsTTL)},
		Payments: &days.Reader[reports.PaymentTotals, *reports.PaymentTotals]{Kind: "payments", Store: st.payments, Grace: c.Grace, Now: now,
			Lookups: lookups, Recheck: recheck, Parts: days.Memory[reports.PaymentTotals](parts, partsTTL)},
	}, nil
}

// partsTTL is how long a part of a closed day is kept.
const partsTTL = 10 * time.Minute

// limiterKeys bounds the memory of each rate limiter.
const limiterKeys = 100_000

// New returns the gateway's handler.
func New(o Options) (http.Handler, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Tracer == nil {
		o.Tracer = tracenoop.NewTracerProvider()
	}
	if o.Meter == nil {
		o.Meter = metricnoop.NewMeterProvider()
	}
	in, err := newInstruments(o.Meter)
	if err != nil {
		return nil, err
	}
	if o.State == nil {
		if o.State, err = NewState(o); err != nil {
			return nil, err
		}
	}
	exec := graphqlExecutor(&resolvers.Resolver{Now: o.Now}, o.Logger, in, o.Meter, o.Limits, !o.GQLGenOnly, o.State, o.ChatAliases)

	closed, err := o.ClosedDays.readers(o.Now, o.Meter, o.Logger, o.State)
	if err != nil {
		return nil, err
	}
	var shared throttle.Shared
	var relay live.Relay
	if o.Fleet != nil {
		shared, relay = o.Fleet.Limits(), o.Fleet
	}
	perClient := o.State.limiter("client", o.ClientLimit, shared)
	perTenant := o.State.limiter("tenant", o.TenantLimit, shared)
	tenantOf := func(r *http.Request) string { return auth.ViewerFrom(r.Context()).TenantID }
	// What every API request passes, outermost first: shedding by count
	// and by memory, the address's rate, the deadline, authentication, the
	// tenant's rate, then fresh dataloaders.
	api := func(h http.Handler) http.Handler {
		h = perTenant.Middleware(tenantOf, withLoaders(o.Clients, closed, h))
		h = withDeadline(o.RequestTimeout, o.State.verifier.Middleware(h))
		h = perClient.Middleware(throttle.ClientAddress, limitBody(o.Limits.MaxBodyBytes, h))
		return throttle.Shed(o.MaxInFlight, &o.State.inFlight, throttle.ShedOnMemory(o.MaxLiveHeap, throttle.LiveHeap, h))
	}

	// Operations over streams are shed as requests are.
	admit := func() (func(), *gqlerror.Error) {
		if o.MaxLiveHeap > 0 && throttle.LiveHeap() > o.MaxLiveHeap {
			return nil, throttle.ShortOfMemory()
		}
		leave, ok := o.State.inFlight.Enter(o.MaxInFlight)
		if !ok {
			return nil, throttle.AtCapacity()
		}
		return leave, nil
	}
	// Each message over a socket is rated as a request is, and each
	// tenant's streams and sockets hold at most their share of the memory
	// past which everyone is shed.
	streams, err := o.State.streamsWith(live.Options{Exec: exec, Verifier: o.State.verifier, Allow: perTenant.Allow,
		AllowAddress: perClient.Allow, Admit: admit, MaxHeap: o.MaxLiveHeap, Timeout: o.RequestTimeout, Now: o.Now, Limits: o.Live, Relay: relay,
		Prepare: func(ctx context.Context) context.Context { return prepare(ctx, o.Clients, closed) }}, o.Meter)
	if err != nil {
		return nil, err
	}
	// A stream is admitted as a request is (its address's rate, memory;
	// each operation it carries against the count in flight), then
	// outlives any request: it is not held in flight nor bounded by the
	// request timeout, but by the subscription limits.
	connect := func(h http.Handler) http.Handler {
		h = perClient.Middleware(throttle.ClientAddress, limitBody(o.Limits.MaxBodyBytes, h))
		return throttle.ShedOnMemory(o.MaxLiveHeap, throttle.LiveHeap, h)
	}
	sse := connect(o.State.verifier.Middleware(perTenant.Middleware(tenantOf, http.HandlerFunc(streams.ServeSSE))))
	ws := connect(http.HandlerFunc(streams.ServeWS))
	query := api(gqlhttp.New(exec, o.Logger))

	mux := http.NewServeMux()
	mux.Handle("/query", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case live.WantsWebSocket(r):
			ws.ServeHTTP(w, r)
		case live.WantsSSE(r):
			sse.ServeHTTP(w, r)
		default:
			query.ServeHTTP(w, r)
		}
	}))
	mux.Handle("/chat", api(chatHandler(exec)))
	agents, err := toolbox.New(toolbox.Options{Exec: exec, Schema: exec.Schema(), Operations: o.MCP.Operations,
		Arbitrary: o.MCP.Arbitrary, Introspection: !o.Limits.Document.NoIntrospection, Log: o.Logger})
	if err != nil {
		return nil, err
	}
	mux.Handle("/mcp", auth.Protected(mcpMetadata, api(agents)))
	// The metadata at the path a 401 names, and at the bare well-known
	// path, which clients of older drafts ask.
	mux.Handle("GET "+mcpMetadata, protectedResource())
	mux.Handle("GET /.well-known/oauth-protected-resource", protectedResource())
	mux.Handle("GET /{$}", graphiql(o.PlaygroundHeaders))
	mux.Handle("GET /dashboard", dashboard(o.PlaygroundHeaders))
	mux.Handle("GET /assets/", assets())
	mux.Handle("GET /health/live", liveness())
	mux.Handle("GET /health/ready", ready(o.Clients, o.Fleet))
	if o.Metrics != nil {
		mux.Handle("GET /metrics", o.Metrics)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		gqlhttp.WriteError(r.Context(), w, r, http.StatusNotFound, errcode.New(errcode.NotFound, "no route %s; GraphQL is at /query", r.URL.Path))
	})
	return correlation.Middleware(observe(o.Tracer, in, o.Logger, mux)), nil
}

// withDeadline bounds the request's context, so that every downstream call
// gets the smaller of its own timeout and the time left.
func withDeadline(d time.Duration, next http.Handler) http.Handler {
	if d <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// withLoaders gives each request fresh dataloaders for the viewer's
// tenant, over the process's closed days.
func withLoaders(c *clients.Client, closed *dataloaders.Days, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		telemetry.AccessFrom(ctx).SetTenant(auth.ViewerFrom(ctx).TenantID)
		next.ServeHTTP(w, r.WithContext(dataloaders.With(ctx, loaders(ctx, c, closed))))
	})
}

func loaders(ctx context.Context, c *clients.Client, closed *dataloaders.Days) *dataloaders.Loaders {
	v := auth.ViewerFrom(ctx)
	return dataloaders.New(c, v.TenantID, v.Location, closed)
}

// prepare gives one execution of a stream, a poll or an operation sent
// over a WebSocket, what withLoaders and the call log give a request.
func prepare(ctx context.Context, c *clients.Client, closed *dataloaders.Days) context.Context {
	ctx = calllog.With(ctx, &calllog.Log{})
	return dataloaders.With(ctx, loaders(ctx, c, closed))
}
