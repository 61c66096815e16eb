// Package config reads maitre's settings from flags, MAITRE_* environment
// variables and a YAML file, in that order of precedence, into the
// components' own settings: one table (Settings) binds each setting's
// name to its field, and the components own the defaults (Defaults).
package config

import (
	"encoding/json"
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

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/chat"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/clients/breaker"
	"github.com/maitre-pos/maitre/clients/retry"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/fleet"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/live"
	"github.com/maitre-pos/maitre/throttle"
)

// Config is the gateway's configuration. A zero setting turns what it
// sets off, as it does in the component that reads it.
type Config struct {
	Listen string
	// Env is development or production; production turns introspection
	// off.
	Env string
	// RequestTimeout bounds a whole request; every downstream call gets
	// the smaller of its own timeout and the time left.
	RequestTimeout time.Duration
	// Auth tunes how long verified tokens are trusted.
	Auth auth.Config
	// ClientLimit applies per client address before authentication,
	// TenantLimit per tenant after it.
	ClientLimit, TenantLimit throttle.Limit
	// MaxInFlight caps requests being served; beyond it, 503 at once.
	MaxInFlight int
	// MemoryLimit is the process's soft memory limit; new requests are
	// shed while the live heap is above half of it.
	MemoryLimit int64
	// Services holds each service's URL ("" when unset), timeout and
	// caches; Endpoints adds the policies they share.
	Services map[clients.Service]*clients.Endpoint
	Coalesce bool
	// ParallelWindows caps the windows of a long list in flight per
	// service.
	ParallelWindows int
	Retry           retry.Config
	Breaker         breaker.Config
	// Limits bound each request (docs/limits.md).
	Limits     gateway.Limits
	Live       live.Limits
	ClosedDays gateway.ClosedDays
	MCP        MCP
	Chat       Chat
	Redis      Redis
	Server     Server
	// MetricsListen, when set, serves /metrics on its own address instead
	// of the main listener.
	MetricsListen string
	LogLevel      string
	Demo          Demo
	// File is the configuration file read, "" for none.
	File   string
	values *values
}

// Chat configures the chat's reading of questions.
type Chat struct {
	// Aliases are each tenant's own names for its products, categories
	// and tables, by tenant.
	Aliases map[string]chat.Aliases
}

// MCP configures the tools served to agents.
type MCP struct {
	// Operations is the folder of safelisted operations, "" for the
	// demo's; Arbitrary turns run_query on.
	Operations string
	Arbitrary  bool
}

// Redis names the Redis a fleet shares, "" for none, and bounds each use.
// Key signs what the fleet writes there and PreviousKey is accepted too,
// during a rotation; "" for none. They are secrets: no message shows them.
type Redis struct {
	URL              string
	Timeout          time.Duration
	Key, PreviousKey string
}

// Server holds the HTTP server's timeouts, and how long shutdown waits
// for requests in flight.
type Server struct {
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout, ShutdownTimeout time.Duration
}

// Demo configures the embedded demo services.
type Demo struct {
	// Enabled starts them for every service without a URL; nil decides by
	// whether any URL is set (On).
	Enabled *bool
	// Faults is injected into them (package faults).
	Faults string
	// Now pins the clock of the gateway and the demo, RFC 3339; "" is
	// real time.
	Now string
}

// Defaults is the configuration with nothing set: the components' own
// defaults, and the server's.
func Defaults() *Config {
	c := &Config{
		Listen:          ":4006",
		Env:             "development",
		RequestTimeout:  gateway.DefaultRequestTimeout,
		Auth:            auth.Defaults,
		ClientLimit:     throttle.DefaultClientLimit,
		TenantLimit:     throttle.DefaultTenantLimit,
		MaxInFlight:     throttle.DefaultMaxInFlight,
		MemoryLimit:     112 << 20, // peak RSS under 150 MB in the soak, beside a busy core too (docs/benchmarks.md)
		Services:        map[clients.Service]*clients.Endpoint{},
		Coalesce:        true,
		ParallelWindows: clients.DefaultParallelWindows,
		Retry:           retry.Defaults,
		Breaker:         breaker.Defaults,
		Limits:          gateway.DefaultLimits,
		Live:            live.Defaults,
		ClosedDays:      gateway.DefaultClosedDays,
		Redis:           Redis{Timeout: fleet.DefaultTimeout},
		Server: Server{ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second, WriteTimeout: 30 * time.Second,
			IdleTimeout: 2 * time.Minute, ShutdownTimeout: 10 * time.Second},
		LogLevel: "info",
	}
	for _, s := range clients.Services {
		ep := clients.Defaults[s]
		c.Services[s] = &ep
	}
	return c
}

// Endpoints are the services' endpoints: each one's URL, timeout and
// caches, and the policies they share.
func (c *Config) Endpoints() map[clients.Service]clients.Endpoint {
	out := make(map[clients.Service]clients.Endpoint, len(c.Services))
	for s, ep := range c.Services {
		e := *ep
		e.Retry, e.Breaker, e.Coalesce = c.Retry, c.Breaker, c.Coalesce
		out[s] = e
	}
	return out
}

