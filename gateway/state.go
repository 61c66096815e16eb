package gateway

import (
	"context"

	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/maitre-pos/maitre/admit"
	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/chat"
	"github.com/maitre-pos/maitre/days"
	"github.com/maitre-pos/maitre/fleet"
	"github.com/maitre-pos/maitre/live"
	"github.com/maitre-pos/maitre/reports"
	"github.com/maitre-pos/maitre/throttle"
)

// State is what a gateway keeps across a reload of its settings: the
// count of requests in flight, the rate limiters' buckets, verified
// tokens, chat conversations and misses, persisted queries, closed days
// and the subscriptions with their pollers.
// The settings that size it are read once, when it is made.
type State struct {
	inFlight      throttle.InFlight // shared by the handlers before and after a reload
	mu            sync.Mutex
	limiters      map[string]*throttle.Limiter // by scope
	verifier      *auth.Verifier
	persisted     admit.PersistedQueries
	conversations chat.Conversations
	misses        *chat.Misses
	orders        days.Store[reports.OrderTotals]
	payments      days.Store[reports.PaymentTotals]
	streams       *live.Server // made by the first gateway, configured by each
}

// streamsWith returns the subscriptions' server, serving new ones with o;
// the first one made reports its counts to mp.
func (st *State) streamsWith(o live.Options, mp metric.MeterProvider) (*live.Server, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.streams != nil {
		st.streams.Configure(o)
		return st.streams, nil
	}
	s := live.New(o)
	_, err := mp.Meter(scope).Int64ObservableGauge("maitre.subscriptions", metric.WithUnit("{subscription}"),
		metric.WithDescription("Subscriptions served, and the pollers (one per tenant and selection) that feed them, by kind: subscribers or pollers."),
		metric.WithInt64Callback(func(_ context.Context, obs metric.Int64Observer) error {
			pollers, subscribers := s.Counts()
			obs.Observe(int64(subscribers), metric.WithAttributes(attribute.String("kind", "subscribers")))
			obs.Observe(int64(pollers), metric.WithAttributes(attribute.String("kind", "pollers")))
			return nil
		}))
	if err != nil {
		return nil, err
	}
	st.streams = s
	return s, nil
}

// Close ends every subscription, as at shutdown: streams complete and
// WebSockets close with "going away".
func (st *State) Close() {
	st.mu.Lock()
	s := st.streams
	st.mu.Unlock()
	if s != nil {
		s.Close()
	}
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
	st := &State{
		limiters:      map[string]*throttle.Limiter{},
		verifier:      verifier,
		persisted:     admit.NewPersistedQueries(10_000, o.Limits.PersistedQueryBytes),
		conversations: chat.MemoryConversations(10_000, chat.ConversationTTL),
		misses:        chat.NewMisses(nil),
	}
	if o.Fleet != nil {
		st.misses = chat.NewMisses(o.Fleet.Values("chat"))
		st.persisted = o.Fleet.PersistedQueries(st.persisted, 7*24*time.Hour)
		st.conversations = chat.SharedConversations(o.Fleet.Values("chat"), st.conversations, chat.ConversationTTL)
	}
	st.orders, st.payments = o.ClosedDays.stores(o)
	return st, nil
}

// limiter is the rate limiter of scope at l: the one from before a reload
// while l is unchanged, so that its buckets stay as they were.
func (st *State) limiter(scope string, l throttle.Limit, shared throttle.Shared) *throttle.Limiter {
	st.mu.Lock()
	defer st.mu.Unlock()
	if old := st.limiters[scope]; old != nil && old.Limit() == l {
		return old
	}
	lim := throttle.NewLimiter(l, limiterKeys, shared, scope)
	st.limiters[scope] = lim
	return lim
}

// stores are the closed-day stores c asks for: those it names, or else
// in process (and in Redis for a fleet) unless it keeps none.
func (c ClosedDays) stores(o Options) (days.Store[reports.OrderTotals], days.Store[reports.PaymentTotals]) {
	ttl, maxBytes := c.TTL, c.MaxBytes
	orders, payments := c.Orders, c.Payments
	if ttl <= 0 || maxBytes <= 0 {
		return orders, payments
	}
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
