package demo

import (
	"net/http"
	"net/url"
	"strconv"
	"time"
)

func (d *Demo) orders() http.Handler {
	list := d.list()
	mux := http.NewServeMux()
	mux.Handle("GET /v1/orders", list)
	mux.HandleFunc("POST /v1/orders", d.placeOrder)
	mux.HandleFunc("/v1/orders", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", "GET, POST")
		writeError(w, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "GET lists orders and POST places one, not %s", r.Method)
	})
	mux.Handle("/", list)
	return mux
}

func (d *Demo) list() http.Handler {
	return d.resource("/v1/orders", func(sn *snapshot, _ *tenant, q url.Values) (any, error) {
		want, byID, err := ids(q, "ids")
		if err != nil {
			return nil, err
		}
		if byID {
			return OrderList{Orders: lookup(want, sn.orders, sn.orderIdx)}, nil
		}
		if v := q.Get("number"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, badf("number must be an integer, got %q", v)
			}
			if i, ok := sn.numberIdx[n]; ok {
				return OrderList{Orders: []Order{sn.orders[i]}}, nil
			}
			return OrderList{Orders: []Order{}}, nil
		}
		from, to, err := window(q)
		if err != nil {
			return nil, err
		}
		status, err := enumSet(q, "status", OrderPending, OrderInProgress, OrderCompleted, OrderCancelled)
		if err != nil {
			return nil, err
		}
		limit, offset, err := paging(q)
		if err != nil {
			return nil, err
		}
		lo, hi := span(len(sn.orders), func(i int) time.Time { return sn.orders[i].CreatedAt }, from, to)
		rows := sn.orders[lo:hi]
		if status != nil {
			rows = filter(rows, func(o Order) bool { return status[o.Status] })
		}
		page, next := pageOf(rows, limit, offset)
		return OrderList{Orders: page, NextCursor: next}, nil
	})
}

func filter[T any](rows []T, keep func(T) bool) []T {
	out := []T{}
	for _, r := range rows {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}
