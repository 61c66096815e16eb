package prometheus

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/deploy/internal/promtool"
)

// TestMutations: the unit tests notice a limit moved either way. Each
// case writes the group of mutated rules that a file of unit tests
// covers beside it, in a folder of its own (the group alone: promtool
// evaluates every rule at every step), and expects promtool to report
// the alert the limit is of firing, or not, against the tests.
func TestMutations(t *testing.T) {
	const slo, protections = "slo_test.yaml", "protections_test.yaml"
	groups := map[string]string{slo: "maitre-slo", protections: "maitre-protections"}
	for _, c := range []struct {
		name, tests string
		alert       string // that the tests see fire when it should not, or not when it should
		mutate      func(*Settings)
	}{
		{"availability 99.8%", slo, "MaitreAvailabilityBudgetBurn", func(s *Settings) { s.Availability = 0.998 }},
		{"availability 99.95%", slo, "MaitreAvailabilityBudgetBurn", func(s *Settings) { s.Availability = 0.9995 }},
		{"latency 98.5%", slo, "MaitreLatencyBudgetBurn", func(s *Settings) { s.Latency = 0.985 }},
		{"latency 99.5%", slo, "MaitreLatencyBudgetBurn", func(s *Settings) { s.Latency = 0.995 }},
		{"latency within 1s", slo, "MaitreLatencyBudgetBurn", func(s *Settings) { s.LatencyBound = 1 }},
		{"1h/5m pair at 18x", slo, "MaitreAvailabilityBudgetBurn", func(s *Settings) { s.Burns[0].Spent = 0.025 }},
		{"1h/5m pair at 10.8x", slo, "MaitreAvailabilityBudgetBurn", func(s *Settings) { s.Burns[0].Spent = 0.015 }},
		{"6h/30m pair at 7.2x", slo, "MaitreAvailabilityBudgetBurn", func(s *Settings) { s.Burns[1].Spent = 0.06 }},
		{"6h/30m pair at 4.8x", slo, "MaitreAvailabilityBudgetBurn", func(s *Settings) { s.Burns[1].Spent = 0.04 }},
		{"3d/6h pair at 0.7x", slo, "MaitreAvailabilityBudgetBurn", func(s *Settings) { s.Burns[3].Spent = 0.07 }},
		{"period 24 days", slo, "MaitreAvailabilityBudgetBurn", func(s *Settings) { s.Period = 24 * 24 * time.Hour }},
		{"breaker open 4m", protections, "MaitreBreakerOpen", func(s *Settings) { s.BreakerOpen = 4 * time.Minute }},
		{"breaker open 6m", protections, "MaitreBreakerOpen", func(s *Settings) { s.BreakerOpen = 6 * time.Minute }},
		{"shedding 9m", protections, "MaitreShedding", func(s *Settings) { s.Shedding = 9 * time.Minute }},
		{"shedding 11m", protections, "MaitreShedding", func(s *Settings) { s.Shedding = 11 * time.Minute }},
		{"Redis degraded 9m", protections, "MaitreRedisDegraded", func(s *Settings) { s.RedisDegraded = 9 * time.Minute }},
		{"Redis degraded 11m", protections, "MaitreRedisDegraded", func(s *Settings) { s.RedisDegraded = 11 * time.Minute }},
		{"reload refused 14m", protections, "MaitreReloadRefused", func(s *Settings) { s.ReloadRefused = 14 * time.Minute }},
		{"reload refused 16m", protections, "MaitreReloadRefused", func(s *Settings) { s.ReloadRefused = 16 * time.Minute }},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := Defaults
			s.Burns = slices.Clone(Defaults.Burns)
			c.mutate(&s)
			file := s.Rules()
			sameText(t, Defaults.Rules(), file)
			file.Groups = slices.DeleteFunc(file.Groups, func(g Group) bool { return g.Name != groups[c.tests] })
			rules, err := file.Marshal()
			if err != nil || len(file.Groups) != 1 {
				t.Fatalf("the group of %s: %v", c.tests, err)
			}
			tests, err := os.ReadFile(c.tests)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			for name, data := range map[string][]byte{"rules.yaml": rules, c.tests: tests} {
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cmd := promtool.Command(t, "test", "rules", c.tests)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("promtool test rules passed with %s:\n%s", c.name, out)
			}
			if !strings.Contains(string(out), "alertname: "+c.alert+",") {
				t.Errorf("promtool test rules failed, but not on %s:\n%s", c.alert, out)
			}
		})
	}
}

// sameText fails t unless the mutated rules differ from the defaults
// only in expressions and waits: a failure must come from when alerts
// fire, not from a name, label or annotation the tests spell out.
func sameText(t *testing.T, want, got File) {
	t.Helper()
	changed := false
	for i, g := range want.Groups {
		for j, w := range g.Rules {
			m := got.Groups[i].Rules[j]
			if w.Record != m.Record || w.Alert != m.Alert || !maps.Equal(w.Labels, m.Labels) || !maps.Equal(w.Annotations, m.Annotations) {
				t.Fatalf("the mutation changed %s%s beyond its expression", w.Record, w.Alert)
			}
			changed = changed || w.Expr != m.Expr || w.For != m.For
		}
	}
	if !changed {
		t.Fatal("the mutation changed no rule")
	}
}
