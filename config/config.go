// Package config reads maitre's settings from flags, MAITRE_* environment
// variables and a YAML file, in that order of precedence, all described
// by one table of settings (Settings).
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/admit"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/clients/breaker"
	"github.com/maitre-pos/maitre/clients/cache"
	"github.com/maitre-pos/maitre/clients/retry"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/live"
	"github.com/maitre-pos/maitre/throttle"
)

// Config is the gateway's configuration.
type Config struct {
	Listen string
	// RequestTimeout bounds a whole request; every downstream call gets
	// the smaller of its own timeout and the time left.
	RequestTimeout time.Duration
	// ClientLimit applies per client address before authentication,
	// TenantLimit per tenant after it.
	ClientLimit, TenantLimit throttle.Limit
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
	// ClosedDayRecheck spaces the re-reads of kept days; 0 makes none.
	ClosedDayGrace, ClosedDayTTL, ClosedDayRecheck time.Duration
	ClosedDayBytes                                 int64
	Document                                       admit.Limits
	MaxComplexity, MaxErrors                       int
	QueryCacheBytes, PersistedQueryBytes           int64
	// Subscriptions paces and bounds subscriptions.
	Subscriptions live.Limits
	// MCPOperations is the folder of safelisted operations, "" for the
	// demo's; MCPArbitrary turns run_query on.
	MCPOperations string
	MCPArbitrary  bool
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
	// RedisURL, when set, shares state among replicas; RedisTimeout
	// bounds each use of it.
	RedisURL     string
	RedisTimeout time.Duration
	// File is the configuration file read, "" for none.
	File   string
	values *values
}

// Clock returns the configured clock.
func (c *Config) Clock() func() time.Time {
	if c.Now.IsZero() {
		return time.Now
	}
	now := c.Now
	return func() time.Time { return now }
}

// Parse reads the settings from args (without the program name), the
// environment through getenv and the configuration file either names:
// a flag wins over its variable, a variable over the file, the file over
// the default. It returns flag.ErrHelp after writing usage to out for
// -h/--help.
func Parse(args []string, getenv func(string) string, out io.Writer) (*Config, error) {
	v, err := read(args, getenv, out)
	if err != nil {
		return nil, err
	}
	return v.config()
}

