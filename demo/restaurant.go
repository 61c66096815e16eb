package demo

import (
	"net/http"
	"net/url"

	"github.com/maitre-pos/maitre/clients"
)

func (d *Demo) restaurant() http.Handler {
	return d.resource("/v1/tables", func(sn *snapshot, _ *tenant, q url.Values) (any, error) {
		want, byID, err := ids(q, "ids")
		if err != nil {
			return nil, err
		}
		if byID {
			return clients.TableList{Tables: lookup(want, sn.tables, sn.tableIdx)}, nil
		}
		status, err := enumSet(q, "status", clients.TableFree, clients.TableOccupied, clients.TableReserved)
		if err != nil {
			return nil, err
		}
		rows := sn.tables
		if status != nil {
			rows = filter(rows, func(t clients.Table) bool { return status[t.Status] })
		}
		return clients.TableList{Tables: rows}, nil
	})
}
