// Package config reads maitre's settings from flags and MAITRE_*
// environment variables; a flag wins over its variable.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/admission"
	"github.com/maitre-pos/maitre/admit"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/clients/breaker"
	"github.com/maitre-pos/maitre/clients/cache"
	"github.com/maitre-pos/maitre/clients/retry"
)

// Config is the gateway's configuration.
type Config struct {
	Listen string
	// RequestTimeout bounds a whole request; every downstream call gets
	// the smaller of its own timeout and the time left.
	RequestTimeout time.Duration
	// ClientLimit applies per client address before authentication,
	// TenantLimit per tenant after it.
	ClientLimit, TenantLimit admission.Limit
	// MaxInFlight caps requests being served; beyond it, 503 at once.
	MaxInFlight int
	// MetricsListen, when set, serves /metrics on its own address instead
	// of the main listener.
	MetricsListen string
	// Production turns introspection off (MAITRE_ENV=production).
	Production bool
	// Request limits (docs/limits.md).
	MaxBodyBytes int64
	// MemoryLimit is the process's soft memory limit, 0 for none; new
	// requests are shed while the live heap is above half of it.
	MemoryLimit int64
	// ParallelWindows caps the windows of a long list in flight per
	// service.
	ParallelWindows int
	// ClosedDayGrace, ClosedDayTTL and ClosedDayBytes tune the store of
	// closed days' totals; ClosedDayBytes 0 keeps none.
	ClosedDayGrace, ClosedDayTTL         time.Duration
	ClosedDayBytes                       int64
	Document                             admit.Limits
	MaxComplexity, MaxErrors             int
	QueryCacheBytes, PersistedQueryBytes int64
	// HTTP server timeouts, and how long shutdown waits for requests.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout, ShutdownTimeout time.Duration
	// Endpoints holds each service's URL ("" when unset) and timeout.
	Endpoints map[clients.Service]clients.Endpoint
	// Demo starts the embedded demo services for every service without a URL.
	Demo bool
	// DemoFaults is injected into the demo services (see demo.ParseFaults).
	DemoFaults string
	// Now pins the clock of the gateway and the demo; zero means real time.
	Now      time.Time
	LogLevel slog.Level
}

// ServiceDefaults are each service's call timeout, fresh-cache TTL and
// stale limit when none is configured. Orders and payments are live, so
// an answer of theirs is reused for a second only: enough for a herd of
// identical questions arriving within it to cost one call, short enough
// that a new order shows on the next refresh of a dashboard. Products and
// tables change slowly.
var ServiceDefaults = map[clients.Service]struct{ Timeout, CacheTTL, StaleFor time.Duration }{
	clients.Auth:       {300 * time.Millisecond, 0, 0},
	clients.Orders:     {800 * time.Millisecond, time.Second, 2 * time.Minute},
	clients.Payments:   {800 * time.Millisecond, time.Second, 2 * time.Minute},
	clients.Inventory:  {800 * time.Millisecond, 30 * time.Second, 10 * time.Minute},
	clients.Restaurant: {800 * time.Millisecond, 5 * time.Second, time.Minute},
}

// Clock returns the configured clock.
func (c *Config) Clock() func() time.Time {
	if c.Now.IsZero() {
		return time.Now
	}
	now := c.Now
	return func() time.Time { return now }
}

// setting is one flag and its environment variable.
type setting struct {
	flag, env, def, help string
	value                *string
}

