// Package cache keeps the last good answer of each downstream read: it
// serves it fresh for a short while where data changes slowly, and stale,
// marked as such, when the service fails.
package cache

import (
	"bytes"

	"io"
	"net/http"
	"strconv"
	"time"

	gojson "github.com/goccy/go-json"
	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/maitre-pos/maitre/clients/replay"
	"github.com/maitre-pos/maitre/clients/reqkey"
)

// Config tunes one service's cache. The zero Config disables it.
type Config struct {
	// FreshFor serves a cached answer without calling; 0 always calls.
	FreshFor time.Duration
	// StaleFor is how old an answer may be and still stand in for a
	// failed call; 0 never serves stale.
	StaleFor time.Duration
	// Size bounds the number of answers kept; 0 means 4096.
	Size int
}

// Enabled reports whether c turns the cache on.
func (c Config) Enabled() bool { return c.FreshFor > 0 || c.StaleFor > 0 }

// Headers set on answers served from the cache.
const (
	StateHeader = "X-Maitre-Cache" // "hit" or "stale"
	AgeHeader   = "X-Maitre-Age"   // age in milliseconds
)

// maxBody bounds what is read and kept of one answer.
const maxBody = 64 << 20

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
	entries *expirable.LRU[string, *entry]
}

// New returns a cache in front of next.
func New(c Config, next http.RoundTripper) *Transport {
	size := c.Size
	if size <= 0 {
		size = 4096
	}
	return &Transport{next: next, cfg: c, entries: expirable.NewLRU[string, *entry](size, nil, max(c.FreshFor, c.StaleFor))}
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodGet {
		return t.next.RoundTrip(r)
	}
	key := reqkey.Of(r)
	if e, ok := t.entries.Get(key); ok && time.Since(e.at) < t.cfg.FreshFor {
		return e.response(r, "hit"), nil
	}
	resp, err := t.next.RoundTrip(r)
	var body []byte
	if err == nil {
		body, err = io.ReadAll(io.LimitReader(resp.Body, maxBody))
		resp.Body.Close()
	}
	good := err == nil && resp.StatusCode == http.StatusOK && gojson.Valid(body)
	if good {
		t.entries.Add(key, &entry{status: resp.StatusCode, header: resp.Header.Clone(), body: body, at: time.Now()})
	}
	failed := err != nil || resp.StatusCode >= 500 || resp.StatusCode == http.StatusOK && !good
	if failed {
		if e, ok := t.entries.Get(key); ok && time.Since(e.at) < t.cfg.StaleFor {
			return e.response(r, "stale"), nil
		}
	}
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

func (e *entry) response(r *http.Request, state string) *http.Response {
	h := e.header.Clone()
	h.Set(StateHeader, state)
	h.Set(AgeHeader, strconv.FormatInt(time.Since(e.at).Milliseconds(), 10))
	return replay.Response(r, e.status, h, e.body)
}
