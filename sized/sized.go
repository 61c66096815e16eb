// Package sized is an LRU cache bounded in bytes as well as in entries,
// for values whose size the caller knows, with an optional time to live:
// one giant value cannot hold the memory a thousand small ones would
// share.
package sized

import (
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// Cache is safe for concurrent use.
type Cache[V any] struct {
	mu       sync.Mutex
	lru      *simplelru.LRU[string, entry[V]]
	bytes    int64
	maxBytes int64
	ttl      time.Duration
	now      func() time.Time
}

type entry[V any] struct {
	v       V
	size    int64
	expires time.Time // zero: never
}

// New returns a cache of at most entries values and maxBytes bytes, each
// kept for ttl at most (0: until evicted).
func New[V any](entries int, maxBytes int64, ttl time.Duration) *Cache[V] {
	c := &Cache[V]{maxBytes: maxBytes, ttl: ttl, now: time.Now}
	c.lru, _ = simplelru.NewLRU[string, entry[V]](max(entries, 1), func(_ string, e entry[V]) { c.bytes -= e.size })
	return c
}

// Get returns the value kept for key, if it has not expired.
func (c *Cache[V]) Get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.lru.Get(key)
	if ok && !e.expires.IsZero() && !c.now().Before(e.expires) {
		c.lru.Remove(key)
		var zero V
		return zero, false
	}
	return e.v, ok
}

// Add keeps v for key, counting size bytes for it (the key included),
// and forgets the least recently used values until the total fits. A
// value larger than the whole budget is not kept.
func (c *Cache[V]) Add(key string, v V, size int64) {
	if size > c.maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.lru.Peek(key); ok {
		c.bytes -= old.size
	}
	e := entry[V]{v: v, size: size}
	if c.ttl > 0 {
		e.expires = c.now().Add(c.ttl)
	}
	c.lru.Add(key, e)
	c.bytes += size
	for c.bytes > c.maxBytes {
		c.lru.RemoveOldest()
	}
}

// Remove forgets key's value.
func (c *Cache[V]) Remove(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Remove(key) // the eviction callback uncounts its bytes
}

// Bytes returns the bytes held and the number of values.
func (c *Cache[V]) Bytes() (int64, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes, c.lru.Len()
}
