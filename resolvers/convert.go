package resolvers

import (
	"time"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/graph/model"
)

func moneyOf(v *auth.Viewer, minor int64) *model.Money {
	m := amount(v, minor)
	return &m
}

// amount is minor units of the viewer's currency.
func amount(v *auth.Viewer, minor int64) model.Money {
	return model.Money{Minor: minor, Currency: v.Currency}
}

// local shows an instant with the tenant's UTC offset.
func local(v *auth.Viewer, t time.Time) time.Time { return t.In(v.Location) }

func orderOf(v *auth.Viewer, o clients.Order) *model.Order {
	items := make([]*model.OrderItem, len(o.Items))
	lines := make([]model.OrderItem, len(o.Items)) // one allocation for the lines, not one a line
	for i, it := range o.Items {
		lines[i] = model.OrderItem{
			ProductID: it.ProductID,
			Quantity:  it.Quantity,
			UnitPrice: amount(v, it.UnitPrice),
			LineTotal: amount(v, it.UnitPrice*int64(it.Quantity)),
		}
		items[i] = &lines[i]
	}
	return &model.Order{
		ID:        o.ID,
		Number:    o.Number,
		Status:    model.OrderStatus(o.Status),
		CreatedAt: local(v, o.CreatedAt),
		Items:     items,
		Subtotal:  amount(v, o.Subtotal),
		Tax:       amount(v, o.Tax),
		Total:     amount(v, o.Total),
		TableID:   o.TableID,
	}
}

func paymentOf(v *auth.Viewer, p clients.Payment) *model.Payment {
	return &model.Payment{
		ID:        p.ID,
		OrderID:   p.OrderID,
		Amount:    amount(v, p.Amount),
		Method:    model.PaymentMethod(p.Method),
		Status:    model.PaymentStatus(p.Status),
		CreatedAt: local(v, p.CreatedAt),
	}
}

func productOf(v *auth.Viewer, p clients.Product) *model.Product {
	low := p.Stock <= p.ReorderPoint
	return &model.Product{
		ID:           p.ID,
		Sku:          p.SKU,
		Name:         p.Name,
		Category:     p.Category,
		Price:        moneyOf(v, p.Price),
		Cost:         moneyOf(v, p.Cost),
		Stock:        &p.Stock,
		ReorderPoint: p.ReorderPoint,
		LowStock:     &low,
	}
}

func tableOf(t clients.Table) *model.Table {
	out := &model.Table{
		ID:      t.ID,
		Name:    t.Name,
		Seats:   t.Seats,
		Status:  model.TableStatus(t.Status),
		Covers:  t.Covers,
		OrderID: t.OrderID,
	}
	if t.Server != "" {
		out.Server = &t.Server
	}
	return out
}

// each converts a slice.
func each[T, M any](rows []T, conv func(T) M) []M {
	out := make([]M, len(rows))
	for i, r := range rows {
		out[i] = conv(r)
	}
	return out
}

func pageInfo(next string) *model.PageInfo {
	if next == "" {
		return &model.PageInfo{}
	}
	return &model.PageInfo{EndCursor: &next, HasNextPage: true}
}
