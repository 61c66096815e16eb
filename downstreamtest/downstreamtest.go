// Package downstreamtest serves the downstream contract
// (docs/downstream-api.md) over rows a test generates: an implementation
// of the five services other than the demo, so that the gateway is tested
// against data and code it did not write.
//
//	s := downstreamtest.Start(t, &downstreamtest.Tenant{ID: "cafe", Token: "t", ...})
//	eps := s.Endpoints(time.Second)
//
// One server answers every service's paths. It reads from and to as the
// contract writes them, whole seconds in RFC 3339, refusing anything
// finer, and keeps rows at whatever resolution the test gave them. Its
// payments service can be told to Lie: to break the contract in ways the
// gateway must refuse.
package downstreamtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

// Tenant is one tenant's data: its token, zone and currency, and its rows.
type Tenant struct {
	ID, Token          string
	Timezone, Currency string
	Products           []clients.Product
	Orders             []clients.Order
	Payments           []clients.Payment
	Tables             []clients.Table
}

// Window is a time window a list was asked for.
type Window struct{ From, To time.Time }

// Reading is how a service reads a list's window.
type Reading int

const (
	// Exact keeps the rows of [from, to) at their own resolution.
	Exact Reading = iota
	// Seconds compares rows cut to whole seconds, as a service that
	// stores seconds does.
	Seconds
	// Inclusive answers [from, to]: more than it was asked, which the
	// gateway must drop.
	Inclusive
)

func (r Reading) String() string { return [...]string{"exact", "seconds", "inclusive"}[r] }

// Lie is how the payments service breaks the contract: in every answer,
// lists and lookups alike, every third row (the first, the fourth, ...)
// is sent as the Lie says, the others as they are.
type Lie int

const (
	// Honest keeps the contract.
	Honest Lie = iota
	// Repeat sends the row twice, the same.
	Repeat
	// Contradict sends the row twice, the second with an amount one more.
	Contradict
	// Null sends a null instead of the row: a row lost.
	Null
	// Negative sends the amount below zero: -1 - amount.
	Negative
	// Huge sends an amount of 2^62, which four rows wrap an int64 with.
	Huge
)

func (l Lie) String() string {
	return [...]string{"honest", "repeat", "contradict", "null", "negative", "huge"}[l]
}

// tell is rows as l tells them.
func (l Lie) tell(rows []clients.Payment) []any {
	out := make([]any, 0, len(rows))
	for i, p := range rows {
		if i%3 != 0 {
			out = append(out, p)
			continue
		}
		switch l {
		case Honest:
			out = append(out, p)
		case Repeat:
			out = append(out, p, p)
		case Contradict:
			q := p
			q.Amount++
			out = append(out, p, q)
		case Null:
			out = append(out, nil)
		case Negative:
			p.Amount = -1 - p.Amount
			out = append(out, p)
		case Huge:
			p.Amount = 1 << 62
			out = append(out, p)
		}
	}
	return out
}

// Server serves the tenants' rows.
type Server struct {
	URL string
	// Reading is how windows are read; set it before the first request.
	Reading Reading
	// Lie is how the payments service breaks the contract; set it before
	// the first request.
	Lie Lie

	tenants map[string]*Tenant // by ID
	tokens  map[string]*Tenant

	mu      sync.Mutex
	windows []Window
}

// Start serves tenants on loopback until the test ends. Their rows are
// sorted, oldest first, as the contract lists them.
func Start(t testing.TB, tenants ...*Tenant) *Server {
	t.Helper()
	s := &Server{tenants: map[string]*Tenant{}, tokens: map[string]*Tenant{}}
	for _, tn := range tenants {
		slices.SortStableFunc(tn.Orders, func(a, b clients.Order) int { return a.CreatedAt.Compare(b.CreatedAt) })
		slices.SortStableFunc(tn.Payments, func(a, b clients.Payment) int { return a.CreatedAt.Compare(b.CreatedAt) })
		s.tenants[tn.ID], s.tokens[tn.Token] = tn, tn
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/verify", s.verify)
	mux.HandleFunc("GET /v1/orders", s.tenant(s.orders))
	mux.HandleFunc("GET /v1/payments", s.tenant(s.payments))
	mux.HandleFunc("GET /v1/products", s.tenant(s.products))
	mux.HandleFunc("GET /v1/tables", s.tenant(s.tables))
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		write(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Endpoints points every service at s, with one timeout for all.
func (s *Server) Endpoints(timeout time.Duration) map[clients.Service]clients.Endpoint {
	out := map[clients.Service]clients.Endpoint{}
	for _, svc := range clients.Services {
		out[svc] = clients.Endpoint{URL: s.URL, Timeout: timeout}
	}
	return out
}

// Windows returns the time windows of the lists asked for so far.
func (s *Server) Windows() []Window {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.windows)
}

func (s *Server) verify(w http.ResponseWriter, r *http.Request) {
	tn := s.tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
	if tn == nil {
		fail(w, http.StatusUnauthorized, "UNAUTHENTICATED", "unknown token")
		return
	}
	write(w, http.StatusOK, clients.Identity{UserID: "usr_" + tn.ID, Name: "Owner of " + tn.ID, TenantID: tn.ID,
		Roles: []string{"owner"}, Permissions: []string{"orders:read", "payments:read", "revenue:read", "products:read", "inventory:read", "tables:read"},
		Timezone: tn.Timezone, Currency: tn.Currency, ExpiresAt: time.Now().Add(24 * time.Hour).UTC().Truncate(time.Second)})
}

// tenant checks X-Tenant-ID and the query before serve answers.
func (s *Server) tenant(serve func(*Tenant, *query) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tn := s.tenants[r.Header.Get("X-Tenant-ID")]
		if tn == nil {
			fail(w, http.StatusNotFound, "UNKNOWN_TENANT", "unknown tenant")
			return
		}
		q, err := parse(r, s.Reading)
		if err == nil && !q.from.IsZero() && !q.to.IsZero() {
			s.mu.Lock()
			s.windows = append(s.windows, Window{q.from, q.to})
			s.mu.Unlock()
		}
		var v any
		if err == nil {
			v, err = serve(tn, q)
		}
		if err != nil {
			fail(w, http.StatusBadRequest, "BAD_REQUEST", err.Error())
			return
		}
		write(w, http.StatusOK, v)
	}
}

// query is a list's parameters.
type query struct {
	get           func(string) string
	reading       Reading
	from, to      time.Time
	ids           []string
	limit, offset int
}

func parse(r *http.Request, reading Reading) (*query, error) {
	v := r.URL.Query()
	q := &query{get: v.Get, reading: reading, limit: 100}
	for _, b := range []struct {
		name string
		t    *time.Time
	}{{"from", &q.from}, {"to", &q.to}} {
		if s := v.Get(b.name); s != "" {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil || t.Nanosecond() != 0 {
				return nil, fmt.Errorf("%s must be RFC 3339 in whole seconds, not %q", b.name, s)
			}
			*b.t = t
		}
	}
	for _, p := range []string{"ids", "order_ids"} {
		if s := v.Get(p); s != "" {
			q.ids = strings.Split(s, ",")
		}
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			return nil, fmt.Errorf("limit is from 1 to 1000, not %q", s)
		}
		q.limit = n
	}
	if s := v.Get("cursor"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("bad cursor %q", s)
		}
		q.offset = n
	}
	return q, nil
}

