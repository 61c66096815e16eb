package deploy

import (
	"testing"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart/common"
)

// TestChartLint runs `helm lint --strict` on the chart, with its defaults
// and with every option on: a warning fails it.
func TestChartLint(t *testing.T) {
	kube, err := common.ParseKubeVersion(kubeVersion)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, values string }{
		{"defaults", ""},
		{"every option on", everyOption},
	} {
		t.Run(c.name, func(t *testing.T) {
			vals, err := common.ReadValues([]byte(c.values))
			if err != nil {
				t.Fatal(err)
			}
			lint := action.NewLint()
			lint.Strict, lint.KubeVersion = true, kube
			if r := lint.Run([]string{"helm/maitre"}, vals); r.TotalChartsLinted != 1 || len(r.Errors) > 0 {
				t.Errorf("helm lint --strict: %d charts linted, %v", r.TotalChartsLinted, r.Errors)
			}
		})
	}
}
