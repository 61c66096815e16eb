package main

import (
	"encoding/json"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	dto "github.com/prometheus/client_model/go"
)

// The dashboard and the rules that deploy/ generates: the PromQL they
// read must name what /metrics serves.
const (
	dashboardFile = "deploy/grafana/maitre.json"
	rulesFile     = "deploy/prometheus/rules.yaml"
)

// selector is a series a PromQL expression reads: a metric and the
// labels it matches on, each with the value it is compared to.
type selector struct {
	metric string
	labels map[string]string
}

// promToken is a token of PromQL, as far as selectors go: quoted
// strings, Grafana's $variables and numbers (durations among them) are
// whole tokens, so that nothing inside them reads as a name.
var promToken = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`|\\$\\{?\\w+\\}?|[0-9][\\w.]*|[A-Za-z_:][\\w:]*|\\S")

// labelValues is Grafana's query of a label's values: its selector, then
// the label.
var labelValues = regexp.MustCompile(`^\s*label_values\((.*),\s*(\w+)\s*\)\s*$`)

// labelLists are the words whose parenthesised lists are label names.
var labelLists = []string{"by", "without", "on", "ignoring", "group_left", "group_right"}

// selectors are the series expr reads: each name outside braces and
// label lists that is not a function (a name before "("), an
// aggregation (before "by" or "without") or a keyword.
func selectors(expr string) []selector {
	var extra string
	if m := labelValues.FindStringSubmatch(expr); m != nil {
		expr, extra = m[1], m[2]
	}
	tokens := promToken.FindAllString(expr, -1)
	var out []selector
	for i := 0; i < len(tokens); i++ {
		tok := tokens[i]
		next := ""
		if i+1 < len(tokens) {
			next = tokens[i+1]
		}
		switch {
		case slices.Contains(labelLists, tok) && next == "(":
			for i < len(tokens) && tokens[i] != ")" {
				i++
			}
		case isName(tok) && next != "(" && next != "by" && next != "without" && !isKeyword(tok):
			s := selector{metric: tok, labels: map[string]string{}}
			if next == "{" {
				i += 2
				for ; i < len(tokens) && tokens[i] != "}"; i++ {
					if isName(tokens[i]) {
						label := tokens[i]
						for i+1 < len(tokens) && strings.ContainsAny(tokens[i+1], "=!~") {
							i++
						}
						if i+1 < len(tokens) {
							i++
							s.labels[label] = strings.Trim(tokens[i], "\"'`")
						}
					}
				}
			}
			out = append(out, s)
		}
	}
	if extra != "" && len(out) > 0 {
		out[0].labels[extra] = ""
	}
	return out
}

func isName(tok string) bool {
	return tok != "" && (tok[0] == '_' || tok[0] == ':' || (tok[0] >= 'a' && tok[0] <= 'z') || (tok[0] >= 'A' && tok[0] <= 'Z'))
}

// isKeyword: PromQL's operators and modifiers that are words.
func isKeyword(tok string) bool {
	return slices.Contains([]string{"and", "or", "unless", "offset", "bool", "atan2"}, tok)
}

func TestSelectors(t *testing.T) {
	for _, c := range []struct {
		name, expr string
		want       []selector
	}{
		{"rate by labels", `sum by (http_route, maitre_service) (rate(maitre_requests_shed_total{job=~"$job"}[$__rate_interval])) + max(x) without (y)`,
			[]selector{{"maitre_requests_shed_total", map[string]string{"job": "$job"}}, {"x", map[string]string{}}}},
		{"range, no braces", `min_over_time(maitre_downstream_breaker_state[5m]) > 0`,
			[]selector{{"maitre_downstream_breaker_state", map[string]string{}}}},
		{"bucket and le", `histogram_quantile(0.99, sum by (le) (rate(x_seconds_bucket{le="0.5",a!="b"}[1h])))`,
			[]selector{{"x_seconds_bucket", map[string]string{"le": "0.5", "a": "b"}}}},
		{"operators and offset", `a{outcome="refused"} unless a offset 15m / on () group_left () job:b:ratio`,
			[]selector{{"a", map[string]string{"outcome": "refused"}}, {"a", map[string]string{}}, {"job:b:ratio", map[string]string{}}}},
		{"label_values", `label_values(maitre_downstream_breaker_state{job=~"$job"}, maitre_service)`,
			[]selector{{"maitre_downstream_breaker_state", map[string]string{"job": "$job", "maitre_service": ""}}}},
		{"names in strings", `sum(rate(m{r=~"/query|maitre_x"}[5m]))`,
			[]selector{{"m", map[string]string{"r": "/query|maitre_x"}}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := selectors(c.expr)
			if !slices.EqualFunc(got, c.want, func(a, b selector) bool { return a.metric == b.metric && maps.Equal(a.labels, b.labels) }) {
				t.Errorf("selectors(%q) = %v, want %v", c.expr, got, c.want)
			}
		})
	}
}