// Parse reads args (without the program name) and the environment through
// getenv. It returns flag.ErrHelp after writing usage to out for -h/--help.
func Parse(args []string, getenv func(string) string, out io.Writer) (*Config, error) {
	fs := flag.NewFlagSet("maitre", flag.ContinueOnError)
	fs.SetOutput(out)
	var settings []*setting
	add := func(name, env, def, help string) *string {
		s := &setting{flag: name, env: env, def: def, help: help, value: new(string)}
		if v := getenv(env); v != "" {
			def = v
		}
		fs.StringVar(s.value, name, def, help)
		settings = append(settings, s)
		return s.value
	}
	listen := add("listen", "MAITRE_LISTEN", ":4006", "address the gateway listens on")
	urls := map[clients.Service]*string{}
	timeouts := map[clients.Service]*string{}
	ttls := map[clients.Service]*string{}
	stales := map[clients.Service]*string{}
	for _, s := range clients.Services {
		up := strings.ToUpper(string(s))
		d := ServiceDefaults[s]
		urls[s] = add(string(s)+"-url", "MAITRE_"+up+"_URL", "", fmt.Sprintf("base URL of the %s service (unset: the embedded demo)", s))
		timeouts[s] = add(string(s)+"-timeout", "MAITRE_"+up+"_TIMEOUT", d.Timeout.String(), fmt.Sprintf("timeout of one call to the %s service, retries included", s))
		ttls[s] = add(string(s)+"-cache-ttl", "MAITRE_"+up+"_CACHE_TTL", d.CacheTTL.String(), fmt.Sprintf("how long a %s answer is reused without a call (0: always call)", s))
		stales[s] = add(string(s)+"-stale-for", "MAITRE_"+up+"_STALE_FOR", d.StaleFor.String(), fmt.Sprintf("how old a %s answer may be to stand in when the service fails (0: never)", s))
	}
	reqTimeout := add("request-timeout", "MAITRE_REQUEST_TIMEOUT", "3s", "deadline of a whole request")
	attempts := add("retry-attempts", "MAITRE_RETRY_ATTEMPTS", "3", "tries per idempotent call, the first included (1: no retry)")
	retryBase := add("retry-base-delay", "MAITRE_RETRY_BASE_DELAY", "20ms", "cap of the first retry's random backoff; doubles per retry")
	retryMax := add("retry-max-delay", "MAITRE_RETRY_MAX_DELAY", "200ms", "cap of any retry's backoff (Retry-After may ask for more)")
	ratio := add("breaker-failure-ratio", "MAITRE_BREAKER_FAILURE_RATIO", "0.5", "share of failed calls in the window that opens a service's breaker (0: no breakers)")
	minReq := add("breaker-min-requests", "MAITRE_BREAKER_MIN_REQUESTS", "10", "calls in the window before the failure ratio counts")
	window := add("breaker-window", "MAITRE_BREAKER_WINDOW", "10s", "rolling window of the failure ratio")
	openFor := add("breaker-open-for", "MAITRE_BREAKER_OPEN_FOR", "5s", "how long an open breaker fails fast before letting a probe through")
	probes := add("breaker-probes", "MAITRE_BREAKER_PROBES", "1", "calls let through while half-open")
	coalesce := add("coalesce", "MAITRE_COALESCE", "true", "identical downstream reads in flight share one call")
	clientRate := add("client-rate", "MAITRE_CLIENT_RATE", "300", "requests a second per client address, before authentication (0: no limit)")
	clientBurst := add("client-burst", "MAITRE_CLIENT_BURST", "150", "requests at once per client address")
	tenantRate := add("tenant-rate", "MAITRE_TENANT_RATE", "600", "requests a second per tenant (0: no limit)")
	tenantBurst := add("tenant-burst", "MAITRE_TENANT_BURST", "300", "requests at once per tenant")
	env := add("env", "MAITRE_ENV", "development", "development or production; production turns introspection off")
	maxBody := add("max-body-bytes", "MAITRE_MAX_BODY_BYTES", "1048576", "largest request body; beyond it 413")
	d := admit.Defaults
	maxTokens := add("max-tokens", "MAITRE_MAX_TOKENS", strconv.Itoa(d.MaxTokens), "most lexical tokens in a query document; beyond it QUERY_TOO_LARGE")
	maxNesting := add("max-nesting", "MAITRE_MAX_NESTING", strconv.Itoa(d.MaxNesting), "deepest nesting of brackets in a document; beyond it QUERY_TOO_DEEP")
	maxName := add("max-name-bytes", "MAITRE_MAX_NAME_BYTES", strconv.Itoa(d.MaxNameBytes), "longest name or alias in a document; beyond it NAME_TOO_LONG")
	maxString := add("max-string-bytes", "MAITRE_MAX_STRING_BYTES", strconv.Itoa(d.MaxStringBytes), "longest string in a document or a variable; beyond it STRING_TOO_LONG")
	maxOps := add("max-operations", "MAITRE_MAX_OPERATIONS", strconv.Itoa(d.MaxOperations), "most operations in one document; beyond it TOO_MANY_OPERATIONS")
	maxDepth := add("max-depth", "MAITRE_MAX_DEPTH", strconv.Itoa(d.MaxDepth), "deepest nesting of selections, fragments expanded, outside introspection")
	maxIntroDepth := add("max-introspection-depth", "MAITRE_MAX_INTROSPECTION_DEPTH", strconv.Itoa(d.MaxIntrospectionDepth), "deepest nesting under __schema or __type")
	maxFields := add("max-fields", "MAITRE_MAX_FIELDS", strconv.Itoa(d.MaxFields), "most field selections in a document, fragments expanded; beyond it TOO_MANY_FIELDS")
	maxSelections := add("max-selections", "MAITRE_MAX_SELECTIONS", strconv.Itoa(d.MaxSelections), "most fields merged into one selection set; beyond it SELECTION_TOO_WIDE")
	maxRootFields := add("max-root-fields", "MAITRE_MAX_ROOT_FIELDS", strconv.Itoa(d.MaxRootFields), "most root fields in an operation; beyond it TOO_MANY_ROOT_FIELDS")
	maxDirectives := add("max-directives", "MAITRE_MAX_DIRECTIVES", strconv.Itoa(d.MaxDirectives), "most directives on one field, spread or fragment; beyond it TOO_MANY_DIRECTIVES")
	maxAliases := add("max-aliases", "MAITRE_MAX_ALIASES", strconv.Itoa(d.MaxAliases), "most aliased fields in an operation, fragments expanded; beyond it TOO_MANY_ALIASES")
	maxFragments := add("max-fragments", "MAITRE_MAX_FRAGMENTS", strconv.Itoa(d.MaxFragments), "most fragment definitions in a document; beyond it TOO_MANY_FRAGMENTS")
	maxWork := add("max-validation-work", "MAITRE_MAX_VALIDATION_WORK", strconv.Itoa(d.MaxValidationWork), "nodes validation may walk, fragments counted once per operation that reaches them, plus the steps of the fields-merging check; beyond it VALIDATION_TOO_COSTLY")
	maxComplexity := add("max-complexity", "MAITRE_MAX_COMPLEXITY", "10000", "highest cost of an operation, lists counted by their page size")
	maxErrors := add("max-errors", "MAITRE_MAX_ERRORS", "100", "most errors in one response; the rest are counted in one more")
	queryCache := add("query-cache-bytes", "MAITRE_QUERY_CACHE_BYTES", "33554432", "memory for admitted query documents, estimated (at most 1,000 of them)")
	apqCache := add("persisted-query-cache-bytes", "MAITRE_PERSISTED_QUERY_CACHE_BYTES", "16777216", "memory for the texts of automatic persisted queries (at most 10,000)")
	readHeader := add("read-header-timeout", "MAITRE_READ_HEADER_TIMEOUT", "5s", "time to read a request's headers")
	readTimeout := add("read-timeout", "MAITRE_READ_TIMEOUT", "15s", "time to read a whole request")
	writeTimeout := add("write-timeout", "MAITRE_WRITE_TIMEOUT", "30s", "time to write a response")
	idleTimeout := add("idle-timeout", "MAITRE_IDLE_TIMEOUT", "2m", "how long an idle keep-alive connection stays open")
	shutdownTimeout := add("shutdown-timeout", "MAITRE_SHUTDOWN_TIMEOUT", "10s", "how long shutdown waits for requests in flight")
	metricsListen := add("metrics-listen", "MAITRE_METRICS_LISTEN", "", "serve /metrics on this address instead of the main listener")
	inFlight := add("max-in-flight", "MAITRE_MAX_IN_FLIGHT", "512", "requests served at once; beyond it 503 at once (0: no cap)")
	windows := add("parallel-windows", "MAITRE_PARALLEL_WINDOWS", "8", "windows of a long list read at once per service (a month of orders in one round of calls)")
	grace := add("closed-day-grace", "MAITRE_CLOSED_DAY_GRACE", "1h", "how long after its local midnight a day may still change (late-synced tickets) before its totals are kept")
	dayTTL := add("closed-day-ttl", "MAITRE_CLOSED_DAY_TTL", "24h", "how long a closed day's totals are kept, so that later corrections are seen within it")
	dayBytes := add("closed-day-cache-bytes", "MAITRE_CLOSED_DAY_CACHE_BYTES", "67108864", "memory for closed days' totals (0: keep none, read every range from the rows)")
	memLimit := add("memory-limit", "MAITRE_MEMORY_LIMIT", "201326592", "soft memory limit in bytes (the garbage collector works harder near it; GOMEMLIMIT wins when set); new requests are shed 503 while the live heap is above half of it (0: neither)")
	demoFlag := add("demo", "MAITRE_DEMO", "", "start the embedded demo services: true or false (default: true when no service URL is set)")
	faults := add("demo-faults", "MAITRE_DEMO_FAULTS", "", `faults injected into the demo services, e.g. "payments=down,inventory=latency:3s,orders=latency:300ms+error:503"; modes: down, latency:<d>, error:<status>, malformed, reset, partial`)
	now := add("now", "MAITRE_NOW", "", "pin the clock of the gateway and the demo to this RFC 3339 instant (unset: real time)")
	level := add("log-level", "MAITRE_LOG_LEVEL", "info", "log level: debug, info, warn or error")
	fs.Usage = func() { usage(out, settings) }
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("config: unexpected argument %q", fs.Arg(0))
	}

	p := &parser{}
	c := &Config{
		Listen:          *listen,
		DemoFaults:      *faults,
		Endpoints:       map[clients.Service]clients.Endpoint{},
		RequestTimeout:  p.duration("request timeout", *reqTimeout, true),
		ClientLimit:     admission.Limit{Rate: p.float("client rate", *clientRate), Burst: p.int("client burst", *clientBurst)},
		TenantLimit:     admission.Limit{Rate: p.float("tenant rate", *tenantRate), Burst: p.int("tenant burst", *tenantBurst)},
		MaxInFlight:     p.int("max in flight", *inFlight),
		MetricsListen:   *metricsListen,
		Production:      *env == "production",
		MaxBodyBytes:    int64(p.int("max body bytes", *maxBody)),
		MemoryLimit:     int64(p.int("memory limit", *memLimit)),
		ParallelWindows: p.int("parallel windows", *windows),
		ClosedDayGrace:  p.duration("closed day grace", *grace, false),
		ClosedDayTTL:    p.duration("closed day ttl", *dayTTL, true),
		ClosedDayBytes:  int64(p.int("closed day cache bytes", *dayBytes)),
		Document: admit.Limits{
			MaxTokens: p.int("max tokens", *maxTokens), MaxNesting: p.int("max nesting", *maxNesting),
			MaxNameBytes: p.int("max name bytes", *maxName), MaxStringBytes: p.int("max string bytes", *maxString),
			MaxOperations: p.int("max operations", *maxOps), MaxErrors: p.int("max errors", *maxErrors),
			MaxDepth: p.int("max depth", *maxDepth), MaxIntrospectionDepth: p.int("max introspection depth", *maxIntroDepth),
			MaxFields: p.int("max fields", *maxFields), MaxSelections: p.int("max selections", *maxSelections),
			MaxRootFields: p.int("max root fields", *maxRootFields), MaxDirectives: p.int("max directives", *maxDirectives),
			MaxAliases: p.int("max aliases", *maxAliases), MaxFragments: p.int("max fragments", *maxFragments),
			MaxValidationWork: p.int("max validation work", *maxWork), NoIntrospection: *env == "production",
		},
		MaxComplexity:       p.int("max complexity", *maxComplexity),
		MaxErrors:           p.int("max errors", *maxErrors),
		QueryCacheBytes:     int64(p.int("query cache bytes", *queryCache)),
		PersistedQueryBytes: int64(p.int("persisted query cache bytes", *apqCache)),
		ReadHeaderTimeout:   p.duration("read header timeout", *readHeader, true),
		ReadTimeout:         p.duration("read timeout", *readTimeout, true),
		WriteTimeout:        p.duration("write timeout", *writeTimeout, true),
		IdleTimeout:         p.duration("idle timeout", *idleTimeout, true),
		ShutdownTimeout:     p.duration("shutdown timeout", *shutdownTimeout, true),
	}
	if *env != "production" && *env != "development" {
		return nil, fmt.Errorf("config: env must be development or production, got %q", *env)
	}
	policy := clients.Endpoint{
		Retry: retry.Config{Attempts: p.int("retry attempts", *attempts), BaseDelay: p.duration("retry base delay", *retryBase, false),
			MaxDelay: p.duration("retry max delay", *retryMax, false)},
		Breaker: breaker.Config{FailureRatio: p.float("breaker failure ratio", *ratio), MinRequests: uint32(p.int("breaker min requests", *minReq)),
			Window: p.duration("breaker window", *window, true), OpenFor: p.duration("breaker open for", *openFor, true),
			Probes: uint32(p.int("breaker probes", *probes))},
		Coalesce: p.bool("coalesce", *coalesce),
	}
	anyURL := false
	for _, s := range clients.Services {
		ep := policy
		ep.URL = *urls[s]
		ep.Timeout = p.duration(string(s)+" timeout", *timeouts[s], true)
		ep.Cache = cache.Config{FreshFor: p.duration(string(s)+" cache ttl", *ttls[s], false), StaleFor: p.duration(string(s)+" stale for", *stales[s], false)}
		c.Endpoints[s] = ep
		anyURL = anyURL || *urls[s] != ""
	}
	if p.err != nil {
		return nil, p.err
	}
	if c.Breaker().FailureRatio > 1 {
		return nil, fmt.Errorf("config: breaker failure ratio must be 0 to 1, got %s", *ratio)
	}
	c.Demo = !anyURL
	if *demoFlag != "" {
		b, err := strconv.ParseBool(*demoFlag)
		if err != nil {
			return nil, fmt.Errorf("config: demo must be true or false, got %q", *demoFlag)
		}
		c.Demo = b
	}
	if !c.Demo {
		var missing []string
		for _, s := range clients.Services {
			if c.Endpoints[s].URL == "" {
				missing = append(missing, "MAITRE_"+strings.ToUpper(string(s))+"_URL")
			}
		}
		if len(missing) > 0 {
			return nil, fmt.Errorf("config: demo is off, so set %s", strings.Join(missing, ", "))
		}
	}
	if *now != "" {
		t, err := time.Parse(time.RFC3339, *now)
		if err != nil {
			return nil, fmt.Errorf("config: now must be RFC 3339 such as 2026-11-26T12:00:00Z, got %q", *now)
		}
		c.Now = t
	}
	if err := c.LogLevel.UnmarshalText([]byte(*level)); err != nil {
		return nil, fmt.Errorf("config: log level must be debug, info, warn or error, got %q", *level)
	}
	return c, nil
}

