package fleet

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/maitre-pos/maitre/admit"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/clients/cache"
)

// prefix keeps maitre's keys apart from anything else in the database.
const prefix = "maitre:"

// maxValue bounds what one key holds: a larger answer stays in the
// replica that fetched it.
const maxValue = 1 << 20

// get reads key's value into v, reporting whether there was one that
// opened and decoded.
func (r *Redis) get(ctx context.Context, use, key string, v any) bool {
	var raw []byte
	err := r.do(ctx, use, reads, func(ctx context.Context) error {
		var err error
		raw, err = r.c.Get(ctx, prefix+key).Bytes()
		return err
	})
	return err == nil && r.decode(ctx, use, key, raw, v)
}

// decode opens raw, read from key, into v; a value whose MAC fails is
// counted and logged (the first one), and none is found.
func (r *Redis) decode(ctx context.Context, use, key string, raw []byte, v any) bool {
	value, err := r.keyring.open(prefix+key, raw, time.Now())
	if errors.Is(err, errForged) {
		r.rejected.Add(ctx, 1, metric.WithAttributes(attribute.String("use", use)))
		if r.forgedLogged.CompareAndSwap(false, true) {
			r.log.Warn("a value in redis failed its MAC and is ignored: written by someone without the fleet's key, or by a replica with another key; later ones are only counted",
				"use", use, "key", prefix+key)
		}
	}
	return err == nil && json.Unmarshal(value, v) == nil
}

func (r *Redis) put(ctx context.Context, use, key string, v any, ttl time.Duration) {
	if raw, ok := r.encode(key, v, ttl); ok {
		r.set(ctx, use, key, raw, ttl)
	}
}

// encode is v as written under key for ttl: sealed when the fleet has a
// key; none for a value over maxValue.
func (r *Redis) encode(key string, v any, ttl time.Duration) ([]byte, bool) {
	raw, err := json.Marshal(v)
	if err != nil || len(raw) > maxValue {
		return nil, false
	}
	return r.keyring.seal(prefix+key, raw, ttl, time.Now()), true
}

func (r *Redis) set(ctx context.Context, use, key string, raw []byte, ttl time.Duration) {
	_ = r.do(ctx, use, writes, func(ctx context.Context) error { return r.c.Set(ctx, prefix+key, raw, ttl).Err() })
}

// zeroRejected records a count of zero rejected for use, so that the
// first value rejected after a start shows as an increase.
func (r *Redis) zeroRejected(use string) {
	r.rejected.Add(context.Background(), 0, metric.WithAttributes(attribute.String("use", use)))
}

// Cache is the shared level of service's downstream answers; its keys
// are the cache's, which name the tenant and every header that can
// change an answer.
func (r *Redis) Cache(service string) cache.Store {
	r.zeroRejected("cache")
	return cacheStore{r, "cache:" + service + ":"}
}

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
func (r *Redis) Values(use string) Values {
	r.zeroRejected(use)
	return Values{r, use}
}

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
// Redis, so that a hash registered on one replica is known to all. The
// hash already proves a text read; it is signed all the same, so that
// every value maitre keeps has one format and a forged one is counted.
func (r *Redis) PersistedQueries(local admit.PersistedQueries, ttl time.Duration) admit.PersistedQueries {
	r.zeroRejected("apq")
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

// ShareCaches gives every endpoint that caches answers the shared level.
func (r *Redis) ShareCaches(eps map[clients.Service]clients.Endpoint) {
	for s, ep := range eps {
		if ep.Cache.Enabled() {
			ep.Cache.Shared = r.Cache(string(s))
			eps[s] = ep
		}
	}
}

// mget reads keys with one MGET for each hash tag among them, as a Redis
// Cluster needs: one for a range of one tenant's days.
func (r *Redis) mget(ctx context.Context, keys []string) ([]any, error) {
	groups := map[string][]int{}
	var tags []string
	for i, k := range keys {
		t := hashTag(k)
		if _, ok := groups[t]; !ok {
			tags = append(tags, t)
		}
		groups[t] = append(groups[t], i)
	}
	out := make([]any, len(keys))
	for _, t := range tags {
		idx := groups[t]
		some := make([]string, len(idx))
		for j, i := range idx {
			some[j] = keys[i]
		}
		vals, err := r.c.MGet(ctx, some...).Result()
		if err != nil {
			return nil, err
		}
		if len(vals) != len(some) {
			return nil, fmt.Errorf("fleet: MGET of %d keys answered %d values", len(some), len(vals))
		}
		for j, i := range idx {
			out[i] = vals[j]
		}
	}
	return out, nil
}

// hashTag is the part of key Redis Cluster hashes: between its first "{"
// and the next "}" when that is not empty, else the whole key.
func hashTag(key string) string {
	if i := strings.IndexByte(key, '{'); i >= 0 {
		if j := strings.IndexByte(key[i+1:], '}'); j > 0 {
			return key[i+1 : i+1+j]
		}
	}
	return key
}
