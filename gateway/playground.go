package gateway

import (
	"bytes"
	"embed"
	"encoding/json"
	"html/template"
	"io/fs"
	"net/http"
)

// GraphiQL 4.1.2 and React 18.2.0 from npm, embedded so the playground
// works offline.
//
//go:embed assets
var assetFS embed.FS

func assets() http.Handler {
	fs := http.FileServerFS(assetFS)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		fs.ServeHTTP(w, r)
	})
}

//go:embed playground.html
var playgroundPage string

var playgroundTemplate = template.Must(template.New("playground").Parse(playgroundPage))

// Examples are the playground's first tabs, in the order of their file
// names: today's figures, a page of orders, a subscription and a chat
// question, valid against the schema (a test runs them).
//
//go:embed examples/*.graphql
var examplesFS embed.FS

// Examples returns the example operations, in order.
func Examples() []string {
	entries, _ := fs.ReadDir(examplesFS, "examples") // embedded: cannot fail
	var out []string
	for _, e := range entries { // sorted by name
		b, _ := examplesFS.ReadFile("examples/" + e.Name())
		out = append(out, string(b))
	}
	return out
}

// graphiql serves GET /, GraphiQL over /query with its headers tab
// pre-filled with headers (e.g. the demo token) and a tab for each
// example. Its script is an asset, not inline, so that the page runs
// under the dashboard's policy; it keeps what GraphiQL stores, a typed
// token included, in the tab's session.
func graphiql(headers map[string]string) http.Handler {
	filled, err := json.Marshal(headers)
	if err != nil {
		panic(err) // a map of strings
	}
	tabs, _ := json.Marshal(Examples()) // strings
	var b bytes.Buffer
	if err := playgroundTemplate.Execute(&b, struct{ Headers, Tabs string }{string(filled), string(tabs)}); err != nil {
		panic(err) // the template is embedded: a test would have failed
	}
	return page(b.Bytes())
}