// dashboardQueries are the PromQL expressions of the dashboard's panels
// and variables.
func dashboardQueries(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(dashboardFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && (k == "expr" || k == "query" && v["type"] == "query") {
					out = append(out, s)
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	return out
}

// ruleFile is what the checks read of a Prometheus rule file.
type ruleFile struct {
	Groups []struct {
		Rules []struct {
			Record string `yaml:"record"`
			Expr   string `yaml:"expr"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

func readRules(t *testing.T) ruleFile {
	t.Helper()
	raw, err := os.ReadFile(rulesFile)
	if err != nil {
		t.Fatal(err)
	}
	var f ruleFile
	if err := yaml.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// checkNames: every metric the dashboard and the rules read is a family
// /metrics serves (a histogram's _bucket, _sum and _count read as the
// family), with the labels they match on and, for le, a boundary of
// its buckets; every recorded series the dashboard reads (a name with a
// colon) is one the rules record. A renamed metric, label or bucket
// fails here rather than leave a panel empty or an alert silent.
func checkNames(t *testing.T, families map[string]*dto.MetricFamily) {
	rules := readRules(t)
	recorded := map[string]bool{}
	var ruleExprs []string
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			ruleExprs = append(ruleExprs, r.Expr)
			if r.Record != "" {
				recorded[r.Record] = true
			}
		}
	}
	for _, src := range []struct {
		file  string
		exprs []string
	}{
		{dashboardFile, dashboardQueries(t)},
		{rulesFile, ruleExprs},
	} {
		t.Run(src.file, func(t *testing.T) {
			var read []string
			for _, expr := range src.exprs {
				for _, s := range selectors(expr) {
					if strings.Contains(s.metric, ":") {
						if !recorded[s.metric] {
							t.Errorf("%s reads %s, which %s does not record", src.file, s.metric, rulesFile)
						}
						continue
					}
					read = append(read, s.metric)
					checkSelector(t, src.file, s, families)
				}
			}
			if len(read) == 0 {
				t.Fatalf("%s: no metric found in %d expressions", src.file, len(src.exprs))
			}
			slices.Sort(read)
			t.Logf("%s reads %v", src.file, slices.Compact(read))
		})
	}
}

// checkSelector checks one series a query reads against the scrape.
func checkSelector(t *testing.T, file string, s selector, families map[string]*dto.MetricFamily) {
	t.Helper()
	name, suffix := s.metric, ""
	for _, sfx := range []string{"_bucket", "_sum", "_count"} {
		if base, ok := strings.CutSuffix(s.metric, sfx); ok && families[base].GetType() == dto.MetricType_HISTOGRAM {
			name, suffix = base, sfx
		}
	}
	f, ok := families[name]
	if !ok {
		t.Errorf("%s reads %s; /metrics serves no such metric", file, s.metric)
		return
	}
	served := map[string]bool{"job": true, "instance": true} // added by the scrape
	var bounds []float64
	for _, m := range f.GetMetric() {
		for _, l := range m.GetLabel() {
			served[l.GetName()] = true
		}
		for _, b := range m.GetHistogram().GetBucket() {
			bounds = append(bounds, b.GetUpperBound())
		}
	}
	for label, value := range s.labels {
		switch {
		case label == "le" && suffix == "_bucket":
			v, err := strconv.ParseFloat(value, 64)
			if err != nil || !slices.Contains(bounds, v) {
				t.Errorf("%s reads %s{le=%q}; its buckets end at %v", file, s.metric, value, slices.Compact(slices.Sorted(slices.Values(bounds))))
			}
		case !served[label]:
			t.Errorf("%s reads %s by label %s; /metrics serves it without", file, s.metric, label)
		}
	}
}
