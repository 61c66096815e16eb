package prometheus

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// apiRoutes are the routes clients call, as http_route names them; the
// pages, health checks and /metrics are left out of the SLOs.
const apiRoutes = "/query|/chat|/mcp"

// slo is an objective and its SLI: the ratio of bad events to all over
// a window.
type slo struct {
	name      string // availability or latency, in rule names and the slo label
	objective float64
	errors    func(window string) string
}

func (s Settings) slos() []slo {
	return []slo{
		{"availability", s.Availability, availabilityErrors},
		{"latency", s.Latency, func(w string) string { return latencyErrors(s.LatencyBound, w) }},
	}
}

// availabilityErrors is the share of API requests answered 5xx: 0, not
// nothing, while there are none, so that panels and ratios read 0.
func availabilityErrors(w string) string {
	total := fmt.Sprintf(`sum by (job) (rate(http_server_request_duration_seconds_count{http_route=~"%s"}[%s]))`, apiRoutes, w)
	return fmt.Sprintf("(\n  sum by (job) (rate(http_server_request_duration_seconds_count{http_route=~\"%s\",http_response_status_code=~\"5..\"}[%s]))\n  or 0 * %s\n)\n/\n%s",
		apiRoutes, w, total, total)
}

// latencyErrors is the share of operations slower than bound. A
// subscription's operation lasts as long as it is open, so they are left
// out.
func latencyErrors(bound float64, w string) string {
	sel := `graphql_operation_type!="subscription"`
	return fmt.Sprintf("1 - (\n  sum by (job) (rate(maitre_graphql_operation_duration_seconds_bucket{%s,le=\"%s\"}[%s]))\n  /\n  sum by (job) (rate(maitre_graphql_operation_duration_seconds_count{%s}[%s]))\n)",
		sel, number(bound), w, sel, w)
}

// ErrorRatio names the recording rule of an SLO's error ratio (the SLO
// availability or latency) over window.
func ErrorRatio(name string, window time.Duration) string {
	return "job:maitre_" + name + "_errors:ratio_rate" + duration(window)
}

// windows are the burns' windows, shortest first.
func (s Settings) windows() []time.Duration {
	var out []time.Duration
	for _, b := range s.Burns {
		out = append(out, b.Long, b.Short)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ratios record each SLO's error ratio over each window.
func (s Settings) ratios() []Rule {
	var out []Rule
	for _, o := range s.slos() {
		for _, w := range s.windows() {
			out = append(out, Rule{Record: ErrorRatio(o.name, w), Expr: o.errors(duration(w))})
		}
	}
	return out
}

// burnAlerts alert on each SLO once a severity: while any of its pairs
// burns over both windows.
func (s Settings) burnAlerts() []Rule {
	var out []Rule
	for _, o := range s.slos() {
		var severities []string
		pairs := map[string][]string{}
		for _, b := range s.Burns {
			if !slices.Contains(severities, b.Severity) {
				severities = append(severities, b.Severity)
			}
			limit := fmt.Sprintf("(%s * %s)", number(b.Factor(s.Period)), number(1-o.objective))
			pairs[b.Severity] = append(pairs[b.Severity], fmt.Sprintf("(\n  %s > %s\n  and\n  %s > %s\n)",
				ErrorRatio(o.name, b.Long), limit, ErrorRatio(o.name, b.Short), limit))
		}
		for _, sev := range severities {
			out = append(out, Rule{
				Alert:  "Maitre" + strings.ToUpper(o.name[:1]) + o.name[1:] + "BudgetBurn",
				Expr:   strings.Join(pairs[sev], "\nor\n"),
				Labels: map[string]string{"severity": sev, "slo": o.name},
				Annotations: map[string]string{
					"summary":     "The " + o.name + " error budget is burning too fast",
					"description": "Both windows of a burn-rate pair are over the limit (docs/observability.md, Alerts).",
				},
			})
		}
	}
	return out
}
