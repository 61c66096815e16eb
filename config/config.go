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

	"github.com/maitre-pos/maitre/clients"
)

// Config is the gateway's configuration.
type Config struct {
	Listen string
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

// DefaultTimeouts are the per-call timeouts when none is configured.
var DefaultTimeouts = map[clients.Service]time.Duration{
	clients.Auth:       300 * time.Millisecond,
	clients.Orders:     800 * time.Millisecond,
	clients.Payments:   800 * time.Millisecond,
	clients.Inventory:  800 * time.Millisecond,
	clients.Restaurant: 800 * time.Millisecond,
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
	for _, s := range clients.Services {
		up := strings.ToUpper(string(s))
		urls[s] = add(string(s)+"-url", "MAITRE_"+up+"_URL", "", fmt.Sprintf("base URL of the %s service (unset: the embedded demo)", s))
		timeouts[s] = add(string(s)+"-timeout", "MAITRE_"+up+"_TIMEOUT", DefaultTimeouts[s].String(), fmt.Sprintf("timeout of one call to the %s service", s))
	}
	demoFlag := add("demo", "MAITRE_DEMO", "", "start the embedded demo services: true or false (default: true when no service URL is set)")
	faults := add("demo-faults", "MAITRE_DEMO_FAULTS", "", `faults injected into the demo services, e.g. "payments=down,inventory=latency:3s,orders=latency:300ms+error:503"; modes: down, latency:<d>, error:<status>, malformed, reset`)
	now := add("now", "MAITRE_NOW", "", "pin the clock of the gateway and the demo to this RFC 3339 instant (unset: real time)")
	level := add("log-level", "MAITRE_LOG_LEVEL", "info", "log level: debug, info, warn or error")
	fs.Usage = func() { usage(out, settings) }
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("config: unexpected argument %q", fs.Arg(0))
	}

	c := &Config{Listen: *listen, DemoFaults: *faults, Endpoints: map[clients.Service]clients.Endpoint{}}
	anyURL := false
	for _, s := range clients.Services {
		d, err := time.ParseDuration(*timeouts[s])
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("config: %s timeout must be a positive duration such as 800ms, got %q", s, *timeouts[s])
		}
		c.Endpoints[s] = clients.Endpoint{URL: *urls[s], Timeout: d}
		anyURL = anyURL || *urls[s] != ""
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

`)
	for _, s := range settings {
		def := s.def
		if def == "" {
			def = "unset"
		}
		fmt.Fprintf(out, "  --%s  (%s, default %s)\n      %s\n", s.flag, s.env, def, s.help)
	}
}

// IsHelp reports whether err is a request for help rather than a failure.
func IsHelp(err error) bool { return errors.Is(err, flag.ErrHelp) }
