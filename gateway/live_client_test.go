package gateway_test

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

// update is one value a subscription pushed, or its end.
type update struct {
	Data       json.RawMessage            `json:"data"`
	Errors     []gqlError                 `json:"errors"`
	Extensions map[string]json.RawMessage `json:"extensions"`
	// complete marks the end of the stream; closed, a socket closed
	// with code and reason.
	complete bool
	code     websocket.StatusCode
	reason   string
}

// subscription reads a stream's updates, whichever the transport.
type subscription struct {
	updates chan update
	stop    func()
}

// next waits for the next update.
func (s *subscription) next(t *testing.T) update {
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
	return update{}
}

// quiet reports whether nothing arrives within d.
func (s *subscription) quiet(d time.Duration) bool {
	select {
	case <-s.updates:
		return false
	case <-time.After(d):
		return true
	}
}

// subscribeSSE posts query with Accept: text/event-stream and reads its
// events; a refused request comes back as one update with its status in
// code.
func (h *harness) subscribeSSE(t *testing.T, token, query string, vars map[string]any) *subscription {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, h.url+"/query", bytes.NewReader(body))
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
	s := &subscription{updates: make(chan update, 64), stop: func() { cancel(); resp.Body.Close() }}
	t.Cleanup(s.stop)
	go func() {
		defer close(s.updates)
		if resp.StatusCode != http.StatusOK {
			var u update
			_ = json.NewDecoder(resp.Body).Decode(&u)
			u.code = websocket.StatusCode(resp.StatusCode)
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
				var u update
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &u); err != nil {
					t.Errorf("an event's data is not JSON: %q", line)
				}
				s.updates <- u
			case line == "" && event == "complete":
				s.updates <- update{complete: true}
				return
			}
		}
	}()
	return s
}

// wsConn is a graphql-transport-ws client.
type wsConn struct {
	c  *websocket.Conn
	mu sync.Mutex
	// by operation id, and the connection's own messages under "".
	updates map[string]chan update
}

func (w *wsConn) ch(id string) chan update {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.updates[id]
}

// dialWS opens a socket and sends connection_init with init as payload.
func (h *harness) dialWS(t *testing.T, init map[string]any) *wsConn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(h.url, "http")+"/query",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatal(err)
	}
	c.SetReadLimit(4 << 20)
	t.Cleanup(func() { _ = c.CloseNow() })
	w := &wsConn{c: c, updates: map[string]chan update{"": make(chan update, 4)}}
	if init != nil {
		w.send(t, map[string]any{"type": "connection_init", "payload": init})
	}
	return w
}

func (w *wsConn) send(t *testing.T, m map[string]any) {
	t.Helper()
	b, _ := json.Marshal(m)
	if err := w.c.Write(context.Background(), websocket.MessageText, b); err != nil {
		t.Fatal(err)
	}
}

// subscribe sends a subscribe message under id; read dispatches the
// answers.
func (w *wsConn) subscribe(t *testing.T, id, query string) *subscription {
	t.Helper()
	return w.subscribePayload(t, id, map[string]any{"query": query})
}

// subscribePayload sends a subscribe message with payload under id.
func (w *wsConn) subscribePayload(t *testing.T, id string, payload map[string]any) *subscription {
	t.Helper()
	ch := make(chan update, 64)
	w.mu.Lock()
	w.updates[id] = ch
	w.mu.Unlock()
	w.send(t, map[string]any{"id": id, "type": "subscribe", "payload": payload})
	return &subscription{updates: ch, stop: func() {
		w.send(t, map[string]any{"id": id, "type": "complete"})
	}}
}

// read waits for the connection_ack, then dispatches every message to
// its operation until the socket closes.
func (w *wsConn) read(t *testing.T) {
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
				w.ch("") <- update{code: websocket.CloseStatus(err), reason: closeReason(err)}
				return
			}
			var m struct {
				ID      string          `json:"id"`
				Type    string          `json:"type"`
				Payload json.RawMessage `json:"payload"`
			}
			_ = json.Unmarshal(b, &m)
			ch := w.ch(m.ID)
			if ch == nil {
				continue
			}
			switch m.Type {
			case "connection_ack", "pong":
				w.ch("") <- update{reason: m.Type}
			case "next":
				var u update
				_ = json.Unmarshal(m.Payload, &u)
				ch <- u
			case "error":
				var u update
				_ = json.Unmarshal(m.Payload, &u.Errors)
				u.complete = true
				ch <- u
			case "complete":
				ch <- update{complete: true}
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
