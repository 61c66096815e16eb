package chat

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// planted is a shared store holding whatever was written to it, as a
// Redis anyone can write to would.
type planted map[string][]byte

func (p planted) Get(_ context.Context, key string, v any) bool {
	raw, ok := p[key]
	return ok && json.Unmarshal(raw, v) == nil
}

func (p planted) Put(_ context.Context, key string, v any, _ time.Duration) {
	p[key], _ = json.Marshal(v)
}

// TestMisses: the newest first, each cut to maxMiss bytes on a rune
// boundary, missesKept at most; what the shared store gives back is held
// to the same bounds, whoever wrote it.
func TestMisses(t *testing.T) {
	ctx, at := context.Background(), time.Date(2026, 12, 7, 20, 0, 0, 0, time.UTC)
	store := planted{}
	m := NewMisses(store)
	for i := range missesKept + 5 {
		m.Add(ctx, "bistro", strings.Repeat("x", i), at)
	}
	m.Add(ctx, "bistro", strings.Repeat("é", 150), at)
	got := m.List(ctx, "bistro")
	if len(got) != missesKept || got[0].Question != strings.Repeat("é", maxMiss/2) || got[1].Question != strings.Repeat("x", missesKept+4) {
		t.Errorf("%d misses, the newest %q and %q", len(got), got[0].Question, got[1].Question)
	}
	if other := m.List(ctx, "cafe"); len(other) != 0 {
		t.Errorf("another tenant has %d misses", len(other))
	}

	cases := []struct {
		name, planted string
		want          int
	}{
		{"too many", `[` + strings.Repeat(`{"question":"q"},`, 80) + `{"question":"q"}]`, missesKept},
		{"too long", `[{"question":"` + strings.Repeat("a", maxMiss+1) + `"},{"question":"ok"}]`, 1},
		{"not a list", `{"question":"q"}`, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			store[missKey("izakaya")] = []byte(c.planted)
			if got := m.List(ctx, "izakaya"); len(got) != c.want {
				t.Errorf("%d misses read back; want %d", len(got), c.want)
			}
		})
	}
}
