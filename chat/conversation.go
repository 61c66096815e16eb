package chat

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
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

// memoryConversations keeps conversations in an expiring LRU.
type memoryConversations struct {
	lru *expirable.LRU[ConversationKey, []Ask]
}

// MemoryConversations keeps at most size conversations in process, each
// for ttl after its last question.
func MemoryConversations(size int, ttl time.Duration) Conversations {
	return memoryConversations{expirable.NewLRU[ConversationKey, []Ask](size, nil, ttl)}
}

func (m memoryConversations) Load(_ context.Context, key ConversationKey) ([]Ask, bool) {
	return m.lru.Get(key)
}

func (m memoryConversations) Save(_ context.Context, key ConversationKey, asks []Ask) {
	m.lru.Add(key, asks)
}

// newConversationID is an opaque, unguessable ID.
func newConversationID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
