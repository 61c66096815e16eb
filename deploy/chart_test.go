package deploy

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"
)

// everyOption turns on every option of the chart at once.
const everyOption = `
replicaCount: 5
image: {repository: registry.example.com/pos/maitre, tag: "0.2.0", pullPolicy: Always}
imagePullSecrets: [{name: registry}]
config:
  services:
    payments: {timeout: 2s}
  telemetry: {log_level: debug}
ports: {http: 8080, metrics: 9100}
service: {type: LoadBalancer, port: 8443}
readinessPath: /health/ready
preStopSleepSeconds: 10
terminationGracePeriodSeconds: 30
resources:
  requests: {cpu: "2", memory: 512Mi}
  limits: {memory: 1Gi}
podDisruptionBudget: {maxUnavailable: 2}
redis:
  url: "redis://:secret@redis:6379/0"
  key: "0123456789abcdef0123456789abcdef"
  previousKey: "fedcba9876543210fedcba9876543210"
serviceMonitor:
  enabled: true
  interval: 15s
  labels: {release: prometheus}
podAnnotations: {team: pos}
nodeSelector: {kubernetes.io/os: linux}
tolerations: [{key: dedicated, operator: Equal, value: maitre, effect: NoSchedule}]
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector: {matchLabels: {app.kubernetes.io/name: maitre}}
`

// TestChart renders the chart as `helm template` does and decodes every
// object strictly into its Kubernetes type; what every rendering must hold
// is checked by checkRendered, what a case's values change by its check.
func TestChart(t *testing.T) {
	for _, c := range []struct {
		name, values string
		// objects is what must be rendered, as "Kind name", sorted.
		objects []string
		check   func(t *testing.T, objs []any)
	}{
		{
			name:    "defaults, as docs/deploy.md's reasons ask",
			objects: []string{"ConfigMap maitre", "Deployment maitre", "PodDisruptionBudget maitre", "Service maitre"},
			check: func(t *testing.T, objs []any) {
				d := all[appsv1.Deployment](objs)[0]
				pod := d.Spec.Template.Spec
				c := pod.Containers[0]
				for what, v := range map[string][2]any{
					"replicas":                      {*d.Spec.Replicas, int32(3)},
					"image":                         {c.Image, "registry.example.com/maitre:0.1.0"},
					"readiness probe":               {c.ReadinessProbe.HTTPGet.Path, "/health/live"},
					"preStop sleep":                 {c.Lifecycle.PreStop.Sleep.Seconds, int64(5)},
					"terminationGracePeriodSeconds": {*pod.TerminationGracePeriodSeconds, int64(20)},
					"requests":                      {quantities(c.Resources.Requests), "cpu=1 memory=256Mi"},
					"limits":                        {quantities(c.Resources.Limits), "memory=512Mi"},
					"user":                          {*pod.SecurityContext.RunAsUser, int64(65532)},
					"PDB maxUnavailable":            {all[policyv1.PodDisruptionBudget](objs)[0].Spec.MaxUnavailable.String(), "1"},
					"Service port":                  {all[corev1.Service](objs)[0].Spec.Ports[0].Port, int32(80)},
					"environment":                   {len(c.Env), 0},
					"memory_limit":                  {configOf(t, objs).Limits.MemoryLimit, 117440512},
				} {
					if v[0] != v[1] {
						t.Errorf("%s: %v, want %v", what, v[0], v[1])
					}
				}
			},
		},
		{
			name:    "every option on",
			values:  everyOption,
			objects: []string{"ConfigMap maitre", "Deployment maitre", "PodDisruptionBudget maitre", "Secret maitre-redis", "Service maitre", "Service maitre-metrics", "ServiceMonitor maitre"},
			check: func(t *testing.T, objs []any) {
				d := all[appsv1.Deployment](objs)[0]
				c := d.Spec.Template.Spec.Containers[0]
				if c.ReadinessProbe.HTTPGet.Path != "/health/ready" || c.Image != "registry.example.com/pos/maitre:0.2.0" {
					t.Errorf("readiness on %s, image %s", c.ReadinessProbe.HTTPGet.Path, c.Image)
				}
				checkRedisEnv(t, c, "maitre-redis", "url")
				s := all[corev1.Secret](objs)[0]
				if s.StringData["url"] != "redis://:secret@redis:6379/0" || len(s.StringData["key"]) != 32 || len(s.StringData["previous-key"]) != 32 {
					t.Errorf("the Secret holds %v", slices.Sorted(maps.Keys(s.StringData)))
				}
				if _, ok := d.Spec.Template.Annotations["checksum/redis"]; !ok || d.Spec.Template.Annotations["team"] != "pos" {
					t.Errorf("pod annotations %v: want checksum/redis, to roll the pods when the Secret changes, and team", d.Spec.Template.Annotations)
				}
				if m := all[serviceMonitor](objs)[0]; m.Labels["release"] != "prometheus" || m.Spec.Endpoints[0].Interval != "15s" {
					t.Errorf("ServiceMonitor labels %v, interval %s", m.Labels, m.Spec.Endpoints[0].Interval)
				}
				// The values' config goes over the chart's, key by key.
				cfg := configOf(t, objs)
				if cfg.Services.Payments.URL != "http://payments:8080" || cfg.Services.Payments.Timeout != "2s" || cfg.Telemetry.LogLevel != "debug" {
					t.Errorf("config %+v: want the chart's URL with the values' timeout and log level", cfg)
				}
			},
		},
		{
			name:    "a Secret of one's own, no PodDisruptionBudget",
			values:  "redis: {existingSecret: pos-redis, secretKeys: {url: REDIS_URL}}\npodDisruptionBudget: {enabled: false}\n",
			objects: []string{"ConfigMap maitre", "Deployment maitre", "Service maitre"},
			check: func(t *testing.T, objs []any) {
				d := all[appsv1.Deployment](objs)[0]
				checkRedisEnv(t, d.Spec.Template.Spec.Containers[0], "pos-redis", "REDIS_URL")
				if len(d.Spec.Template.Annotations) != 0 {
					t.Errorf("pod annotations %v: a Secret the chart does not render has no checksum", d.Spec.Template.Annotations)
				}
			},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.check(t, renderChecked(t, c.values, c.objects))
		})
	}
}