// DemoOn reports whether the demo services start: as Demo.Enabled says,
// or when no service has a URL.
func (c *Config) DemoOn() bool {
	if c.Demo.Enabled != nil {
		return *c.Demo.Enabled
	}
	for _, ep := range c.Services {
		if ep.URL != "" {
			return false
		}
	}
	return true
}

// Clock returns the configured clock.
func (c *Config) Clock() func() time.Time {
	if c.Demo.Now == "" {
		return time.Now
	}
	now, _ := time.Parse(time.RFC3339, c.Demo.Now) // valid: instant checked it
	return func() time.Time { return now }
}

// Level is the log level.
func (c *Config) Level() slog.Level {
	var l slog.Level
	_ = l.UnmarshalText([]byte(c.LogLevel)) // valid: logLevel checked it
	return l
}

// Parse reads the settings from args (without the program name), the
// environment through getenv and the configuration file either names:
// a flag wins over its variable, a variable over the file, the file over
// the default. It returns flag.ErrHelp after writing the settings to out
// for -h/--help.
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
	fs.Usage = func() { WriteUsage(out) }
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

// config builds the Config that v describes: each setting parsed into
// its field, then the checks that span settings.
func (v *values) config() (*Config, error) {
	c := Defaults()
	c.File, c.values = v.file, v
	for _, s := range Settings() {
		text := v.v[s.Path]
		want := parse(s.Field(c), text, s.Positive)
		if want == "" {
			want = within(s.Field(c), s)
		}
		if want == "" && s.Valid != nil {
			want = s.Valid(text)
		}
		if want != "" {
			return nil, v.fail(s.Path, want)
		}
	}
	if err := v.redisKeys(c.Redis); err != nil {
		return nil, err
	}
	c.Limits.Document.NoIntrospection = c.Env == "production"
	if !c.DemoOn() {
		var missing []string
		for _, s := range clients.Services {
			if c.Services[s].URL == "" {
				missing = append(missing, "MAITRE_"+strings.ToUpper(string(s))+"_URL")
			}
		}
		if len(missing) > 0 {
			return nil, fmt.Errorf("config: demo is off, so set %s", strings.Join(missing, ", "))
		}
	}
	return c, nil
}

// maxInt bounds whole-number settings, so that none overflows where it is
// used (a body limit plus one): a petabyte is more than any would ask.
const maxInt = 1 << 50

// parse sets the field p points to from text, returning what the text
// must be when it is not that.
func parse(p any, text string, positive bool) string {
	switch f := p.(type) {
	case *string:
		*f = text
	case *time.Duration:
		d, err := time.ParseDuration(text)
		if err != nil || d < 0 || positive && d == 0 {
			if positive {
				return "a positive duration such as 800ms"
			}
			return "a duration such as 800ms"
		}
		*f = d
	case *int, *int64, *uint32:
		most := int64(maxInt)
		if _, ok := p.(*uint32); ok {
			most = math.MaxUint32
		}
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil || n < 0 || n > most || positive && n == 0 {
			lowest := 0
			if positive {
				lowest = 1
			}
			return fmt.Sprintf("a whole number from %d to %d", lowest, most)
		}
		switch f := p.(type) {
		case *int:
			*f = int(n)
		case *int64:
			*f = n
		case *uint32:
			*f = uint32(n)
		}
	case *float64:
		n, err := strconv.ParseFloat(text, 64)
		if err != nil || n < 0 || math.IsInf(n, 0) || math.IsNaN(n) || strings.ContainsAny(text, "xXpP") || positive && n == 0 {
			return "a number, 0 or more"
		}
		*f = n
	case *bool:
		b, err := strconv.ParseBool(text)
		if err != nil {
			return "true or false"
		}
		*f = b
	case **bool:
		if text == "" {
			*f = nil
			return ""
		}
		b, err := strconv.ParseBool(text)
		if err != nil {
			return "true or false"
		}
		*f = &b
	case *map[string]chat.Aliases:
		return parseAliases(f, text)
	}
	return ""
}

// Bounds of the chat's aliases: words a person types, not a catalog.
const (
	maxAliases     = 10_000
	maxAliasLength = 100
)

// parseAliases reads aliases written as JSON, as the file's mapping is
// kept and as an environment variable or a flag gives them.
func parseAliases(f *map[string]chat.Aliases, text string) string {
	const want = "a mapping of tenant to a mapping of alias to the name in the tenant's data"
	*f = nil
	if text == "" {
		return ""
	}
	var m map[string]chat.Aliases
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		return want
	}
	n := 0
	for tenant, as := range m {
		for said, name := range as {
			n++
			if tenant == "" || strings.TrimSpace(said) == "" || strings.TrimSpace(name) == "" || len(said) > maxAliasLength || len(name) > maxAliasLength {
				return fmt.Sprintf("%s, each alias and name 1 to %d characters", want, maxAliasLength)
			}
		}
	}
	if n > maxAliases {
		return fmt.Sprintf("%s, at most %d aliases", want, maxAliases)
	}
	*f = m
	return ""
}