// read gathers every setting's value and where it came from.
func read(args []string, getenv func(string) string, out io.Writer) (*values, error) {
	settings := Settings()
	fs := flag.NewFlagSet("maitre", flag.ContinueOnError)
	fs.SetOutput(out)
	file := fs.String("config", getenv("MAITRE_CONFIG"), "")
	flags := map[string]*string{}
	for _, s := range settings {
		flags[s.Flag] = fs.String(s.Flag, "", s.Help)
	}
	fs.Usage = func() { usage(out, settings) }
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("config: unexpected argument %q", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	v := &values{v: map[string]string{}, from: map[string]string{}, file: *file}
	for _, s := range settings {
		v.set(s.Path, s.Default, "default")
	}
	if *file != "" {
		kept, err := readFile(*file)
		if err != nil {
			return nil, err
		}
		for path, fv := range kept {
			v.set(path, fv.value, fmt.Sprintf("%s:%d", *file, fv.line))
		}
		v.fileKeys = len(kept)
	}
	for _, s := range settings {
		if e := getenv(s.Env); e != "" {
			v.set(s.Path, e, s.Env)
		}
		if set[s.Flag] {
			v.set(s.Path, *flags[s.Flag], "--"+s.Flag)
		}
	}
	return v, nil
}

// config builds the Config that v describes.
func (v *values) config() (*Config, error) {
	env := v.text("env")
	c := &Config{
		File:             v.file,
		values:           v,
		Listen:           v.text("listen"),
		DemoFaults:       v.text("demo.faults"),
		Endpoints:        map[clients.Service]clients.Endpoint{},
		RequestTimeout:   v.duration("request_timeout", true),
		ClientLimit:      throttle.Limit{Rate: v.float("rate_limits.client.rate"), Burst: v.int("rate_limits.client.burst")},
		TenantLimit:      throttle.Limit{Rate: v.float("rate_limits.tenant.rate"), Burst: v.int("rate_limits.tenant.burst")},
		MaxInFlight:      v.int("limits.max_in_flight"),
		MetricsListen:    v.text("telemetry.metrics_listen"),
		Production:       env == "production",
		MaxBodyBytes:     int64(v.int("limits.max_body_bytes")),
		MemoryLimit:      int64(v.int("limits.memory_limit")),
		ParallelWindows:  v.int("services.parallel_windows"),
		ClosedDayGrace:   v.duration("closed_days.grace", false),
		ClosedDayTTL:     v.duration("closed_days.ttl", true),
		ClosedDayRecheck: v.duration("closed_days.recheck_every", false),
		ClosedDayBytes:   int64(v.int("closed_days.cache_bytes")),
		RedisURL:         v.text("redis.url"),
		RedisTimeout:     v.duration("redis.timeout", true),
		Document: admit.Limits{
			MaxTokens: v.int("limits.max_tokens"), MaxNesting: v.int("limits.max_nesting"),
			MaxNameBytes: v.int("limits.max_name_bytes"), MaxStringBytes: v.int("limits.max_string_bytes"),
			MaxOperations: v.int("limits.max_operations"), MaxErrors: v.int("limits.max_errors"),
			MaxDepth: v.int("limits.max_depth"), MaxIntrospectionDepth: v.int("limits.max_introspection_depth"),
			MaxFields: v.int("limits.max_fields"), MaxSelections: v.int("limits.max_selections"),
			MaxRootFields: v.int("limits.max_root_fields"), MaxDirectives: v.int("limits.max_directives"),
			MaxAliases: v.int("limits.max_aliases"), MaxFragments: v.int("limits.max_fragments"),
			MaxValidationWork: v.int("limits.max_validation_work"), NoIntrospection: env == "production",
		},
		MaxComplexity:       v.int("limits.max_complexity"),
		MaxErrors:           v.int("limits.max_errors"),
		QueryCacheBytes:     int64(v.int("caches.query_cache_bytes")),
		PersistedQueryBytes: int64(v.int("caches.persisted_query_cache_bytes")),
		Subscriptions: live.Limits{Interval: v.duration("subscriptions.interval", true), KeepAlive: v.duration("subscriptions.keepalive", true),
			IdleTimeout: v.duration("subscriptions.idle_timeout", true), PerConnection: v.int("subscriptions.max_per_connection"),
			PerTenant: v.int("subscriptions.max_per_tenant"), Buffer: v.int("subscriptions.buffer"),
			PollersPerTenant: v.int("subscriptions.max_pollers_per_tenant")},
		ReadHeaderTimeout: v.duration("server.read_header_timeout", true),
		ReadTimeout:       v.duration("server.read_timeout", true),
		WriteTimeout:      v.duration("server.write_timeout", true),
		IdleTimeout:       v.duration("server.idle_timeout", true),
		ShutdownTimeout:   v.duration("server.shutdown_timeout", true),
	}
	if env != "production" && env != "development" {
		v.fail("env", "development or production")
	}
	policy := clients.Endpoint{
		Retry: retry.Config{Attempts: v.int("retry.attempts"), BaseDelay: v.duration("retry.base_delay", false),
			MaxDelay: v.duration("retry.max_delay", false)},
		Breaker: breaker.Config{FailureRatio: v.float("breaker.failure_ratio"), MinRequests: v.uint32("breaker.min_requests"),
			Window: v.duration("breaker.window", true), OpenFor: v.duration("breaker.open_for", true),
			Probes: v.uint32("breaker.probes")},
		Coalesce: v.bool("services.coalesce"),
	}
	if policy.Breaker.FailureRatio > 1 {
		v.fail("breaker.failure_ratio", "0 to 1")
	}
	anyURL := false
	for _, s := range clients.Services {
		base := "services." + string(s) + "."
		ep := policy
		ep.URL = v.text(base + "url")
		ep.Timeout = v.duration(base+"timeout", true)
		ep.Cache = cache.Config{FreshFor: v.duration(base+"cache_ttl", false), StaleFor: v.duration(base+"stale_for", false)}
		c.Endpoints[s] = ep
		anyURL = anyURL || ep.URL != ""
	}
	c.Demo = !anyURL
	if v.text("demo.enabled") != "" {
		c.Demo = v.bool("demo.enabled")
	}
	if now := v.text("demo.now"); now != "" {
		t, err := time.Parse(time.RFC3339, now)
		if err != nil {
			v.fail("demo.now", "RFC 3339 such as 2026-11-26T12:00:00Z")
		}
		c.Now = t
	}
	if _, err := faults.Parse(c.DemoFaults); err != nil {
		v.fail("demo.faults", "faults such as payments=down,orders=latency:300ms ("+err.Error()+")")
	}
	v.address("listen", false)
	v.address("telemetry.metrics_listen", true)
	if u := c.RedisURL; u != "" && !strings.HasPrefix(u, "redis://") && !strings.HasPrefix(u, "rediss://") && !strings.HasPrefix(u, "unix://") {
		v.fail("redis.url", "a redis://, rediss:// or unix:// URL")
	}
	if err := c.LogLevel.UnmarshalText([]byte(v.text("telemetry.log_level"))); err != nil {
		v.fail("telemetry.log_level", "debug, info, warn or error")
	}
	if v.err != nil {
		return nil, v.err
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
	return c, nil
}

func usage(out io.Writer, settings []Setting) {
	fmt.Fprint(out, `maitre: a GraphQL gateway over the restaurant's auth, orders, payments,
inventory and restaurant services.

Usage:
  maitre [flags]                serve GraphQL at /query and the playground at /
  maitre demo [flags]           serve only the demo services on 127.0.0.1:4001-4005
  maitre config check FILE      validate a configuration file without starting
  maitre config defaults        print a configuration file with every default

  --config FILE  (MAITRE_CONFIG)
      read settings from this YAML file, and reload it when it changes or on
      SIGHUP; every flag below is a key in it (see maitre config defaults)

Every flag can also be set by its environment variable; the flag wins over
the variable, the variable over the file. Traces follow the standard OTEL_*
variables: OTEL_TRACES_EXPORTER=console prints spans;
OTEL_EXPORTER_OTLP_ENDPOINT (with OTEL_EXPORTER_OTLP_PROTOCOL grpc or
http/protobuf) sends them to a collector; by default none are kept.

`)
	for _, s := range settings {
		def := s.Default
		if def == "" {
			def = "unset"
		}
		fmt.Fprintf(out, "  --%s  (%s, %s, default %s)\n      %s\n", s.Flag, s.Env, s.Path, def, s.Help)
	}
}

// Breaker is the breaker policy shared by every service.
func (c *Config) Breaker() breaker.Config { return c.Endpoints[clients.Auth].Breaker }

// values holds every setting's value as text, where it came from, and
// the first error met reading them.
type values struct {
	v, from  map[string]string
	file     string
	fileKeys int // settings the file gave
	err      error
}

func (v *values) set(path, value, from string) { v.v[path], v.from[path] = value, from }

func (v *values) fail(path, want string) {
	if v.err == nil {
		v.err = fmt.Errorf("config: %s: %s must be %s, got %q", v.from[path], path, want, v.v[path])
	}
}

func (v *values) text(path string) string {
	if _, ok := v.v[path]; !ok {
		panic("config: no setting " + path) // a typo in this package
	}
	return v.v[path]
}

func (v *values) duration(path string, positive bool) time.Duration {
	d, err := time.ParseDuration(v.text(path))
	if err != nil || d < 0 || positive && d == 0 {
		want := "a duration such as 800ms"
		if positive {
			want = "a positive duration such as 800ms"
		}
		v.fail(path, want)
	}
	return d
}

// maxInt bounds whole-number settings, so that none overflows where it is
// used (a body limit plus one): a petabyte is more than any would ask.
const maxInt = 1 << 50

func (v *values) int(path string) int { return v.bounded(path, maxInt) }

// uint32 reads a count kept in 32 bits.
func (v *values) uint32(path string) uint32 { return uint32(v.bounded(path, math.MaxUint32)) }

func (v *values) bounded(path string, most int) int {
	n, err := strconv.Atoi(v.text(path))
	if err != nil || n < 0 || n > most {
		v.fail(path, fmt.Sprintf("a whole number from 0 to %d", most))
	}
	return n
}

func (v *values) float(path string) float64 {
	f, err := strconv.ParseFloat(v.text(path), 64)
	if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) || strings.ContainsAny(v.text(path), "xXpP") {
		v.fail(path, "a number, 0 or more")
	}
	return f
}

// address checks a host:port to listen on ("" allowed when optional).
func (v *values) address(path string, optional bool) {
	a := v.text(path)
	if optional && a == "" {
		return
	}
	if _, port, err := net.SplitHostPort(a); err != nil || port == "" {
		v.fail(path, "an address to listen on such as :4006 or 127.0.0.1:4006")
	}
}

func (v *values) bool(path string) bool {
	b, err := strconv.ParseBool(v.text(path))
	if err != nil {
		v.fail(path, "true or false")
	}
	return b
}

// IsHelp reports whether err is a request for help rather than a failure.
func IsHelp(err error) bool { return errors.Is(err, flag.ErrHelp) }

// Reload reads the settings again, as Parse would with the same args and
// environment, for a running gateway whose settings are old. Settings a
// reload cannot change keep old's values, and their paths are returned.
func Reload(old *Config, args []string, getenv func(string) string) (*Config, []string, error) {
	v, err := read(args, getenv, io.Discard)
	if err != nil {
		return nil, nil, err
	}
	if v.file != "" && v.fileKeys == 0 {
		// Most often a file caught between its truncation and its writing.
		return nil, nil, fmt.Errorf("config: %s sets nothing; a reload needs at least one setting (restart to run on the defaults)", v.file)
	}
	// The whole file must be valid, the settings kept until a restart too.
	if _, err := v.config(); err != nil {
		return nil, nil, err
	}
	var kept []string
	for _, s := range Settings() {
		if s.Restart && v.v[s.Path] != old.values.v[s.Path] {
			v.set(s.Path, old.values.v[s.Path], old.values.from[s.Path])
			kept = append(kept, s.Path)
		}
	}
	c, err := v.config()
	return c, kept, err
}

// Changed lists the settings whose values differ between old and c.
func (c *Config) Changed(old *Config) []string {
	var out []string
	for _, s := range Settings() {
		if c.values.v[s.Path] != old.values.v[s.Path] {
			out = append(out, s.Path)
		}
	}
	return out
}
