package chat

import (
	"context"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/maitre-pos/maitre/sized"
)

// A tenant's misses: the last questions the chat did not understand, so
// that the owner of a deployment sees which words to add (chat.aliases).
// Each is cut to maxMiss bytes and a tenant keeps missesKept; in process,
// the misses of at most missTenants tenants and missBytes bytes are kept,
// the least recently asked forgotten first.
const (
	maxMiss     = 200
	missesKept  = 50
	missTenants = 10_000
	missBytes   = 8 << 20
	missTTL     = 7 * 24 * time.Hour
)

// Miss is a question not understood, as kept.
type Miss struct {
	Question string    `json:"question"`
	At       time.Time `json:"at"`
}

// Misses keeps each tenant's misses in process and, when shared is set,
// where every replica reads them. Two replicas adding at the same instant
// may lose one of the two: a list to read, not a ledger.
type Misses struct {
	mu     sync.Mutex // orders this replica's adds
	local  *sized.Cache[[]Miss]
	shared Shared
}

// NewMisses returns an empty store; shared may be nil.
func NewMisses(shared Shared) *Misses {
	return &Misses{local: sized.New[[]Miss](missTenants, missBytes, missTTL), shared: shared}
}

// missKey names a tenant's misses in the shared store.
func missKey(tenant string) string { return "misses:" + tenant }

// Add keeps question, cut to maxMiss bytes, as the tenant's newest miss.
func (m *Misses) Add(ctx context.Context, tenant, question string, at time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	list := append([]Miss{{Question: cut(question, maxMiss), At: at.UTC()}}, m.List(ctx, tenant)...)
	list = list[:min(len(list), missesKept)]
	size := int64(len(tenant))
	for _, x := range list {
		size += int64(len(x.Question)) + 32
	}
	m.local.Add(tenant, list, size)
	if m.shared != nil {
		m.shared.Put(ctx, missKey(tenant), list, missTTL)
	}
}

// List is the tenant's misses, newest first: the shared store's while it
// answers, else this replica's.
func (m *Misses) List(ctx context.Context, tenant string) []Miss {
	var list []Miss
	if m.shared != nil && m.shared.Get(ctx, missKey(tenant), &list) {
		return valid(list)
	}
	list, _ = m.local.Get(tenant)
	return list
}

// valid keeps what a store read back may hold: at most missesKept
// misses, each at most maxMiss bytes (JSON decodes to UTF-8).
func valid(list []Miss) []Miss {
	out := make([]Miss, 0, min(len(list), missesKept))
	for _, x := range list {
		if len(out) < missesKept && len(x.Question) <= maxMiss {
			out = append(out, x)
		}
	}
	return out
}

// cut is s cut to at most n bytes, on a rune boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
