package live

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/gqlhttp"
)

// Server holds the pollers and the subscribers of both transports. Its
// options can change while it serves (a reload of the settings): a
// stream or socket keeps those it opened with, a poller takes the new
// ones at once.
type Server struct {
	cfg      atomic.Pointer[Options]
	reloaded atomic.Pointer[chan struct{}] // closed, and replaced, by Configure
	ctx      context.Context               // ends at Close
	cancel   context.CancelFunc
	wg       sync.WaitGroup // the pollers and the sockets

	mu      sync.Mutex // guards what follows, and every hub's subscribers and last answer
	hubs    map[string]*hub
	tenants map[string]int   // subscribers by tenant
	pollers map[string]int   // by tenant
	held    map[string]int64 // bytes streams and sockets hold, by tenant (cost.go)
	tokens  map[string]int   // streams and sockets, by token
}

// New returns a Server serving with o.
func New(o Options) *Server {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{ctx: ctx, cancel: cancel, hubs: map[string]*hub{}, tenants: map[string]int{}, pollers: map[string]int{},
		held: map[string]int64{}, tokens: map[string]int{}}
	s.Configure(o)
	return s
}

// Configure replaces the options new subscriptions are served with, and
// the running pollers poll with from their next poll.
func (s *Server) Configure(o Options) {
	if o.Now == nil {
		o.Now = time.Now
	}
	s.cfg.Store(&o)
	next := make(chan struct{})
	if old := s.reloaded.Swap(&next); old != nil {
		close(*old)
	}
}

func (s *Server) opts() *Options { return s.cfg.Load() }

// reload is closed at the next Configure.
func (s *Server) reload() <-chan struct{} { return *s.reloaded.Load() }

// Close ends every subscription, as at shutdown (streams complete,
// sockets close going away), and waits for the pollers and sockets to
// stop.
func (s *Server) Close() {
	s.mu.Lock()
	s.cancel() // under mu: nothing starts once it is done
	s.mu.Unlock()
	s.wg.Wait()
}

// goServe runs f on a goroutine Close waits for, unless the server is
// closing; it reports whether it did.
func (s *Server) goServe(f func()) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx.Err() != nil {
		return false
	}
	s.wg.Go(f)
	return true
}

// Counts returns how many pollers run and how many subscribers they feed.
func (s *Server) Counts() (pollers, subscribers int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range s.hubs {
		subscribers += len(h.subs)
	}
	return len(s.hubs), subscribers
}

// subscriber is one subscription's end of a poller.
type subscriber struct {
	hub    *hub
	tenant string
	out    chan []byte   // encoded answers, Limits.Buffer at most
	stop   chan struct{} // closed when the poller dropped or ended it
	reason *gqlerror.Error
	once   sync.Once
}

// end stops sub; reason nil means its stream ended.
func (sub *subscriber) end(reason *gqlerror.Error) {
	sub.once.Do(func() {
		sub.reason = reason
		close(sub.stop)
	})
}

// start admits p for the viewer in ctx. A subscription joins the poller of
// its tenant and shape; anything else is run once and its answer returned,
// as is a request error.
func (s *Server) start(ctx context.Context, p *graphql.RawParams) (*subscriber, []byte) {
	o := s.opts()
	ctx = graphql.StartOperationTrace(ctx)
	op, errs := o.Exec.CreateOperationContext(ctx, p)
	if errs != nil {
		return nil, o.errorBody(graphql.WithOperationContext(ctx, op), errs)
	}
	ctx = graphql.WithOperationContext(ctx, op)
	if o.Admit != nil {
		done, err := o.Admit()
		if err != nil {
			return nil, o.errorBody(ctx, gqlerror.List{err})
		}
		defer done()
	}
	if op.Operation.Operation != ast.Subscription {
		return nil, o.once(ctx, op)
	}
	sh := shapeOf(op, p)
	// What the poller will run is admitted now, so that a subscription
	// accepted is one that runs.
	q := sh.params
	if _, errs := o.Exec.CreateOperationContext(ctx, &q); errs != nil {
		return nil, o.errorBody(ctx, errs)
	}
	sub, err := s.join(o, auth.ViewerFrom(ctx), sh)
	if err != nil {
		return nil, o.errorBody(ctx, gqlerror.List{err})
	}
	return sub, nil
}

