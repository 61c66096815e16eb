package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/chat"
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
	Names    Kind = "names" // a mapping of tenant to a mapping of alias to name
)

// Setting is one setting: where it lives in a Config, its place in the
// configuration file, its flag and environment variable, and what it does.
// Its kind and its default are read from the field it is bound to, whose
// default the component that reads it owns (Defaults).
type Setting struct {
	Path, Flag, Env string
	Help            string
	// Restart marks a setting that a reload cannot change: it is kept,
	// with a log line, until the process restarts.
	Restart bool
	// Field is the setting's place in a Config.
	Field func(*Config) any
	// Valid, when set, checks a value beyond its kind, returning what it
	// must be when it is not.
	Valid func(string) string
	// Positive refuses zero for a duration or number that has no off.
	Positive bool
	// Min and Max bound a number or a duration, written as the setting
	// is ("" for none); a zero that turns the setting off is allowed
	// below Min unless the setting is Positive.
	Min, Max string

	Kind    Kind
	Default string // "" for none
}

// Settings lists every setting, in the order the file groups them.
func Settings() []Setting {
	out := []Setting{
		{Path: "listen", Help: "address the gateway listens on", Restart: true, Valid: address(false),
			Field: func(c *Config) any { return &c.Listen }},
		{Path: "env", Help: "development or production; production turns introspection off", Valid: oneOf("development", "production"),
			Field: func(c *Config) any { return &c.Env }},
		{Path: "request_timeout", Help: "deadline of a whole request", Positive: true,
			Min: "10ms", Max: "5m", Field: func(c *Config) any { return &c.RequestTimeout }},
		{Path: "auth.token_ttl", Flag: "token-ttl", Env: "MAITRE_TOKEN_TTL", Help: "how long a verified token is trusted before the auth service is asked again, however long the token lives (0: ask for every request)",
			Max: "1h", Field: func(c *Config) any { return &c.Auth.MaxTTL }},
	}
	for _, s := range clients.Services {
		base := "services." + string(s) + "."
		out = append(out,
			Setting{Path: base + "url", Help: fmt.Sprintf("base URL of the %s service (unset: the embedded demo)", s), Restart: true,
				Field: func(c *Config) any { return &c.Services[s].URL }},
			Setting{Path: base + "timeout", Help: fmt.Sprintf("timeout of one call to the %s service, retries included", s), Positive: true,
				Min: "10ms", Max: "1m", Field: func(c *Config) any { return &c.Services[s].Timeout }},
			Setting{Path: base + "cache_ttl", Help: fmt.Sprintf("how long an answer of the %s service is reused without a call (0: always call)", s),
				Max: "1h", Field: func(c *Config) any { return &c.Services[s].Cache.FreshFor }},
			Setting{Path: base + "stale_for", Help: fmt.Sprintf("how old an answer of the %s service may be to stand in when it fails (0: never)", s),
				Max: "24h", Field: func(c *Config) any { return &c.Services[s].Cache.StaleFor }},
		)
	}
	out = append(out, []Setting{
		{Path: "services.coalesce", Flag: "coalesce", Env: "MAITRE_COALESCE", Help: "identical downstream reads in flight share one call",
			Field: func(c *Config) any { return &c.Coalesce }},
		{Path: "services.parallel_windows", Flag: "parallel-windows", Env: "MAITRE_PARALLEL_WINDOWS", Help: "windows of a long list read at once per service (a month of orders in one round of calls; 0: each list in one)",
			Max: "64", Field: func(c *Config) any { return &c.ParallelWindows }},
		{Path: "retry.attempts", Help: "tries per idempotent call, the first included (1: no retry)", Max: "10", Field: func(c *Config) any { return &c.Retry.Attempts }},
		{Path: "retry.base_delay", Help: "cap of the first retry's random backoff; doubles per retry", Max: "10s", Field: func(c *Config) any { return &c.Retry.BaseDelay }},
		{Path: "retry.max_delay", Help: "cap of any retry's backoff (Retry-After may ask for more)", Max: "1m", Field: func(c *Config) any { return &c.Retry.MaxDelay }},
		{Path: "breaker.failure_ratio", Help: "share of failed calls in the window that opens a service's breaker (0: no breakers)",
			Max: "1", Field: func(c *Config) any { return &c.Breaker.FailureRatio }},
		{Path: "breaker.min_requests", Help: "calls in the window before the failure ratio counts", Min: "1", Max: "1000000", Field: func(c *Config) any { return &c.Breaker.MinRequests }},
		{Path: "breaker.window", Help: "rolling window of the failure ratio", Positive: true, Min: "100ms", Max: "1h", Field: func(c *Config) any { return &c.Breaker.Window }},
		{Path: "breaker.open_for", Help: "how long an open breaker fails fast before letting a probe through", Positive: true,
			Min: "100ms", Max: "1h", Field: func(c *Config) any { return &c.Breaker.OpenFor }},
		{Path: "breaker.probes", Help: "calls let through while half-open", Min: "1", Max: "100", Field: func(c *Config) any { return &c.Breaker.Probes }},
		{Path: "rate_limits.client.rate", Flag: "client-rate", Env: "MAITRE_CLIENT_RATE", Help: "requests a second per client address, before authentication (0: no limit)",
			Max: "1000000", Field: func(c *Config) any { return &c.ClientLimit.Rate }},
		{Path: "rate_limits.client.burst", Flag: "client-burst", Env: "MAITRE_CLIENT_BURST", Help: "requests at once per client address",
			Min: "1", Max: "1000000", Field: func(c *Config) any { return &c.ClientLimit.Burst }},
		{Path: "rate_limits.tenant.rate", Flag: "tenant-rate", Env: "MAITRE_TENANT_RATE", Help: "requests a second per tenant (0: no limit)",
			Max: "1000000", Field: func(c *Config) any { return &c.TenantLimit.Rate }},
		{Path: "rate_limits.tenant.burst", Flag: "tenant-burst", Env: "MAITRE_TENANT_BURST", Help: "requests at once per tenant",
			Min: "1", Max: "1000000", Field: func(c *Config) any { return &c.TenantLimit.Burst }},
		{Path: "limits.max_in_flight", Flag: "max-in-flight", Env: "MAITRE_MAX_IN_FLIGHT", Help: "requests served at once; beyond it 503 at once (0: no cap)",
			Max: "1000000", Field: func(c *Config) any { return &c.MaxInFlight }},
		{Path: "limits.memory_limit", Flag: "memory-limit", Env: "MAITRE_MEMORY_LIMIT", Help: "soft memory limit in bytes (the garbage collector works harder near it; GOMEMLIMIT wins when set); new requests are shed 503 while the live heap is above half of it (0: neither)",
			Min: "33554432", Max: "1099511627776", Field: func(c *Config) any { return &c.MemoryLimit }},
		{Path: "limits.max_body_bytes", Help: "largest request body; beyond it 413 (0: no limit)", Min: "1024", Max: "1073741824", Field: func(c *Config) any { return &c.Limits.MaxBodyBytes }},
		{Path: "limits.max_tokens", Help: "most lexical tokens in a query document; beyond it QUERY_TOO_LARGE", Field: func(c *Config) any { return &c.Limits.Document.MaxTokens }},
		{Path: "limits.max_nesting", Help: "deepest nesting of brackets in a document; beyond it QUERY_TOO_DEEP", Field: func(c *Config) any { return &c.Limits.Document.MaxNesting }},
		{Path: "limits.max_name_bytes", Help: "longest name or alias in a document; beyond it NAME_TOO_LONG", Max: "65536", Field: func(c *Config) any { return &c.Limits.Document.MaxNameBytes }},
		{Path: "limits.max_string_bytes", Help: "longest string in a document or a variable; beyond it STRING_TOO_LONG", Max: "1048576", Field: func(c *Config) any { return &c.Limits.Document.MaxStringBytes }},
		{Path: "limits.max_operations", Help: "most operations in one document; beyond it TOO_MANY_OPERATIONS", Field: func(c *Config) any { return &c.Limits.Document.MaxOperations }},
		{Path: "limits.max_depth", Help: "deepest nesting of selections, fragments expanded, outside introspection", Field: func(c *Config) any { return &c.Limits.Document.MaxDepth }},
		{Path: "limits.max_introspection_depth", Help: "deepest nesting under __schema or __type", Field: func(c *Config) any { return &c.Limits.Document.MaxIntrospectionDepth }},
		{Path: "limits.max_fields", Help: "most field selections in a document, fragments expanded; beyond it TOO_MANY_FIELDS", Field: func(c *Config) any { return &c.Limits.Document.MaxFields }},
		{Path: "limits.max_selections", Help: "most fields merged into one selection set; beyond it SELECTION_TOO_WIDE", Field: func(c *Config) any { return &c.Limits.Document.MaxSelections }},
		{Path: "limits.max_root_fields", Help: "most root fields in an operation; beyond it TOO_MANY_ROOT_FIELDS", Field: func(c *Config) any { return &c.Limits.Document.MaxRootFields }},
		{Path: "limits.max_directives", Help: "most directives on one field, spread or fragment; beyond it TOO_MANY_DIRECTIVES", Field: func(c *Config) any { return &c.Limits.Document.MaxDirectives }},
		{Path: "limits.max_aliases", Help: "most aliased fields in an operation, fragments expanded; beyond it TOO_MANY_ALIASES", Field: func(c *Config) any { return &c.Limits.Document.MaxAliases }},
		{Path: "limits.max_fragments", Help: "most fragment definitions in a document; beyond it TOO_MANY_FRAGMENTS", Field: func(c *Config) any { return &c.Limits.Document.MaxFragments }},
		{Path: "limits.max_validation_work", Help: "nodes validation may walk, fragments counted once per operation that reaches them, plus the steps of the fields-merging check; beyond it VALIDATION_TOO_COSTLY",
			Field: func(c *Config) any { return &c.Limits.Document.MaxValidationWork }},
		{Path: "limits.max_complexity", Help: "highest cost of an operation, lists counted by their page size", Min: "100", Max: "100000000", Field: func(c *Config) any { return &c.Limits.MaxComplexity }},
		{Path: "limits.max_errors", Help: "most errors in one response; the rest are counted in one more", Field: func(c *Config) any { return &c.Limits.MaxErrors }},
		{Path: "subscriptions.interval", Flag: "subscription-interval", Help: "how often the poller of a tenant's subscription reads the services; a change is pushed at the next poll",
			Positive: true, Min: "100ms", Max: "1h", Field: func(c *Config) any { return &c.Live.Interval }},
		{Path: "subscriptions.max_per_connection", Flag: "subscriptions-per-connection", Help: "most subscriptions on one WebSocket; beyond it TOO_MANY_SUBSCRIPTIONS",
			Positive: true, Min: "1", Max: "1000", Field: func(c *Config) any { return &c.Live.PerConnection }},
		{Path: "subscriptions.max_per_tenant", Flag: "subscriptions-per-tenant", Help: "most subscriptions of one tenant on a replica, over both transports; beyond it TOO_MANY_SUBSCRIPTIONS",
			Positive: true, Min: "1", Max: "1000000", Field: func(c *Config) any { return &c.Live.PerTenant }},
		{Path: "subscriptions.max_pollers_per_tenant", Flag: "subscription-pollers-per-tenant", Help: "most different selections one tenant's subscriptions may ask for at once on a replica, each polled on its own; beyond it TOO_MANY_SUBSCRIPTIONS",
			Positive: true, Min: "1", Max: "10000", Field: func(c *Config) any { return &c.Live.PollersPerTenant }},
		{Path: "subscriptions.keepalive", Flag: "subscription-keepalive", Help: "how often a stream is pinged (SSE: a comment; WebSocket: a ping frame that must be answered)",
			Positive: true, Min: "1s", Max: "10m", Field: func(c *Config) any { return &c.Live.KeepAlive }},
		{Path: "subscriptions.idle_timeout", Flag: "subscription-idle-timeout", Help: "how long a WebSocket with no subscription stays open",
			Positive: true, Min: "1s", Max: "1h", Field: func(c *Config) any { return &c.Live.IdleTimeout }},
		{Path: "subscriptions.buffer", Flag: "subscription-buffer", Help: "updates a subscriber may fall behind before it is dropped with SLOW_CONSUMER",
			Positive: true, Min: "1", Max: "1000", Field: func(c *Config) any { return &c.Live.Buffer }},
		{Path: "subscriptions.max_connections_per_token", Flag: "subscription-connections-per-token", Help: "most SSE streams and WebSockets open with one token on a replica; beyond it TOO_MANY_SUBSCRIPTIONS (0: no cap)",
			Max: "1000000", Field: func(c *Config) any { return &c.Live.PerToken }},
		{Path: "subscriptions.memory_share_per_tenant", Flag: "subscription-memory-share", Help: "share of the memory requests are shed at (half of limits.memory_limit) that one tenant's streams and sockets may hold on a replica, each counted at what it was measured to hold (docs/limits.md); beyond it TOO_MANY_SUBSCRIPTIONS (0: no share)",
			Max: "1", Field: func(c *Config) any { return &c.Live.TenantShare }},
		{Path: "subscriptions.lease", Flag: "subscription-lease", Help: "with Redis, how long one replica polls a subscription's selection for the whole fleet without renewing its lease; a replica that dies is replaced within it and a third of it (0: each replica polls for itself)", Restart: true,
			Min: "300ms", Max: "1m", Field: func(c *Config) any { return &c.Live.Lease }},
		{Path: "mcp.operations", Flag: "mcp-operations", Help: "folder of .graphql files, one named query each, served as MCP tools at /mcp (unset: the demo's revenue, best_sellers, low_stock, occupancy, pending_orders, revenue_change, busy_hours, stock_cover and unusual)", Restart: true,
			Valid: operationsFolder, Field: func(c *Config) any { return &c.MCP.Operations }},
		{Path: "mcp.arbitrary", Flag: "mcp-arbitrary", Help: "serve the run_query MCP tool: any read-only query, limited as /query is",
			Field: func(c *Config) any { return &c.MCP.Arbitrary }},
		{Path: "chat.aliases", Flag: "chat-aliases", Env: "MAITRE_CHAT_ALIASES", Help: "each tenant's own names for its products, categories and tables, as the chat reads them: a mapping of tenant to a mapping of alias to the name in the tenant's data, e.g. bistro: {the usual: Steak Frites, snug: T4} (as JSON in the environment or a flag)",
			Field: func(c *Config) any { return &c.Chat.Aliases }},
		{Path: "caches.query_cache_bytes", Flag: "query-cache-bytes", Env: "MAITRE_QUERY_CACHE_BYTES", Help: "memory for admitted query documents, estimated (at most 1,000 of them; 0: keep none)", Restart: true,
			Min: "1048576", Max: "17179869184", Field: func(c *Config) any { return &c.Limits.QueryCacheBytes }},
		{Path: "caches.persisted_query_cache_bytes", Flag: "persisted-query-cache-bytes", Env: "MAITRE_PERSISTED_QUERY_CACHE_BYTES", Help: "memory for the texts of automatic persisted queries (at most 10,000; 0: keep none)", Restart: true,
			Min: "1048576", Max: "17179869184", Field: func(c *Config) any { return &c.Limits.PersistedQueryBytes }},
		{Path: "closed_days.grace", Flag: "closed-day-grace", Env: "MAITRE_CLOSED_DAY_GRACE", Help: "how long after its local midnight a day may still change (late-synced tickets) before its totals are kept",
			Max: "168h", Field: func(c *Config) any { return &c.ClosedDays.Grace }},
		{Path: "closed_days.ttl", Flag: "closed-day-ttl", Env: "MAITRE_CLOSED_DAY_TTL", Help: "how long a closed day's totals are kept, so that later corrections are seen within it", Restart: true,
			Positive: true, Min: "1m", Max: "720h", Field: func(c *Config) any { return &c.ClosedDays.TTL }},
		{Path: "closed_days.recheck_every", Flag: "closed-day-recheck-every", Env: "MAITRE_CLOSED_DAY_RECHECK_EVERY", Help: "how often one kept day may be read again from its rows in the background, and replaced when they disagree (0: never)",
			Min: "1s", Max: "24h", Field: func(c *Config) any { return &c.ClosedDays.Recheck }},
		{Path: "closed_days.cache_bytes", Flag: "closed-day-cache-bytes", Env: "MAITRE_CLOSED_DAY_CACHE_BYTES", Help: "memory for closed days' totals (0: keep none, read every range from the rows)", Restart: true,
			Min: "1048576", Max: "68719476736", Field: func(c *Config) any { return &c.ClosedDays.MaxBytes }},
		{Path: "redis.url", Flag: "redis-url", Env: "MAITRE_REDIS_URL", Help: "Redis for state shared by replicas (redis:// or rediss://, password and database in the URL), or a Redis Cluster by comma-separated seed URLs; unset keeps every state in process", Restart: true,
			Valid: redisURL, Field: func(c *Config) any { return &c.Redis.URL }},
		{Path: "redis.timeout", Flag: "redis-timeout", Env: "MAITRE_REDIS_TIMEOUT", Help: "bound of each use of Redis; past it the replica's own state answers", Restart: true,
			Positive: true, Min: "1ms", Max: "10s", Field: func(c *Config) any { return &c.Redis.Timeout }},
		{Path: "redis.key", Flag: "redis-key", Env: "MAITRE_REDIS_KEY", Help: "secret the fleet shares, at least 16 bytes: every value written to Redis is signed with it (HMAC-SHA256), and one read that neither it nor the previous key signed is ignored (unset: values read from Redis are trusted)", Restart: true,
			Field: func(c *Config) any { return &c.Redis.Key }},
		{Path: "redis.previous_key", Flag: "redis-previous-key", Env: "MAITRE_REDIS_PREVIOUS_KEY", Help: "a second key whose signatures are accepted, never made: the key being retired, or the next one, during a rotation (docs/deploy.md)", Restart: true,
			Field: func(c *Config) any { return &c.Redis.PreviousKey }},
		{Path: "server.read_header_timeout", Flag: "read-header-timeout", Env: "MAITRE_READ_HEADER_TIMEOUT", Help: "time to read a request's headers", Restart: true,
			Positive: true, Min: "100ms", Max: "1h", Field: func(c *Config) any { return &c.Server.ReadHeaderTimeout }},
		{Path: "server.read_timeout", Flag: "read-timeout", Env: "MAITRE_READ_TIMEOUT", Help: "time to read a whole request", Restart: true,
			Positive: true, Min: "100ms", Max: "1h", Field: func(c *Config) any { return &c.Server.ReadTimeout }},
		{Path: "server.write_timeout", Flag: "write-timeout", Env: "MAITRE_WRITE_TIMEOUT", Help: "time to write a response", Restart: true,
			Positive: true, Min: "100ms", Max: "1h", Field: func(c *Config) any { return &c.Server.WriteTimeout }},
		{Path: "server.idle_timeout", Flag: "idle-timeout", Env: "MAITRE_IDLE_TIMEOUT", Help: "how long an idle keep-alive connection stays open", Restart: true,
			Positive: true, Min: "100ms", Max: "1h", Field: func(c *Config) any { return &c.Server.IdleTimeout }},
		{Path: "server.shutdown_timeout", Flag: "shutdown-timeout", Env: "MAITRE_SHUTDOWN_TIMEOUT", Help: "how long shutdown waits for requests in flight", Restart: true,
			Positive: true, Max: "10m", Field: func(c *Config) any { return &c.Server.ShutdownTimeout }},
		{Path: "telemetry.metrics_listen", Flag: "metrics-listen", Env: "MAITRE_METRICS_LISTEN", Help: "serve /metrics, and the Go profiles at /debug/pprof/, on this address instead of the main listener", Restart: true,
			Valid: address(true), Field: func(c *Config) any { return &c.MetricsListen }},
		{Path: "telemetry.log_level", Flag: "log-level", Env: "MAITRE_LOG_LEVEL", Help: "log level: debug, info, warn or error", Valid: logLevel,
			Field: func(c *Config) any { return &c.LogLevel }},
		{Path: "demo.enabled", Flag: "demo", Env: "MAITRE_DEMO", Help: "start the embedded demo services (default: true when no service URL is set)", Restart: true,
			Field: func(c *Config) any { return &c.Demo.Enabled }},
		{Path: "demo.faults", Flag: "demo-faults", Env: "MAITRE_DEMO_FAULTS", Help: `faults injected into the demo services, e.g. "payments=down,inventory=latency:3s,orders=latency:300ms+error:503"; modes: down, latency:<d>, error:<status>, malformed, reset, partial`, Restart: true,
			Valid: demoFaults, Field: func(c *Config) any { return &c.Demo.Faults }},
		{Path: "demo.now", Flag: "now", Env: "MAITRE_NOW", Help: "pin the clock of the gateway and the demo to this RFC 3339 instant (unset: real time)", Restart: true,
			Valid: instant, Field: func(c *Config) any { return &c.Demo.Now }},
	}...)
	defaults := Defaults()
	for i := range out {
		s := &out[i]
		if s.Flag == "" {
			s.Flag = flagOf(s.Path)
		}
		if s.Env == "" {
			s.Env = "MAITRE_" + strings.ToUpper(strings.ReplaceAll(s.Flag, "-", "_"))
		}
		s.Kind, s.Default = describe(s.Field(defaults))
	}
	return out
}

