package live

import (
	"context"
	"time"
)

// timer is a time.Timer that a zero duration turns off: its channel is
// never ready, and Reset and Stop do nothing.
type timer struct{ t *time.Timer }

func newTimer(d time.Duration) timer {
	if d <= 0 {
		return timer{}
	}
	return timer{time.NewTimer(d)}
}

func (t timer) C() <-chan time.Time {
	if t.t == nil {
		return nil
	}
	return t.t.C
}

func (t timer) Reset(d time.Duration) {
	if t.t != nil {
		t.t.Reset(d)
	}
}

func (t timer) Stop() {
	if t.t != nil {
		t.t.Stop()
	}
}

// ticker is a time.Ticker that a zero period turns off.
type ticker struct{ t *time.Ticker }

func newTicker(d time.Duration) ticker {
	if d <= 0 {
		return ticker{}
	}
	return ticker{time.NewTicker(d)}
}

func (t ticker) C() <-chan time.Time {
	if t.t == nil {
		return nil
	}
	return t.t.C
}

func (t ticker) Stop() {
	if t.t != nil {
		t.t.Stop()
	}
}

// deadline is d from now, or none for zero.
func deadline(d time.Duration) time.Time {
	if d <= 0 {
		return time.Time{}
	}
	return time.Now().Add(d)
}

// withTimeout is context.WithTimeout, a zero d being none.
func withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}
