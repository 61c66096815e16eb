package gateway_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"go.uber.org/goleak"
)

func decodeBody(t *testing.T, resp *http.Response, v any) {
	t.Helper()
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

type rawJSON []byte

func jsonOf(data map[string]json.RawMessage) (rawJSON, error) {
	b, err := json.Marshal(data)
	return rawJSON(b), err
}

func (r rawJSON) decode(v any) error { return json.Unmarshal(r, v) }

// checkLeaks fails when goroutines outlive the test, once idle keep-alive
// connections are closed. Each cache's expiry goroutine lives as long as
// the process by design of golang-lru's expirable LRU.
func checkLeaks(t *testing.T) {
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	goleak.VerifyNone(t,
		goleak.IgnoreCurrent(),
		goleak.IgnoreAnyFunction("github.com/hashicorp/golang-lru/v2/expirable.NewLRU[...].func1"),
	)
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
