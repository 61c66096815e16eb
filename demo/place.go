package demo

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// PlaceRequest is the body of POST /v1/orders: a ticket closed and paid
// at once, as a till does when a guest pays at the counter.
type PlaceRequest struct {
	Items   []PlaceItem `json:"items"`
	TableID string      `json:"table_id,omitempty"`
	Covers  int         `json:"covers,omitempty"`
	// Method is how it was paid: CASH, CARD (the default), MOBILE or VOUCHER.
	Method string `json:"method,omitempty"`
}

// PlaceItem is one line of a PlaceRequest, at the product's price.
type PlaceItem struct {
	ProductID string `json:"product_id"`
	Quantity  int    `json:"quantity"`
}

// Placed is the answer to POST /v1/orders.
type Placed struct {
	Order   Order   `json:"order"`
	Payment Payment `json:"payment"`
}

// placeOrder serves POST /v1/orders: a COMPLETED order created now, with
// a CAPTURED payment of its total, which every service then reports.
func (d *Demo) placeOrder(w http.ResponseWriter, r *http.Request) {
	t := tenantOf(w, r)
	if t == nil {
		return
	}
	var req PlaceRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "BAD_REQUEST", "the body must be a JSON order: %s", err)
		return
	}
	if req.Method == "" {
		req.Method = "CARD"
	}
	if !slices.Contains(methods, req.Method) {
		writeError(w, http.StatusBadRequest, "BAD_REQUEST", "method must be one of %s, not %q", strings.Join(methods, ", "), req.Method)
		return
	}
	var placed Placed
	err := d.store.update(t, func(sn *snapshot, now time.Time) error {
		o, err := sn.order(t, req, now)
		if err != nil {
			return err
		}
		p := Payment{ID: "pay_" + o.ID[len("ord_"):] + "_1", OrderID: o.ID, Amount: o.Total, Method: req.Method,
			Status: PaymentCaptured, CreatedAt: o.CreatedAt}
		sn.orders = append(sn.orders, o)
		sn.payments = append(sn.payments, p)
		placed = Placed{Order: o, Payment: p}
		return nil
	})
	if err != nil {
		writeError(w, http.StatusBadRequest, "BAD_REQUEST", "%s", err)
		return
	}
	writeJSON(w, http.StatusCreated, placed)
}

// order builds the order req asks for, numbered after the last one.
func (sn *snapshot) order(t *tenant, req PlaceRequest, now time.Time) (Order, error) {
	if len(req.Items) == 0 || len(req.Items) > 50 {
		return Order{}, badf("an order has 1 to 50 items, not %d", len(req.Items))
	}
	if _, ok := sn.tableIdx[req.TableID]; req.TableID != "" && !ok {
		return Order{}, badf("no table %q", req.TableID)
	}
	if req.Covers < 0 || req.Covers > 50 {
		return Order{}, badf("covers must be from 0 to 50, not %d", req.Covers)
	}
	number := 1
	for _, o := range sn.orders {
		number = max(number, o.Number+1)
	}
	o := Order{ID: fmt.Sprintf("ord_%s_%d", t.code, number), Number: number, Status: OrderCompleted,
		TableID: req.TableID, Covers: req.Covers, CreatedAt: now.UTC().Truncate(time.Second)}
	for _, it := range req.Items {
		i, ok := sn.productIdx[it.ProductID]
		if !ok {
			return Order{}, badf("no product %q", it.ProductID)
		}
		if it.Quantity < 1 || it.Quantity > 99 {
			return Order{}, badf("a quantity is from 1 to 99, not %d", it.Quantity)
		}
		price := sn.products[i].Price
		o.Items = append(o.Items, Item{ProductID: it.ProductID, Quantity: it.Quantity, UnitPrice: price})
		o.Subtotal += int64(it.Quantity) * price
	}
	o.Tax = (o.Subtotal*t.taxBP + 5000) / 10000
	o.Total = o.Subtotal + o.Tax
	return o, nil
}
