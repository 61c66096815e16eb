package fleet

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/admit"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/clients/cache"
	"github.com/maitre-pos/maitre/days"
)

// prefix keeps maitre's keys apart from anything else in the database.
const prefix = "maitre:"

// maxValue bounds what one key holds: a larger answer stays in the
// replica that fetched it.
const maxValue = 1 << 20

func (r *Redis) get(ctx context.Context, use, key string, v any) bool {
	var raw []byte
	err := r.do(ctx, use, func(ctx context.Context) error {
		var err error
		raw, err = r.c.Get(ctx, prefix+key).Bytes()
		return err
	})
	return err == nil && json.Unmarshal(raw, v) == nil
}

func (r *Redis) put(ctx context.Context, use, key string, v any, ttl time.Duration) {
	raw, err := json.Marshal(v)
	if err != nil || len(raw) > maxValue {
		return
	}
	_ = r.do(ctx, use, func(ctx context.Context) error { return r.c.Set(ctx, prefix+key, raw, ttl).Err() })
}

// Cache is the shared level of service's downstream answers; its keys
// are the cache's, which name the tenant and every header that can
// change an answer.
func (r *Redis) Cache(service string) cache.Store { return cacheStore{r, "cache:" + service + ":"} }

type cacheStore struct {
	r   *Redis
	key string
}

// Get trusts only what the cache itself would keep: a good answer, of
// valid JSON, fetched in the past.
func (s cacheStore) Get(ctx context.Context, key string) (cache.Answer, bool) {
	var a cache.Answer
	ok := s.r.get(ctx, "cache", s.key+key, &a) && a.Status == http.StatusOK && json.Valid(a.Body) && !a.At.After(time.Now())
	return a, ok
}

func (s cacheStore) Put(ctx context.Context, key string, a cache.Answer, ttl time.Duration) {
	s.r.put(ctx, "cache", s.key+key, a, ttl) // put leaves out values over maxValue
}

// Values keeps JSON values of one use in Redis under keys the caller
// names; a use that fails finds nothing, and the caller's own copy
// answers instead.
func (r *Redis) Values(use string) Values { return Values{r, use} }

// Values is a store of JSON values in Redis.
type Values struct {
	r   *Redis
	use string
}

// Get decodes key's value into v, reporting whether there was one.
func (s Values) Get(ctx context.Context, key string, v any) bool {
	return s.r.get(ctx, s.use, s.use+":"+key, v)
}

// Put keeps v under key for ttl; a value over 1 MiB is not kept.
func (s Values) Put(ctx context.Context, key string, v any, ttl time.Duration) {
	s.r.put(ctx, s.use, s.use+":"+key, v, ttl)
}

// PersistedQueries keeps automatic persisted queries in local and in
// Redis, so that a hash registered on one replica is known to all.
func (r *Redis) PersistedQueries(local admit.PersistedQueries, ttl time.Duration) admit.PersistedQueries {
	return persisted{r, local, ttl}
}

type persisted struct {
	r     *Redis
	local admit.PersistedQueries
	ttl   time.Duration
}

func (p persisted) Get(ctx context.Context, hash string) (string, bool) {
	if q, ok := p.local.Get(ctx, hash); ok {
		return q, true
	}
	var q string
	if !p.r.get(ctx, "apq", "apq:"+hash, &q) || !strings.EqualFold(sha256Hex(q), hash) {
		return "", false // absent, or not the text of this hash
	}
	p.local.Add(ctx, hash, q)
	return q, true
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func (p persisted) Add(ctx context.Context, hash, query string) {
	p.local.Add(ctx, hash, query)
	p.r.put(ctx, "apq", "apq:"+hash, query, p.ttl)
}

// daysPrefix names the shape of the totals kept: a replica of a newer
// build does not read an older one's (v2: totals carry hourly buckets).
const daysPrefix = "days:v2:"

// Days keeps closed days' totals in local and in Redis, under keys that
// name the kind, the tenant and the date.
func Days[T any](r *Redis, local days.Store[T], ttl time.Duration) days.Store[T] {
	return dayStore[T]{r, local, ttl}
}

type dayStore[T any] struct {
	r     *Redis
	local days.Store[T]
	ttl   time.Duration
}

func (d dayStore[T]) Get(ctx context.Context, key string) (T, bool) {
	if t, ok := d.local.Get(ctx, key); ok {
		return t, true
	}
	var t T
	if !d.r.get(ctx, "days", daysPrefix+key, &t) {
		return t, false
	}
	d.local.Put(ctx, key, t)
	return t, true
}

// GetMany reads this replica's days, then the rest from Redis in one
// MGET, keeping those here too.
func (d dayStore[T]) GetMany(ctx context.Context, keys []string) ([]T, []bool) {
	got, found := d.local.GetMany(ctx, keys)
	var missing []string
	var at []int
	for i, ok := range found {
		if !ok {
			missing, at = append(missing, prefix+daysPrefix+keys[i]), append(at, i)
		}
	}
	if len(missing) == 0 {
		return got, found
	}
	var vals []any
	err := d.r.do(ctx, "days", func(ctx context.Context) error {
		var err error
		vals, err = d.r.c.MGet(ctx, missing...).Result()
		return err
	})
	if err != nil || len(vals) != len(missing) {
		return got, found
	}
	for j, v := range vals {
		s, ok := v.(string)
		var t T
		if ok && json.Unmarshal([]byte(s), &t) == nil {
			i := at[j]
			got[i], found[i] = t, true
			d.local.Put(ctx, keys[i], t)
		}
	}
	return got, found
}

// Put keeps t here and in Redis, before the answer that computed it is
// sent: the next question, on any replica, finds it.
func (d dayStore[T]) Put(ctx context.Context, key string, t T) {
	d.local.Put(ctx, key, t)
	d.r.put(ctx, "days", daysPrefix+key, t, d.ttl)
}

// ShareCaches gives every endpoint that caches answers the shared level.
func (r *Redis) ShareCaches(eps map[clients.Service]clients.Endpoint) {
	for s, ep := range eps {
		if ep.Cache.Enabled() {
			ep.Cache.Shared = r.Cache(string(s))
			eps[s] = ep
		}
	}
}