// TestChartDocs renders the values docs/deploy.md gives as its example.
func TestChartDocs(t *testing.T) {
	objs := renderChecked(t, docsValues(t), []string{"ConfigMap maitre", "Deployment maitre", "PodDisruptionBudget maitre", "Service maitre", "Service maitre-metrics", "ServiceMonitor maitre"})
	checkRedisEnv(t, all[appsv1.Deployment](objs)[0].Spec.Template.Spec.Containers[0], "maitre-redis", "url")
}

// renderChecked renders the chart with values, decodes every object, and
// checks that they are the objects listed ("Kind name", sorted) and hold
// what every rendering must.
func renderChecked(t *testing.T, values string, objects []string) []any {
	t.Helper()
	manifest, err := render(values)
	if err != nil {
		t.Fatal(err)
	}
	objs, err := decode(manifest)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range objs {
		got = append(got, kindName(o))
	}
	slices.Sort(got)
	if !slices.Equal(got, objects) {
		t.Fatalf("rendered %q, want %q", got, objects)
	}
	checkRendered(t, objs)
	return objs
}

// TestChartRefuses: values that would deploy something other than what
// they say fail to render, saying which value to change.
func TestChartRefuses(t *testing.T) {
	for _, c := range []struct{ name, values, want string }{
		{"the listen address in config", `config: {listen: ":8080"}`, "set ports.http instead"},
		{"the metrics address in config", `config: {telemetry: {metrics_listen: ":9091"}}`, "set ports.metrics instead"},
		{"two Redis Secrets", `redis: {existingSecret: pos-redis, url: "redis://redis:6379"}`, "not both"},
		{"a key without Redis", `redis: {key: 0123456789abcdef}`, "a key without a url"},
		{"a misspelt value", `replicas: 3`, "replicas"},
		{"readiness on another path", `readinessPath: /healthz`, "readinessPath"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := render(c.values)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("render: %v, want an error saying %q", err, c.want)
			}
		})
	}
}

