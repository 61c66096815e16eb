package gateway_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestPageHeaders: the playground and the dashboard send the same
// security headers: a policy that runs no inline script and forbids
// framing, no sniffing, no referrer. The playground's page has no inline
// script for the policy to block.
func TestPageHeaders(t *testing.T) {
	h := newHarness(t)
	for _, path := range []string{"/", "/dashboard"} {
		t.Run(path, func(t *testing.T) {
			resp, err := http.Get(h.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			policy := resp.Header.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "script-src 'self';", "frame-ancestors 'none'", "object-src 'none'"} {
				if !strings.Contains(policy, want) {
					t.Errorf("Content-Security-Policy %q; want %s", policy, want)
				}
			}
			for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"} {
				if got := resp.Header.Get(k); got != want {
					t.Errorf("%s %q; want %q", k, got, want)
				}
			}
			for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(string(body), -1) {
				if !strings.Contains(tag, ` src="/assets/`) {
					t.Errorf("an inline script, which the policy blocks: %s", tag)
				}
			}
		})
	}
	resp, err := http.Get(h.URL + "/assets/playground.js")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("the playground's script: HTTP %d, X-Content-Type-Options %q", resp.StatusCode, resp.Header.Get("X-Content-Type-Options"))
	}
}
