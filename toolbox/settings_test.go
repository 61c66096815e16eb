package toolbox_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maitre-pos/maitre/app"
	"github.com/maitre-pos/maitre/config"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// folder writes files into a fresh folder and returns its path.
func folder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestMCPSettings: mcp.arbitrary and mcp.operations reach /mcp from the
// configuration, as the binary reads it: run_query is served, and the
// operator's folder replaces the demo's tools.
func TestMCPSettings(t *testing.T) {
	t.Parallel()
	dir := folder(t, map[string]string{
		"takings.graphql": "# Today's takings.\nquery takings { revenue { total { amount } orderCount } }",
		"notes.txt":       "not an operation",
	})
	h := gatewaytest.New(t, map[string]string{"MAITRE_MCP_ARBITRARY": "true", "MAITRE_MCP_OPERATIONS": dir})
	s, err := mcpSession(t, h, "demo-owner")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tl := range listTools(t, s) {
		names = append(names, tl.Name)
	}
	if got := strings.Join(names, ","); got != "ask,describe_schema,run_query,takings" {
		t.Errorf("tools %s; want ask, describe_schema, run_query and the folder's takings", got)
	}
	total, orders := gatewaytest.BistroToday(t, h.Env)
	res, r := call(t, s, "takings", nil)
	var rev struct {
		Total      gatewaytest.Money
		OrderCount int
	}
	r.Field(t, "revenue", &rev)
	if res.IsError || rev.Total.Amount != gatewaytest.Amount(total, "USD") || rev.OrderCount != orders {
		t.Errorf("takings: %s; want %s and %d orders", r.Raw, gatewaytest.Amount(total, "USD"), orders)
	}
	if res, r := call(t, s, "run_query", map[string]any{"query": `{ me { tenantId } }`}); res.IsError || string(r.Data["me"]) != `{"tenantId":"bistro"}` {
		t.Errorf("run_query: %s", r.Raw)
	}
}

// TestMCPOperationsRefused: a folder that cannot serve a tool is refused
// before anything starts: by the configuration (what `maitre config
// check` runs) when it is missing or holds no .graphql file, naming the
// folder; by the startup when a file is not one named query, naming it.
func TestMCPOperationsRefused(t *testing.T) {
	t.Parallel()
	file := folder(t, map[string]string{"x.graphql": "query x { me { tenantId } }"})
	for _, tc := range []struct {
		name, folder string
	}{
		{"missing", filepath.Join(t.TempDir(), "nowhere")},
		{"empty", folder(t, nil)},
		{"no operation", folder(t, map[string]string{"README.md": "# notes", "query.gql": "query q { me { tenantId } }"})},
		{"a file", filepath.Join(file, "x.graphql")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse(nil, func(k string) string { return map[string]string{"MAITRE_MCP_OPERATIONS": tc.folder}[k] }, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "mcp.operations") || !strings.Contains(err.Error(), tc.folder) {
				t.Errorf("config: %v; want an error naming mcp.operations and %s", err, tc.folder)
			}
		})
	}
	bad := folder(t, map[string]string{"good.graphql": "query good { me { tenantId } }", "broken.graphql": "query broken { nothing }"})
	cfg, err := config.Parse(nil, func(k string) string { return map[string]string{"MAITRE_MCP_OPERATIONS": bad}[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if a, err := app.New(cfg, app.Options{}); err == nil || !strings.Contains(err.Error(), "broken.graphql") {
		if a != nil {
			a.Close()
		}
		t.Errorf("startup: %v; want an error naming broken.graphql", err)
	}
}
