package fleet

import (
	"context"
	"hash/maphash"
	"strings"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/maitre-pos/maitre/days"
)

// daysPrefix names the shape of the totals kept: a replica of a newer
// build does not read an older one's (v2: totals carry hourly buckets;
// v3: values may be signed, and v2's copies, never checked, are left).
const daysPrefix = "days:v3:"

// dayKey is where day key k ("kind/tenant/date") lives in Redis: its kind
// and tenant are the hash tag, so that in a Redis Cluster a range of a
// tenant's days is on one slot, read in one MGET, and tenants spread over
// the slots.
func dayKey(k string) string {
	i := strings.LastIndexByte(k, '/')
	if i <= 0 {
		return daysPrefix + k
	}
	return daysPrefix + "{" + k[:i] + "}" + k[i:]
}

// seenDays bounds the days whose value in Redis a replica remembers; past
// it, a day read again is decoded again.
const seenDays = 1 << 16

// Days keeps closed days' totals in local and in Redis, under keys that
// name the kind, the tenant and the date. While Redis answers, its copy
// is the day: one deleted there, or failing its MAC, is dropped here too
// and computed again from the rows. local answers only while Redis does
// not: down, or refusing writes (a day it could not keep stays here).
func Days[T any](r *Redis, local days.Store[T], ttl time.Duration) days.Store[T] {
	r.zeroRejected("days")
	seen, _ := lru.New[string, uint64](seenDays) // errors only for a size under 1
	return dayStore[T]{r, local, ttl, seen, maphash.MakeSeed()}
}

type dayStore[T any] struct {
	r     *Redis
	local days.Store[T]
	ttl   time.Duration
	// seen is, by day, a hash of the value in Redis that local's copy is:
	// a range whose days are unchanged there is served from local with
	// neither a MAC nor JSON to check. A value that hashes the same but
	// is not the one seen would still not be served: local's copy would.
	seen *lru.Cache[string, uint64]
	seed maphash.Seed
}

func (d dayStore[T]) Get(ctx context.Context, key string) (T, bool) {
	got, found := d.GetMany(ctx, []string{key})
	return got[0], found[0]
}

// GetMany reads every day from Redis in one MGET, keeping here those it
// has and forgetting here those it has not; without an answer, it reads
// this replica's days.
func (d dayStore[T]) GetMany(ctx context.Context, keys []string) ([]T, []bool) {
	shared := make([]string, len(keys))
	for i, k := range keys {
		shared[i] = prefix + dayKey(k)
	}
	var vals []any
	err := d.r.do(ctx, "days", reads, func(ctx context.Context) error {
		var err error
		vals, err = d.r.mget(ctx, shared)
		return err
	})
	if err != nil || len(vals) != len(keys) {
		return d.local.GetMany(ctx, keys)
	}
	got, found := make([]T, len(keys)), make([]bool, len(keys))
	refusing := d.r.Status() != "ok" // Redis answered: it refuses writes
	for i, v := range vals {
		s, ok := v.(string)
		if ok {
			if got[i], found[i] = d.shared(ctx, keys[i], s); found[i] {
				continue
			}
		}
		if refusing {
			got[i], found[i] = d.local.Get(ctx, keys[i])
		} else {
			d.local.Delete(ctx, keys[i])
			d.seen.Remove(keys[i])
		}
	}
	return got, found
}

// shared is key's day from s, its value in Redis: local's copy when s is
// the value it was, else s opened and decoded, and kept here.
func (d dayStore[T]) shared(ctx context.Context, key, s string) (T, bool) {
	h := maphash.String(d.seed, s)
	if was, ok := d.seen.Get(key); ok && was == h {
		if t, ok := d.local.Get(ctx, key); ok {
			return t, true
		}
	}
	var t T
	if !d.r.decode(ctx, "days", dayKey(key), []byte(s), &t) {
		return t, false
	}
	d.local.Put(ctx, key, t)
	d.seen.Add(key, h)
	return t, true
}

// Put keeps t here and in Redis, before the answer that computed it is
// sent: the next question, on any replica, finds it.
func (d dayStore[T]) Put(ctx context.Context, key string, t T) {
	d.local.Put(ctx, key, t)
	raw, ok := d.r.encode(dayKey(key), t, d.ttl)
	if !ok {
		d.seen.Remove(key)
		return
	}
	d.seen.Add(key, maphash.Bytes(d.seed, raw))
	d.r.set(ctx, "days", dayKey(key), raw, d.ttl)
}

// Delete forgets key here and in Redis.
func (d dayStore[T]) Delete(ctx context.Context, key string) {
	d.local.Delete(ctx, key)
	d.seen.Remove(key)
	_ = d.r.do(ctx, "days", writes, func(ctx context.Context) error { return d.r.c.Del(ctx, prefix+dayKey(key)).Err() })
}
