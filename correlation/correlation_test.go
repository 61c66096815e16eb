package correlation

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

func TestSane(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"abc-123_X.y", true},
		{strings.Repeat("a", 64), true},
		{strings.Repeat("a", 65), false},
		{"", false},
		{"a b", false},
		{"a/b", false},
		{"é", false},
		{"a\nb", false},
	}
	for _, tt := range tests {
		if got := Sane(tt.id); got != tt.want {
			t.Errorf("Sane(%q) = %v; want %v", tt.id, got, tt.want)
		}
	}
	if id := New(); !Sane(id) || id == New() {
		t.Errorf("New() = %q: not sane or not fresh", id)
	}
}

func TestLogHandler(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(LogHandler{slog.NewJSONHandler(&buf, nil)}).With("component", "test")
	log.InfoContext(With(context.Background(), "corr-9"), "hello")
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatal(err)
	}
	if line["correlation_id"] != "corr-9" || line["component"] != "test" {
		t.Errorf("log line %v; want correlation_id corr-9 and component test", line)
	}
}
