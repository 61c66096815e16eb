package gateway

import (
	"net/http"

	"github.com/maitre-pos/maitre/auth"
)

// mcpMetadata is where the MCP endpoint's metadata is (RFC 9728: the
// well-known path followed by the resource's own), named by its 401s.
const mcpMetadata = "/.well-known/oauth-protected-resource/mcp"

// protectedResource serves the metadata of the MCP endpoint: a resource
// protected by bearer tokens in a header, and an empty list of
// authorization servers, said outright, since maitre's tokens come from
// the restaurant's auth service and no OAuth server issues them: an MCP
// client is to be given a token, not to send its user through a browser.
func protectedResource() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := auth.Origin(r)
		w.Header().Set("Access-Control-Allow-Origin", "*") // public, and read by browser-based clients
		w.Header().Set("Cache-Control", "public, max-age=3600")
		writeJSON(w, http.StatusOK, map[string]any{
			"resource":                 origin + "/mcp",
			"resource_name":            "maitre",
			"authorization_servers":    []string{},
			"bearer_methods_supported": []string{"header"},
		})
	})
}
