package clients

import (
	"context"
	"net/url"
)

// TableService reads tables from the restaurant service.
type TableService struct{ s *service }

// Get returns the tables with the given ids; unknown ids are absent.
func (t *TableService) Get(ctx context.Context, tenant string, ids []string) ([]Table, error) {
	return byIDs(ctx, t.s, "/v1/tables", tenant, "ids", ids, func(l *TableList) *[]Table { return &l.Tables }, func(t Table) string { return t.ID })
}

// List returns every table, or those with the given status when it is set.
func (t *TableService) List(ctx context.Context, tenant, status string) ([]Table, error) {
	q := url.Values{}
	if status != "" {
		q.Set("status", status)
	}
	var out TableList
	if err := t.s.get(ctx, request{path: "/v1/tables", query: q, tenant: tenant}, &out); err != nil {
		return nil, err
	}
	rows, err := checked(t.s, out.Tables)
	if err != nil {
		return nil, err
	}
	return keep(rows, func(t Table) bool { return status == "" || t.Status == status }), nil
}
