package grafana

import (
	"bytes"
	"flag"
	"os"
	"testing"

	rules "github.com/maitre-pos/maitre/deploy/prometheus"
)

var update = flag.Bool("update", false, "rewrite maitre.json")

// TestDashboardFile: maitre.json is what the generator writes for the
// rules' default SLOs.
func TestDashboardFile(t *testing.T) {
	d, err := Dashboard(rules.Defaults)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("maitre.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("maitre.json")
	if err != nil {
		t.Fatalf("%v (go test ./grafana -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Error("maitre.json is out of date: go test ./grafana -update rewrites it, then review the diff")
	}
}
