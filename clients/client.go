package clients

import (
	"bytes"
	"context"
	"log/slog"

	gojson "github.com/goccy/go-json"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"

	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/maitre-pos/maitre/clients/breaker"
	"github.com/maitre-pos/maitre/clients/cache"
	"github.com/maitre-pos/maitre/clients/retry"
	"github.com/maitre-pos/maitre/correlation"
	"github.com/maitre-pos/maitre/telemetry"
)

// Service names a downstream service.
type Service string

// The downstream services, in the order responses list them.
const (
	Auth       Service = "auth"
	Orders     Service = "orders"
	Payments   Service = "payments"
	Inventory  Service = "inventory"
	Restaurant Service = "restaurant"
)

// Services lists every downstream service.
var Services = []Service{Auth, Orders, Payments, Inventory, Restaurant}

// Names are the services' names, in the order of Services: the order a
// call log's summary lists them in.
var Names = []string{string(Auth), string(Orders), string(Payments), string(Inventory), string(Restaurant)}

// Limits of the downstream contract.
const (
	MaxIDs   = 200  // ids per lookup
	MaxLimit = 1000 // rows per page
)

// maxBody bounds how much of a downstream answer is read.
const maxBody = 64 << 20

// Endpoint is where a service lives and how calls to it behave. The zero
// values of the policies turn them off.
type Endpoint struct {
	URL string
	// Timeout bounds one call, its retries included; the call also ends
	// with the caller's context.
	Timeout  time.Duration
	Retry    retry.Config
	Breaker  breaker.Config
	Cache    cache.Config
	Coalesce bool
}

// Defaults are each service's timeout and caches unless configured
// otherwise. Orders and payments are live, so an answer of theirs is
// reused for a second only: enough for a herd of identical questions
// arriving within it to cost one call, short enough that a new order
// shows on the next refresh of a dashboard. Products and tables change
// slowly. Auth answers are kept by the token cache (package auth), not
// here.
var Defaults = map[Service]Endpoint{
	Auth:       {Timeout: 300 * time.Millisecond},
	Orders:     {Timeout: 800 * time.Millisecond, Cache: cache.Config{FreshFor: time.Second, StaleFor: 2 * time.Minute}},
	Payments:   {Timeout: 800 * time.Millisecond, Cache: cache.Config{FreshFor: time.Second, StaleFor: 2 * time.Minute}},
	Inventory:  {Timeout: 800 * time.Millisecond, Cache: cache.Config{FreshFor: 30 * time.Second, StaleFor: 10 * time.Minute}},
	Restaurant: {Timeout: 800 * time.Millisecond, Cache: cache.Config{FreshFor: 5 * time.Second, StaleFor: time.Minute}},
}

// Config configures a Client.
type Config struct {
	Endpoints map[Service]Endpoint
	// Transport carries the calls; nil means a pooled http.Transport sized
	// for parallel fan-out. Each service's policies wrap it (transport.go).
	Transport http.RoundTripper
	// OnBreakerChange, when set, hears every breaker's change of state.
	OnBreakerChange func(s Service, from, to string)
	// Meter records the downstream metrics; nil records nothing.
	Meter metric.MeterProvider
	// Logger gets a debug line per call; nil logs nothing.
	Logger *slog.Logger
	// ParallelWindows caps the windows of long lists in flight per
	// service; 0 reads each list in one window. DefaultParallelWindows is
	// how maitre runs.
	ParallelWindows int
}

// Client reaches every downstream service.
type Client struct {
	Auth     *AuthService
	Orders   *OrderService
	Payments *PaymentService
	Products *ProductService
	Tables   *TableService

	services map[Service]*service
	base     http.RoundTripper
	onChange func(s Service, from, to string)
}

// New returns a Client for the configured endpoints; every service needs one.
func New(cfg Config) (*Client, error) {
	rt := cfg.Transport
	if rt == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConns = 1024
		t.MaxIdleConnsPerHost = 256
		rt = t
	}
	c := &Client{services: make(map[Service]*service, len(Services)), base: rt, onChange: cfg.OnBreakerChange}
	in, err := newInstruments(cfg.Meter, c)
	if err != nil {
		return nil, fmt.Errorf("clients: metrics: %w", err)
	}
	log := cfg.Logger
	if log == nil {
		log = discard
	}
	policies, err := c.policies(cfg, in)
	if err != nil {
		return nil, err
	}
	for _, name := range Services {
		s := &service{name: name, base: policies[name].base, health: rt, metrics: in, log: log}
		s.p.Store(policies[name])
		c.services[name] = s
	}
	c.Auth = &AuthService{c.services[Auth]}
	c.Orders = &OrderService{c.services[Orders]}
	c.Payments = &PaymentService{c.services[Payments]}
	c.Products = &ProductService{c.services[Inventory]}
	c.Tables = &TableService{c.services[Restaurant]}
	return c, nil
}

