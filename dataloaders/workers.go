package dataloaders

import "time"

// A prefetching call runs on a goroutine kept from one call to the next:
// a fresh one would grow its stack to a downstream call's depth, copied
// at each doubling, on every call (3% of the orders page's CPU). Kept
// goroutines end after idleFor without work, so an idle gateway holds
// none.
var calls = pool{jobs: make(chan func())}

const idleFor = 2 * time.Second

type pool struct{ jobs chan func() }

// run runs f on an idle kept goroutine, or on a new one that is kept
// after it.
func (p pool) run(f func()) {
	select {
	case p.jobs <- f:
	default:
		go p.work(f)
	}
}

func (p pool) work(f func()) {
	idle := time.NewTimer(idleFor)
	defer idle.Stop()
	for {
		f()
		idle.Reset(idleFor)
		select {
		case f = <-p.jobs:
		case <-idle.C:
			return
		}
	}
}
