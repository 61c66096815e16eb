package gateway_test

import (
	"encoding/json"
	"net/http"
	"testing"
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