// Reconfigure applies cfg's endpoints and window cap to the calls that
// start from now on; calls in flight finish on the policies they began
// with. A service's URL cannot change. What cfg leaves as it was is kept:
// the answers in its cache, and its breaker's state where neither the
// breaker's nor the retries' settings changed.
func (c *Client) Reconfigure(cfg Config) error {
	policies, err := c.policies(cfg, c.services[Auth].metrics)
	if err != nil {
		return err
	}
	for name, p := range policies {
		if p.base.String() != c.services[name].base.String() {
			return fmt.Errorf("clients: the %s service's URL cannot change without a restart", name)
		}
	}
	for name, p := range policies {
		c.services[name].p.Store(p)
	}
	return nil
}

// policies builds every service's policies from cfg, reusing the current
// ones' state where it still applies.
func (c *Client) policies(cfg Config, in *instruments) (map[Service]*policy, error) {
	out := make(map[Service]*policy, len(Services))
	for _, name := range Services {
		ep, ok := cfg.Endpoints[name]
		if !ok || ep.URL == "" {
			return nil, fmt.Errorf("clients: no URL for the %s service", name)
		}
		base, err := url.Parse(strings.TrimRight(ep.URL, "/"))
		if err != nil || base.Scheme == "" || base.Host == "" {
			return nil, fmt.Errorf("clients: bad URL %q for the %s service", ep.URL, name)
		}
		if ep.Timeout <= 0 {
			return nil, fmt.Errorf("clients: the %s service needs a positive timeout", name)
		}
		var prev *policy
		if s := c.services[name]; s != nil {
			prev = s.p.Load()
		}
		p := &policy{base: base, timeout: ep.Timeout, freshCache: ep.Cache.FreshFor > 0}
		var prevLayers *layers
		var prevWindows *windows
		if prev != nil {
			prevLayers, prevWindows = prev.layers, prev.windows
		}
		p.layers = stack(name, ep, c.base, in, c.onChange, prevLayers)
		p.http = p.layers.top
		p.windows = newWindows(cfg.ParallelWindows, prevWindows)
		out[name] = p
	}
	return out, nil
}

// Health calls every service's GET /health in parallel, past the caches
// and breakers, and returns the failures by service; an empty map means all
// are healthy.
func (c *Client) Health(ctx context.Context) map[Service]error {
	type result struct {
		name Service
		err  error
	}
	ch := make(chan result, len(Services))
	for _, name := range Services {
		go func() {
			var body struct{}
			ch <- result{name, c.services[name].get(ctx, request{path: "/health", direct: true}, &body)}
		}()
	}
	failed := map[Service]error{}
	for range Services {
		if r := <-ch; r.err != nil {
			failed[r.name] = r.err
		}
	}
	return failed
}

// Breakers returns each service's breaker state ("closed", "open",
// "half-open"), or "off" where it has none.
func (c *Client) Breakers() map[Service]string {
	out := map[Service]string{}
	for name, s := range c.services {
		out[name] = s.breakerState()
	}
	return out
}

// service is one downstream service's endpoint.
type service struct {
	name    Service
	base    *url.URL
	health  http.RoundTripper // straight to the service
	metrics *instruments
	log     *slog.Logger
	p       atomic.Pointer[policy]
}

// policy is what a reload may change of a service: swapped whole, so that
// a call runs on one version from start to end.
type policy struct {
	base    *url.URL
	http    http.RoundTripper // through the policies
	layers  *layers
	timeout time.Duration
	// freshCache is set where answers are reused, so hits and misses count.
	freshCache bool
	windows    *windows
}

func (s *service) breakerState() string {
	br := s.p.Load().layers.breaker
	if br == nil {
		return "off"
	}
	return br.State()
}

// request describes one GET.
type request struct {
	path   string
	query  url.Values
	tenant string
	header http.Header
	direct bool // past caches, coalescing and the breaker
}

