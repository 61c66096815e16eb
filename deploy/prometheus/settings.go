// Package prometheus generates maitre's Prometheus rules, rules.yaml: the
// SLOs' error ratios, multiwindow multi-burn-rate alerts on them, and
// alerts on the gateway's protections.
package prometheus

import "time"

// Settings are what the rules promise and when they alert.
type Settings struct {
	// Period is the SLOs' window: each error budget is spent over it.
	Period time.Duration
	// Availability is the share of requests to the API routes (/query,
	// /chat, /mcp) not answered 5xx: 503s of shedding count against it,
	// 4xx (429s of rate limiting among them) do not.
	Availability float64
	// Latency is the share of GraphQL operations, subscriptions aside,
	// served within LatencyBound.
	Latency float64
	// LatencyBound, in seconds, must be a bucket boundary of
	// maitre_graphql_operation_duration_seconds (telemetry/buckets.go):
	// a histogram counts requests under its boundaries only. The root
	// module's TestMetrics checks it against a scrape.
	LatencyBound float64
	// Burns alert when a budget burns fast enough to spend Spent of it
	// in Long, over both windows of a pair.
	Burns []Burn
	// BreakerOpen is how long a breaker stays open, never closing, before
	// it alerts.
	BreakerOpen time.Duration
	// Shedding and RedisDegraded are how long shedding, and answers that
	// fell back from Redis, last before they alert.
	Shedding, RedisDegraded time.Duration
	// ReloadRefused is how long a refused reload of the configuration
	// file alerts.
	ReloadRefused time.Duration
}

// Burn is a pair of windows and the share of a budget that, spent in
// the long one, alerts: the long window makes the alert significant, the
// short one makes it stop soon after the burn does.
type Burn struct {
	Severity    string // page or ticket
	Long, Short time.Duration
	Spent       float64
}

// Factor is the burn rate that spends b.Spent of a budget in b.Long, in
// multiples of the rate that spends all of it in period.
func (b Burn) Factor(period time.Duration) float64 {
	return b.Spent * float64(period) / float64(b.Long)
}

// Defaults are the SLOs of a gateway in front of a restaurant group's
// point of sale, and the Google SRE workbook's burn rates (chapter 5,
// "Alerting on SLOs"): 2% of a 30-day budget spent in an hour (14.4
// times the even rate) or 5% in six hours (6) pages; 10% in a day (3)
// or in three days (1) files a ticket.
var Defaults = Settings{
	Period:       30 * 24 * time.Hour,
	Availability: 0.999,
	Latency:      0.99,
	LatencyBound: 0.5,
	Burns: []Burn{
		{Severity: "page", Long: time.Hour, Short: 5 * time.Minute, Spent: 0.02},
		{Severity: "page", Long: 6 * time.Hour, Short: 30 * time.Minute, Spent: 0.05},
		{Severity: "ticket", Long: 24 * time.Hour, Short: 2 * time.Hour, Spent: 0.1},
		{Severity: "ticket", Long: 3 * 24 * time.Hour, Short: 6 * time.Hour, Spent: 0.1},
	},
	BreakerOpen:   5 * time.Minute,
	Shedding:      10 * time.Minute,
	RedisDegraded: 10 * time.Minute,
	ReloadRefused: 15 * time.Minute,
}