// within checks the value p points to against s's bounds, returning what
// it must be when it is not within them. A zero that turns the setting
// off is allowed unless s is Positive.
func within(p any, s Setting) string {
	if s.Min == "" && s.Max == "" {
		return ""
	}
	var v, lo, hi float64
	lo, hi = math.Inf(-1), math.Inf(1)
	read := func(text string) float64 { // a bound of this package's own table
		if _, ok := p.(*time.Duration); ok {
			n, _ := time.ParseDuration(text)
			return float64(n)
		}
		n, _ := strconv.ParseFloat(text, 64)
		return n
	}
	switch f := p.(type) {
	case *time.Duration:
		v = float64(*f)
	case *int:
		v = float64(*f)
	case *int64:
		v = float64(*f)
	case *uint32:
		v = float64(*f)
	case *float64:
		v = *f
	default:
		return ""
	}
	if s.Min != "" {
		lo = read(s.Min)
	}
	if s.Max != "" {
		hi = read(s.Max)
	}
	if v == 0 && !s.Positive || v >= lo && v <= hi {
		return ""
	}
	return s.Range()
}

// oneOf accepts only the given words.
func oneOf(words ...string) func(string) string {
	return func(s string) string {
		for _, w := range words {
			if s == w {
				return ""
			}
		}
		return strings.Join(words, " or ")
	}
}

// address accepts a host:port to listen on ("" too when optional).
func address(optional bool) func(string) string {
	return func(a string) string {
		if optional && a == "" {
			return ""
		}
		if _, port, err := net.SplitHostPort(a); err != nil || port == "" {
			return "an address to listen on such as :4006 or 127.0.0.1:4006"
		}
		return ""
	}
}

func redisURL(u string) string {
	if u != "" && !strings.HasPrefix(u, "redis://") && !strings.HasPrefix(u, "rediss://") && !strings.HasPrefix(u, "unix://") {
		return "a redis://, rediss:// or unix:// URL"
	}
	return ""
}

// redisKeys checks the keys here, not as a setting's Valid, whose message
// would quote the value: it says what is wrong with a key, never the key.
func (v *values) redisKeys(r Redis) error {
	for _, k := range []struct{ path, key string }{{"redis.key", r.Key}, {"redis.previous_key", r.PreviousKey}} {
		if k.key != "" && len(k.key) < fleet.MinKeyBytes {
			return fmt.Errorf("config: %s: %s must be at least %d bytes (openssl rand -base64 32 makes one); it has %d",
				v.from[k.path], k.path, fleet.MinKeyBytes, len(k.key))
		}
	}
	if r.Key == "" && r.PreviousKey != "" {
		return fmt.Errorf("config: %s: redis.previous_key is set without redis.key: set the key that signs, and the previous one only during a rotation", v.from["redis.previous_key"])
	}
	return nil
}

func logLevel(s string) string {
	var l slog.Level
	if l.UnmarshalText([]byte(s)) != nil {
		return "debug, info, warn or error"
	}
	return ""
}

func demoFaults(s string) string {
	if _, err := faults.Parse(s); err != nil {
		return "faults such as payments=down,orders=latency:300ms (" + err.Error() + ")"
	}
	return ""
}

func instant(s string) string {
	if _, err := time.Parse(time.RFC3339, s); s != "" && err != nil {
		return "RFC 3339 such as 2026-11-26T12:00:00Z"
	}
	return ""
}

// WriteUsage writes every setting: its flag, variable, path, default and
// what it does.
func WriteUsage(out io.Writer) {
	fmt.Fprint(out, `Settings (flags; each also an environment variable and a key of the file):

  --config FILE  (MAITRE_CONFIG)
      read settings from this YAML file, and reload it when it changes or on
      SIGHUP; every flag below is a key in it (see maitre config defaults)

Every flag can also be set by its environment variable; the flag wins over
the variable, the variable over the file. Traces follow the standard OTEL_*
variables: OTEL_TRACES_EXPORTER=console prints spans;
OTEL_EXPORTER_OTLP_ENDPOINT (with OTEL_EXPORTER_OTLP_PROTOCOL grpc or
http/protobuf) sends them to a collector; by default none are kept.

`)
	for _, s := range Settings() {
		def := s.Default
		if def == "" {
			def = "unset"
		}
		fmt.Fprintf(out, "  --%s  (%s, %s, default %s)\n      %s\n", s.Flag, s.Env, s.Path, def, s.Help)
	}
}

// values holds every setting's value as text, and where it came from.
type values struct {
	v, from  map[string]string
	file     string
	fileKeys int // settings the file gave
}

func (v *values) set(path, value, from string) { v.v[path], v.from[path] = value, from }

func (v *values) fail(path, want string) error {
	return fmt.Errorf("config: %s: %s must be %s, got %q", v.from[path], path, want, v.v[path])
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
