package prometheus

import "fmt"

// protections alert on what the gateway does to protect itself and its
// services, each a cause the SLO alerts may not show yet: stale answers
// hide a broken service, a replica without Redis a fleet that stopped
// sharing.
func (s Settings) protections() []Rule {
	breaker := duration(s.BreakerOpen)
	refused := `maitre_config_reloads_total{outcome="refused"}`
	reload := duration(s.ReloadRefused)
	return []Rule{
		{
			// gobreaker reads half-open once OpenFor has passed, until a
			// probe goes out: a breaker open on a quiet night may read 1
			// at a scrape between opens, so "never closed, open at least
			// once" rather than "open at every scrape".
			Alert: "MaitreBreakerOpen",
			Expr: fmt.Sprintf("min_over_time(maitre_downstream_breaker_state[%s]) > 0\nand\nmax_over_time(maitre_downstream_breaker_state[%s]) == 2",
				breaker, breaker),
			Labels: map[string]string{"severity": "ticket"},
			Annotations: map[string]string{
				"summary":     "{{ $labels.instance }}: the breaker in front of {{ $labels.maitre_service }} has not closed for minutes",
				"description": "Calls to {{ $labels.maitre_service }} fail fast, answered stale where a copy is kept.",
			},
		},
		{
			Alert:  "MaitreRedisDegraded",
			Expr:   "max by (job, instance) (maitre_redis_degraded) == 1",
			For:    duration(s.RedisDegraded),
			Labels: map[string]string{"severity": "ticket"},
			Annotations: map[string]string{
				"summary":     "{{ $labels.instance }} runs without Redis",
				"description": "Redis cannot be reached or refuses writes: the replica answers from its own state, rate limits split, caches and pollers per replica (docs/resilience.md).",
			},
		},
		{
			Alert:  "MaitreShedding",
			Expr:   "sum by (job, instance) (rate(maitre_requests_shed_total[5m])) > 0",
			For:    duration(s.Shedding),
			Labels: map[string]string{"severity": "ticket"},
			Annotations: map[string]string{
				"summary":     "{{ $labels.instance }} keeps shedding requests (503 SERVICE_OVERLOADED)",
				"description": "Requests in flight or their memory are at the limit: too few replicas, or a slow service holding requests (docs/limits.md).",
			},
		},
		{
			// Every outcome's series starts at 0, so the first refusal is
			// an increase too.
			Alert:  "MaitreReloadRefused",
			Expr:   fmt.Sprintf("increase(%s[%s]) > 0", refused, reload),
			Labels: map[string]string{"severity": "ticket"},
			Annotations: map[string]string{
				"summary":     "{{ $labels.instance }} refused its configuration file",
				"description": "The file is invalid: the replica keeps its running settings, and its log says why.",
			},
		},
	}
}
