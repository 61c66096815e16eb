package gateway

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"strings"

	"github.com/maitre-pos/maitre/auth"
)

//go:embed dashboard.html
var dashboardPage string

var dashboardTemplate = template.Must(template.New("dashboard").Parse(dashboardPage))

// dashboardPolicy lets the page load only what the binary serves, and
// talk only to this gateway.
const dashboardPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"

// dashboard serves GET /dashboard, its token field pre-filled with the
// demo token when there is one.
func dashboard(headers map[string]string) http.Handler {
	token, _ := auth.Bearer(headers["Authorization"])
	var b bytes.Buffer
	if err := dashboardTemplate.Execute(&b, struct{ Token string }{token}); err != nil {
		panic(err) // the template is embedded: a test would have failed
	}
	html := b.Bytes()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", dashboardPolicy)
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(html)
	})
}

// withDashboardLink adds a link to the dashboard to the playground's page,
// which is the same for every request: it is rendered once.
func withDashboardLink(playground http.Handler) http.Handler {
	rec := &page{header: http.Header{}}
	req, _ := http.NewRequest(http.MethodGet, "/", nil)
	playground.ServeHTTP(rec, req)
	link := `<a href="/dashboard" style="position:fixed;right:12px;bottom:10px;z-index:10;font:13px system-ui,sans-serif">Dashboard</a></body>`
	body := []byte(strings.Replace(rec.body.String(), "</body>", link, 1))
	header := rec.header
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header()[k] = v
		}
		_, _ = w.Write(body)
	})
}

// page keeps what a handler writes.
type page struct {
	header http.Header
	body   bytes.Buffer
}

func (p *page) Header() http.Header         { return p.header }
func (p *page) Write(b []byte) (int, error) { return p.body.Write(b) }
func (p *page) WriteHeader(int)             {}
