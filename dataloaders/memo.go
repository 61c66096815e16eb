package dataloaders

import (
	"context"
	"fmt"
	"sync"
)

// Memo reads each distinct key once for the rest of the request: the
// loader of list reads, pages and totals, which never batch. Unlike a
// dataloader with a batch of one, it starts no batch window (a goroutine,
// a timer and channels for every key): Get reads in the caller's
// goroutine, and only Load, which starts a read to collect later, starts
// one.
type Memo[K comparable, V any] struct {
	fetch func(context.Context, K) (V, error)
	mu    sync.Mutex
	reads map[K]*read[V]
}

type read[V any] struct {
	done chan struct{}
	v    V
	err  error
}

func memo[K comparable, V any](fetch func(context.Context, K) (V, error)) *Memo[K, V] {
	return &Memo[K, V]{fetch: fetch, reads: map[K]*read[V]{}}
}

// Get returns key's value, reading it now unless it is read or on its way.
func (m *Memo[K, V]) Get(ctx context.Context, key K) (V, error) {
	r, started := m.start(key)
	if started {
		m.run(ctx, key, r)
	}
	<-r.done
	return r.v, r.err
}

// Load starts reading key unless it is read or on its way, and returns
// the function that waits for its value: for reads started together.
func (m *Memo[K, V]) Load(ctx context.Context, key K) func() (V, error) {
	r, started := m.start(key)
	if started {
		go m.run(ctx, key, r)
	}
	return func() (V, error) {
		<-r.done
		return r.v, r.err
	}
}

func (m *Memo[K, V]) start(key K) (*read[V], bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r, ok := m.reads[key]; ok {
		return r, false
	}
	r := &read[V]{done: make(chan struct{})}
	m.reads[key] = r
	return r, true
}

// run reads key into r; a panic is the read's error, as gqlgen reports a
// resolver's, rather than the process's end or a wait without end.
func (m *Memo[K, V]) run(ctx context.Context, key K, r *read[V]) {
	defer close(r.done)
	defer func() {
		if p := recover(); p != nil {
			r.err = fmt.Errorf("dataloaders: read panicked: %v", p)
		}
	}()
	r.v, r.err = m.fetch(ctx, key)
}
