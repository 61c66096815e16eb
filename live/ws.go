package live

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/gqlhttp"
)

// Subprotocol is the WebSocket subprotocol served.
const Subprotocol = "graphql-transport-ws"

// The close codes of graphql-transport-ws.
const (
	closeBadMessage      websocket.StatusCode = 4400
	closeUnauthorized    websocket.StatusCode = 4401
	closeForbidden       websocket.StatusCode = 4403
	closeBadSubprotocol  websocket.StatusCode = 4406
	closeInitTimeout     websocket.StatusCode = 4408
	closeDuplicateID     websocket.StatusCode = 4409
	closeTooManyInits    websocket.StatusCode = 4429
	closeAuthUnavailable websocket.StatusCode = 1013 // try again later
)

// maxID bounds an operation's id, which a close reason (at most 123
// bytes) may have to quote.
const maxID = 64

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
func (s *Server) ServeWS(w http.ResponseWriter, r *http.Request) {
	o := s.opts()
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{Subprotocol}})
	if err != nil {
		return // Accept answered the request
	}
	c.SetReadLimit(cmp.Or(o.Limits.MaxMessageBytes, -1)) // -1: none
	if c.Subprotocol() != Subprotocol {
		_ = c.Close(closeBadSubprotocol, "Subprotocol not acceptable: use "+Subprotocol)
		return
	}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	conn := &wsConn{srv: s, o: o, c: c, header: r.Header.Get("Authorization"), subs: map[string]*operation{}}
	stop := context.AfterFunc(s.ctx, func() { _ = c.Close(websocket.StatusGoingAway, "the gateway is shutting down") })
	defer stop()
	code, reason := conn.serve(ctx)
	_ = c.Close(code, reason)
	cancel()
	conn.wg.Wait()
}

// wsConn is one WebSocket's state.
type wsConn struct {
	srv    *Server
	o      *Options
	c      *websocket.Conn
	header string
	wg     sync.WaitGroup // its subscriptions' pumps

	mu      sync.Mutex
	subs    map[string]*operation
	session *session
}

// operation is one subscribe's entry, which its id may name again once
// completed.
type operation struct{ cancel context.CancelFunc }

// serve reads messages until the connection ends, and returns the close
// code and reason to end it with.
func (w *wsConn) serve(ctx context.Context) (websocket.StatusCode, string) {
	lim := w.o.Limits
	msgs := make(chan message)
	readErr := make(chan error, 1)
	w.wg.Go(func() {
		for {
			typ, b, err := w.c.Read(ctx)
			if err != nil {
				readErr <- err
				return
			}
			var m message
			if typ != websocket.MessageText || json.Unmarshal(b, &m) != nil || m.Type == "" {
				m = message{Type: "invalid"}
			}
			select {
			case msgs <- m:
			case <-ctx.Done():
				return
			}
		}
	})
	initDue := newTimer(lim.InitTimeout)
	defer initDue.Stop()
	idle := newTimer(lim.IdleTimeout)
	defer idle.Stop()
	keep := newTicker(lim.KeepAlive)
	defer keep.Stop()
	var expired <-chan time.Time
	defer func() {
		if w.session != nil {
			w.session.stop()
		}
	}()
	for {
		select {
		case <-readErr: // the client closed, or the library did (a message too big)
			return websocket.StatusNormalClosure, ""
		case <-initDue.C():
			if w.session == nil {
				return closeInitTimeout, "Connection initialisation timeout"
			}
		case <-idle.C():
			if w.count() == 0 {
				return websocket.StatusNormalClosure, "idle: no subscription for " + lim.IdleTimeout.String()
			}
			idle.Reset(lim.IdleTimeout)
		case <-keep.C():
			// Apart, so that messages are read while the pong is awaited.
			w.wg.Go(func() {
				pctx, cancel := context.WithTimeout(ctx, lim.KeepAlive) // on only when KeepAlive is
				defer cancel()
				if err := w.c.Ping(pctx); err != nil && ctx.Err() == nil {
					_ = w.c.Close(websocket.StatusGoingAway, "no answer to a ping")
				}
			})
		case <-expired:
			if err := w.session.recheck(ctx); err != nil {
				w.failAll(ctx, err)
				return closeForbidden, "Forbidden: the token expired or its access changed"
			}
			expired = w.session.expired()
		case m := <-msgs:
			switch m.Type {
			case "connection_init":
				if w.session != nil {
					return closeTooManyInits, "Too many initialisation requests"
				}
				code, reason := w.init(ctx, m.Payload)
				if code != 0 {
					return code, reason
				}
				expired = w.session.expired()
				w.send(ctx, message{Type: "connection_ack"})
			case "ping":
				w.send(ctx, message{Type: "pong"})
			case "pong":
			case "subscribe":
				if w.session == nil {
					return closeUnauthorized, "Unauthorized"
				}
				if m.ID == "" || len(m.ID) > maxID {
					return closeBadMessage, "Invalid message received: subscribe needs an id of 1 to 64 bytes"
				}
				if !w.subscribe(ctx, m) {
					return closeDuplicateID, "Subscriber for " + m.ID + " already exists"
				}
				idle.Reset(lim.IdleTimeout)
			case "complete":
				w.unsubscribe(m.ID)
			default:
				return closeBadMessage, "Invalid message received"
			}
		}
	}
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
	w.session = w.o.newSession(token, v)
	return 0, ""
}

// subscribe starts the operation m carries; it reports false when its id
// is taken.
func (w *wsConn) subscribe(ctx context.Context, m message) bool {
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
	if w.o.Allow != nil {
		if ok, wait := w.o.Allow(ctx, w.session.viewer.TenantID); !ok {
			w.mu.Unlock()
			w.fail(ctx, m.ID, errcode.New(errcode.RateLimited, "too many requests: retry in %d s", max(int(math.Ceil(wait.Seconds())), 1)))
			return true
		}
	}
	sctx, cancel := context.WithCancel(ctx)
	op := &operation{cancel: cancel}
	w.subs[m.ID] = op
	w.mu.Unlock()
	p, perr := gqlhttp.DecodeParams(m.Payload, nil)
	if perr != nil {
		w.done(m.ID, op)
		w.fail(ctx, m.ID, perr.GraphQL())
		return true
	}
	sctx = auth.WithViewer(sctx, w.session.viewer)
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
