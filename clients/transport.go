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
func stack(s Service, ep Endpoint, base http.RoundTripper, in *instruments, onChange func(Service, string, string)) (http.RoundTripper, *breaker.Transport) {
	rt := http.RoundTripper(attempts{internalHeaders{base}, serviceKey.String(string(s)), in})
	if ep.Retry.Attempts > 1 {
		rt = &retry.Transport{Next: rt, Config: ep.Retry}
	}
	var br *breaker.Transport
	if ep.Breaker.Enabled() {
		var hear func(from, to string)
		if onChange != nil {
			hear = func(from, to string) { onChange(s, from, to) }
		}
		br = breaker.New(string(s), ep.Breaker, rt, hear)
		rt = br
	}
	if ep.Cache.Enabled() {
		rt = cache.New(ep.Cache, rt)
	}
	if ep.Coalesce {
		rt = coalesce.New(rt)
	}
	return rt, br
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
