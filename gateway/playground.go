package gateway

import (
	"bytes"
	"embed"
	"encoding/json"
	"html/template"
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

// graphiql serves GET /, GraphiQL over /query with its headers tab
// pre-filled with headers (e.g. the demo token). Its script is an asset,
// not inline, so that the page runs under the dashboard's policy; it keeps
// what GraphiQL stores, a typed token included, in the tab's session.
func graphiql(headers map[string]string) http.Handler {
	filled, err := json.Marshal(headers)
	if err != nil {
		panic(err) // a map of strings
	}
	var b bytes.Buffer
	if err := playgroundTemplate.Execute(&b, struct{ Headers string }{string(filled)}); err != nil {
		panic(err) // the template is embedded: a test would have failed
	}
	return page(b.Bytes())
}
