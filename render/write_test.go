package render

import (
	"reflect"
	"testing"
)

// TestText holds what a bound method appends to the quoting of quote:
// in place when nothing needs escaping, escaped as gqlgen escapes when
// something does.
func TestText(t *testing.T) {
	for _, s := range []string{"", "1234.50", "$1,234.50", "€1", `X"Y 1.00`, "a\\b", "tab\there", "\x01\n"} {
		t.Run(s, func(t *testing.T) {
			w := &buffer{b: []byte("{")}
			write := text(func(_ reflect.Value, dst []byte) []byte { return append(dst, s...) })
			if !write(w, reflect.Value{}) {
				t.Fatal("refused")
			}
			if want := "{" + quoted(s); string(w.b) != want {
				t.Errorf("wrote %q, want %q", w.b, want)
			}
		})
	}
}
