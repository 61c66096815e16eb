package config

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/clients/breaker"
	"github.com/maitre-pos/maitre/clients/retry"
	"github.com/maitre-pos/maitre/fleet"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/live"
	"github.com/maitre-pos/maitre/throttle"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestParse(t *testing.T) {
	allURLs := map[string]string{
		"MAITRE_AUTH_URL": "http://a", "MAITRE_ORDERS_URL": "http://o", "MAITRE_PAYMENTS_URL": "http://p",
		"MAITRE_INVENTORY_URL": "http://i", "MAITRE_RESTAURANT_URL": "http://r",
	}
	tests := []struct {
		name  string
		args  []string
		vars  map[string]string
		check func(*Config) bool
	}{
		{"defaults", nil, nil, func(c *Config) bool {
			eps := c.Endpoints()
			inv := eps[clients.Inventory]
			return c.Listen == ":4006" && c.DemoOn() && c.Demo.Now == "" && eps[clients.Auth].Timeout == 300*time.Millisecond &&
				eps[clients.Orders].Timeout == 800*time.Millisecond && eps[clients.Orders].Cache.FreshFor == time.Second &&
				inv.Cache.FreshFor == 30*time.Second && inv.Retry.Attempts == 3 && inv.Breaker.Enabled() && inv.Coalesce &&
				c.RequestTimeout == 3*time.Second && c.TenantLimit.Rate == 600 && c.MaxInFlight == 512 && c.MemoryLimit == 112<<20
		}},
		{"urls turn the demo off", nil, allURLs, func(c *Config) bool {
			return !c.DemoOn() && c.Endpoints()[clients.Payments].URL == "http://p"
		}},
		{"flag beats variable", []string{"--listen", ":9000", "--orders-timeout=2s"},
			map[string]string{"MAITRE_LISTEN": ":8000", "MAITRE_ORDERS_TIMEOUT": "1s"}, func(c *Config) bool {
				return c.Listen == ":9000" && c.Endpoints()[clients.Orders].Timeout == 2*time.Second
			}},
		{"variables", nil, map[string]string{"MAITRE_NOW": "2026-11-26T12:00:00Z", "MAITRE_PAYMENTS_TIMEOUT": "1500ms",
			"MAITRE_DEMO_FAULTS": "payments=down"}, func(c *Config) bool {
			return c.Clock()().Equal(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)) &&
				c.Endpoints()[clients.Payments].Timeout == 1500*time.Millisecond && c.Demo.Faults == "payments=down"
		}},
		{"demo beside one real service", nil, map[string]string{"MAITRE_DEMO": "true", "MAITRE_ORDERS_URL": "http://o"}, func(c *Config) bool {
			return c.DemoOn() && c.Endpoints()[clients.Orders].URL == "http://o"
		}},
		{"zero turns a cache off", nil, map[string]string{"MAITRE_ORDERS_CACHE_TTL": "0", "MAITRE_CLOSED_DAY_CACHE_BYTES": "0"}, func(c *Config) bool {
			return c.Endpoints()[clients.Orders].Cache.FreshFor == 0 && c.ClosedDays.MaxBytes == 0
		}},
		{"production", nil, map[string]string{"MAITRE_ENV": "production"}, func(c *Config) bool {
			return c.Limits.Document.NoIntrospection
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(tt.args, env(tt.vars), &bytes.Buffer{})
			if err != nil || !tt.check(c) {
				t.Errorf("%+v, %v", c, err)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		vars map[string]string
		want string
	}{
		{"missing urls", nil, map[string]string{"MAITRE_ORDERS_URL": "http://o"}, "MAITRE_AUTH_URL"},
		{"bad timeout", []string{"--auth-timeout", "soon"}, nil, "--auth-timeout: services.auth.timeout"},
		{"bad ratio", nil, map[string]string{"MAITRE_BREAKER_FAILURE_RATIO": "2"}, "MAITRE_BREAKER_FAILURE_RATIO: breaker.failure_ratio must be at most 1"},
		{"bad rate", nil, map[string]string{"MAITRE_TENANT_RATE": "lots"}, "MAITRE_TENANT_RATE: rate_limits.tenant.rate"},
		{"bad bool", nil, map[string]string{"MAITRE_COALESCE": "maybe"}, "MAITRE_COALESCE"},
		{"zero timeout", nil, map[string]string{"MAITRE_ORDERS_TIMEOUT": "0s"}, "services.orders.timeout must be a positive duration"},
		{"bad now", nil, map[string]string{"MAITRE_NOW": "today"}, "RFC 3339"},
		{"bad demo", nil, map[string]string{"MAITRE_DEMO": "maybe"}, "demo"},
		{"bad level", []string{"--log-level", "loud"}, nil, "--log-level: telemetry.log_level"},
		{"NaN rate", nil, map[string]string{"MAITRE_CLIENT_RATE": "NaN"}, "MAITRE_CLIENT_RATE: rate_limits.client.rate must be a number"},
		{"infinite ratio", nil, map[string]string{"MAITRE_BREAKER_FAILURE_RATIO": "+Inf"}, "breaker.failure_ratio must be a number"},
		{"hex rate", nil, map[string]string{"MAITRE_TENANT_RATE": "0x1p4"}, "rate_limits.tenant.rate must be a number"},
		{"stray argument", []string{"serve"}, nil, "unexpected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.args, env(tt.vars), &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v; want one mentioning %q", err, tt.want)
			}
		})
	}
}