func usage(out io.Writer, settings []*setting) {
	fmt.Fprint(out, `maitre: a GraphQL gateway over the restaurant's auth, orders, payments,
inventory and restaurant services.

Usage:
  maitre [flags]        serve GraphQL at /query and the playground at /
  maitre demo [flags]   serve only the demo services on 127.0.0.1:4001-4005

Every flag can also be set by its environment variable; the flag wins.
Traces follow the standard OTEL_* variables: OTEL_TRACES_EXPORTER=console
prints spans; OTEL_EXPORTER_OTLP_ENDPOINT (with OTEL_EXPORTER_OTLP_PROTOCOL
grpc or http/protobuf) sends them to a collector; by default none are kept.

`)
	for _, s := range settings {
		def := s.def
		if def == "" {
			def = "unset"
		}
		fmt.Fprintf(out, "  --%s  (%s, default %s)\n      %s\n", s.flag, s.env, def, s.help)
	}
}

// Breaker is the breaker policy shared by every service.
func (c *Config) Breaker() breaker.Config { return c.Endpoints[clients.Auth].Breaker }

// parser reads typed settings, keeping the first error.
type parser struct{ err error }

func (p *parser) fail(name, want, got string) {
	if p.err == nil {
		p.err = fmt.Errorf("config: %s must be %s, got %q", name, want, got)
	}
}

func (p *parser) duration(name, v string, positive bool) time.Duration {
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 || positive && d == 0 {
		want := "a duration such as 800ms"
		if positive {
			want = "a positive duration such as 800ms"
		}
		p.fail(name, want, v)
	}
	return d
}

func (p *parser) int(name, v string) int {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		p.fail(name, "a whole number, 0 or more", v)
	}
	return n
}

func (p *parser) float(name, v string) float64 {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 {
		p.fail(name, "a number, 0 or more", v)
	}
	return f
}

func (p *parser) bool(name, v string) bool {
	b, err := strconv.ParseBool(v)
	if err != nil {
		p.fail(name, "true or false", v)
	}
	return b
}

// IsHelp reports whether err is a request for help rather than a failure.
func IsHelp(err error) bool { return errors.Is(err, flag.ErrHelp) }