// Range says which values s takes beyond its kind, "" for any: its
// floor and ceiling, and zero where zero turns it off.
func (s Setting) Range() string {
	var r string
	switch {
	case s.Min != "" && s.Max != "":
		r = "from " + s.Min + " to " + s.Max
	case s.Min != "":
		r = "at least " + s.Min
	case s.Max != "":
		r = "at most " + s.Max
	default:
		return ""
	}
	if !s.Positive && s.Min != "" {
		r = "0 (off) or " + r
	}
	return r
}

// describe is the kind of the field p points to, and its value as a
// setting writes it.
func describe(p any) (Kind, string) {
	switch v := p.(type) {
	case *string:
		return Text, *v
	case *time.Duration:
		return Duration, formatDuration(*v)
	case *int:
		return Integer, strconv.Itoa(*v)
	case *int64:
		return Integer, strconv.FormatInt(*v, 10)
	case *uint32:
		return Integer, strconv.FormatUint(uint64(*v), 10)
	case *float64:
		return Number, strconv.FormatFloat(*v, 'f', -1, 64)
	case *bool:
		return Boolean, strconv.FormatBool(*v)
	case **bool:
		if *v == nil {
			return Boolean, ""
		}
		return Boolean, strconv.FormatBool(**v)
	case *map[string]chat.Aliases:
		return Names, ""
	}
	panic(fmt.Sprintf("config: a setting of type %T", p)) // a new kind of field in this package
}

// formatDuration writes d as its shortest form: 1h, 2m, 800ms.
func formatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
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
