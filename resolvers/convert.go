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
	return ordersModels(v, []clients.Order{o})[0]
}

// ordersModels converts a list of orders in four allocations, whatever
// its length: the orders, their lines and the pointers to each.
func ordersModels(v *auth.Viewer, raw []clients.Order) []*model.Order {
	n := 0
	for _, o := range raw {
		n += len(o.Items)
	}
	orders, out := make([]model.Order, len(raw)), make([]*model.Order, len(raw))
	lines, items := make([]model.OrderItem, n), make([]*model.OrderItem, n)
	for i, o := range raw {
		k := len(o.Items)
		for j, it := range o.Items {
			lines[j] = model.OrderItem{
				ProductID: it.ProductID,
				Quantity:  it.Quantity,
				UnitPrice: amount(v, it.UnitPrice),
				LineTotal: amount(v, it.UnitPrice*int64(it.Quantity)),
			}
			items[j] = &lines[j]
		}
		orders[i] = model.Order{
			ID:        o.ID,
			Number:    o.Number,
			Status:    model.OrderStatus(o.Status),
			CreatedAt: local(v, o.CreatedAt),
			Items:     items[:k:k],
			Subtotal:  amount(v, o.Subtotal),
			Tax:       amount(v, o.Tax),
			Total:     amount(v, o.Total),
			TableID:   o.TableID,
		}
		out[i] = &orders[i]
		lines, items = lines[k:], items[k:]
	}
	return out
}

func paymentOf(v *auth.Viewer, p clients.Payment) *model.Payment {
	return paymentsModels(v, []clients.Payment{p})[0]
}

// paymentsModels converts a list of payments in two allocations.
func paymentsModels(v *auth.Viewer, raw []clients.Payment) []*model.Payment {
	payments, out := make([]model.Payment, len(raw)), make([]*model.Payment, len(raw))
	for i, p := range raw {
		payments[i] = model.Payment{
			ID:        p.ID,
			OrderID:   p.OrderID,
			Amount:    amount(v, p.Amount),
			Method:    model.PaymentMethod(p.Method),
			Status:    model.PaymentStatus(p.Status),
			CreatedAt: local(v, p.CreatedAt),
		}
		out[i] = &payments[i]
	}
	return out
}

// productOf converts a product in one allocation: the model and what
// its pointer fields point at.
func productOf(v *auth.Viewer, p clients.Product) *model.Product {
	b := &struct {
		m           model.Product
		price, cost model.Money
		stock       int
		low         bool
	}{price: amount(v, p.Price), cost: amount(v, p.Cost), stock: p.Stock, low: p.Stock <= p.ReorderPoint}
	b.m = model.Product{
		ID:           p.ID,
		Sku:          p.SKU,
		Name:         p.Name,
		Category:     p.Category,
		Price:        &b.price,
		Cost:         &b.cost,
		Stock:        &b.stock,
		ReorderPoint: p.ReorderPoint,
		LowStock:     &b.low,
	}
	return &b.m
}

// tableOf converts a table in one allocation, as productOf does.
func tableOf(t clients.Table) *model.Table {
	b := &struct {
		m      model.Table
		server string
	}{server: t.Server}
	b.m = model.Table{
		ID:      t.ID,
		Name:    t.Name,
		Seats:   t.Seats,
		Status:  model.TableStatus(t.Status),
		Covers:  t.Covers,
		OrderID: t.OrderID,
	}
	if t.Server != "" {
		b.m.Server = &b.server
	}
	return &b.m
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
