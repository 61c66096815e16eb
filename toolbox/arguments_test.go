package toolbox_test

import (
	"strings"
	"testing"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// TestMCPArguments: arguments that do not fit the input schema a tool
// advertises are refused by name with an error result, and nothing runs:
// no service is called.
func TestMCPArguments(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, map[string]string{"MAITRE_MCP_ARBITRARY": "true"})
	s, err := mcpSession(t, h, "demo-owner")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, tool string
		args       map[string]any
		want       string
	}{
		{"a wrong type", "best_sellers", map[string]any{"limit": "three"}, "argument limit must be an integer, not a string"},
		{"a fraction", "best_sellers", map[string]any{"limit": 2.5}, "argument limit must be an integer, not a number"},
		{"null", "best_sellers", map[string]any{"limit": nil}, "argument limit must be an integer, not null"},
		{"an unknown argument", "best_sellers", map[string]any{"limit": 3, "bogus": 1}, "argument bogus is unknown: this tool takes by, category, limit, range"},
		{"a long unknown argument", "revenue", map[string]any{strings.Repeat("b", 1000): 1}, "argument " + strings.Repeat("b", 40) + "… is unknown: this tool takes range"},
		{"an unknown field", "revenue", map[string]any{"range": map[string]any{"period": "TODAY", "when": "now"}}, "argument range.when is unknown: range has from, period, to"},
		{"a value not in an enum", "revenue", map[string]any{"range": map[string]any{"period": "SOMETIME"}}, "argument range.period must be one of "},
		{"a missing argument", "ask", map[string]any{}, "argument question is required"},
		{"not an object", "run_query", map[string]any{"query": "{ me { tenantId } }", "variables": []any{1}}, "argument variables must be an object, not an array"},
		{"no argument expected", "occupancy", map[string]any{"x": 1}, "argument x is unknown: this tool takes none"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.Env.Reset()
			res, r := call(t, s, tc.tool, tc.args)
			calls := 0
			for _, svc := range clients.Services {
				if svc != clients.Auth {
					calls += len(h.Env.Calls(svc))
				}
			}
			if !res.IsError || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.HasPrefix(r.Errors[0].Message, tc.want) || calls != 0 {
				t.Errorf("%s %v: %s, %d calls to services; want an error result BAD_USER_INPUT %q and none", tc.tool, tc.args, r.Raw, calls, tc.want)
			}
		})
	}
}