// checkRendered checks what every rendering must hold.
func checkRendered(t *testing.T, objs []any) {
	t.Helper()
	d := all[appsv1.Deployment](objs)[0]
	pod := d.Spec.Template.Spec
	podLabels := labels.Set(d.Spec.Template.Labels)
	if sel := labels.Set(d.Spec.Selector.MatchLabels).AsSelector(); !sel.Matches(podLabels) {
		t.Errorf("the Deployment's selector %s does not select its pods %v", sel, podLabels)
	}
	if u := d.Spec.Strategy.RollingUpdate; u == nil || u.MaxUnavailable.String() != "0" || u.MaxSurge.String() != "1" {
		t.Errorf("rollout %+v: want maxUnavailable 0, maxSurge 1", d.Spec.Strategy)
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(pod.Containers))
	}
	c := pod.Containers[0]

	// Non-root, with nothing to escalate to.
	if sc := pod.SecurityContext; sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.RunAsUser == nil || *sc.RunAsUser == 0 {
		t.Errorf("pod securityContext %+v: want runAsNonRoot and a user other than 0", sc)
	}
	if sc := c.SecurityContext; sc == nil || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) {
		t.Errorf("container securityContext %+v: want no privilege escalation, a read-only root, every capability dropped", sc)
	}

	// Probes on the gateway's port, and a shutdown the load balancer sees first.
	ports := map[string]int32{}
	for _, p := range c.Ports {
		ports[p.Name] = p.ContainerPort
	}
	for name, p := range map[string]*corev1.Probe{"liveness": c.LivenessProbe, "readiness": c.ReadinessProbe} {
		if p == nil || p.HTTPGet == nil || p.HTTPGet.Port.String() != "http" {
			t.Errorf("%s probe %+v: want an HTTP GET on port http", name, p)
			continue
		}
		if want := map[string][]string{"liveness": {"/health/live"}, "readiness": {"/health/live", "/health/ready"}}[name]; !slices.Contains(want, p.HTTPGet.Path) {
			t.Errorf("%s probe on %s, want one of %v", name, p.HTTPGet.Path, want)
		}
	}
	if c.Lifecycle == nil || c.Lifecycle.PreStop == nil || c.Lifecycle.PreStop.Sleep == nil {
		t.Fatalf("lifecycle %+v: want a preStop sleep (the image has no shell)", c.Lifecycle)
	}
	const shutdownTimeout = 10 // server.shutdown_timeout's default, in seconds
	if sleep, grace := c.Lifecycle.PreStop.Sleep.Seconds, *pod.TerminationGracePeriodSeconds; grace <= sleep+shutdownTimeout {
		t.Errorf("terminationGracePeriodSeconds %d: want more than the preStop sleep (%d s) and the shutdown timeout (%d s)", grace, sleep, shutdownTimeout)
	}
	if _, ok := c.Resources.Limits[corev1.ResourceCPU]; ok {
		t.Errorf("a CPU limit (%s): throttling adds latency to every request", c.Resources.Limits.Cpu())
	}
	if c.Resources.Limits.Memory().IsZero() {
		t.Error("no memory limit")
	}

	// The configuration: the ConfigMap, mounted as a folder, read with --config.
	cm := all[corev1.ConfigMap](objs)[0]
	if !slices.Equal(c.Args, []string{"--config", "/etc/maitre/maitre.yaml"}) {
		t.Errorf("args %q", c.Args)
	}
	var mounted bool
	for _, m := range c.VolumeMounts {
		for _, v := range pod.Volumes {
			if m.Name == v.Name && v.ConfigMap != nil && v.ConfigMap.Name == cm.Name {
				mounted = m.MountPath == "/etc/maitre" && m.SubPath == "" && m.ReadOnly
			}
		}
	}
	if !mounted {
		t.Errorf("the ConfigMap %s is not mounted read-only as the folder /etc/maitre (a subPath never updates)", cm.Name)
	}
	checkConfig(t, cm.Data["maitre.yaml"])
	cfg := configOf(t, objs)
	if cfg.Listen != fmt.Sprintf(":%d", ports["http"]) || cfg.Telemetry.MetricsListen != fmt.Sprintf(":%d", ports["metrics"]) {
		t.Errorf("listen %q and metrics_listen %q, but the container's ports are %v", cfg.Listen, cfg.Telemetry.MetricsListen, ports)
	}

	// What selects the pods selects these ones, on ports they have.
	services := map[string]*corev1.Service{}
	for _, s := range all[corev1.Service](objs) {
		services[s.Name] = s
		if !labels.SelectorFromSet(s.Spec.Selector).Matches(podLabels) {
			t.Errorf("Service %s selects %v, not the pods %v", s.Name, s.Spec.Selector, podLabels)
		}
		for _, p := range s.Spec.Ports {
			if _, ok := ports[p.TargetPort.String()]; !ok {
				t.Errorf("Service %s targets port %s, which the container does not name", s.Name, p.TargetPort.String())
			}
		}
	}
	if public := services[d.Name]; public == nil || len(public.Spec.Ports) != 1 || public.Spec.Ports[0].TargetPort.String() != "http" {
		t.Errorf("the Service %s must expose the http port alone, not /metrics and the profiles", d.Name)
	}
	for _, p := range all[policyv1.PodDisruptionBudget](objs) {
		if !labels.SelectorFromSet(p.Spec.Selector.MatchLabels).Matches(podLabels) || p.Spec.MaxUnavailable == nil {
			t.Errorf("PodDisruptionBudget %s: selector %v, maxUnavailable %v", p.Name, p.Spec.Selector, p.Spec.MaxUnavailable)
		}
	}
	for _, m := range all[serviceMonitor](objs) {
		checkServiceMonitor(t, m, services)
	}
}

// operatorDuration is the pattern prometheus-operator's CRD gives a
// ServiceMonitor's interval.
var operatorDuration = regexp.MustCompile(`^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$`)

