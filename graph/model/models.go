package model

import "time"

// Order is an order; its table and payments are resolved from TableID and ID.
type Order struct {
	ID        string
	Number    int
	Status    OrderStatus
	CreatedAt time.Time
	Items     []*OrderItem
	Subtotal  *Money
	Tax       *Money
	Total     *Money
	TableID   string
}

// OrderItem is an order line. Its product is loaded by the resolver of the
// list it belongs to, for all lines at once, and stored here: a field
// method without a context costs gqlgen no goroutine per line.
type OrderItem struct {
	ProductID string
	Quantity  int
	UnitPrice *Money
	LineTotal *Money
	// Loaded and LoadErr are the product as loaded, or why it is missing.
	Loaded  *Product
	LoadErr error
}

// Product returns the loaded product.
func (i *OrderItem) Product() (*Product, error) { return i.Loaded, i.LoadErr }

// Payment is a payment row; its order is resolved from OrderID.
type Payment struct {
	ID        string
	OrderID   string
	Amount    *Money
	Method    PaymentMethod
	Status    PaymentStatus
	CreatedAt time.Time
}

// Table is a table; its current order is resolved from OrderID.
type Table struct {
	ID      string
	Name    string
	Seats   int
	Status  TableStatus
	Covers  int
	Server  *string
	OrderID string
}

// RevenueSummary is resolved field by field, so that a failing payments
// service leaves the order-based figures standing and vice versa.
type RevenueSummary struct {
	From     Date
	To       Date
	Timezone string
	// Start and End are the range's instants, [Start, End).
	Start, End time.Time
}
