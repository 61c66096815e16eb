package app

import (
	"bytes"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/maitre-pos/maitre/config"
)

// TestRedisKeyWarning: an app sharing a Redis without a key warns, once,
// that what it reads there is trusted; with a key it does not, and no
// line shows the key.
func TestRedisKeyWarning(t *testing.T) {
	const key = "a key of more than sixteen bytes"
	tests := []struct {
		name, key string
		warns     int
	}{
		{"no key", "", 1},
		{"a key", key, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := map[string]string{"MAITRE_REDIS_URL": "redis://127.0.0.1:1/0", "MAITRE_REDIS_KEY": tt.key}
			for _, s := range []string{"AUTH", "ORDERS", "PAYMENTS", "INVENTORY", "RESTAURANT"} {
				vars["MAITRE_"+s+"_URL"] = "http://127.0.0.1:1"
			}
			cfg, err := config.Parse(nil, func(k string) string { return vars[k] }, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			a, err := New(cfg, Options{Log: slog.New(slog.NewTextHandler(&logs, nil))})
			if err != nil {
				t.Fatal(err)
			}
			a.Close()
			if n := strings.Count(logs.String(), "values read from Redis are trusted unsigned"); n != tt.warns {
				t.Errorf("%d warnings; want %d:\n%s", n, tt.warns, logs.String())
			}
			if strings.Contains(logs.String(), key) {
				t.Errorf("the key is logged:\n%s", logs.String())
			}
		})
	}
}
