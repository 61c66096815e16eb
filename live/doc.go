// Package live serves GraphQL subscriptions over Server-Sent Events (the
// graphql-sse protocol, distinct connections) and WebSocket
// (graphql-transport-ws), one poller per tenant and selection however
// many subscribe.
//
// A subscription's selection is run, at each tick of its poller, as the
// query of the same root field (the schema gives every Subscription field
// a Query twin), with the dataloaders and call log of that one execution.
// The answer is encoded once and pushed to every subscriber, and only when
// its data, its errors or the services it was served stale from changed.
// The poller stops when its last subscriber leaves.
//
// With a Relay (fleet.Redis), one replica of the fleet polls each tenant
// and selection, under a lease, and publishes each new answer, numbered;
// every replica pushes what is published to its own subscribers, in
// order and never twice (relay.go).
//
// Each subscriber holds a few updates at most: one that falls further
// behind is dropped with SLOW_CONSUMER rather than buffered. Its token is
// checked again when it expires, and the subscription then ends with
// UNAUTHENTICATED.
//
// Each stream and socket is charged, at what it was measured to hold,
// against its tenant's share of the memory past which the gateway sheds
// everyone, and against its token's cap (cost.go); each WebSocket message
// against its tenant's rate, by its size.
package live
