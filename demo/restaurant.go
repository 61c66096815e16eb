package demo

import (
	"net/http"
	"net/url"
)

func (d *Demo) restaurant() http.Handler {
	return d.resource("/v1/tables", func(sn *snapshot, _ *tenant, q url.Values) (any, error) {
		want, byID, err := ids(q, "ids")
		if err != nil {
			return nil, err
		}
		if byID {
			return TableList{Tables: lookup(want, sn.tables, sn.tableIdx)}, nil
		}
		status, err := enumSet(q, "status", TableFree, TableOccupied, TableReserved)
		if err != nil {
			return nil, err
		}
		rows := sn.tables
		if status != nil {
			rows = filter(rows, func(t Table) bool { return status[t.Status] })
		}
		return TableList{Tables: rows}, nil
	})
}