// checkServiceMonitor checks that m scrapes /metrics through the port
// named metrics of exactly one Service.
func checkServiceMonitor(t *testing.T, m *serviceMonitor, services map[string]*corev1.Service) {
	t.Helper()
	var scraped []*corev1.Service
	for _, s := range services {
		if labels.SelectorFromSet(m.Spec.Selector.MatchLabels).Matches(labels.Set(s.Labels)) {
			scraped = append(scraped, s)
		}
	}
	if len(scraped) != 1 {
		t.Fatalf("ServiceMonitor %s selects %d Services, want the metrics one alone", m.Name, len(scraped))
	}
	if len(m.Spec.Endpoints) != 1 {
		t.Fatalf("ServiceMonitor %s has %d endpoints, want 1", m.Name, len(m.Spec.Endpoints))
	}
	e := m.Spec.Endpoints[0]
	if !slices.ContainsFunc(scraped[0].Spec.Ports, func(p corev1.ServicePort) bool { return p.Name == e.Port && p.TargetPort.String() == "metrics" }) {
		t.Errorf("ServiceMonitor %s scrapes port %q, which Service %s does not route to the metrics port", m.Name, e.Port, scraped[0].Name)
	}
	if e.Path != "/metrics" || !operatorDuration.MatchString(e.Interval) {
		t.Errorf("ServiceMonitor %s scrapes %s every %q", m.Name, e.Path, e.Interval)
	}
}

// checkRedisEnv checks that the Redis URL comes from the Secret's key, and
// the fleet's keys from the same Secret when it holds them.
func checkRedisEnv(t *testing.T, c corev1.Container, secret, urlKey string) {
	t.Helper()
	refs := map[string]*corev1.SecretKeySelector{}
	for _, e := range c.Env {
		if e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil {
			t.Errorf("%s is not read from a Secret", e.Name)
			continue
		}
		refs[e.Name] = e.ValueFrom.SecretKeyRef
	}
	if r := refs["MAITRE_REDIS_URL"]; r == nil || r.Name != secret || r.Key != urlKey || r.Optional != nil && *r.Optional {
		t.Errorf("MAITRE_REDIS_URL from %+v, want %s's %s, required", r, secret, urlKey)
	}
	for _, name := range []string{"MAITRE_REDIS_KEY", "MAITRE_REDIS_PREVIOUS_KEY"} {
		if r := refs[name]; r == nil || r.Name != secret || r.Optional == nil || !*r.Optional {
			t.Errorf("%s from %+v, want %s, optional", name, r, secret)
		}
	}
}

// checkConfig runs `maitre config check` on a rendered maitre.yaml.
func checkConfig(t *testing.T, text string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "maitre.yaml")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(maitreBinary(t), "config", "check", file).CombinedOutput(); err != nil {
		t.Errorf("maitre config check: %v\n%s\n--- maitre.yaml:\n%s", err, out, text)
	}
}

// config is what the tests read of a rendered maitre.yaml.
type config struct {
	Listen   string
	Services struct {
		Payments struct{ URL, Timeout string }
	}
	Limits struct {
		MemoryLimit any `json:"memory_limit"`
	}
	Telemetry struct {
		MetricsListen string `json:"metrics_listen"`
		LogLevel      string `json:"log_level"`
	}
}

func configOf(t *testing.T, objs []any) config {
	t.Helper()
	var cfg config
	if err := yaml.Unmarshal([]byte(all[corev1.ConfigMap](objs)[0].Data["maitre.yaml"]), &cfg); err != nil {
		t.Fatal(err)
	}
	if f, ok := cfg.Limits.MemoryLimit.(float64); ok && f == float64(int(f)) {
		cfg.Limits.MemoryLimit = int(f) // JSON's numbers; config check refuses 1.34e+08
	}
	return cfg
}

// quantities writes a resource list as "cpu=1 memory=256Mi".
func quantities(l corev1.ResourceList) string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(l)) {
		q := l[name]
		out = append(out, fmt.Sprintf("%s=%s", name, &q))
	}
	return strings.Join(out, " ")
}

// kindName is "Kind name", as the test cases list objects.
func kindName(o any) string {
	obj := o.(interface {
		GetObjectKind() schema.ObjectKind
		GetName() string
	})
	return obj.GetObjectKind().GroupVersionKind().Kind + " " + obj.GetName()
}

// docsValues is the values block of docs/deploy.md's Kubernetes section:
// the yaml block after the line that names this test.
func docsValues(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("../docs/deploy.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(raw), "<!-- not run: values for the chart; deploy's TestChartDocs renders them -->\n```yaml\n")
	block, _, closed := strings.Cut(after, "\n```\n")
	if !ok || !closed {
		t.Fatal("docs/deploy.md has no values block for the chart")
	}
	return block
}
