package gatewaytest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// Update is one value a subscription pushed, or its end.
type Update struct {
	Data       json.RawMessage            `json:"data"`
	Errors     []Error                    `json:"errors"`
	Extensions map[string]json.RawMessage `json:"extensions"`
	// Complete marks the end of the stream; Code and Reason, a socket
	// closed, or a stream refused with its HTTP status as Code.
	Complete bool
	Code     websocket.StatusCode
	Reason   string
}

// Subscription reads a stream's updates, whichever the transport.
type Subscription struct {
	updates chan Update
	stop    func()
}

// Next waits for the next update.
func (s *Subscription) Next(t testing.TB) Update {
	t.Helper()
	select {
	case u, ok := <-s.updates:
		if !ok {
			t.Fatal("the stream ended without a word")
		}
		return u
	case <-time.After(20 * time.Second):
		t.Fatal("no update within 20s")
	}
	return Update{}
}

// Stop ends the subscription: the stream is closed, or the operation
// completed.
func (s *Subscription) Stop() { s.stop() }

// Within is the next update if it arrives within d.
func (s *Subscription) Within(d time.Duration) (Update, bool) {
	select {
	case u, ok := <-s.updates:
		return u, ok
	case <-time.After(d):
		return Update{}, false
	}
}

// Quiet reports whether nothing arrives within d.
func (s *Subscription) Quiet(d time.Duration) bool {
	select {
	case <-s.updates:
		return false
	case <-time.After(d):
		return true
	}
}

// SubscribeSSE posts query with Accept: text/event-stream and reads its
// events; a refused request comes back as one update with its status in
// code.
func (g *Gateway) SubscribeSSE(t testing.TB, token, query string, vars map[string]any) *Subscription {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, g.URL+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	s := &Subscription{updates: make(chan Update, 64), stop: func() { cancel(); resp.Body.Close() }}
	t.Cleanup(s.stop)
	go func() {
		defer close(s.updates)
		if resp.StatusCode != http.StatusOK {
			var u Update
			_ = json.NewDecoder(resp.Body).Decode(&u)
			u.Code = websocket.StatusCode(resp.StatusCode)
			s.updates <- u
			return
		}
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 4<<20)
		var event string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && event == "next":
				var u Update
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &u); err != nil {
					t.Errorf("an event's data is not JSON: %q", line)
				}
				s.updates <- u
			case line == "" && event == "complete":
				s.updates <- Update{Complete: true}
				return
			}
		}
	}()
	return s
}

// WSConn is a graphql-transport-ws client.
type WSConn struct {
	c  *websocket.Conn
	mu sync.Mutex
	// by operation id, and the connection's own messages under "".
	updates map[string]chan Update
}

// Ch is the channel of operation id's updates; "" is the connection's own.
func (w *WSConn) Ch(id string) chan Update {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.updates[id]
}

// DialWS opens a socket and sends connection_init with init as payload.
func (g *Gateway) DialWS(t testing.TB, init map[string]any) *WSConn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(g.URL, "http")+"/query",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatal(err)
	}
	c.SetReadLimit(4 << 20)
	t.Cleanup(func() { _ = c.CloseNow() })
	w := &WSConn{c: c, updates: map[string]chan Update{"": make(chan Update, 4)}}
	if init != nil {
		w.Send(t, map[string]any{"type": "connection_init", "payload": init})
	}
	return w
}

// Close closes the socket normally, as a client leaving.
func (w *WSConn) Close() { _ = w.c.Close(websocket.StatusNormalClosure, "") }

// Send writes one message.
func (w *WSConn) Send(t testing.TB, m map[string]any) {
	t.Helper()
	b, _ := json.Marshal(m)
	if err := w.c.Write(context.Background(), websocket.MessageText, b); err != nil {
		t.Fatal(err)
	}
}

// Subscribe sends a subscribe message under id; Read dispatches the
// answers.
func (w *WSConn) Subscribe(t testing.TB, id, query string) *Subscription {
	t.Helper()
	return w.SubscribePayload(t, id, map[string]any{"query": query})
}

// SubscribePayload sends a subscribe message with payload under id.
func (w *WSConn) SubscribePayload(t testing.TB, id string, payload map[string]any) *Subscription {
	t.Helper()
	ch := make(chan Update, 64)
	w.mu.Lock()
	w.updates[id] = ch
	w.mu.Unlock()
	w.Send(t, map[string]any{"id": id, "type": "subscribe", "payload": payload})
	return &Subscription{updates: ch, stop: func() {
		w.Send(t, map[string]any{"id": id, "type": "complete"})
	}}
}

// Read waits for the connection_ack, then dispatches every message to
// its operation until the socket closes.
func (w *WSConn) Read(t testing.TB) {
	t.Helper()
	go func() {
		defer func() {
			w.mu.Lock()
			defer w.mu.Unlock()
			for _, ch := range w.updates {
				close(ch)
			}
		}()
		for {
			_, b, err := w.c.Read(context.Background())
			if err != nil {
				w.Ch("") <- Update{Code: websocket.CloseStatus(err), Reason: closeReason(err)}
				return
			}
			var m struct {
				ID      string          `json:"id"`
				Type    string          `json:"type"`
				Payload json.RawMessage `json:"payload"`
			}
			_ = json.Unmarshal(b, &m)
			ch := w.Ch(m.ID)
			if ch == nil {
				continue
			}
			switch m.Type {
			case "connection_ack", "pong":
				w.Ch("") <- Update{Reason: m.Type}
			case "next":
				var u Update
				_ = json.Unmarshal(m.Payload, &u)
				ch <- u
			case "error":
				var u Update
				_ = json.Unmarshal(m.Payload, &u.Errors)
				u.Complete = true
				ch <- u
			case "complete":
				ch <- Update{Complete: true}
			}
		}
	}()
}

func closeReason(err error) string {
	var ce websocket.CloseError
	if errors.As(err, &ce) {
		return ce.Reason
	}
	return err.Error()
}
