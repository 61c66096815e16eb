package chat

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/maitre-pos/maitre/sized"
)

// ConversationKey names one conversation of one user of one tenant: an
// ID sent by anyone else finds nothing.
type ConversationKey struct {
	Tenant, User, ID string
}

// Conversations keep each conversation's last asks, so that a follow-up
// ("and yesterday?") can change them. The in-process store is
// MemoryConversations; a shared one can stand in for it.
type Conversations interface {
	Load(ctx context.Context, key ConversationKey) ([]Ask, bool)
	Save(ctx context.Context, key ConversationKey, asks []Ask)
}

// ConversationTTL is how long a conversation waits for its next question.
const ConversationTTL = 30 * time.Minute

// memoryConversations keeps conversations in an expiring LRU, counted
// one unit each.
type memoryConversations struct {
	lru *sized.Cache[[]Ask]
}

// MemoryConversations keeps at most size conversations in process, each
// for ttl after its last question.
func MemoryConversations(size int, ttl time.Duration) Conversations {
	return memoryConversations{sized.New[[]Ask](size, int64(size), ttl)}
}

func (m memoryConversations) Load(_ context.Context, key ConversationKey) ([]Ask, bool) {
	return m.lru.Get(sharedKey(key))
}

func (m memoryConversations) Save(_ context.Context, key ConversationKey, asks []Ask) {
	m.lru.Add(sharedKey(key), asks, 1)
}

// Shared is a store that every replica reads: Redis, for a fleet.
type Shared interface {
	Get(ctx context.Context, key string, v any) bool
	Put(ctx context.Context, key string, v any, ttl time.Duration)
}

// SharedConversations keeps conversations in shared, where every replica
// reads the latest, and in local, which answers while shared cannot.
func SharedConversations(shared Shared, local Conversations, ttl time.Duration) Conversations {
	return sharedConversations{shared, local, ttl}
}

type sharedConversations struct {
	shared Shared
	local  Conversations
	ttl    time.Duration
}

// sharedKey names a conversation in a store keyed by strings.
func sharedKey(k ConversationKey) string {
	b, _ := json.Marshal([]string{k.Tenant, k.User, k.ID})
	return string(b)
}

// Load reads the shared store first: the next question of a conversation
// may come to another replica than the last.
func (c sharedConversations) Load(ctx context.Context, k ConversationKey) ([]Ask, bool) {
	var asks []Ask
	if !c.shared.Get(ctx, sharedKey(k), &asks) {
		// Not shared (flushed, evicted, restarted, saved during an outage),
		// or unreadable: this replica's copy, if it has one.
		return c.local.Load(ctx, k)
	}
	if asks == nil {
		asks = []Ask{}
	}
	return asks, true
}

func (c sharedConversations) Save(ctx context.Context, k ConversationKey, asks []Ask) {
	c.local.Save(ctx, k, asks)
	c.shared.Put(ctx, sharedKey(k), asks, c.ttl)
}

// newConversationID is an opaque, unguessable ID.
func newConversationID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
