package dataloaders

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func TestMemo(t *testing.T) {
	ctx := context.Background()
	t.Run("each key read once, however asked", func(t *testing.T) {
		var reads atomic.Int32
		release := make(chan struct{})
		m := memo(func(_ context.Context, k string) (string, error) {
			reads.Add(1)
			<-release
			return strings.ToUpper(k), nil
		})
		later := m.Load(ctx, "a") // started, not waited for
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				if v, err := m.Get(ctx, "a"); v != "A" || err != nil {
					t.Errorf("Get = %q, %v", v, err)
				}
			})
		}
		close(release)
		wg.Wait()
		if v, err := later(); v != "A" || err != nil {
			t.Errorf("Load's value = %q, %v", v, err)
		}
		if v, _ := m.Get(ctx, "b"); v != "B" {
			t.Errorf("Get(b) = %q", v)
		}
		if n := reads.Load(); n != 2 {
			t.Errorf("2 keys read %d times", n)
		}
	})
	t.Run("a panic is the read's error, for every caller", func(t *testing.T) {
		m := memo(func(context.Context, int) (int, error) { panic("boom") })
		if _, err := m.Load(ctx, 1)(); err == nil || !strings.Contains(err.Error(), "boom") {
			t.Errorf("Load: %v", err)
		}
		if _, err := m.Get(ctx, 1); err == nil {
			t.Error("Get after the panic: no error")
		}
		if _, err := m.Get(ctx, 2); err == nil {
			t.Error("Get of a key that panics in the caller's goroutine: no error")
		}
	})
}
