// Package clients talks to maitre's five downstream REST services (auth,
// orders, payments, inventory and restaurant) as documented in
// docs/downstream-api.md.
//
// Create one Client for the process and share it; it is safe for concurrent
// use. Every method takes the caller's context first and, except for auth,
// the tenant whose data it reads:
//
//	c, err := clients.New(clients.Config{Endpoints: endpoints})
//	id, err := c.Auth.Verify(ctx, token)
//	orders, err := c.Orders.Get(ctx, id.TenantID, []string{"ord_1", "ord_2"})
//
// A failed call returns an *Error that says which service failed and how
// (unavailable, timeout, error status, malformed body, rows that break
// the contract); its Error text is internal detail, not meant for API
// clients. Every answer is checked before it is returned: rows not asked
// for are dropped (check.go), repeats of a row are dropped, and rows that
// contradict each other, null rows, rows without an id and figures out of
// bounds fail the read (contract.go). Calls carry the request's
// correlation ID and are recorded in the request's call log (package calllog) when the context
// has one.
//
// Reconfigure applies new timeouts, caches, retries and breakers to a
// running Client, as a reload of the configuration does, keeping the
// cached answers and the state of breakers it leaves as they were.
package clients
