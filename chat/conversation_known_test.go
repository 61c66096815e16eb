package chat

import "testing"

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
