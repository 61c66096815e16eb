package gateway_test

import (
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/maitre-pos/maitre/gateway"
)

// TestPlaygroundExamples: the playground's page carries its four example
// tabs, in order: today's figures, a page of orders, a subscription and a
// chat question. Each query runs for the owner with data and no error;
// the subscription pushes a first value.
func TestPlaygroundExamples(t *testing.T) {
	h := newHarness(t)
	examples := gateway.Examples()
	operation := regexp.MustCompile(`(?m)^(query|subscription) (\w+)`)
	var kinds []string
	for _, ex := range examples {
		kinds = append(kinds, operation.FindString(ex))
	}
	if got := strings.Join(kinds, ", "); got != "query Today, query Orders, subscription Live, query Ask" {
		t.Fatalf("the examples are %s", got)
	}
	resp, err := http.Get(h.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(html.UnescapeString(string(page)), `query Today {`) {
		t.Errorf("the page does not carry the examples")
	}
	for _, ex := range examples {
		m := operation.FindStringSubmatch(ex)
		t.Run(m[2], func(t *testing.T) {
			if m[1] == "subscription" {
				if u := h.SubscribeSSE(t, "demo-owner", ex, nil).Next(t); len(u.Errors) > 0 || len(u.Data) < 10 {
					t.Errorf("the first value: %s %v", u.Data, u.Errors)
				}
				return
			}
			r := h.Query(t, "demo-owner", ex, nil)
			if r.Status != http.StatusOK || len(r.Errors) > 0 || len(r.Data) == 0 {
				t.Errorf("%d %s", r.Status, r.Raw)
			}
		})
	}
}
