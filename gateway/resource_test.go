package gateway_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gateway"
)

// TestMCPAuthorization: a 401 from /mcp names, in its challenge, the
// metadata of the MCP endpoint (RFC 9728) on the host it was sent to,
// and says when a token was refused; the metadata names the resource, a
// bearer token in a header, and no authorization server, outright. A 401
// from /query names no metadata.
func TestMCPAuthorization(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	h := serve(t, env, gateway.Options{Clients: env.Client(t, time.Second)})
	metadataParam := regexp.MustCompile(`resource_metadata="([^"]+)"`)
	cases := []struct {
		name, path, token, proto string
		invalid                  bool
		metadata                 string // "" for none
	}{
		{"no token", "/mcp", "", "", false, h.URL + "/.well-known/oauth-protected-resource/mcp"},
		{"a refused token", "/mcp", "nobody", "", true, h.URL + "/.well-known/oauth-protected-resource/mcp"},
		{"behind a TLS proxy", "/mcp", "", "https", false, "https://" + strings.TrimPrefix(h.URL, "http://") + "/.well-known/oauth-protected-resource/mcp"},
		{"GraphQL", "/query", "", "", false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, h.URL+c.path, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"ping"}`))
			req.Header.Set("Content-Type", "application/json")
			if c.token != "" {
				req.Header.Set("Authorization", "Bearer "+c.token)
			}
			if c.proto != "" {
				req.Header.Set("X-Forwarded-Proto", c.proto)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			challenge := resp.Header.Get("WWW-Authenticate")
			var metadata string
			if m := metadataParam.FindStringSubmatch(challenge); m != nil {
				metadata = m[1]
			}
			if resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(challenge, "Bearer ") || metadata != c.metadata ||
				strings.Contains(challenge, `error="invalid_token"`) != c.invalid {
				t.Errorf("%s: WWW-Authenticate %q; want a bearer challenge with resource_metadata %q, invalid_token %v", resp.Status, challenge, c.metadata, c.invalid)
			}
		})
	}

	for _, path := range []string{"/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"} {
		resp, err := http.Get(h.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		var meta map[string]any
		err = json.NewDecoder(resp.Body).Decode(&meta)
		resp.Body.Close()
		servers, listed := meta["authorization_servers"].([]any)
		if err != nil || resp.StatusCode != http.StatusOK || meta["resource"] != h.URL+"/mcp" || !listed || len(servers) != 0 ||
			len(meta["bearer_methods_supported"].([]any)) != 1 || meta["bearer_methods_supported"].([]any)[0] != "header" {
			t.Errorf("%s: %s %v (%v); want the resource %s/mcp, a bearer token in a header, and an empty list of authorization servers", path, resp.Status, meta, err, h.URL)
		}
	}
}
