package gateway

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"

	"github.com/maitre-pos/maitre/auth"
)

//go:embed dashboard.html
var dashboardPage string

var dashboardTemplate = template.Must(template.New("dashboard").Parse(dashboardPage))

// dashboard serves GET /dashboard, its token field pre-filled with the
// demo token when there is one.
func dashboard(headers map[string]string) http.Handler {
	token, _ := auth.Bearer(headers["Authorization"])
	var b bytes.Buffer
	if err := dashboardTemplate.Execute(&b, struct{ Token string }{token}); err != nil {
		panic(err) // the template is embedded: a test would have failed
	}
	return page(b.Bytes())
}
