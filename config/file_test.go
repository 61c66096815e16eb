package config

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func writeFile(t *testing.T, text string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "maitre.yaml")
	if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestFile(t *testing.T) {
	name := writeFile(t, `
listen: ":5000"
services:
  orders:
    timeout: 2s
    cache_ttl: 0
  payments:
    url: ~
retry:
  attempts: 5
rate_limits:
  tenant: {rate: 12.5, burst: 20}
limits:
  max_depth: 9
telemetry:
  log_level: debug
`)
	tests := []struct {
		name  string
		args  []string
		vars  map[string]string
		check func(*Config) bool
	}{
		{"the file over the defaults", []string{"--config", name}, nil, func(c *Config) bool {
			o := c.Endpoints()[clients.Orders]
			return c.Listen == ":5000" && o.Timeout == 2*time.Second && o.Cache.FreshFor == 0 && o.Retry.Attempts == 5 &&
				c.TenantLimit.Rate == 12.5 && c.TenantLimit.Burst == 20 && c.Limits.Document.MaxDepth == 9 && c.Level().String() == "DEBUG" &&
				c.Endpoints()[clients.Payments].Timeout == 800*time.Millisecond && c.DemoOn() && c.File == name
		}},
		{"MAITRE_CONFIG names the file", nil, map[string]string{"MAITRE_CONFIG": name}, func(c *Config) bool {
			return c.Listen == ":5000"
		}},
		{"a variable over the file", []string{"--config", name}, map[string]string{"MAITRE_ORDERS_TIMEOUT": "3s"}, func(c *Config) bool {
			return c.Endpoints()[clients.Orders].Timeout == 3*time.Second
		}},
		{"a flag over the variable", []string{"--config", name, "--orders-timeout", "4s"}, map[string]string{"MAITRE_ORDERS_TIMEOUT": "3s"}, func(c *Config) bool {
			return c.Endpoints()[clients.Orders].Timeout == 4*time.Second
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(tt.args, env(tt.vars), &bytes.Buffer{})
			if err != nil || !tt.check(c) {
				t.Errorf("got %+v, %v", c, err)
			}
		})
	}
}

func TestFileErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"unknown key", "services:\n  orders:\n    timout: 2s\n", "maitre.yaml:3: unknown setting services.orders.timout"},
		{"unknown group", "limits:\n  max_depth: 3\nredis_url: x\n", "maitre.yaml:3: unknown setting redis_url"},
		{"a duration as a number", "request_timeout: 3\n", "maitre.yaml:1: request_timeout must be a duration such as 800ms, got 3"},
		{"a bad duration", "breaker:\n  window: soon\n", "maitre.yaml:2: breaker.window must be a duration such as 800ms, got soon"},
		{"a number as text", "limits:\n  max_depth: \"9\"\n", `maitre.yaml:2: limits.max_depth must be a whole number, got "9"`},
		{"a fraction for a count", "limits:\n  max_depth: 9.5\n", "maitre.yaml:2: limits.max_depth must be a whole number, got 9.5"},
		{"text as a boolean", "services:\n  coalesce: yes please\n", "maitre.yaml:2: services.coalesce must be true or false"},
		{"a setting as a group", "retry:\n  attempts:\n    n: 3\n", "maitre.yaml:3: retry.attempts must be a whole number"},
		{"a group as a setting", "services: 3\n", "maitre.yaml:1: services must be a mapping of settings"},
		{"a list", "- listen\n", "maitre.yaml:1: the file must be a mapping of settings"},
		{"bad YAML", "listen: \":1\"\n  retry: 2\n", "maitre.yaml:2:3: value is not allowed"},
		{"a duplicate key", "listen: \":1\"\nlisten: \":2\"\n", "maitre.yaml:2:"},
		{"a bad value the kind allows", "services:\n  orders:\n    timeout: 0s\n", "maitre.yaml:3: services.orders.timeout must be a positive duration"},
		{"a dotted key", "limits:\n  max_depth: 5\nlimits.max_depth: 9\n", "maitre.yaml:3: unknown setting limits.max_depth: settings nest"},
		{"a second document", "limits: {max_depth: 5}\n---\nlimits: {max_depth: 7}\n", "maitre.yaml:3: a configuration is one YAML document"},
		{"brackets too deep", "limits: " + strings.Repeat("{a: ", 30) + "1" + strings.Repeat("}", 30) + "\n", "maitre.yaml:1: brackets nested more than 8 deep"},
		{"too large", "# " + strings.Repeat("x", 300<<10) + "\n", "a configuration file is at most"},
		{"a body limit that overflows", "limits: {max_body_bytes: 9223372036854775807}\n", "limits.max_body_bytes must be a whole number from 0 to"},
		{"a count past 32 bits", "breaker: {min_requests: 4294967296}\n", "breaker.min_requests must be a whole number from 0 to 4294967295"},
		{"unknown faults", "demo: {faults: payments=explode}\n", "demo.faults must be faults"},
		{"no listen address", "listen: \"\"\n", "listen must be an address"},
		{"a listen address without a port", "listen: nonsense\n", "listen must be an address"},
		{"not a Redis URL", "redis: {url: \"mysql://x\"}\n", "redis.url must be a redis://"},
		{"aliases as a list", "chat:\n  aliases: [a, b]\n", "maitre.yaml:2: chat.aliases must be a mapping of tenant to a mapping of alias to name"},
		{"a tenant's aliases as text", "chat:\n  aliases:\n    bistro: steak\n", "maitre.yaml:3: chat.aliases.bistro must be a mapping of alias to name"},
		{"an alias to a number", "chat:\n  aliases:\n    bistro: {seven: 7}\n", "maitre.yaml:3: the alias \"seven\" of chat.aliases.bistro must name"},
		{"an alias too long", "chat:\n  aliases:\n    bistro: {" + strings.Repeat("x", 101) + ": Steak Frites}\n", "chat.aliases must be a mapping of tenant to a mapping of alias to the name in the tenant's data, each alias and name 1 to 100 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]string{"--config", writeFile(t, tt.text)}, env(nil), &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v; want an error containing %q", err, tt.want)
			}
		})
	}
	if _, err := Parse([]string{"--config", "/nonexistent/maitre.yaml"}, env(nil), &bytes.Buffer{}); err == nil {
		t.Error("a missing file was accepted")
	}
}

