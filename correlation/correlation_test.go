package correlation

import (
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
