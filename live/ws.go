package live

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/correlation"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/gqlhttp"
	"github.com/maitre-pos/maitre/throttle"
)

// Subprotocol is the WebSocket subprotocol served.
const Subprotocol = "graphql-transport-ws"

// The close codes of graphql-transport-ws; "too many" (4429) also closes
// a socket over its rate (RATE_LIMITED) or past its tenant's or token's
// room (TOO_MANY_SUBSCRIPTIONS), the reason naming which.
const (
	closeBadMessage      websocket.StatusCode = 4400
	closeUnauthorized    websocket.StatusCode = 4401
	closeForbidden       websocket.StatusCode = 4403
	closeBadSubprotocol  websocket.StatusCode = 4406
	closeInitTimeout     websocket.StatusCode = 4408
	closeDuplicateID     websocket.StatusCode = 4409
	closeTooMany         websocket.StatusCode = 4429
	closeAuthUnavailable websocket.StatusCode = 1013 // try again later
)

// maxID bounds an operation's id, which a close reason (at most 123
// bytes) may have to quote.
const maxID = 64

// initMessageBytes bounds a message before connection_init, which
// carries a token, not a document.
const initMessageBytes = 16 << 10

// closeWait bounds the closing handshake: a client that does not answer
// the close, or stalls in a message, is not waited for longer.
const closeWait = time.Second

