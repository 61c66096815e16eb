package gateway_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// rawPost sends a POST to path with an Authorization header written as
// given, bytes HTTP clients refuse to send included, and returns the
// status.
func rawPost(t *testing.T, base, path, authorization, body string) int {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: localhost\r\nAuthorization: %s\r\nContent-Type: application/json\r\n"+
		"Accept: application/json, text/event-stream\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", path, authorization, len(body), body)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return 0 // the server dropped it: refused too
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestClientInputNeverTripsBreakers sends, over every entry point,
// tokens the auth service cannot be asked about (a newline, a NUL, 100
// KB), and requests the client gives up on while auth is slow, round
// after round: each is the client's error (401, 400 or the socket's
// close), no such token reaches the auth service, and the auth breaker
// stays closed, so a token never seen before is still verified.
func TestClientInputNeverTripsBreakers(t *testing.T) {
	// Auth answers within its timeout, however slow: only the clients'
	// leaving can end its calls early.
	g := gatewaytest.New(t, map[string]string{"MAITRE_AUTH_TIMEOUT": "5s"})
	bad := []string{"a\nb", "tok\x00en", "tok\ren", strings.Repeat("t", 100<<10)}
	query := `{"query":"{ me { name } }"}`
	entities := `{"query":"{ _entities(representations: [{__typename: \"Product\", id: \"prd_bis_001\"}]) { ... on Product { name } } }"}`
	mcp := `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`
	for round := range 4 {
		for _, token := range bad {
			// A WebSocket carries the token in JSON, where any byte can be.
			ws := g.DialWS(t, map[string]any{"Authorization": "Bearer " + token})
			ws.Read(t)
			if end := <-ws.Ch(""); end.Code != 4403 && end.Code != 4401 && (len(token) < 16<<10 || end.Code != websocket.StatusMessageTooBig) {
				t.Errorf("round %d, WebSocket: closed %d %q; want 4401 or 4403 (1009 for a connection_init over 16 KiB)", round, end.Code, end.Reason)
			}
			// Headers carry only what HTTP allows; the rest is refused at
			// the door.
			for _, req := range []struct{ path, body string }{{"/query", query}, {"/query", entities}, {"/chat", `{"question":"revenue today"}`}, {"/mcp", mcp}} {
				if code := rawPost(t, g.URL, req.path, "Bearer "+strings.ReplaceAll(token, "\n", "\x01"), req.body); code != 0 && code != 400 && code != 401 {
					t.Errorf("round %d, POST %s: %d; want 400 or 401", round, req.path, code)
				}
			}
		}
	}
	// Clients that leave before slow auth answers.
	g.Demo.SetFaults(faults.Set{clients.Auth: {Latency: time.Second}})
	for i := range 20 {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, g.URL+"/query", strings.NewReader(query))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", fmt.Sprintf("Bearer unseen-%d", i))
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
		cancel()
	}
	g.Demo.SetFaults(nil)

	if state := g.App.Clients().Breakers()[clients.Auth]; state != "closed" {
		t.Errorf("the auth breaker is %s; want closed: the clients' input is not the service failing", state)
	}
	if r := g.Query(t, "izakaya-owner", `{ me { name } }`, nil); r.Status != 200 || len(r.Errors) > 0 {
		t.Errorf("a token not seen before: %d %s; want it verified", r.Status, r.Raw)
	}
}
