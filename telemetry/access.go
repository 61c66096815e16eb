package telemetry

import (
	"context"
	"slices"
	"sync"
)

// Access gathers what one request's access log line reports, from the
// layers that learn it: the operation, the tenant, the error codes.
type Access struct {
	mu        sync.Mutex
	operation string
	tenant    string
	codes     []string
}

type accessKey struct{}

// WithAccess returns a context carrying a fresh Access.
func WithAccess(ctx context.Context) (context.Context, *Access) {
	a := &Access{}
	return context.WithValue(ctx, accessKey{}, a), a
}

// AccessFrom returns the request's Access, or nil.
func AccessFrom(ctx context.Context) *Access {
	a, _ := ctx.Value(accessKey{}).(*Access)
	return a
}

// SetOperation records the GraphQL operation, as "query Name".
func (a *Access) SetOperation(op string) {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.operation = op
}

// SetTenant records the tenant.
func (a *Access) SetTenant(t string) {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.tenant = t
}

// AddCode records an error code once.
func (a *Access) AddCode(code string) {
	if a == nil || code == "" {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if !slices.Contains(a.codes, code) {
		a.codes = append(a.codes, code)
	}
}

// Fields returns what was recorded.
func (a *Access) Fields() (operation, tenant string, codes []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.operation, a.tenant, slices.Clone(a.codes)
}
