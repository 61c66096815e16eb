package model

import (
	"time"

	"github.com/maitre-pos/maitre/money"
)

// Money is an amount in minor units of its currency; its decimal and
// display forms are written only when a query asks for them. The models
// hold it by value: an order's five amounts cost no allocation of their
// own.
type Money struct {
	Minor    int64
	Currency string
}

// Amount is the decimal amount with a dot and no grouping, e.g. 1234.50.
func (m *Money) Amount() string {
	a, _ := money.Format(m.Minor, m.Currency)
	return a
}

// Formatted is the display form in the currency's style, e.g. $1,234.50.
func (m *Money) Formatted() string {
	_, f := money.Format(m.Minor, m.Currency)
	return f
}

// AppendAmount appends Amount to dst.
func (m *Money) AppendAmount(dst []byte) []byte { return money.AppendAmount(dst, m.Minor, m.Currency) }

// AppendFormatted appends Formatted to dst.
func (m *Money) AppendFormatted(dst []byte) []byte {
	return money.AppendFormatted(dst, m.Minor, m.Currency)
}

// Order is an order. Its table and payments are loaded by the resolver
// of the list it belongs to, for all orders at once, and stored here,
// like its lines' products.
type Order struct {
	ID        string
	Number    int
	Status    OrderStatus
	CreatedAt time.Time
	Items     []*OrderItem
	Subtotal  Money
	Tax       Money
	Total     Money
	TableID   string
	// LoadedTable and LoadedPayments are the table and payments as
	// loaded, or why they are missing.
	LoadedTable    *Table
	TableErr       error
	LoadedPayments []*Payment
	PaymentsErr    error
}

// Table returns the loaded table.
func (o *Order) Table() (*Table, error) { return o.LoadedTable, o.TableErr }

// Payments returns the loaded payments.
func (o *Order) Payments() ([]*Payment, error) { return o.LoadedPayments, o.PaymentsErr }

// OrderItem is an order line. Its product is loaded by the resolver of the
// list it belongs to, for all lines at once, and stored here: a field
// method without a context costs gqlgen no goroutine per line.
type OrderItem struct {
	ProductID string
	Quantity  int
	UnitPrice Money
	LineTotal Money
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
	Amount    Money
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

// The entities of Apollo Federation: a supergraph may ask for any of them
// by id.

func (Order) IsEntity()   {}
func (Payment) IsEntity() {}
func (Table) IsEntity()   {}