// in reports whether t is in the query's window, read as the server
// reads it.
func (q *query) in(t time.Time) bool {
	if q.reading == Seconds {
		t = t.Truncate(time.Second)
	}
	return (q.from.IsZero() || !t.Before(q.from)) && (q.to.IsZero() || t.Before(q.to) || q.reading == Inclusive && t.Equal(q.to))
}

// page cuts rows to the query's page, returning the next cursor.
func page[T any](q *query, rows []T) ([]T, string) {
	start := min(q.offset, len(rows))
	end := min(start+q.limit, len(rows))
	next := ""
	if end < len(rows) {
		next = strconv.Itoa(end)
	}
	return rows[start:end], next
}

// byIDs keeps, in the order of ids, the rows whose key is one of them.
func byIDs[T any](ids []string, rows []T, key func(T) string) []T {
	out := []T{}
	for _, id := range ids {
		for _, r := range rows {
			if key(r) == id {
				out = append(out, r)
			}
		}
	}
	return out
}

func (s *Server) orders(tn *Tenant, q *query) (any, error) {
	if q.ids != nil {
		return clients.OrderList{Orders: byIDs(q.ids, tn.Orders, func(o clients.Order) string { return o.ID })}, nil
	}
	statuses := q.get("status")
	rows := []clients.Order{}
	for _, o := range tn.Orders {
		if q.in(o.CreatedAt) && (statuses == "" || slices.Contains(strings.Split(statuses, ","), o.Status)) {
			rows = append(rows, o)
		}
	}
	p, next := page(q, rows)
	return clients.OrderList{Orders: p, NextCursor: next}, nil
}

func (s *Server) payments(tn *Tenant, q *query) (any, error) {
	if q.ids != nil {
		key := func(p clients.Payment) string { return p.ID }
		if q.get("order_ids") != "" {
			key = func(p clients.Payment) string { return p.OrderID }
		}
		return payments{Payments: s.Lie.tell(byIDs(q.ids, tn.Payments, key))}, nil
	}
	method := q.get("method")
	rows := []clients.Payment{}
	for _, p := range tn.Payments {
		if q.in(p.CreatedAt) && (method == "" || p.Method == method) {
			rows = append(rows, p)
		}
	}
	p, next := page(q, rows)
	return payments{Payments: s.Lie.tell(p), NextCursor: next}, nil
}

// payments is a page of payments as told: rows, or nulls where a Lie put
// them.
type payments struct {
	Payments   []any  `json:"payments"`
	NextCursor string `json:"next_cursor"`
}

func (s *Server) products(tn *Tenant, q *query) (any, error) {
	if q.ids != nil {
		return clients.ProductList{Products: byIDs(q.ids, tn.Products, func(p clients.Product) string { return p.ID })}, nil
	}
	category, search := strings.ToLower(q.get("category")), strings.ToLower(q.get("search"))
	rows := []clients.Product{}
	for _, p := range tn.Products {
		if (category == "" || strings.ToLower(p.Category) == category) &&
			(search == "" || strings.Contains(strings.ToLower(p.Name), search) || strings.Contains(strings.ToLower(p.SKU), search)) {
			rows = append(rows, p)
		}
	}
	p, next := page(q, rows)
	return clients.ProductList{Products: p, NextCursor: next}, nil
}

func (s *Server) tables(tn *Tenant, q *query) (any, error) {
	if q.ids != nil {
		return clients.TableList{Tables: byIDs(q.ids, tn.Tables, func(t clients.Table) string { return t.ID })}, nil
	}
	rows := []clients.Table{}
	for _, t := range tn.Tables {
		if st := q.get("status"); st == "" || t.Status == st {
			rows = append(rows, t)
		}
	}
	return clients.TableList{Tables: rows}, nil
}

func write(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, code, msg string) {
	var b clients.ErrorBody
	b.Error.Code, b.Error.Message = code, msg
	write(w, status, b)
}
