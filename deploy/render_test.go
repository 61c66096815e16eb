package deploy

import (
	"fmt"
	"regexp"
	"strings"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/loader"
	release "helm.sh/helm/v4/pkg/release/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// The chart's release in these tests, as `helm template maitre` names it,
// on the Kubernetes release of the k8s.io/api the objects are decoded into
// (under test, helm would otherwise assume 1.20).
const releaseName, namespace, kubeVersion = "maitre", "default", "v1.37.0"

// render renders the chart as `helm template maitre helm/maitre -f FILE`
// does, with no cluster: values, a YAML document, go over values.yaml.
func render(values string) (string, error) {
	chart, err := loader.Load("helm/maitre")
	if err != nil {
		return "", err
	}
	vals, err := common.ReadValues([]byte(values))
	if err != nil {
		return "", err
	}
	kube, err := common.ParseKubeVersion(kubeVersion)
	if err != nil {
		return "", err
	}
	install := action.NewInstall(action.NewConfiguration())
	install.DryRunStrategy = action.DryRunClient
	install.KubeVersion = kube
	install.ReleaseName, install.Namespace = releaseName, namespace
	install.Replace = true // no release store to look the name up in
	rel, err := install.Run(chart, vals)
	if err != nil {
		return "", err
	}
	r, ok := rel.(*release.Release)
	if !ok {
		return "", fmt.Errorf("helm returned a %T, not a *release.Release", rel)
	}
	return r.Manifest, nil
}

// serviceMonitor is the part of prometheus-operator's ServiceMonitor
// (monitoring.coreos.com/v1, a CRD, so not in k8s.io/api) that the chart
// writes: decoding strictly into it refuses any other field, so one added
// to the template must be added here knowingly, checked against the CRD.
type serviceMonitor struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		Selector  metav1.LabelSelector `json:"selector"`
		Endpoints []struct {
			Port     string `json:"port"`
			Path     string `json:"path"`
			Interval string `json:"interval"`
		} `json:"endpoints"`
	} `json:"spec"`
}

// types are the Go types of the kinds the chart may render, by
// apiVersion/kind; a kind not here fails the test.
var types = map[string]func() any{
	"v1/ConfigMap":                  func() any { return new(corev1.ConfigMap) },
	"v1/Secret":                     func() any { return new(corev1.Secret) },
	"v1/Service":                    func() any { return new(corev1.Service) },
	"apps/v1/Deployment":            func() any { return new(appsv1.Deployment) },
	"policy/v1/PodDisruptionBudget": func() any { return new(policyv1.PodDisruptionBudget) },
	"monitoring.coreos.com/v1/ServiceMonitor": func() any { return new(serviceMonitor) },
}

var separator = regexp.MustCompile(`(?m)^---\s*$`)

// decode splits a manifest into its documents and decodes each strictly
// into its type: an unknown or mistyped field is an error, as a typo in a
// template would be one a cluster silently drops.
func decode(manifest string) ([]any, error) {
	var out []any
	for _, doc := range separator.Split(manifest, -1) {
		if empty(doc) {
			continue
		}
		var meta metav1.TypeMeta
		if err := yaml.Unmarshal([]byte(doc), &meta); err != nil {
			return nil, err
		}
		newObject, ok := types[meta.APIVersion+"/"+meta.Kind]
		if !ok {
			return nil, fmt.Errorf("a %s %s, which no test decodes:\n%s", meta.APIVersion, meta.Kind, doc)
		}
		obj := newObject()
		if err := yaml.UnmarshalStrict([]byte(doc), obj); err != nil {
			return nil, fmt.Errorf("%s: %w\n%s", meta.Kind, err, doc)
		}
		out = append(out, obj)
	}
	return out, nil
}

// empty reports whether a document holds only comments and blank lines
// (helm's "# Source:" line of a template that rendered nothing).
func empty(doc string) bool {
	for line := range strings.Lines(doc) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			return false
		}
	}
	return true
}

// all is the objects of type T, in the manifest's order.
func all[T any](objs []any) []*T {
	var out []*T
	for _, o := range objs {
		if v, ok := o.(*T); ok {
			out = append(out, v)
		}
	}
	return out
}