// get performs a GET within the service's timeout and decodes the JSON
// answer into out.
func (s *service) get(ctx context.Context, r request, out any) (err error) {
	p := s.p.Load()
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()

	u := *s.base
	u.Path += r.path
	u.RawQuery = r.query.Encode()
	header := make(http.Header, len(r.header)+5)
	for k, v := range r.header {
		header[k] = v
	}
	// Canonical keys set directly: Header.Set would canonicalise them
	// again on every call. The values are the call's own (the transports
	// never write to a request's headers).
	header["Accept"] = acceptJSON
	if r.tenant != "" {
		header["X-Tenant-Id"] = []string{r.tenant}
	}
	if id := correlation.ID(ctx); id != "" {
		header["X-Correlation-Id"] = []string{id}
	}

	if err := sendable(header); err != nil {
		// The caller's input, refused before the wire: no call was made,
		// and nothing counts against the service.
		return &Error{Service: s.name, Kind: KindRequest, Err: err}
	}
	start := time.Now()
	ctx, span := s.startSpan(ctx, http.MethodGet, r.path)
	telemetry.Propagator.Inject(ctx, propagation.HeaderCarrier(header))
	// Built, not parsed back from the URL's text.
	req := (&http.Request{Method: http.MethodGet, URL: &u, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: header,
		Host: u.Host}).WithContext(withTemplate(ctx, r.path))
	var resp *http.Response
	defer func() { s.finish(ctx, span, r, start, resp, err) }()

	hc := p.http
	if r.direct {
		hc = s.health
	}
	// The transports themselves, not an http.Client: a service's redirect
	// is an answer to report, not a hop to follow with the tenant's headers.
	resp, err = hc.RoundTrip(req)
	if err != nil {
		return s.fail(ctx, err)
	}
	defer resp.Body.Close()
	var body []byte
	if kept, ok := resp.Body.(interface{ Bytes() []byte }); ok {
		body = kept.Bytes() // an answer a layer above the wire holds: read in place
	} else {
		buf := bodies.Get().(*bytes.Buffer)
		defer putBody(buf)
		if n := resp.ContentLength; n > 0 && n <= maxBody {
			buf.Grow(int(n) + bytes.MinRead) // read in one go, and see the end without growing
		}
		if _, err := buf.ReadFrom(io.LimitReader(resp.Body, maxBody)); err != nil {
			return s.fail(ctx, err)
		}
		body = buf.Bytes() // decoding copies what it keeps: the buffer goes back to the pool
	}
	if resp.StatusCode != http.StatusOK {
		e := &Error{Service: s.name, Kind: KindStatus, StatusCode: resp.StatusCode}
		var eb ErrorBody
		if json.Unmarshal(body, &eb) == nil {
			e.Code, e.Message = eb.Error.Code, eb.Error.Message
		}
		return e
	}
	// goccy/go-json decodes the large lists (a month of orders) 3 to 6
	// times faster than encoding/json (BenchmarkDecodeOrders).
	if err := gojson.Unmarshal(body, out); err != nil {
		return &Error{Service: s.name, Kind: KindMalformed, Err: err}
	}
	return nil
}

// acceptJSON is the Accept header of every call, shared: no layer writes
// to a request's headers.
var acceptJSON = []string{"application/json"}

// bodies are the buffers answers are read into, kept between requests so
// that reading one costs no growth and no garbage.
var bodies = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putBody returns buf to the pool, unless one answer made it too large to
// keep for the next.
func putBody(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledBody {
		buf.Reset()
		bodies.Put(buf)
	}
}

// maxPooledBody is the largest buffer kept: a month of orders is read
// into a buffer of its own.
const maxPooledBody = 1 << 20

// fail classifies a transport error.
func (s *service) fail(ctx context.Context, err error) error {
	kind := KindUnavailable
	switch {
	case errors.Is(err, breaker.ErrOpen):
		kind = KindCircuitOpen
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded):
		kind = KindTimeout
	case errors.Is(ctx.Err(), context.Canceled) || errors.Is(err, context.Canceled):
		kind = KindCanceled
	}
	return &Error{Service: s.name, Kind: kind, Err: err}
}

// byIDs reads, in one call, the rows whose param (ids, order_ids) is one
// of ids, refusing more ids than the contract allows; the answer is
// checked against the contract, rows the service adds unasked are
// dropped, ids it does not have are absent.
func byIDs[T row[T], L any](ctx context.Context, s *service, path, tenant, param string, ids []string, rows func(*L) *[]T, key func(T) string) ([]T, error) {
	if len(ids) > MaxIDs {
		return nil, fmt.Errorf("clients: %d ids for %s, at most %d per call", len(ids), s.name, MaxIDs)
	}
	var out L
	*rows(&out) = make([]T, 0, len(ids)) // a row an id: decoded without growing
	if err := s.get(ctx, request{path: path, query: url.Values{param: {strings.Join(ids, ",")}}, tenant: tenant}, &out); err != nil {
		return nil, err
	}
	got, err := checked(s, *rows(&out))
	if err != nil {
		return nil, err
	}
	return keepIDs(got, ids, key), nil
}

// page adds limit and cursor to q.
func page(q url.Values, limit int, cursor string) url.Values {
	if limit > 0 {
		q.Set("limit", fmt.Sprint(limit))
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	return q
}

// rangeQuery adds an optional [from, to) time window to q, in whole
// seconds (see second).
func rangeQuery(q url.Values, from, to time.Time) url.Values {
	if !from.IsZero() {
		q.Set("from", second(from).UTC().Format(time.RFC3339))
	}
	if !to.IsZero() {
		q.Set("to", second(to).UTC().Format(time.RFC3339))
	}
	return q
}
