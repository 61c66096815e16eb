package admit

import (
	"context"
	"sync"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// Cache is an LRU bounded in entries and in bytes, for values whose size
// the caller knows: one giant value cannot hold memory that a thousand
// small ones would share. It is safe for concurrent use.
type Cache[V any] struct {
	mu       sync.Mutex
	lru      *simplelru.LRU[string, sized[V]]
	bytes    int64
	maxBytes int64
}

type sized[V any] struct {
	v    V
	size int64
}

// NewCache returns a cache of at most entries values and maxBytes bytes.
func NewCache[V any](entries int, maxBytes int64) *Cache[V] {
	c := &Cache[V]{maxBytes: maxBytes}
	c.lru, _ = simplelru.NewLRU[string, sized[V]](max(entries, 1), func(_ string, s sized[V]) { c.bytes -= s.size })
	return c
}

// Get returns the value kept for key.
func (c *Cache[V]) Get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.lru.Get(key)
	return s.v, ok
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
	c.lru.Add(key, sized[V]{v, size})
	c.bytes += size
	for c.bytes > c.maxBytes {
		c.lru.RemoveOldest()
	}
}

// Bytes returns the bytes held and the number of values.
func (c *Cache[V]) Bytes() (int64, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes, c.lru.Len()
}

// PersistedQueries keeps the query texts of automatic persisted queries
// by their SHA-256, for the queries that were admitted. The in-process
// one is a Cache; a shared store can stand in for it.
type PersistedQueries interface {
	Get(ctx context.Context, hash string) (string, bool)
	Add(ctx context.Context, hash, query string)
}

// memoryQueries keeps persisted queries in a Cache.
type memoryQueries struct{ c *Cache[string] }

// NewPersistedQueries returns an in-process store of at most entries
// queries and maxBytes bytes of text.
func NewPersistedQueries(entries int, maxBytes int64) PersistedQueries {
	return memoryQueries{NewCache[string](entries, maxBytes)}
}

func (m memoryQueries) Get(_ context.Context, hash string) (string, bool) { return m.c.Get(hash) }

func (m memoryQueries) Add(_ context.Context, hash, query string) {
	m.c.Add(hash, query, int64(len(hash)+len(query)))
}
