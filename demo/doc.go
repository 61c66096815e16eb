// Package demo implements the five downstream services (auth, orders,
// payments, inventory, restaurant) as plain http.Handlers over deterministic
// seeded data, so maitre runs and is tested with no other software.
//
// The data is generated relative to the clock: 90 days of orders up to now
// for two tenants, bistro (USD, America/New_York) and cafe (EUR,
// Europe/Berlin). Faults (package faults) can be injected per service to
// watch the gateway cope.
package demo