// once runs a query or mutation sent over a stream.
func (o *Options) once(ctx context.Context, op *graphql.OperationContext) []byte {
	ctx, cancel := withTimeout(o.Prepare(ctx), o.Timeout)
	defer cancel()
	responses, ctx := o.Exec.DispatchOperation(ctx, op)
	if resp := responses(ctx); resp != nil {
		return gqlhttp.Body(resp, true)
	}
	return o.errorBody(ctx, gqlerror.List{errcode.Ended(ctx)})
}

// errorBody encodes errors found before execution, through the executor's
// response middleware (which adds the correlation ID).
func (o *Options) errorBody(ctx context.Context, errs gqlerror.List) []byte {
	if !graphql.HasOperationContext(ctx) {
		ctx = graphql.StartOperationTrace(ctx)
		ctx = graphql.WithOperationContext(ctx, &graphql.OperationContext{Stats: graphql.Stats{OperationStart: graphql.GetStartTime(ctx)}})
	}
	return gqlhttp.Body(o.Exec.DispatchError(ctx, errs), false)
}

// join adds a subscriber to the poller of v's tenant and sh, starting
// one if none runs; a running poller's last answer is its first update.
func (s *Server) join(o *Options, v *auth.Viewer, sh shape) (*subscriber, *gqlerror.Error) {
	key := hubKey(v, sh)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx.Err() != nil {
		return nil, errcode.New(errcode.Overloaded, "the gateway is shutting down: subscribe again")
	}
	if n := s.tenants[v.TenantID]; atCap(n, o.Limits.PerTenant) {
		return nil, errcode.New(errcode.TooManySubscriptions, "the tenant holds %d subscriptions, the most one gateway serves", n)
	}
	h := s.hubs[key]
	if h == nil && atCap(s.pollers[v.TenantID], o.Limits.PollersPerTenant) {
		return nil, errcode.New(errcode.TooManySubscriptions, "the tenant's subscriptions ask for %d different selections, the most one gateway polls: share one", s.pollers[v.TenantID])
	}
	if h == nil {
		ctx, cancel := context.WithCancel(s.ctx)
		h = &hub{srv: s, key: key, viewer: v, shape: sh, subs: map[*subscriber]struct{}{}, cancel: cancel}
		s.hubs[key] = h
		s.pollers[v.TenantID]++
		s.wg.Go(func() { h.run(ctx) })
	}
	sub := &subscriber{hub: h, tenant: v.TenantID, out: make(chan []byte, o.Limits.Buffer), stop: make(chan struct{})}
	h.subs[sub] = struct{}{}
	s.tenants[v.TenantID]++
	if h.last != nil {
		sub.out <- h.last
	}
	return sub, nil
}

// leave removes sub from its poller, which stops with its last subscriber.
func (s *Server) leave(sub *subscriber) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.remove(sub)
}

// remove is leave with s.mu held.
func (s *Server) remove(sub *subscriber) {
	h := sub.hub
	if _, ok := h.subs[sub]; !ok {
		return
	}
	delete(h.subs, sub)
	if s.tenants[sub.tenant]--; s.tenants[sub.tenant] == 0 {
		delete(s.tenants, sub.tenant)
	}
	if len(h.subs) == 0 {
		h.cancel()
		if s.hubs[h.key] == h {
			delete(s.hubs, h.key)
			if s.pollers[sub.tenant]--; s.pollers[sub.tenant] == 0 {
				delete(s.pollers, sub.tenant)
			}
		}
	}
}

// hubKey names a poller: the viewer's access, and the query with its
// variables, hashed. Two viewers it gives one key see the same.
func hubKey(v *auth.Viewer, sh shape) string {
	vars, _ := json.Marshal(sh.params.Variables) // maps encode with sorted keys
	sum := sha256.Sum256([]byte(strings.Join([]string{access(v), sh.params.OperationName, sh.params.Query, string(vars)}, "\x00")))
	return hex.EncodeToString(sum[:])
}

// access is what decides what a viewer sees: its tenant, zone, currency
// and permissions.
func access(v *auth.Viewer) string {
	perms := slices.Clone(v.Permissions)
	slices.Sort(perms)
	return strings.Join([]string{v.TenantID, v.Timezone, v.Currency, strings.Join(perms, ",")}, "\x00")
}
