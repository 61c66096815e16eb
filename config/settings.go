package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/admit"
	"github.com/maitre-pos/maitre/clients"
)

// Kind is what a setting's value is.
type Kind string

// The kinds of settings.
const (
	Duration Kind = "duration" // 800ms, 2m
	Integer  Kind = "integer"
	Number   Kind = "number"
	Boolean  Kind = "boolean"
	Text     Kind = "string"
)

// Setting is one setting: its place in the configuration file, its flag
// and environment variable, its default and what it does. Every default
// is defined here and nowhere else.
type Setting struct {
	Path, Flag, Env string
	Kind            Kind
	Default, Help   string
	// Restart marks a setting that a reload cannot change: it is kept,
	// with a log line, until the process restarts.
	Restart bool
}

// ServiceDefaults are each service's call timeout, fresh-cache TTL and
// stale limit. Orders and payments are live, so an answer of theirs is
// reused for a second only: enough for a herd of identical questions
// arriving within it to cost one call, short enough that a new order
// shows on the next refresh of a dashboard. Products and tables change
// slowly.
var ServiceDefaults = map[clients.Service]struct{ Timeout, CacheTTL, StaleFor time.Duration }{
	clients.Auth:       {300 * time.Millisecond, 0, 0},
	clients.Orders:     {800 * time.Millisecond, time.Second, 2 * time.Minute},
	clients.Payments:   {800 * time.Millisecond, time.Second, 2 * time.Minute},
	clients.Inventory:  {800 * time.Millisecond, 30 * time.Second, 10 * time.Minute},
	clients.Restaurant: {800 * time.Millisecond, 5 * time.Second, time.Minute},
}

