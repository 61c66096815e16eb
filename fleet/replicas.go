package fleet

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/redis/go-redis/v9"
)

// Each replica says it is alive every beat, in a sorted set scored by
// when that lapses, on Redis's clock; the set's size is the fleet's,
// which the rate limits divide by while Redis cannot be asked.
const (
	beat      = time.Second
	beatLapse = 3 * beat
)

var heartbeat = redis.NewScript(`
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call("ZADD", KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", now)
redis.call("PEXPIRE", KEYS[1], ARGV[2])
return redis.call("ZCARD", KEYS[1])
`)

const replicasKey = prefix + "replicas"

// newID names a replica in the fleet: in the set of replicas, and as the
// holder of a poller's lease.
func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// beatUntil keeps this replica in the set, and the count of the set,
// until ctx ends; then it leaves the set.
func (r *Redis) beatUntil(ctx context.Context) {
	t := time.NewTicker(beat)
	defer t.Stop()
	for {
		// Not through do: a beat is no request's, and one that fails only
		// leaves the count as last seen, never Redis marked down for the
		// requests' uses.
		beatCtx, cancel := context.WithTimeout(ctx, r.timeout)
		n, err := heartbeat.Run(beatCtx, r.c, []string{replicasKey}, r.id, beatLapse.Milliseconds()).Int64()
		cancel()
		if err == nil && n > 0 {
			r.replicas.Store(n)
		}
		select {
		case <-ctx.Done():
			leave, cancel := context.WithTimeout(context.Background(), r.timeout)
			defer cancel()
			_ = r.c.ZRem(leave, replicasKey, r.id).Err()
			return
		case <-t.C:
		}
	}
}

// Replicas is how many replicas were alive when Redis last answered: 1
// before it ever did.
func (r *Redis) Replicas() int { return int(max(r.replicas.Load(), 1)) }

// ID names this replica in the fleet: in the set of live replicas, and as
// the holder of the leases it takes.
func (r *Redis) ID() string { return r.id }
