package demo

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// defaultLimit is the page size when a request gives none.
const defaultLimit = 100

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, format string, args ...any) {
	var body errorBody
	body.Error.Code = code
	body.Error.Message = fmt.Sprintf(format, args...)
	writeJSON(w, status, body)
}

// badRequest is a client error that a handler reports as 400.
type badRequest struct{ msg string }

func (e badRequest) Error() string { return e.msg }

func badf(format string, args ...any) error { return badRequest{fmt.Sprintf(format, args...)} }

// resource serves GET on one path for a tenant's snapshot, after the
// checks every data endpoint shares: method, path and X-Tenant-ID.
func (d *Demo) resource(path string, serve func(sn *snapshot, t *tenant, q url.Values) (any, error)) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", "GET")
			writeError(w, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "only GET is supported")
			return
		}
		t := tenantOf(w, r)
		if t == nil {
			return
		}
		v, err := serve(d.store.get(t), t, r.URL.Query())
		if err != nil {
			writeError(w, http.StatusBadRequest, "BAD_REQUEST", "%s", err)
			return
		}
		writeJSON(w, http.StatusOK, v)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no route %s", r.URL.Path)
	})
	return mux
}

// tenantOf is the tenant r names in X-Tenant-ID, or nil once w says why
// there is none.
func tenantOf(w http.ResponseWriter, r *http.Request) *tenant {
	tid := r.Header.Get("X-Tenant-ID")
	if tid == "" {
		writeError(w, http.StatusBadRequest, "TENANT_REQUIRED", "the X-Tenant-ID header is required")
		return nil
	}
	t := tenantByID(tid)
	if t == nil {
		writeError(w, http.StatusNotFound, "UNKNOWN_TENANT", "no tenant %q", tid)
	}
	return t
}

// ids parses a comma-separated id list of at most maxIDs.
func ids(q url.Values, param string) ([]string, bool, error) {
	if !q.Has(param) {
		return nil, false, nil
	}
	var out []string
	for _, id := range strings.Split(q.Get(param), ",") {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	if len(out) > maxIDs {
		return nil, true, badf("%s takes at most %d ids, got %d", param, maxIDs, len(out))
	}
	return out, true, nil
}

// lookup returns the rows with the wanted ids, in the order asked;
// unknown ids are skipped.
func lookup[T any](want []string, rows []T, idx map[string]int) []T {
	out := []T{}
	for _, id := range want {
		if i, ok := idx[id]; ok {
			out = append(out, rows[i])
		}
	}
	return out
}

// window parses optional from and to (RFC 3339): from inclusive, to exclusive.
func window(q url.Values) (from, to time.Time, err error) {
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &from}, {"to", &to}} {
		if v := q.Get(p.name); v != "" {
			if *p.dst, err = time.Parse(time.RFC3339, v); err != nil {
				return from, to, badf("%s must be RFC 3339, got %q", p.name, v)
			}
		}
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return from, to, badf("to is before from")
	}
	return from, to, nil
}

// span returns the [lo, hi) indexes of rows created in [from, to); rows
// are sorted by creation time.
func span(n int, at func(int) time.Time, from, to time.Time) (int, int) {
	lo, hi := 0, n
	if !from.IsZero() {
		lo = sort.Search(n, func(i int) bool { return !at(i).Before(from) })
	}
	if !to.IsZero() {
		hi = sort.Search(n, func(i int) bool { return !at(i).Before(to) })
	}
	return lo, max(lo, hi)
}

// paging parses limit and cursor. Cursors are opaque offsets.
func paging(q url.Values) (limit, offset int, err error) {
	limit = defaultLimit
	if v := q.Get("limit"); v != "" {
		limit, err = strconv.Atoi(v)
		if err != nil || limit < 1 || limit > maxLimit {
			return 0, 0, badf("limit must be 1 to %d, got %q", maxLimit, v)
		}
	}
	if c := q.Get("cursor"); c != "" {
		b, err := base64.RawURLEncoding.DecodeString(c)
		if err == nil {
			_, err = fmt.Sscanf(string(b), "offset:%d", &offset)
		}
		if err != nil || offset < 0 {
			return 0, 0, badf("bad cursor %q", c)
		}
	}
	return limit, offset, nil
}

// pageOf cuts one page out of rows and returns the next cursor, "" at the end.
func pageOf[T any](rows []T, limit, offset int) ([]T, string) {
	if offset >= len(rows) {
		return []T{}, ""
	}
	end := min(len(rows), offset+limit)
	next := ""
	if end < len(rows) {
		next = base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "offset:%d", end))
	}
	return rows[offset:end], next
}

// enumSet parses a comma-separated list of allowed values.
func enumSet(q url.Values, param string, allowed ...string) (map[string]bool, error) {
	v := q.Get(param)
	if v == "" {
		return nil, nil
	}
	set := map[string]bool{}
	for _, s := range strings.Split(v, ",") {
		s = strings.ToUpper(strings.TrimSpace(s))
		if !slices.Contains(allowed, s) {
			return nil, badf("%s must be among %s, got %q", param, strings.Join(allowed, ","), s)
		}
		set[s] = true
	}
	return set, nil
}
