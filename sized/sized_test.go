package sized

import (
	"testing"
	"time"
)

func TestBounds(t *testing.T) {
	c := New[string](10, 100, 0)
	c.Add("a", "x", 40)
	c.Add("b", "y", 40)
	c.Add("c", "z", 40) // evicts a
	if _, ok := c.Get("a"); ok {
		t.Errorf("a was kept past the byte budget")
	}
	c.Add("huge", "w", 101)
	if _, ok := c.Get("huge"); ok {
		t.Errorf("a value over the whole budget was kept")
	}
	c.Add("b", "y2", 10)
	if bytes, n := c.Bytes(); bytes != 50 || n != 2 {
		t.Errorf("holds %d bytes in %d values; want 50 in 2", bytes, n)
	}
	c.Remove("c")
	c.Remove("absent")
	if _, ok := c.Get("c"); ok {
		t.Error("c was kept after its removal")
	}
	if bytes, n := c.Bytes(); bytes != 10 || n != 1 {
		t.Errorf("after a removal, holds %d bytes in %d values; want 10 in 1", bytes, n)
	}
}

func TestTTL(t *testing.T) {
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	c := New[int](10, 100, time.Hour)
	c.now = func() time.Time { return now }
	c.Add("a", 1, 10)
	now = now.Add(59 * time.Minute)
	if v, ok := c.Get("a"); !ok || v != 1 {
		t.Fatalf("before its hour: %d, %v", v, ok)
	}
	now = now.Add(time.Minute)
	if _, ok := c.Get("a"); ok {
		t.Error("kept past its hour")
	}
	if bytes, n := c.Bytes(); bytes != 0 || n != 0 {
		t.Errorf("an expired value still counts: %d bytes, %d values", bytes, n)
	}
}
