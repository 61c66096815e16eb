package live

import (
	"sync"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/errcode"
)

// What an idle stream or socket holds, heap and goroutine stacks
// together (both count against the memory limit, and the collector scans
// both), as BenchmarkIdleSocket measures it, rounded up: what it is
// charged against its tenant's share of the memory budget.
const (
	// socketBytes is a WebSocket once initialised: 5 KiB of heap and a
	// goroutine's 8 KiB stack.
	socketBytes = 16 << 10
	// operationBytes is each operation a socket runs: its goroutine and
	// its queue of updates, 2 KiB of heap and a 4 KiB stack.
	operationBytes = 8 << 10
	// streamBytes is an SSE stream, a request net/http holds open with
	// its buffers and two goroutines: 17 KiB of heap, 20 KiB of stacks.
	streamBytes = 40 << 10
)

// reserve charges bytes to tenant's share of o.MaxHeap and, for a stream
// or socket (a token given), one to the token's count, refusing with
// TOO_MANY_SUBSCRIPTIONS what either has no room for; release gives them
// back.
func (s *Server) reserve(o *Options, tenant, token string, bytes int64) (release func(), err *gqlerror.Error) {
	share := int64(o.Limits.TenantShare * float64(o.MaxHeap))
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := s.tokens[token]; token != "" && atCap(n, o.Limits.PerToken) {
		return nil, errcode.New(errcode.TooManySubscriptions, "the token holds %d streams and sockets, the most one gateway serves a token", n)
	}
	if held := s.held[tenant]; share > 0 && held+bytes > share {
		return nil, errcode.New(errcode.TooManySubscriptions, "the tenant's streams and sockets hold its share of the gateway's memory, %d KiB: close some", held>>10)
	}
	s.held[tenant] += bytes
	if token != "" {
		s.tokens[token]++
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.held[tenant] -= bytes; s.held[tenant] <= 0 {
				delete(s.held, tenant)
			}
			if token == "" {
				return
			}
			if s.tokens[token]--; s.tokens[token] <= 0 {
				delete(s.tokens, token)
			}
		})
	}, nil
}
