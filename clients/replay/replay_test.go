package replay

import (
	"io"
	"testing"
)

// TestBodyBytes gives what is left to read, in place.
func TestBodyBytes(t *testing.T) {
	for _, tc := range []struct {
		name string
		read int
		want string
	}{{"unread", 0, `{"a":1}`}, {"part read", 3, `":1}`}, {"all read", 7, ``}} {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBody([]byte(`{"a":1}`))
			if _, err := io.ReadFull(b, make([]byte, tc.read)); err != nil {
				t.Fatal(err)
			}
			if got := string(b.Bytes()); got != tc.want {
				t.Errorf("Bytes() = %q; want %q", got, tc.want)
			}
		})
	}
}