// TestRedisKeys accepts keys of 16 bytes or more, and refuses others
// with a message that never quotes them.
func TestRedisKeys(t *testing.T) {
	tests := []struct {
		name          string
		args          []string
		key, previous string
		want          string // in the error; "" for none
	}{
		{"none", nil, "", "", ""},
		{"a key", nil, "sixteen bytes ok", "", ""},
		{"a key and the previous one", nil, "a new key, long enough", "the old key, long enough", ""},
		{"a short key", nil, "fifteen bytes!!", "", "MAITRE_REDIS_KEY: redis.key must be at least 16 bytes"},
		{"a short key as a flag", []string{"--redis-key", "short"}, "", "", "--redis-key: redis.key must be at least 16 bytes"},
		{"a short previous key", nil, "a new key, long enough", "old", "MAITRE_REDIS_PREVIOUS_KEY: redis.previous_key must be at least 16 bytes"},
		{"a previous key alone", nil, "", "the old key, long enough", "redis.previous_key is set without redis.key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(tt.args, env(map[string]string{"MAITRE_REDIS_KEY": tt.key, "MAITRE_REDIS_PREVIOUS_KEY": tt.previous}), &bytes.Buffer{})
			switch {
			case tt.want == "" && (err != nil || c.Redis.Key != tt.key || c.Redis.PreviousKey != tt.previous):
				t.Errorf("%+v, %v; want the keys", c, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v; want one mentioning %q", err, tt.want)
			}
			secrets := []string{tt.key, tt.previous}
			if len(tt.args) == 2 {
				secrets = append(secrets, tt.args[1]) // the flag's value
			}
			for _, secret := range secrets {
				if err != nil && secret != "" && strings.Contains(err.Error(), secret) {
					t.Errorf("error %v quotes the key %q", err, secret)
				}
			}
		})
	}
}

func TestHelpNamesEverySetting(t *testing.T) {
	var out bytes.Buffer
	_, err := Parse([]string{"--help"}, env(nil), &out)
	if !IsHelp(err) {
		t.Fatalf("--help: %v", err)
	}
	for _, name := range []string{"MAITRE_LISTEN", "MAITRE_AUTH_URL", "MAITRE_ORDERS_URL", "MAITRE_PAYMENTS_URL",
		"MAITRE_INVENTORY_URL", "MAITRE_RESTAURANT_URL", "MAITRE_RESTAURANT_TIMEOUT", "MAITRE_DEMO", "MAITRE_DEMO_FAULTS", "MAITRE_NOW"} {
		if !strings.Contains(out.String(), name) {
			t.Errorf("--help does not mention %s", name)
		}
	}
}

