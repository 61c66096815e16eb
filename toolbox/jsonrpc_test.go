package toolbox_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/maitre-pos/maitre/gatewaytest"
)

// rpcAnswer is a JSON-RPC answer: its id as sent back, and its error.
type rpcAnswer struct {
	ID     json.RawMessage `json:"id"`
	Result struct {
		IsError bool `json:"isError"`
		Content []struct {
			Text string `json:"text"`
		} `json:"content"`
	} `json:"result"`
	Error *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Data    struct {
			CorrelationID string `json:"correlationId"`
		} `json:"data"`
	} `json:"error"`
}

func decode(t *testing.T, a answer) rpcAnswer {
	t.Helper()
	var r rpcAnswer
	if err := json.Unmarshal(a.body, &r); err != nil {
		t.Fatalf("HTTP %d %q: not JSON-RPC: %v", a.status, a.body, err)
	}
	return r
}

// TestMCPIDs: an answer's id is the request's, as sent; an id the SDK
// would change (it reads numbers as float64) is refused as an invalid
// request with a null id.
func TestMCPIDs(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	for _, tc := range []struct {
		id   string
		kept bool
	}{
		{`7`, true},
		{`0`, true},
		{`"abc-1"`, true},
		{`"1e40"`, true},
		{`9007199254740992`, true},
		{`-9007199254740992`, true},
		{`1e40`, false},
		{`-1e40`, false},
		{`9223372036854775808`, false},
		{`9007199254740993`, false},
		{`1.5`, false},
		{`1.0`, false},
		{`1e2`, false},
		{`-0`, false},
		{`true`, false},
		{`{"a":1}`, false},
		{`[1]`, false},
	} {
		t.Run(tc.id, func(t *testing.T) {
			a := post(t, h, `{"jsonrpc":"2.0","id":`+tc.id+`,"method":"tools/list","params":{}}`, nil)
			r := decode(t, a)
			switch {
			case tc.kept && (a.status != http.StatusOK || string(r.ID) != tc.id || r.Error != nil):
				t.Errorf("HTTP %d, id %s, error %+v; want id %s answered", a.status, r.ID, r.Error, tc.id)
			case !tc.kept && (a.status != http.StatusBadRequest || string(r.ID) != "null" || r.Error == nil || r.Error.Code != -32600):
				t.Errorf("HTTP %d %s; want 400, -32600 and id null", a.status, a.body)
			}
		})
	}
	if a := post(t, h, `{"jsonrpc":"2.0","id":1,"id":1e40,"method":"tools/list"}`, nil); a.status != http.StatusBadRequest {
		t.Errorf("two ids: HTTP %d %s; want 400", a.status, a.body)
	}
}

// TestMCPEchoesBounded: a method's name is bounded, and no error quotes
// more than a short part of the request: not an unknown method's name,
// nor params that are not the method's.
func TestMCPEchoesBounded(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	long := strings.Repeat("x", 100<<10)
	for _, tc := range []struct {
		name, method, params string
		status, code         int
	}{
		{"a 100 KB method", long, `{}`, http.StatusBadRequest, -32600},
		{"a 65-byte method", strings.Repeat("y", 65), `{}`, http.StatusBadRequest, -32600},
		{"an unknown method", "tools/" + strings.Repeat("z", 58), `{}`, http.StatusBadRequest, -32600},
		{"100 KB of params", "tools/list", `"` + long + `"`, http.StatusOK, -32602},
		{"100 KB of tool params", "tools/call", `{"name":"` + long + `"}`, http.StatusOK, -32602},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := post(t, h, `{"jsonrpc":"2.0","id":"m","method":"`+tc.method+`","params":`+tc.params+`}`, nil)
			r := decode(t, a)
			if a.status != tc.status || r.Error == nil || r.Error.Code != tc.code || string(r.ID) != `"m"` || len(a.body) > 512 {
				t.Errorf("HTTP %d, %d bytes: %.300s; want %d, %d for id \"m\", within 512 bytes", a.status, len(a.body), a.body, tc.status, tc.code)
			}
		})
	}
}

// TestMCPErrorsCarryCorrelationID: every error /mcp answers, whoever
// found it (the transport, the SDK's methods, a tool), carries the
// request's correlation ID in its body, as /query's errors do.
func TestMCPErrorsCarryCorrelationID(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	call := func(params string) string {
		return `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":` + params + `}`
	}
	for _, tc := range []struct {
		name, body string
		change     func(*http.Request)
		status     int
	}{
		{"GET", "", func(r *http.Request) { r.Method = http.MethodGet }, http.StatusMethodNotAllowed},
		{"not JSON's media type", call(`{"name":"revenue"}`), func(r *http.Request) { r.Header.Set("Content-Type", "text/plain") }, http.StatusUnsupportedMediaType},
		{"no event stream accepted", call(`{"name":"revenue"}`), func(r *http.Request) { r.Header.Set("Accept", "application/json") }, http.StatusBadRequest},
		{"an unknown protocol", call(`{"name":"revenue"}`), func(r *http.Request) { r.Header.Set("Mcp-Protocol-Version", "1999-01-01") }, http.StatusBadRequest},
		{"not JSON", `{"jsonrpc":`, nil, http.StatusBadRequest},
		{"not an object", `"tools/list"`, nil, http.StatusBadRequest},
		{"a batch", `[` + call(`{"name":"revenue"}`) + `]`, nil, http.StatusBadRequest},
		{"an unknown method", `{"jsonrpc":"2.0","id":1,"method":"tools/nothing"}`, nil, http.StatusBadRequest},
		{"a method that is not a string", `{"jsonrpc":"2.0","id":1,"method":5}`, nil, http.StatusBadRequest},
		{"invalid params", `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":"x"}`, nil, http.StatusOK},
		{"an unknown tool", call(`{"name":"nothing"}`), nil, http.StatusOK},
		{"arguments that are not an object", call(`{"name":"revenue","arguments":[1]}`), nil, http.StatusOK},
		{"a bad argument", call(`{"name":"best_sellers","arguments":{"limit":"three"}}`), nil, http.StatusOK},
		{"a failed query", call(`{"name":"ask","arguments":{"question":"` + strings.Repeat("a", 5000) + `"}}`), nil, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := post(t, h, tc.body, tc.change)
			id := a.header.Get("X-Correlation-ID")
			r := decode(t, a)
			var got string
			switch {
			case r.Error != nil:
				got = r.Error.Data.CorrelationID
			case r.Result.IsError && len(r.Result.Content) > 0:
				var gql gatewaytest.Response
				if err := json.Unmarshal([]byte(r.Result.Content[len(r.Result.Content)-1].Text), &gql); err == nil && len(gql.Errors) > 0 {
					got, _ = gql.Errors[0].Extensions["correlationId"].(string)
				}
			}
			if a.status != tc.status || id == "" || got != id {
				t.Errorf("HTTP %d (X-Correlation-ID %q): %.400s; want HTTP %d, an error carrying the correlation ID", a.status, id, a.body, tc.status)
			}
		})
	}
}