// TestAliases reads a tenant's aliases from the file, the environment
// and a flag, to the same mapping.
func TestAliases(t *testing.T) {
	want := map[string]map[string]string{"bistro": {"the usual": "Steak Frites", "snug": "T4"}, "cafe": {"flatty": "Flat White"}}
	file := writeFile(t, "chat:\n  aliases:\n    bistro:\n      the usual: Steak Frites\n      snug: T4\n    cafe: {flatty: Flat White}\n")
	js := `{"bistro":{"the usual":"Steak Frites","snug":"T4"},"cafe":{"flatty":"Flat White"}}`
	tests := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"file", []string{"--config", file}, nil},
		{"environment", nil, map[string]string{"MAITRE_CHAT_ALIASES": js}},
		{"flag", []string{"--chat-aliases", js}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(tt.args, env(tt.env), &bytes.Buffer{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]map[string]string{}
			for tenant, as := range c.Chat.Aliases {
				got[tenant] = as
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("aliases %v; want %v", got, want)
			}
		})
	}
}

// TestFileNotRegular: a FIFO, a device or a directory is refused at once,
// without waiting for a writer or reading forever.
func TestFileNotRegular(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "maitre.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{fifo, "/dev/zero", t.TempDir()} {
		t.Run(name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() { _, err := Parse([]string{"--config", name}, env(nil), &bytes.Buffer{}); done <- err }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), "not a regular file") {
					t.Errorf("got %v; want it refused as not a regular file", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("reading it did not end")
			}
		})
	}
}

// TestDefaults pins every default: the file maitre config defaults prints
// is kept in testdata, and read back it configures exactly what no file
// does.
func TestDefaults(t *testing.T) {
	var b bytes.Buffer
	if err := WriteDefaults(&b); err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/defaults.yaml", b.Bytes())
	name := writeFile(t, b.String())
	fromFile, err := Parse([]string{"--config", name}, env(nil), &bytes.Buffer{})
	if err != nil {
		t.Fatalf("the defaults file: %v", err)
	}
	plain, err := Parse(nil, env(nil), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	fromFile.File, fromFile.values, plain.values = "", nil, nil
	if !reflect.DeepEqual(fromFile, plain) {
		t.Errorf("the defaults file configures\n%+v\nwhere no file configures\n%+v", fromFile, plain)
	}
	// Every setting is in the file, as a key of its own.
	for _, s := range Settings() {
		parts := strings.Split(s.Path, ".")
		if !strings.Contains(b.String(), "\n"+strings.Repeat("  ", len(parts)-1)+parts[len(parts)-1]+": ") {
			t.Errorf("%s is not in the defaults file", s.Path)
		}
	}
}

func TestSchema(t *testing.T) {
	got, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "../docs/config.schema.json", append(got, '\n'))
	var schema struct {
		Properties map[string]struct {
			Properties map[string]json.RawMessage
		}
	}
	if err := json.Unmarshal(got, &schema); err != nil {
		t.Fatal(err)
	}
	if _, ok := schema.Properties["services"].Properties["orders"]; !ok {
		t.Errorf("the schema has no services.orders: %s", got)
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (go test ./config -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date: go test ./config -update rewrites it, then review the diff", name)
	}
}

func TestReload(t *testing.T) {
	name := writeFile(t, "listen: \":5000\"\nservices:\n  orders:\n    timeout: 2s\n")
	args := []string{"--config", name}
	old, err := Parse(args, env(nil), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte("listen: \":6000\"\nservices:\n  orders:\n    timeout: 1s\nredis:\n  url: redis://127.0.0.1:1/0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, kept, err := Reload(old, args, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != ":5000" || c.Redis.URL != "" || c.Endpoints()[clients.Orders].Timeout != time.Second {
		t.Errorf("after reload: listen %q, redis %q, orders timeout %v; want :5000, none, 1s", c.Listen, c.Redis.URL, c.Endpoints()[clients.Orders].Timeout)
	}
	if got := strings.Join(kept, ","); got != "listen,redis.url" {
		t.Errorf("kept %s; want listen,redis.url", got)
	}

	// Refused: a file that sets nothing (caught between its truncation
	// and its writing), and an invalid value even of a setting a reload
	// keeps, for the next restart would fail on it.
	for _, text := range []string{"", "# nothing yet\n", "closed_days: {ttl: 0s}\n", "subscriptions: {interval: 1ms}\n", "limits: {memory_limit: 1000}\n"} {
		if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, _, err := Reload(old, args, env(nil)); err == nil {
			t.Errorf("a reload of %q was applied; want it refused", text)
		}
	}
}