// TestDefaultsAreTheComponents: the configuration with nothing set is
// the components' own defaults, not values typed here again.
func TestDefaultsAreTheComponents(t *testing.T) {
	c, err := Parse(nil, env(nil), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{"gateway.DefaultLimits", c.Limits == gateway.DefaultLimits},
		{"live.Defaults", c.Live == live.Defaults},
		{"gateway.DefaultClosedDays", c.ClosedDays == gateway.DefaultClosedDays},
		{"retry.Defaults", c.Retry == retry.Defaults},
		{"breaker.Defaults", c.Breaker == breaker.Defaults},
		{"auth.Defaults", c.Auth.MaxTTL == auth.Defaults.MaxTTL},
		{"throttle defaults", c.ClientLimit == throttle.DefaultClientLimit && c.TenantLimit == throttle.DefaultTenantLimit && c.MaxInFlight == throttle.DefaultMaxInFlight},
		{"fleet.DefaultTimeout", c.Redis.Timeout == fleet.DefaultTimeout},
		{"gateway.DefaultRequestTimeout", c.RequestTimeout == gateway.DefaultRequestTimeout},
		{"clients.DefaultParallelWindows", c.ParallelWindows == clients.DefaultParallelWindows},
	}
	for s, ep := range c.Endpoints() {
		d := clients.Defaults[s]
		checks = append(checks, struct {
			name string
			ok   bool
		}{"clients.Defaults[" + string(s) + "]", ep.Timeout == d.Timeout && ep.Cache == d.Cache})
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("the default configuration differs from %s", c.name)
		}
	}
}

// TestBounds: values outside a setting's floor and ceiling are refused
// by name, zero stays "off" where it is, and every duration, rate and
// memory setting has bounds.
func TestBounds(t *testing.T) {
	tests := []struct {
		vars map[string]string
		want string // "" for accepted
	}{
		{map[string]string{"MAITRE_SUBSCRIPTION_INTERVAL": "1ms"}, "subscriptions.interval must be from 100ms to 1h"},
		{map[string]string{"MAITRE_MEMORY_LIMIT": "1"}, "limits.memory_limit must be 0 (off) or from 33554432"},
		{map[string]string{"MAITRE_MEMORY_LIMIT": "1000"}, "limits.memory_limit must be 0 (off) or from 33554432"},
		{map[string]string{"MAITRE_MEMORY_LIMIT": "0"}, ""},
		{map[string]string{"MAITRE_REQUEST_TIMEOUT": "1ns"}, "request_timeout must be from 10ms to 5m"},
		{map[string]string{"MAITRE_TENANT_RATE": "1e9"}, "rate_limits.tenant.rate must be at most 1000000"},
		{map[string]string{"MAITRE_TENANT_RATE": "0"}, ""},
		{map[string]string{"MAITRE_ORDERS_STALE_FOR": "48h"}, "services.orders.stale_for must be at most 24h"},
		{map[string]string{"MAITRE_CLOSED_DAY_RECHECK_EVERY": "1ms"}, "closed_days.recheck_every must be 0 (off) or from 1s to 24h"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.vars), func(t *testing.T) {
			_, err := Parse(nil, env(tt.vars), &bytes.Buffer{})
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("error %v; want %q", err, tt.want)
			}
		})
	}
	for _, s := range Settings() {
		memory := strings.Contains(s.Path, "bytes") || strings.Contains(s.Path, "memory")
		if (s.Kind == Duration || s.Kind == Number || memory) && s.Max == "" {
			t.Errorf("%s has no ceiling", s.Path)
		}
	}
}
