// Package cache keeps the last good answer of each downstream read: it
// serves it fresh for a short while where data changes slowly, and stale,
// marked as such, when the service fails.
package cache

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	gojson "github.com/goccy/go-json"

	"github.com/maitre-pos/maitre/clients/replay"
	"github.com/maitre-pos/maitre/clients/reqkey"
	"github.com/maitre-pos/maitre/sized"
)

// Config tunes one service's cache. The zero Config disables it.
type Config struct {
	// FreshFor serves a cached answer without calling; 0 always calls.
	FreshFor time.Duration
	// StaleFor is how old an answer may be and still stand in for a
	// failed call; 0 never serves stale.
	StaleFor time.Duration
	// Shared, when set, is a second level behind this replica's answers
	// that every replica writes and reads: a stale copy written by one
	// serves another.
	Shared Store
}

// Store keeps answers for the replicas together. Get returns the answer
// kept for key; Put keeps one for ttl. A store that cannot be reached
// answers nothing and keeps nothing, and the replica's own answers stand.
type Store interface {
	Get(ctx context.Context, key string) (Answer, bool)
	Put(ctx context.Context, key string, a Answer, ttl time.Duration)
}

// Answer is one kept answer and when it was fetched.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
	At     time.Time
}

// Enabled reports whether c turns the cache on.
func (c Config) Enabled() bool { return c.FreshFor > 0 || c.StaleFor > 0 }

// Headers set on answers served from the cache.
const (
	StateHeader = "X-Maitre-Cache" // "hit" or "stale"
	AgeHeader   = "X-Maitre-Age"   // age in milliseconds
)

// maxBody bounds what is read of one answer.
const maxBody = 64 << 20

// Bounds of one service's kept answers: the least recently used go first.
const (
	maxEntries = 4096
	maxBytes   = 16 << 20
)

type entry struct {
	status int
	header http.Header
	body   []byte
	at     time.Time
}

// Transport caches Next's answers to GET, keyed by tenant, token and URL
// (see reqkey).
type Transport struct {
	next    http.RoundTripper
	cfg     Config
	entries *sized.Cache[*entry]
}

// New returns a cache in front of next. Given the cache it replaces, as
// on a reload, it keeps that cache's answers, judged by the new ages.
// Nothing runs in the background: an answer past its age is never served,
// and the least recently used go once the bounds are reached.
func New(c Config, next http.RoundTripper, prev *Transport) *Transport {
	t := &Transport{next: next, cfg: c}
	if prev != nil {
		t.entries = prev.entries
	} else {
		t.entries = sized.New[*entry](maxEntries, maxBytes, 0)
	}
	return t
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodGet {
		return t.next.RoundTrip(r)
	}
	key := reqkey.Of(r)
	kept, found := t.lookup(r.Context(), key)
	if found && time.Since(kept.at) < t.cfg.FreshFor {
		return kept.response(r, "hit"), nil
	}
	resp, err := t.next.RoundTrip(r)
	var body []byte
	same := false // the answer kept, again: kept once, not copied again
	if err == nil {
		buf := reads.Get().(*bytes.Buffer)
		buf.Reset()
		buf.Grow(sizeHint(resp.ContentLength))
		_, err = buf.ReadFrom(io.LimitReader(resp.Body, maxBody))
		resp.Body.Close()
		if same = found && resp.StatusCode == kept.status && bytes.Equal(buf.Bytes(), kept.body); same {
			body = kept.body
		} else {
			body = bytes.Clone(buf.Bytes())
		}
		if buf.Cap() <= maxPooled {
			reads.Put(buf)
		}
	}
	good := err == nil && resp.StatusCode == http.StatusOK && (same || gojson.Valid(body))
	if good {
		e := &entry{status: resp.StatusCode, body: body, at: time.Now()}
		if same {
			e.header = kept.header
		} else {
			e.header = resp.Header.Clone()
		}
		t.keep(key, e)
		if t.cfg.Shared != nil {
			go t.cfg.Shared.Put(context.WithoutCancel(r.Context()), key, Answer{e.status, e.header, e.body, e.at}, t.ttl())
		}
	}
	failed := err != nil || resp.StatusCode >= 500 || resp.StatusCode == http.StatusOK && !good
	if failed {
		if !found { // kept here meanwhile; the shared store was asked already
			kept, found = t.entries.Get(key)
		}
		if found && time.Since(kept.at) < t.cfg.StaleFor {
			return kept.response(r, "stale"), nil
		}
	}
	if err != nil {
		return nil, err
	}
	resp.Body = replay.NewBody(body)
	return resp, nil
}

// reads are the buffers answers are read into before they are compared
// with the answer kept, so that an answer that did not change costs no
// copy, and one that did costs one of its own length.
var reads = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooled bounds the buffers kept in reads: a rare large answer is
// not held for the next small ones.
const maxPooled = 1 << 20

// sizeHint is the room to read an answer of length n (-1 unknown) into
// without growing: n and the end of the stream.
func sizeHint(n int64) int {
	if n < 0 || n > maxBody {
		return bytes.MinRead
	}
	return int(n) + bytes.MinRead
}

// lookup finds the answer kept for key: this replica's, else the shared
// store's, which is then kept here too, so hot reads stay off the network.
func (t *Transport) lookup(ctx context.Context, key string) (*entry, bool) {
	if e, ok := t.entries.Get(key); ok && time.Since(e.at) < t.ttl() {
		return e, true
	}
	if t.cfg.Shared == nil {
		return nil, false
	}
	a, ok := t.cfg.Shared.Get(ctx, key)
	if !ok || time.Since(a.At) >= t.ttl() {
		return nil, false
	}
	e := &entry{status: a.Status, header: a.Header, body: a.Body, at: a.At}
	t.keep(key, e)
	return e, true
}

// ttl is how long an answer is of any use: fresh, then stale.
func (t *Transport) ttl() time.Duration { return max(t.cfg.FreshFor, t.cfg.StaleFor) }

func (t *Transport) keep(key string, e *entry) {
	size := int64(len(key) + len(e.body))
	for k, vs := range e.header {
		size += int64(len(k))
		for _, v := range vs {
			size += int64(len(v))
		}
	}
	t.entries.Add(key, e, size)
}

func (e *entry) response(r *http.Request, state string) *http.Response {
	h := e.header.Clone()
	h.Set(StateHeader, state)
	h.Set(AgeHeader, strconv.FormatInt(time.Since(e.at).Milliseconds(), 10))
	return replay.Response(r, e.status, h, e.body)
}
