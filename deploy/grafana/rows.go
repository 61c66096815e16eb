package grafana

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// api selects the routes clients call, as the availability SLO does.
const api = `http_route=~"/query|/chat|/mcp"`

// requestPanels show what clients ask and how it is answered.
func requestPanels() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		graph("Requests by route and status",
			"Every request, by the route that served it and its HTTP status.",
			"reqps", 12,
			query{`sum by (http_route, http_response_status_code) (rate(http_server_request_duration_seconds_count{job=~"$job"}[$__rate_interval]))`,
				"{{http_route}} {{http_response_status_code}}"}),
		stacked("Error ratio by code",
			"Share of API requests whose answer carried an error, by its extensions.code (each code once a request): partial answers included, so the shares may add up past the ratio of failed requests.",
			"percentunit", 12,
			query{fmt.Sprintf(`sum by (code) (rate(maitre_request_errors_total{job=~"$job",%s}[$__rate_interval]))
/ on () group_left ()
sum(rate(http_server_request_duration_seconds_count{job=~"$job",%s}[$__rate_interval]))`, api, api),
				"{{code}}"}),
		stacked("GraphQL operations by outcome",
			"Operations answered with data only (ok), data and errors (partial), or errors only (error), by type.",
			"ops", 12,
			query{`sum by (graphql_operation_type, outcome) (rate(maitre_graphql_operation_duration_seconds_count{job=~"$job"}[$__rate_interval]))`,
				"{{graphql_operation_type}} {{outcome}}"}),
		graph("Requests in flight",
			"Requests being served, by replica: shedding starts at limits.max_in_flight.",
			"short", 12,
			query{`sum by (instance) (http_server_active_requests{job=~"$job"})`, "{{instance}}"}),
	}
}

// latencyPanels show how long operations and requests take.
func latencyPanels() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		graph("GraphQL operations: p50, p95, p99",
			"Operation latency, subscriptions aside (open for as long as they last).",
			"s", 12, quantiles("maitre_graphql_operation_duration_seconds", `job=~"$job",graphql_operation_type!="subscription"`)...),
		graph("Requests: p99 by route",
			"Request latency by route; /query is left out, its subscriptions held open for minutes: read its operations beside.",
			"s", 12,
			query{`histogram_quantile(0.99, sum by (le, http_route) (rate(http_server_request_duration_seconds_bucket{job=~"$job",http_route!="/query"}[$__rate_interval])))`,
				"{{http_route}}"}),
	}
}

// servicePanels show one service, $service, as maitre calls it.
func servicePanels() []cog.Builder[dashboard.Panel] {
	svc := `job=~"$job",maitre_service=~"$service"`
	return []cog.Builder[dashboard.Panel]{
		stacked("$service: calls by outcome",
			"Logical calls: ok, cached (fresh cache), coalesced (shared a call in flight), stale (a failure answered from the stale cache), error, timeout, circuit_open, rate_limited (the service answered 429), canceled (the caller left).",
			"reqps", 8,
			query{fmt.Sprintf(`sum by (outcome) (rate(maitre_downstream_requests_total{%s}[$__rate_interval]))`, svc), "{{outcome}}"}),
		graph("$service: try latency, p50, p95, p99",
			"Each HTTP request that went out to the service, retries counted once each.",
			"s", 8, quantiles("http_client_request_duration_seconds", svc)...),
		graph("$service: tries and retries",
			"Requests that went out by status, or error type where there was no answer, and the retries among them.",
			"reqps", 8,
			query{fmt.Sprintf(`sum by (http_response_status_code, error_type) (rate(http_client_request_duration_seconds_count{%s}[$__rate_interval]))`, svc),
				"{{http_response_status_code}}{{error_type}}"},
			query{fmt.Sprintf(`sum(rate(maitre_downstream_retries_total{%s}[$__rate_interval]))`, svc), "retries"}),
	}
}

// protectionPanels show what maitre does to protect itself and its
// services.
func protectionPanels() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		states("Breakers",
			"Each service's breaker, the worst over the replicas: open fails calls fast; half-open lets a probe through.",
			12,
			query{`max by (maitre_service) (maitre_downstream_breaker_state{job=~"$job"})`, "{{maitre_service}}"},
			map[string]dashboard.ValueMappingResult{
				"0": {Text: ptr("closed"), Color: ptr("green")},
				"1": {Text: ptr("half-open"), Color: ptr("yellow")},
				"2": {Text: ptr("open"), Color: ptr("red")},
			}),
		graph("Shed requests",
			"Requests answered 503 SERVICE_OVERLOADED for the requests in flight or the memory they hold: 0 in a healthy fleet.",
			"reqps", 12,
			query{`sum by (http_route) (rate(maitre_requests_shed_total{job=~"$job"}[$__rate_interval]))`, "{{http_route}}"}),
		graph("Rate limited",
			"Requests maitre answered 429, by route, and calls a service answered 429, by service.",
			"reqps", 8,
			query{`sum by (http_route) (rate(http_server_request_duration_seconds_count{job=~"$job",http_response_status_code="429"}[$__rate_interval]))`, "{{http_route}}"},
			query{`sum by (maitre_service) (rate(maitre_downstream_requests_total{job=~"$job",outcome="rate_limited"}[$__rate_interval]))`, "{{maitre_service}} (service)"}),
		graph("Redis",
			"Replicas running without Redis (maitre_redis_degraded), and uses of Redis that failed or were skipped meanwhile, answered from the replica's own state, by use.",
			"short", 8,
			query{`sum(maitre_redis_degraded{job=~"$job"})`, "replicas without Redis"},
			query{`sum by (use) (rate(maitre_redis_fallbacks_total{job=~"$job"}[$__rate_interval]))`, "{{use}} fallbacks/s"}),
		graph("Configuration reloads",
			"Reloads of the configuration file since each replica started, by outcome: a step is a reload; refused keeps the running settings.",
			"short", 8,
			query{`sum by (instance, outcome) (maitre_config_reloads_total{job=~"$job"})`, "{{instance}} {{outcome}}"}),
	}
}

// subscriptionPanels show the live parts: subscriptions and chat.
func subscriptionPanels() []cog.Builder[dashboard.Panel] {
	return []cog.Builder[dashboard.Panel]{
		graph("Subscriptions and pollers",
			"Subscriptions open over the fleet, and the pollers feeding them on each replica: with Redis, one replica polls each tenant's selection for all and the others relay.",
			"short", 12,
			query{`sum by (kind) (maitre_subscriptions{job=~"$job"})`, "{{kind}}"}),
		stacked("Chat questions by outcome",
			"Questions to /chat, each counted once: understood, partial, asked_back, not_understood.",
			"short", 12,
			query{`sum by (outcome) (increase(maitre_chat_questions_total{job=~"$job"}[$__rate_interval]))`, "{{outcome}}"}),
	}
}