// WantsWebSocket reports whether r asks to upgrade to a WebSocket.
func WantsWebSocket(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// message is a graphql-transport-ws message.
type message struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// ServeWS serves graphql-transport-ws. The token comes in connection_init's
// payload ({"Authorization": "Bearer <token>"}), or failing that in the
// upgrade request's Authorization header.
//
// Once upgraded, the socket is served on a goroutine of its own and the
// request returns, so that an idle socket holds that goroutine, small
// buffers and timers, not net/http's request, buffers and goroutine.
func (s *Server) ServeWS(w http.ResponseWriter, r *http.Request) {
	o := s.opts()
	conn := &wsConn{srv: s, o: o, header: r.Header.Get("Authorization"), addr: throttle.ClientAddress(r)}
	hj := &hijacker{ResponseWriter: w}
	c, err := websocket.Accept(hj, r, &websocket.AcceptOptions{Subprotocols: []string{Subprotocol}, OnPingReceived: conn.pinged,
		OnPongReceived: func(ctx context.Context, b []byte) { conn.pinged(ctx, b) }})
	if err != nil {
		return // Accept answered the request
	}
	conn.c, conn.raw = c, hj.conn
	c.SetReadLimit(min(initMessageBytes, cmp.Or(o.Limits.MaxMessageBytes, initMessageBytes)))
	ctx := correlation.With(context.Background(), correlation.ID(r.Context()))
	switch {
	case c.Subprotocol() != Subprotocol:
		conn.shut(closeBadSubprotocol, "Subprotocol not acceptable: use "+Subprotocol)
	case !s.goServe(func() { conn.serve(ctx) }):
		conn.shut(websocket.StatusGoingAway, "the gateway is shutting down")
	}
}

// wsConn is one WebSocket's state.
type wsConn struct {
	srv          *Server
	o            *Options
	c            *websocket.Conn
	raw          net.Conn // under c
	header, addr string
	wg           sync.WaitGroup // its operations

	// refused is whether the last message was over the rate; read only
	// by the goroutine that reads the messages.
	refused bool
	flood   atomic.Bool // over the rate: closing

	mu      sync.Mutex
	subs    map[string]*operation // made with the first
	session *session
	release func() // the socket's charge, once initialised
	timers  []*time.Timer
}

// operation is one subscribe's entry, which its id may name again once
// completed.
type operation struct{ cancel context.CancelFunc }

// serve reads messages until the socket closes, then ends its operations.
func (w *wsConn) serve(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(w.srv.ctx, func() { w.shut(websocket.StatusGoingAway, "the gateway is shutting down") })
	w.arm(ctx)
	code, reason := w.read(ctx)
	stop()
	w.mu.Lock()
	for _, t := range w.timers {
		t.Stop()
	}
	ss, release := w.session, w.release
	w.mu.Unlock()
	w.shut(code, reason)
	cancel()
	w.wg.Wait()
	if ss != nil {
		ss.stop()
	}
	if release != nil {
		release()
	}
}

// arm starts the timers of a socket: connection_init due, no subscription
// for too long, and the keep-alive ping.
func (w *wsConn) arm(ctx context.Context) {
	lim := w.o.Limits
	w.mu.Lock() // until the timers are set, which they read
	defer w.mu.Unlock()
	w.after(lim.InitTimeout, func(time.Duration) { // timerInit
		if w.viewer() == nil {
			w.shut(closeInitTimeout, "Connection initialisation timeout")
		}
	})
	w.after(lim.IdleTimeout, func(d time.Duration) { // timerIdle
		if w.count() == 0 {
			w.shut(websocket.StatusNormalClosure, "idle: no subscription for "+d.String())
			return
		}
		w.reset(timerIdle, d)
	})
	w.after(lim.KeepAlive, func(d time.Duration) { // timerKeep
		pctx, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		if err := w.c.Ping(pctx); err != nil {
			if ctx.Err() == nil {
				w.shut(websocket.StatusGoingAway, "no answer to a ping")
			}
			return
		}
		w.reset(timerKeep, d)
	})
}

// The timers of a socket, in the order arm makes them.
const (
	timerInit = iota
	timerIdle
	timerKeep
)

// after calls f on a goroutine of its own once d has passed, d zero
// being never; timers are kept in the order they were made, with w.mu
// held.
func (w *wsConn) after(d time.Duration, f func(time.Duration)) {
	t := time.AfterFunc(max(d, 0), func() { f(d) })
	if d <= 0 {
		t.Stop()
	}
	w.timers = append(w.timers, t)
}

// reset starts timer i again, to fire after d; zero is never.
func (w *wsConn) reset(i int, d time.Duration) {
	if d <= 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.timers[i].Reset(d)
}

// read reads messages until the socket closes or must be, and returns the
// close code and reason to end it with.
func (w *wsConn) read(ctx context.Context) (websocket.StatusCode, string) {
	// A read ends when the socket is shut, not with a context: one that
	// could end would have the library hold a callback on it per read.
	rctx := context.WithoutCancel(ctx)
	for {
		typ, r, err := w.c.Reader(rctx)
		if err != nil { // the client closed, or the library did (a ping over the rate)
			return websocket.StatusNormalClosure, ""
		}
		// Every message costs a token, taken before it is read: a
		// flood is refused for the price of a frame's header.
		ok, wait := w.allow(ctx)
		if !ok && w.refused {
			return w.flooded(wait)
		}
		mr := &metered{r: r, w: w, ctx: ctx}
		b, err := io.ReadAll(mr)
		switch {
		case errors.Is(err, errRated):
			return w.flooded(mr.wait)
		case err != nil: // too big: the library closed it 1009
			return websocket.StatusNormalClosure, ""
		}
		var m message
		if typ != websocket.MessageText || json.Unmarshal(b, &m) != nil || m.Type == "" {
			m = message{Type: "invalid"}
		}
		if !ok {
			// One operation over the rate is refused as a request is;
			// anything else, or a second message in a row, closes.
			w.refused = true
			if m.Type != "subscribe" || w.viewer() == nil || !validID(m.ID) {
				return w.flooded(wait)
			}
			w.fail(ctx, m.ID, errcode.New(errcode.RateLimited, "too many requests: retry in %d s", seconds(wait)))
			continue
		}
		w.refused = false
		if code, reason := w.handle(ctx, m); code != 0 {
			return code, reason
		}
	}
}

// messageChunk is what one token of the rate pays for: a message takes
// one more for each further chunk it has, so that big messages are rated
// by their size, and one past the rate is not read on.
const messageChunk = 64 << 10

// errRated is a message past the rate, part read.
var errRated = errors.New("live: a message past the rate")

// metered reads a message, taking a token of its socket's rate for each
// chunk begun past its first.
type metered struct {
	r          io.Reader
	w          *wsConn
	ctx        context.Context
	read, paid int
	wait       time.Duration // until a token is free, once one was refused
}

func (m *metered) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	for m.paid < (m.read+n-1)/messageChunk {
		ok, wait := m.w.allow(m.ctx)
		if !ok {
			m.wait = wait
			return n, errRated
		}
		m.paid++
	}
	m.read += n
	return n, err
}

// handle acts on one message; a close code says the socket must close.
func (w *wsConn) handle(ctx context.Context, m message) (websocket.StatusCode, string) {
	switch m.Type {
	case "connection_init":
		if w.viewer() != nil {
			return closeTooMany, "Too many initialisation requests"
		}
		if code, reason := w.init(ctx, m.Payload); code != 0 {
			return code, reason
		}
		w.c.SetReadLimit(cmp.Or(w.o.Limits.MaxMessageBytes, -1)) // -1: none
		w.send(ctx, message{Type: "connection_ack"})
	case "ping":
		w.send(ctx, message{Type: "pong"})
	case "pong":
	case "subscribe":
		if w.viewer() == nil {
			return closeUnauthorized, "Unauthorized"
		}
		if !validID(m.ID) {
			return closeBadMessage, "Invalid message received: subscribe needs an id of 1 to 64 bytes"
		}
		if !w.subscribe(ctx, m) {
			return closeDuplicateID, "Subscriber for " + m.ID + " already exists"
		}
		w.reset(timerIdle, w.o.Limits.IdleTimeout)
	case "complete":
		w.unsubscribe(m.ID)
	default:
		return closeBadMessage, "Invalid message received"
	}
	return 0, ""
}

