package admit

import (
	"context"

	"github.com/maitre-pos/maitre/sized"
)

// PersistedQueries keeps the query texts of automatic persisted queries
// by their SHA-256, for the queries that were admitted. The in-process
// one is a sized.Cache; a shared store can stand in for it.
type PersistedQueries interface {
	Get(ctx context.Context, hash string) (string, bool)
	Add(ctx context.Context, hash, query string)
}

// memoryQueries keeps persisted queries in a Cache.
type memoryQueries struct{ c *sized.Cache[string] }

// NewPersistedQueries returns an in-process store of at most entries
// queries and maxBytes bytes of text.
func NewPersistedQueries(entries int, maxBytes int64) PersistedQueries {
	return memoryQueries{sized.New[string](entries, maxBytes, 0)}
}

func (m memoryQueries) Get(_ context.Context, hash string) (string, bool) { return m.c.Get(hash) }

func (m memoryQueries) Add(_ context.Context, hash, query string) {
	m.c.Add(hash, query, int64(len(hash)+len(query)))
}
