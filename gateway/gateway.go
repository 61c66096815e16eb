// Package gateway assembles maitre's HTTP surface: GraphQL at /query behind
// correlation IDs, authentication and per-request dataloaders, the embedded
// GraphiQL playground at /, and health checks.
package gateway

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/maitre-pos/maitre/admission"
	"github.com/maitre-pos/maitre/apierror"
	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/correlation"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/gqlhttp"
	"github.com/maitre-pos/maitre/resolvers"
	"github.com/maitre-pos/maitre/telemetry"
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
	ClientLimit, TenantLimit admission.Limit
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
	// GQLGenOnly answers every field through gqlgen's executor, without
	// the renderer: the reference the renderer is tested against.
	GQLGenOnly bool
}

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
	o.Auth.Now = o.Now
	verifier, err := auth.NewVerifier(o.Clients.Auth, o.Auth)
	if err != nil {
		return nil, err
	}
	o.Limits = o.Limits.withDefaults()
	exec := graphqlExecutor(&resolvers.Resolver{Now: o.Now}, o.Logger, in, o.Meter, o.Limits, !o.GQLGenOnly)

	perClient := admission.NewLimiter(o.ClientLimit, limiterKeys)
	perTenant := admission.NewLimiter(o.TenantLimit, limiterKeys)
	tenantOf := func(r *http.Request) string { return auth.ViewerFrom(r.Context()).TenantID }
	// What every API request passes, outermost first: shedding by count
	// and by memory, the address's rate, the deadline, authentication, the
	// tenant's rate, then fresh dataloaders.
	api := func(h http.Handler) http.Handler {
		h = perTenant.Middleware(tenantOf, withLoaders(o.Clients, h))
		h = withDeadline(o.RequestTimeout, verifier.Middleware(h))
		h = perClient.Middleware(admission.ClientAddress, limitBody(o.Limits.MaxBodyBytes, h))
		return admission.Shed(o.MaxInFlight, admission.ShedOnMemory(o.MaxLiveHeap, admission.LiveHeap, h))
	}

	mux := http.NewServeMux()
	mux.Handle("/query", api(gqlhttp.New(exec, o.Logger)))
	mux.Handle("/chat", api(chatHandler(exec)))
	mux.Handle("GET /{$}", graphiql(o.PlaygroundHeaders))
	mux.Handle("GET /assets/", assets())
	mux.Handle("GET /health/live", live())
	mux.Handle("GET /health/ready", ready(o.Clients))
	if o.Metrics != nil {
		mux.Handle("GET /metrics", o.Metrics)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		apierror.Write(r.Context(), w, r, http.StatusNotFound, errcode.New(errcode.NotFound, "no route %s; GraphQL is at /query", r.URL.Path))
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

// withLoaders gives each request fresh dataloaders for the viewer's tenant.
func withLoaders(c *clients.Client, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		tenant := auth.ViewerFrom(ctx).TenantID
		telemetry.AccessFrom(ctx).SetTenant(tenant)
		l := dataloaders.New(c, tenant)
		next.ServeHTTP(w, r.WithContext(dataloaders.With(ctx, l)))
	})
}
