package clients

import "time"

// Identity is what the auth service knows about a valid bearer token.
type Identity struct {
	UserID      string    `json:"user_id"`
	Name        string    `json:"name"`
	TenantID    string    `json:"tenant_id"`
	Roles       []string  `json:"roles"`
	Permissions []string  `json:"permissions"`
	Timezone    string    `json:"timezone"`
	Currency    string    `json:"currency"`
	ExpiresAt   time.Time `json:"expires_at"`
}

// Order is a point-of-sale order. Money fields are minor units (cents).
type Order struct {
	ID        string      `json:"id"`
	Number    int         `json:"number"`
	Status    string      `json:"status"`
	TableID   string      `json:"table_id,omitempty"`
	Covers    int         `json:"covers,omitempty"` // guests; 0 for takeaway or where the service does not say
	CreatedAt time.Time   `json:"created_at"`
	Items     []OrderItem `json:"items"`
	Subtotal  int64       `json:"subtotal"`
	Tax       int64       `json:"tax"`
	Total     int64       `json:"total"`
}

// OrderItem is one line of an order.
type OrderItem struct {
	ProductID string `json:"product_id"`
	Quantity  int    `json:"quantity"`
	UnitPrice int64  `json:"unit_price"`
}

// Order statuses.
const (
	OrderPending    = "PENDING"
	OrderInProgress = "IN_PROGRESS"
	OrderCompleted  = "COMPLETED"
	OrderCancelled  = "CANCELLED"
)

// Payment is one payment row. A refund is its own row with status REFUNDED
// and a positive amount.
type Payment struct {
	ID        string    `json:"id"`
	OrderID   string    `json:"order_id"`
	Amount    int64     `json:"amount"`
	Method    string    `json:"method"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

// Payment statuses.
const (
	PaymentCaptured = "CAPTURED"
	PaymentRefunded = "REFUNDED"
	PaymentFailed   = "FAILED"
	PaymentPending  = "PENDING"
)

// Product is a catalog item with its stock level.
type Product struct {
	ID           string `json:"id"`
	SKU          string `json:"sku"`
	Name         string `json:"name"`
	Category     string `json:"category"`
	Price        int64  `json:"price"`
	Cost         int64  `json:"cost"`
	Stock        int    `json:"stock"`
	ReorderPoint int    `json:"reorder_point"`
}

// Table is a restaurant table and what is happening at it.
type Table struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Seats   int    `json:"seats"`
	Status  string `json:"status"`
	Covers  int    `json:"covers"`
	OrderID string `json:"order_id,omitempty"`
	Server  string `json:"server,omitempty"`
}

// Table statuses.
const (
	TableFree     = "FREE"
	TableOccupied = "OCCUPIED"
	TableReserved = "RESERVED"
)

// OrderList is one page of orders.
type OrderList struct {
	Orders     []Order `json:"orders"`
	NextCursor string  `json:"next_cursor"`
}

// PaymentList is one page of payments.
type PaymentList struct {
	Payments   []Payment `json:"payments"`
	NextCursor string    `json:"next_cursor"`
}

// ProductList is one page of products.
type ProductList struct {
	Products   []Product `json:"products"`
	NextCursor string    `json:"next_cursor"`
}

// TableList is the restaurant's tables.
type TableList struct {
	Tables []Table `json:"tables"`
}

// ErrorBody is the downstream error envelope:
// {"error":{"code":"...","message":"..."}}.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}
