package gateway

import (
	"cmp"
	"time"

	"github.com/maitre-pos/maitre/admit"
	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/chat"
	"github.com/maitre-pos/maitre/days"
	"github.com/maitre-pos/maitre/fleet"
	"github.com/maitre-pos/maitre/reports"
)

// State is what a gateway keeps across a reload of its settings: the
// verified tokens, chat conversations, persisted queries and closed days.
// The settings that size it are read once, when it is made.
type State struct {
	verifier      *auth.Verifier
	persisted     admit.PersistedQueries
	conversations chat.Conversations
	orders        days.Store[reports.OrderTotals]
	payments      days.Store[reports.PaymentTotals]
}

// NewState makes the state o asks for, shared with the other replicas
// when o.Fleet is set.
func NewState(o Options) (*State, error) {
	o.Auth.Now = o.Now
	if o.Auth.Now == nil {
		o.Auth.Now = time.Now
	}
	verifier, err := auth.NewVerifier(o.Clients.Auth, o.Auth)
	if err != nil {
		return nil, err
	}
	lim := o.Limits.withDefaults()
	st := &State{
		verifier:      verifier,
		persisted:     admit.NewPersistedQueries(10_000, lim.PersistedQueryBytes),
		conversations: chat.MemoryConversations(10_000, chat.ConversationTTL),
	}
	if o.Fleet != nil {
		st.persisted = o.Fleet.PersistedQueries(st.persisted, 7*24*time.Hour)
		st.conversations = o.Fleet.Conversations(st.conversations, chat.ConversationTTL)
	}
	st.orders, st.payments = o.ClosedDays.stores(o)
	return st, nil
}

// stores are the closed-day stores c asks for; nil when c is off.
func (c ClosedDays) stores(o Options) (days.Store[reports.OrderTotals], days.Store[reports.PaymentTotals]) {
	if c.Off {
		return nil, nil
	}
	ttl, maxBytes := cmp.Or(c.TTL, 24*time.Hour), cmp.Or(c.MaxBytes, 64<<20)
	orders, payments := c.Orders, c.Payments
	if orders == nil {
		orders = days.Memory[reports.OrderTotals](maxBytes/2, ttl)
		if o.Fleet != nil {
			orders = fleet.Days(o.Fleet, orders, ttl)
		}
	}
	if payments == nil {
		payments = days.Memory[reports.PaymentTotals](maxBytes/2, ttl)
		if o.Fleet != nil {
			payments = fleet.Days(o.Fleet, payments, ttl)
		}
	}
	return orders, payments
}
