package clients

import (
	"net/http"
	"strings"

	"github.com/maitre-pos/maitre/clients/breaker"
	"github.com/maitre-pos/maitre/clients/cache"
	"github.com/maitre-pos/maitre/clients/coalesce"
	"github.com/maitre-pos/maitre/clients/retry"
)

// stack composes a service's policies around the shared transport, from
// the caller inward:
//
//	coalesce → cache (fresh, then stale on failure) → breaker → retry → attempts → base
//
// Identical reads in flight share everything below the coalescer; a cache
// hit costs no call; the breaker counts one logical call however many
// tries the retrier makes, and when it is open the cache can still answer
// stale; attempts measures each try that really goes out.
func stack(s Service, ep Endpoint, base http.RoundTripper, in *instruments, onChange func(Service, string, string), prev *layers) *layers {
	l := &layers{ep: ep}
	if prev != nil && prev.ep.Retry == ep.Retry && prev.ep.Breaker == ep.Breaker {
		// Below the cache nothing changed: keep the breaker's state.
		l.guarded, l.breaker = prev.guarded, prev.breaker
	} else {
		l.guarded = attempts{internalHeaders{base}, serviceKey.String(string(s)), in}
		if ep.Retry.Attempts > 1 {
			l.guarded = &retry.Transport{Next: l.guarded, Config: ep.Retry}
		}
		if ep.Breaker.Enabled() {
			var hear func(from, to string)
			if onChange != nil {
				hear = func(from, to string) { onChange(s, from, to) }
			}
			l.breaker = breaker.New(string(s), ep.Breaker, l.guarded, hear)
			l.guarded = l.breaker
		}
	}
	l.top = l.guarded
	if ep.Cache.Enabled() {
		var kept *cache.Transport
		if prev != nil {
			kept = prev.cache
		}
		l.cache = cache.New(ep.Cache, l.top, kept)
		l.top = l.cache
	}
	if ep.Coalesce {
		l.top = coalesce.New(l.top)
	}
	return l
}

// layers is one service's composed policies, kept so that a reload can
// reuse the state of those it leaves as they were.
type layers struct {
	ep      Endpoint
	top     http.RoundTripper  // the whole stack
	guarded http.RoundTripper  // the breaker and below
	breaker *breaker.Transport // nil when off
	cache   *cache.Transport   // nil when off
}

// internalHeaders drops X-Maitre-* headers from real answers, so that only
// maitre's own layers can mark an answer cached, stale or shared.
type internalHeaders struct{ next http.RoundTripper }

func (t internalHeaders) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if resp != nil {
		for k := range resp.Header {
			if strings.HasPrefix(k, "X-Maitre-") {
				delete(resp.Header, k)
			}
		}
	}
	return resp, err
}
