package clients

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/http/httpguts"
)

// A service may answer more than it was asked, by ignoring a filter or a
// list of ids: every answer is checked against its question, and rows that
// do not belong are dropped, so that no aggregate counts them.

// keep drops the rows that fail ok, in place.
func keep[T any](rows []T, ok func(T) bool) []T {
	return slices.DeleteFunc(rows, func(r T) bool { return !ok(r) })
}

// keepIDs drops the rows whose key is not among the ids asked for.
func keepIDs[T any](rows []T, ids []string, key func(T) string) []T {
	asked := make(map[string]struct{}, len(ids))
	for _, id := range ids {
		asked[id] = struct{}{}
	}
	return keep(rows, func(r T) bool {
		_, ok := asked[key(r)]
		return ok
	})
}

// inWindow reports whether t is in [from, to), a zero bound being open,
// with the bounds at the contract's resolution, as the service read them.
func inWindow(t, from, to time.Time) bool {
	from, to = second(from), second(to)
	return (from.IsZero() || !t.Before(from)) && (to.IsZero() || t.Before(to))
}

// second is t at the contract's resolution: times are whole seconds, and
// a service reads from and to at that, so a bound is cut to it wherever it
// is sent or checked. Adjacent windows then meet at one instant for the
// service and for the row check, whatever the rows' own resolution.
func second(t time.Time) time.Time { return t.Truncate(time.Second) }

// sendable reports, as an error, a header value HTTP cannot carry (a
// newline in a token, say), which the transport would refuse: checked
// before the call, so that a client's input is never a service's failure
// to its breaker and retries.
func sendable(h http.Header) error {
	for k, vs := range h {
		for _, v := range vs {
			if !httpguts.ValidHeaderFieldValue(v) {
				return fmt.Errorf("clients: the %s header holds a value HTTP cannot carry", k)
			}
		}
	}
	return nil
}

// listed reports whether v is an item of the comma-separated list.
func listed(list, v string) bool {
	for list != "" {
		var item string
		item, list, _ = strings.Cut(list, ",")
		if item == v {
			return true
		}
	}
	return false
}