// allow takes a token of the tenant's rate once the socket is
// initialised, of its address's before.
func (w *wsConn) allow(ctx context.Context) (bool, time.Duration) {
	allow, key := w.o.AllowAddress, w.addr
	if v := w.viewer(); v != nil {
		allow, key = w.o.Allow, v.TenantID
	}
	if allow == nil {
		return true, 0
	}
	return allow(ctx, key)
}

// pinged rates a ping or pong frame as a message: one over the rate is
// not answered, and closes the socket.
func (w *wsConn) pinged(ctx context.Context, _ []byte) bool {
	ok, wait := w.allow(ctx)
	if !ok {
		go w.shut(w.flooded(wait)) // apart: this runs inside a read, which the close would wait for
	}
	return ok
}

// shut closes the socket with code and reason, waiting closeWait at most
// for the client's answer, and not at all for a flooder's, which would
// have what it sent meanwhile read; a socket already closing is left as
// it is.
func (w *wsConn) shut(code websocket.StatusCode, reason string) {
	wait := time.Now().Add(closeWait)
	_ = w.raw.SetWriteDeadline(wait)
	if w.flood.Load() {
		wait = time.Now()
	}
	_ = w.raw.SetReadDeadline(wait)
	_ = w.c.Close(code, reason)
}

// flooded is the close of a socket over its rate, which is marked so
// that what its client sends after is not read.
func (w *wsConn) flooded(wait time.Duration) (websocket.StatusCode, string) {
	w.flood.Store(true)
	return closeTooMany, fmt.Sprintf("%s: too many requests: retry in %d s", errcode.RateLimited, seconds(wait))
}

// tooManyConnections is the close of a socket its tenant or token has no
// room for.
func tooManyConnections(err *gqlerror.Error) (websocket.StatusCode, string) {
	reason := string(errcode.TooManySubscriptions) + ": " + err.Message
	if len(reason) > 123 {
		reason = reason[:123]
	}
	return closeTooMany, reason
}

func seconds(d time.Duration) int { return max(int(math.Ceil(d.Seconds())), 1) }

func validID(id string) bool { return id != "" && len(id) <= maxID }

func (w *wsConn) viewer() *auth.Viewer {
	w.mu.Lock()
	ss := w.session
	w.mu.Unlock()
	if ss == nil {
		return nil
	}
	return ss.current()
}

