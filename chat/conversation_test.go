package chat

import (
	"context"
	"encoding/json"
	"testing"
	"time"
)

// TestKnownAsks checks what a stored conversation is trusted with: only
// intents this build knows, the last maxAsks of them.
func TestKnownAsks(t *testing.T) {
	many := make([]Ask, maxAsks+3)
	for i := range many {
		many[i] = Ask{Intent: Tables}
	}
	tests := []struct {
		name string
		in   []Ask
		want int // -1: nil, a new conversation
	}{
		{"none stored", nil, -1},
		{"stored empty", []Ask{}, 0},
		{"only unknown intents", []Ask{{Intent: "bogus"}}, -1},
		{"unknown dropped", []Ask{{Intent: "bogus"}, {Intent: Tables}}, 1},
		{"too many", many, maxAsks},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := knownAsks(tt.in)
			if tt.want == -1 && got != nil || tt.want >= 0 && (got == nil || len(got) != tt.want) {
				t.Errorf("got %v; want %d asks", got, tt.want)
			}
			for _, a := range got {
				if _, ok := registry[a.Intent]; !ok {
					t.Errorf("kept unknown intent %q", a.Intent)
				}
			}
		})
	}
}

// mapShared is a Shared store in a map, down when asked to be.
type mapShared struct {
	m    map[string][]byte
	down bool
}

func (s *mapShared) Get(_ context.Context, key string, v any) bool {
	b, ok := s.m[key]
	return !s.down && ok && json.Unmarshal(b, v) == nil
}

func (s *mapShared) Put(_ context.Context, key string, v any, _ time.Duration) {
	if !s.down {
		s.m[key], _ = json.Marshal(v)
	}
}

// TestSharedConversations: a conversation saved on one replica is loaded
// on another, never for another user; while the shared store is down,
// each replica answers from its own copy.
func TestSharedConversations(t *testing.T) {
	ctx := context.Background()
	shared := &mapShared{m: map[string][]byte{}}
	a := SharedConversations(shared, MemoryConversations(10, time.Hour), time.Hour)
	b := SharedConversations(shared, MemoryConversations(10, time.Hour), time.Hour)
	key := ConversationKey{Tenant: "bistro", User: "u1", ID: "c1"}
	a.Save(ctx, key, []Ask{{Intent: Revenue}})
	if asks, ok := b.Load(ctx, key); !ok || len(asks) != 1 || asks[0].Intent != Revenue {
		t.Errorf("across replicas: %+v, %v", asks, ok)
	}
	other := key
	other.User = "u2"
	if _, ok := b.Load(ctx, other); ok {
		t.Error("another user's conversation was found")
	}
	shared.down = true
	a.Save(ctx, key, []Ask{{Intent: Tables}})
	if asks, ok := a.Load(ctx, key); !ok || asks[0].Intent != Tables {
		t.Errorf("shared store down, own copy: %+v, %v", asks, ok)
	}
}
