package prometheus

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/maitre-pos/maitre/deploy/internal/promtool"
)

var update = flag.Bool("update", false, "rewrite rules.yaml")

// TestRulesFile: rules.yaml is what Defaults generate.
func TestRulesFile(t *testing.T) {
	got, err := Defaults.Rules().Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("rules.yaml", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("rules.yaml")
	if err != nil {
		t.Fatalf("%v (go test ./prometheus -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Error("rules.yaml is out of date: go test ./prometheus -update rewrites it, then review the diff")
	}
}

// TestPromtool: promtool accepts rules.yaml, and its unit tests pass:
// synthetic series on which each alert must fire, and must not.
func TestPromtool(t *testing.T) {
	for _, args := range [][]string{
		{"check", "rules", "rules.yaml"},
		{"test", "rules", "slo_test.yaml", "protections_test.yaml"},
	} {
		t.Run(args[0], func(t *testing.T) {
			if out, err := promtool.Command(t, args...).CombinedOutput(); err != nil {
				t.Errorf("promtool %v: %v\n%s", args, err, out)
			}
		})
	}
}