// init authenticates the connection from connection_init's payload.
func (w *wsConn) init(ctx context.Context, payload json.RawMessage) (websocket.StatusCode, string) {
	var p map[string]any
	_ = json.Unmarshal(payload, &p)
	h := w.header
	for _, k := range []string{"Authorization", "authorization"} {
		if v, ok := p[k].(string); ok {
			h = v
		}
	}
	token, ok := auth.Bearer(h)
	if !ok {
		return closeForbidden, "Forbidden: send {\"Authorization\": \"Bearer <token>\"} in connection_init's payload"
	}
	v, err := w.o.Verifier.Verify(ctx, token)
	switch {
	case errors.Is(err, clients.ErrUnauthenticated):
		return closeForbidden, "Forbidden: the bearer token is invalid or expired"
	case err != nil:
		_, _, msg, ok := clients.Public(err)
		if !ok {
			msg = "the auth service failed"
		}
		return closeAuthUnavailable, "cannot check the token: " + msg
	}
	release, rerr := w.srv.reserve(w.o, v.TenantID, token, socketBytes)
	if rerr != nil {
		return tooManyConnections(rerr)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.release = release
	w.session = w.o.newSession(token, v, func() { w.recheck(ctx) })
	w.timers[timerInit].Stop()
	return 0, ""
}

// recheck checks the token again when it expires, and closes the socket
// when it no longer grants what it did.
func (w *wsConn) recheck(ctx context.Context) {
	w.mu.Lock()
	ss := w.session
	w.mu.Unlock()
	if err := ss.recheck(ctx); err != nil {
		w.failAll(ctx, err)
		w.shut(closeForbidden, "Forbidden: the token expired or its access changed")
	}
}

// subscribe starts the operation m carries; it reports false when its id
// is taken.
func (w *wsConn) subscribe(ctx context.Context, m message) bool {
	v := w.viewer()
	w.mu.Lock()
	if _, taken := w.subs[m.ID]; taken {
		w.mu.Unlock()
		return false
	}
	if atCap(len(w.subs), w.o.Limits.PerConnection) {
		w.mu.Unlock()
		w.fail(ctx, m.ID, tooMany(w.o.Limits.PerConnection))
		return true
	}
	release, rerr := w.srv.reserve(w.o, v.TenantID, "", operationBytes)
	if rerr != nil {
		w.mu.Unlock()
		w.fail(ctx, m.ID, rerr)
		return true
	}
	sctx, cancel := context.WithCancel(ctx)
	op := &operation{cancel: func() { cancel(); release() }}
	if w.subs == nil {
		w.subs = map[string]*operation{}
	}
	w.subs[m.ID] = op
	w.mu.Unlock()
	p, perr := gqlhttp.DecodeParams(m.Payload, nil)
	if perr != nil {
		w.done(m.ID, op)
		w.fail(ctx, m.ID, perr.GraphQL())
		return true
	}
	sctx = auth.WithViewer(sctx, v)
	w.wg.Go(func() {
		defer w.done(m.ID, op)
		sub, answer := w.srv.start(sctx, p)
		if sctx.Err() != nil { // completed by the client meanwhile: its id may name another already
			if sub != nil {
				w.srv.leave(sub)
			}
			return
		}
		if sub == nil {
			if isRequestError(answer) {
				w.sendRaw(ctx, m.ID, "error", errorsOf(answer))
				return
			}
			w.sendRaw(ctx, m.ID, "next", answer)
			w.send(ctx, message{ID: m.ID, Type: "complete"})
			return
		}
		w.pump(sctx, m.ID, sub)
	})
	return true
}

// pump writes a subscription's updates until it ends.
func (w *wsConn) pump(ctx context.Context, id string, sub *subscriber) {
	defer w.srv.leave(sub)
	for {
		select {
		case b := <-sub.out:
			if ctx.Err() != nil || !w.sendRaw(ctx, id, "next", b) {
				return
			}
		case <-sub.stop:
			if sub.reason != nil {
				w.fail(ctx, id, sub.reason)
				return
			}
			for len(sub.out) > 0 {
				w.sendRaw(ctx, id, "next", <-sub.out)
			}
			w.send(ctx, message{ID: id, Type: "complete"})
			return
		case <-ctx.Done():
			return
		}
	}
}

// fail ends one operation with an error message.
func (w *wsConn) fail(ctx context.Context, id string, err *gqlerror.Error) {
	w.sendRaw(ctx, id, "error", errorsOf(w.o.errorBody(ctx, gqlerror.List{err})))
}

// failAll ends every operation with err.
func (w *wsConn) failAll(ctx context.Context, err *gqlerror.Error) {
	w.mu.Lock()
	ids := make([]string, 0, len(w.subs))
	for id, op := range w.subs {
		ids = append(ids, id)
		op.cancel()
	}
	w.mu.Unlock()
	for _, id := range ids {
		w.fail(ctx, id, err)
	}
}

// unsubscribe ends the operation id names, which frees the id at once.
func (w *wsConn) unsubscribe(id string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if op, ok := w.subs[id]; ok {
		op.cancel()
		delete(w.subs, id)
	}
}

// done ends op, and frees its id unless a new operation took it.
func (w *wsConn) done(id string, op *operation) {
	op.cancel()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.subs[id] == op {
		delete(w.subs, id)
	}
}

func (w *wsConn) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.subs)
}

func (w *wsConn) send(ctx context.Context, m message) bool {
	b, _ := json.Marshal(m)
	return w.write(ctx, b)
}

// sendRaw sends a message whose payload is already encoded.
func (w *wsConn) sendRaw(ctx context.Context, id, typ string, payload []byte) bool {
	idJSON, _ := json.Marshal(id)
	b := make([]byte, 0, len(payload)+len(id)+40)
	b = append(b, `{"id":`...)
	b = append(b, idJSON...)
	b = append(b, `,"type":"`+typ+`","payload":`...)
	b = append(b, payload...)
	return w.write(ctx, append(b, '}'))
}

func (w *wsConn) write(ctx context.Context, b []byte) bool {
	ctx, cancel := withTimeout(context.WithoutCancel(ctx), w.o.Limits.WriteTimeout)
	defer cancel()
	if err := w.c.Write(ctx, websocket.MessageText, b); err != nil {
		_ = w.c.CloseNow()
		return false
	}
	return true
}

// isRequestError reports whether an answer has no data: graphql-transport-ws
// sends those as an error message.
func isRequestError(body []byte) bool {
	var r struct {
		Data json.RawMessage `json:"data"`
	}
	return json.Unmarshal(body, &r) == nil && r.Data == nil
}

// errorsOf is the errors list of an encoded answer.
func errorsOf(body []byte) []byte {
	var r struct {
		Errors json.RawMessage `json:"errors"`
	}
	if json.Unmarshal(body, &r) != nil || r.Errors == nil {
		return []byte("[]")
	}
	return r.Errors
}

func tooMany(n int) *gqlerror.Error {
	return errcode.New(errcode.TooManySubscriptions, "a connection holds at most %d subscriptions", n)
}
