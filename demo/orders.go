package demo

import (
	"net/http"
	"net/url"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

func (d *Demo) orders() http.Handler {
	return d.resource("/v1/orders", func(sn *snapshot, _ *tenant, q url.Values) (any, error) {
		want, byID, err := ids(q, "ids")
		if err != nil {
			return nil, err
		}
		if byID {
			return clients.OrderList{Orders: lookup(want, sn.orders, sn.orderIdx)}, nil
		}
		from, to, err := window(q)
		if err != nil {
			return nil, err
		}
		status, err := enumSet(q, "status", clients.OrderPending, clients.OrderInProgress, clients.OrderCompleted, clients.OrderCancelled)
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
			rows = filter(rows, func(o clients.Order) bool { return status[o.Status] })
		}
		page, next := pageOf(rows, limit, offset)
		return clients.OrderList{Orders: page, NextCursor: next}, nil
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
