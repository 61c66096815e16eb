package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
)

// tableMetric is a row of the README's table of metrics.
type tableMetric struct {
	name   string
	labels []string
}

// readmeMetrics reads the table that follows "`/metrics` serves": each
// row's metric name, and the label names in backticks that open each
// comma-separated item of its labels cell (what follows, in parentheses,
// is prose).
func readmeMetrics(t *testing.T) []tableMetric {
	t.Helper()
	raw, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, text, ok := strings.Cut(string(raw), "`/metrics` serves Prometheus text")
	if !ok {
		t.Fatal("README.md: no section on /metrics")
	}
	_, text, ok = strings.Cut(text, "| metric | labels | what |\n|---|---|---|\n")
	if !ok {
		t.Fatal("README.md: no table of metrics after its section on /metrics")
	}
	name := regexp.MustCompile("^`([a-z_]+)`$")
	label := regexp.MustCompile("^`([a-z_]+)`")
	var out []tableMetric
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(line, "|")
		m := name.FindStringSubmatch(strings.TrimSpace(cells[1]))
		if len(cells) != 5 || m == nil {
			t.Fatalf("README.md: row %q: want | `metric` | labels | what |", line)
		}
		row := tableMetric{name: m[1]}
		for _, item := range topLevel(cells[2]) {
			l := label.FindStringSubmatch(item)
			if l == nil {
				t.Fatalf("README.md: %s: label %q does not start with its name in backticks", row.name, item)
			}
			row.labels = append(row.labels, l[1])
		}
		out = append(out, row)
	}
	return out
}

// topLevel splits s at the commas outside parentheses, trimmed; "" is none.
func topLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s + "," {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				if item := strings.TrimSpace(s[start:i]); item != "" {
					out = append(out, item)
				}
				start = i + 1
			}
		}
	}
	return out
}

// checkTable: each row of the README's table names a metric the gateway
// serves with exactly the labels it lists, and each maitre_* and http_*
// metric served has its row.
func checkTable(t *testing.T, families map[string]*dto.MetricFamily) {
	rows := readmeMetrics(t)
	listed := map[string]bool{}
	for _, row := range rows {
		listed[row.name] = true
		f, ok := families[row.name]
		if !ok {
			t.Errorf("README.md lists %s; /metrics has no such metric", row.name)
			continue
		}
		var served []string
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if !slices.Contains(served, l.GetName()) {
					served = append(served, l.GetName())
				}
			}
		}
		slices.Sort(served)
		want := slices.Sorted(slices.Values(row.labels))
		if !slices.Equal(served, want) {
			t.Errorf("%s: README.md lists labels %v; /metrics has %v", row.name, want, served)
		}
	}
	for name := range families {
		if (strings.HasPrefix(name, "maitre_") || strings.HasPrefix(name, "http_")) && !listed[name] {
			t.Errorf("/metrics has %s; README.md's table does not list it", name)
		}
	}
}
