package grafana

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"go.yaml.in/yaml/v3"

	"github.com/maitre-pos/maitre/deploy/internal/promtool"
	rules "github.com/maitre-pos/maitre/deploy/prometheus"
)

// grafanaVariables are what Grafana puts for each variable the queries
// use before it sends them.
var grafanaVariables = strings.NewReplacer(`"$job"`, `".*"`, `"$service"`, `".*"`, "$__rate_interval", "1m")

// labelValues is the selector in a variable's label_values query.
var labelValues = regexp.MustCompile(`^label_values\((.*), \w+\)$`)

// TestQueries: Prometheus's parser, through promtool check rules,
// accepts every query of maitre.json, each as the expression of a
// recording rule: PromQL that gives an instant vector, as a panel needs.
func TestQueries(t *testing.T) {
	raw, err := os.ReadFile("maitre.json")
	if err != nil {
		t.Fatal(err)
	}
	d, err := strict(raw)
	if err != nil {
		t.Fatal(err)
	}
	var queries []string
	for _, v := range d.Templating.List {
		if v.Type == dashboard.VariableTypeQuery {
			m := labelValues.FindStringSubmatch(*v.Query.String)
			if m == nil {
				t.Fatalf("variable %s: %q is not label_values(selector, label)", v.Name, *v.Query.String)
			}
			queries = append(queries, m[1])
		}
	}
	for _, p := range d.Panels {
		if p.Panel == nil {
			continue
		}
		for _, target := range p.Panel.Targets {
			queries = append(queries, target.(*prometheus.Dataquery).Expr)
		}
	}
	var file rules.File
	file.Groups = []rules.Group{{Name: "dashboard"}}
	for i, q := range queries {
		file.Groups[0].Rules = append(file.Groups[0].Rules, rules.Rule{Record: fmt.Sprintf("dashboard_query_%d", i+1), Expr: grafanaVariables.Replace(q)})
	}
	out, err := yaml.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "queries.yaml")
	if err := os.WriteFile(name, out, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := promtool.Command(t, "check", "rules", name).CombinedOutput(); err != nil {
		t.Errorf("promtool check rules: %v\n%s", err, out)
	}
}