// Settings lists every setting, in the order the file groups them.
func Settings() []Setting {
	d := admit.Defaults
	n := strconv.Itoa
	out := []Setting{
		{Path: "listen", Kind: Text, Default: ":4006", Help: "address the gateway listens on", Restart: true},
		{Path: "env", Kind: Text, Default: "development", Help: "development or production; production turns introspection off"},
		{Path: "request_timeout", Kind: Duration, Default: "3s", Help: "deadline of a whole request"},
	}
	for _, s := range clients.Services {
		sd := ServiceDefaults[s]
		base := "services." + string(s) + "."
		out = append(out,
			Setting{Path: base + "url", Kind: Text, Help: fmt.Sprintf("base URL of the %s service (unset: the embedded demo)", s), Restart: true},
			Setting{Path: base + "timeout", Kind: Duration, Default: sd.Timeout.String(), Help: fmt.Sprintf("timeout of one call to the %s service, retries included", s)},
			Setting{Path: base + "cache_ttl", Kind: Duration, Default: sd.CacheTTL.String(), Help: fmt.Sprintf("how long an answer of the %s service is reused without a call (0: always call)", s)},
			Setting{Path: base + "stale_for", Kind: Duration, Default: sd.StaleFor.String(), Help: fmt.Sprintf("how old an answer of the %s service may be to stand in when it fails (0: never)", s)},
		)
	}
	out = append(out, []Setting{
		{Path: "services.coalesce", Flag: "coalesce", Env: "MAITRE_COALESCE", Kind: Boolean, Default: "true", Help: "identical downstream reads in flight share one call"},
		{Path: "services.parallel_windows", Flag: "parallel-windows", Env: "MAITRE_PARALLEL_WINDOWS", Kind: Integer, Default: "8", Help: "windows of a long list read at once per service (a month of orders in one round of calls)"},
		{Path: "retry.attempts", Kind: Integer, Default: "3", Help: "tries per idempotent call, the first included (1: no retry)"},
		{Path: "retry.base_delay", Kind: Duration, Default: "20ms", Help: "cap of the first retry's random backoff; doubles per retry"},
		{Path: "retry.max_delay", Kind: Duration, Default: "200ms", Help: "cap of any retry's backoff (Retry-After may ask for more)"},
		{Path: "breaker.failure_ratio", Kind: Number, Default: "0.5", Help: "share of failed calls in the window that opens a service's breaker (0: no breakers)"},
		{Path: "breaker.min_requests", Kind: Integer, Default: "10", Help: "calls in the window before the failure ratio counts"},
		{Path: "breaker.window", Kind: Duration, Default: "10s", Help: "rolling window of the failure ratio"},
		{Path: "breaker.open_for", Kind: Duration, Default: "5s", Help: "how long an open breaker fails fast before letting a probe through"},
		{Path: "breaker.probes", Kind: Integer, Default: "1", Help: "calls let through while half-open"},
		{Path: "rate_limits.client.rate", Flag: "client-rate", Env: "MAITRE_CLIENT_RATE", Kind: Number, Default: "300", Help: "requests a second per client address, before authentication (0: no limit)"},
		{Path: "rate_limits.client.burst", Flag: "client-burst", Env: "MAITRE_CLIENT_BURST", Kind: Integer, Default: "150", Help: "requests at once per client address"},
		{Path: "rate_limits.tenant.rate", Flag: "tenant-rate", Env: "MAITRE_TENANT_RATE", Kind: Number, Default: "600", Help: "requests a second per tenant (0: no limit)"},
		{Path: "rate_limits.tenant.burst", Flag: "tenant-burst", Env: "MAITRE_TENANT_BURST", Kind: Integer, Default: "300", Help: "requests at once per tenant"},
		{Path: "limits.max_in_flight", Flag: "max-in-flight", Env: "MAITRE_MAX_IN_FLIGHT", Kind: Integer, Default: "512", Help: "requests served at once; beyond it 503 at once (0: no cap)"},
		{Path: "limits.memory_limit", Flag: "memory-limit", Env: "MAITRE_MEMORY_LIMIT", Kind: Integer, Default: "201326592", Help: "soft memory limit in bytes (the garbage collector works harder near it; GOMEMLIMIT wins when set); new requests are shed 503 while the live heap is above half of it (0: neither)"},
		{Path: "limits.max_body_bytes", Kind: Integer, Default: "1048576", Help: "largest request body; beyond it 413"},
		{Path: "limits.max_tokens", Kind: Integer, Default: n(d.MaxTokens), Help: "most lexical tokens in a query document; beyond it QUERY_TOO_LARGE"},
		{Path: "limits.max_nesting", Kind: Integer, Default: n(d.MaxNesting), Help: "deepest nesting of brackets in a document; beyond it QUERY_TOO_DEEP"},
		{Path: "limits.max_name_bytes", Kind: Integer, Default: n(d.MaxNameBytes), Help: "longest name or alias in a document; beyond it NAME_TOO_LONG"},
		{Path: "limits.max_string_bytes", Kind: Integer, Default: n(d.MaxStringBytes), Help: "longest string in a document or a variable; beyond it STRING_TOO_LONG"},
		{Path: "limits.max_operations", Kind: Integer, Default: n(d.MaxOperations), Help: "most operations in one document; beyond it TOO_MANY_OPERATIONS"},
		{Path: "limits.max_depth", Kind: Integer, Default: n(d.MaxDepth), Help: "deepest nesting of selections, fragments expanded, outside introspection"},
		{Path: "limits.max_introspection_depth", Kind: Integer, Default: n(d.MaxIntrospectionDepth), Help: "deepest nesting under __schema or __type"},
		{Path: "limits.max_fields", Kind: Integer, Default: n(d.MaxFields), Help: "most field selections in a document, fragments expanded; beyond it TOO_MANY_FIELDS"},
		{Path: "limits.max_selections", Kind: Integer, Default: n(d.MaxSelections), Help: "most fields merged into one selection set; beyond it SELECTION_TOO_WIDE"},
		{Path: "limits.max_root_fields", Kind: Integer, Default: n(d.MaxRootFields), Help: "most root fields in an operation; beyond it TOO_MANY_ROOT_FIELDS"},
		{Path: "limits.max_directives", Kind: Integer, Default: n(d.MaxDirectives), Help: "most directives on one field, spread or fragment; beyond it TOO_MANY_DIRECTIVES"},
		{Path: "limits.max_aliases", Kind: Integer, Default: n(d.MaxAliases), Help: "most aliased fields in an operation, fragments expanded; beyond it TOO_MANY_ALIASES"},
		{Path: "limits.max_fragments", Kind: Integer, Default: n(d.MaxFragments), Help: "most fragment definitions in a document; beyond it TOO_MANY_FRAGMENTS"},
		{Path: "limits.max_validation_work", Kind: Integer, Default: n(d.MaxValidationWork), Help: "nodes validation may walk, fragments counted once per operation that reaches them, plus the steps of the fields-merging check; beyond it VALIDATION_TOO_COSTLY"},
		{Path: "limits.max_complexity", Kind: Integer, Default: "10000", Help: "highest cost of an operation, lists counted by their page size"},
		{Path: "limits.max_errors", Kind: Integer, Default: "100", Help: "most errors in one response; the rest are counted in one more"},
		{Path: "subscriptions.interval", Flag: "subscription-interval", Kind: Duration, Default: "3s", Help: "how often the poller of a tenant's subscription reads the services; a change is pushed at the next poll"},
		{Path: "subscriptions.max_per_connection", Flag: "subscriptions-per-connection", Kind: Integer, Default: "20", Help: "most subscriptions on one WebSocket; beyond it TOO_MANY_SUBSCRIPTIONS (0: the default)"},
		{Path: "subscriptions.max_per_tenant", Flag: "subscriptions-per-tenant", Kind: Integer, Default: "5000", Help: "most subscriptions of one tenant on a replica, over both transports; beyond it TOO_MANY_SUBSCRIPTIONS (0: the default)"},
		{Path: "subscriptions.max_pollers_per_tenant", Flag: "subscription-pollers-per-tenant", Kind: Integer, Default: "50", Help: "most different selections one tenant's subscriptions may ask for at once on a replica, each polled on its own; beyond it TOO_MANY_SUBSCRIPTIONS (0: the default)"},
		{Path: "subscriptions.keepalive", Flag: "subscription-keepalive", Kind: Duration, Default: "15s", Help: "how often a stream is pinged (SSE: a comment; WebSocket: a ping frame that must be answered)"},
		{Path: "subscriptions.idle_timeout", Flag: "subscription-idle-timeout", Kind: Duration, Default: "1m", Help: "how long a WebSocket with no subscription stays open"},
		{Path: "subscriptions.buffer", Flag: "subscription-buffer", Kind: Integer, Default: "4", Help: "updates a subscriber may fall behind before it is dropped with SLOW_CONSUMER (0: the default)"},
		{Path: "mcp.operations", Flag: "mcp-operations", Kind: Text, Help: "folder of .graphql files, one named query each, served as MCP tools at /mcp (unset: the demo's revenue, best_sellers, low_stock, occupancy and pending_orders)", Restart: true},
		{Path: "mcp.arbitrary", Flag: "mcp-arbitrary", Kind: Boolean, Default: "false", Help: "serve the run_query MCP tool: any read-only query, limited as /query is"},
		{Path: "caches.query_cache_bytes", Flag: "query-cache-bytes", Env: "MAITRE_QUERY_CACHE_BYTES", Kind: Integer, Default: "33554432", Help: "memory for admitted query documents, estimated (at most 1,000 of them)", Restart: true},
		{Path: "caches.persisted_query_cache_bytes", Flag: "persisted-query-cache-bytes", Env: "MAITRE_PERSISTED_QUERY_CACHE_BYTES", Kind: Integer, Default: "16777216", Help: "memory for the texts of automatic persisted queries (at most 10,000)", Restart: true},
		{Path: "closed_days.grace", Flag: "closed-day-grace", Env: "MAITRE_CLOSED_DAY_GRACE", Kind: Duration, Default: "1h", Help: "how long after its local midnight a day may still change (late-synced tickets) before its totals are kept"},
		{Path: "closed_days.ttl", Flag: "closed-day-ttl", Env: "MAITRE_CLOSED_DAY_TTL", Kind: Duration, Default: "24h", Help: "how long a closed day's totals are kept, so that later corrections are seen within it", Restart: true},
		{Path: "closed_days.recheck_every", Flag: "closed-day-recheck-every", Env: "MAITRE_CLOSED_DAY_RECHECK_EVERY", Kind: Duration, Default: "10s", Help: "how often one kept day may be read again from its rows in the background, and replaced when they disagree (0: never)"},
		{Path: "closed_days.cache_bytes", Flag: "closed-day-cache-bytes", Env: "MAITRE_CLOSED_DAY_CACHE_BYTES", Kind: Integer, Default: "67108864", Help: "memory for closed days' totals (0: keep none, read every range from the rows)", Restart: true},
		{Path: "redis.url", Flag: "redis-url", Env: "MAITRE_REDIS_URL", Kind: Text, Help: "Redis for state shared by replicas (redis:// or rediss://, password and database in the URL); unset keeps every state in process", Restart: true},
		{Path: "redis.timeout", Flag: "redis-timeout", Env: "MAITRE_REDIS_TIMEOUT", Kind: Duration, Default: "50ms", Help: "bound of each use of Redis; past it the replica's own state answers", Restart: true},
		{Path: "server.read_header_timeout", Flag: "read-header-timeout", Env: "MAITRE_READ_HEADER_TIMEOUT", Kind: Duration, Default: "5s", Help: "time to read a request's headers", Restart: true},
		{Path: "server.read_timeout", Flag: "read-timeout", Env: "MAITRE_READ_TIMEOUT", Kind: Duration, Default: "15s", Help: "time to read a whole request", Restart: true},
		{Path: "server.write_timeout", Flag: "write-timeout", Env: "MAITRE_WRITE_TIMEOUT", Kind: Duration, Default: "30s", Help: "time to write a response", Restart: true},
		{Path: "server.idle_timeout", Flag: "idle-timeout", Env: "MAITRE_IDLE_TIMEOUT", Kind: Duration, Default: "2m", Help: "how long an idle keep-alive connection stays open", Restart: true},
		{Path: "server.shutdown_timeout", Flag: "shutdown-timeout", Env: "MAITRE_SHUTDOWN_TIMEOUT", Kind: Duration, Default: "10s", Help: "how long shutdown waits for requests in flight", Restart: true},
		{Path: "telemetry.metrics_listen", Flag: "metrics-listen", Env: "MAITRE_METRICS_LISTEN", Kind: Text, Help: "serve /metrics, and the Go profiles at /debug/pprof/, on this address instead of the main listener", Restart: true},
		{Path: "telemetry.log_level", Flag: "log-level", Env: "MAITRE_LOG_LEVEL", Kind: Text, Default: "info", Help: "log level: debug, info, warn or error"},
		{Path: "demo.enabled", Flag: "demo", Env: "MAITRE_DEMO", Kind: Boolean, Help: "start the embedded demo services (default: true when no service URL is set)", Restart: true},
		{Path: "demo.faults", Flag: "demo-faults", Env: "MAITRE_DEMO_FAULTS", Kind: Text, Help: `faults injected into the demo services, e.g. "payments=down,inventory=latency:3s,orders=latency:300ms+error:503"; modes: down, latency:<d>, error:<status>, malformed, reset, partial`, Restart: true},
		{Path: "demo.now", Flag: "now", Env: "MAITRE_NOW", Kind: Text, Help: "pin the clock of the gateway and the demo to this RFC 3339 instant (unset: real time)", Restart: true},
	}...)
	for i := range out {
		s := &out[i]
		if s.Flag == "" {
			s.Flag = flagOf(s.Path)
		}
		if s.Env == "" {
			s.Env = "MAITRE_" + strings.ToUpper(strings.ReplaceAll(s.Flag, "-", "_"))
		}
	}
	return out
}

// flagOf is the flag a path has unless it names its own: the path's last
// two parts for services and retry and breaker settings
// ("orders-timeout", "retry-attempts"), else its last part.
func flagOf(path string) string {
	parts := strings.Split(path, ".")
	name := parts[len(parts)-1]
	switch parts[0] {
	case "services":
		name = parts[1] + "-" + name
	case "retry", "breaker":
		name = parts[0] + "-" + name
	}
	return strings.ReplaceAll(name, "_", "-")
}
