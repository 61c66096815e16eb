package demo

import (
	"net/http"
	"net/url"
	"time"
)

func (d *Demo) payments() http.Handler {
	return d.resource("/v1/payments", func(sn *snapshot, _ *tenant, q url.Values) (any, error) {
		want, byID, err := ids(q, "ids")
		if err != nil {
			return nil, err
		}
		if byID {
			return PaymentList{Payments: lookup(want, sn.payments, sn.paymentIdx)}, nil
		}
		want, byOrder, err := ids(q, "order_ids")
		if err != nil {
			return nil, err
		}
		if byOrder {
			out := []Payment{}
			for _, id := range want {
				for _, i := range sn.payIdx[id] {
					out = append(out, sn.payments[i])
				}
			}
			return PaymentList{Payments: out}, nil
		}
		from, to, err := window(q)
		if err != nil {
			return nil, err
		}
		method, err := enumSet(q, "method", methods...)
		if err != nil {
			return nil, err
		}
		limit, offset, err := paging(q)
		if err != nil {
			return nil, err
		}
		lo, hi := span(len(sn.payments), func(i int) time.Time { return sn.payments[i].CreatedAt }, from, to)
		rows := sn.payments[lo:hi]
		if method != nil {
			rows = filter(rows, func(p Payment) bool { return method[p.Method] })
		}
		page, next := pageOf(rows, limit, offset)
		return PaymentList{Payments: page, NextCursor: next}, nil
	})
}
