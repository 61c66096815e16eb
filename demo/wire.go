package demo

import "time"

// The wire types of docs/downstream-api.md, written from that document
// and not shared with clients/: the gateway decodes what the demo encodes,
// so a field named differently on either side breaks the tests.

// Identity is auth's answer to GET /v1/verify.
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

// Order is a row of GET /v1/orders; money in minor units.
type Order struct {
	ID        string    `json:"id"`
	Number    int       `json:"number"`
	Status    string    `json:"status"`
	TableID   string    `json:"table_id,omitempty"` // absent for takeaway
	Covers    int       `json:"covers,omitempty"`   // guests at the table, absent for takeaway
	CreatedAt time.Time `json:"created_at"`
	Items     []Item    `json:"items"`
	Subtotal  int64     `json:"subtotal"`
	Tax       int64     `json:"tax"`
	Total     int64     `json:"total"`
}

// Item is one line of an order.
type Item struct {
	ProductID string `json:"product_id"`
	Quantity  int    `json:"quantity"`
	UnitPrice int64  `json:"unit_price"`
}

// Payment is a row of GET /v1/payments; a refund is a row of its own.
type Payment struct {
	ID        string    `json:"id"`
	OrderID   string    `json:"order_id"`
	Amount    int64     `json:"amount"`
	Method    string    `json:"method"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

// Product is a row of GET /v1/products.
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

// Table is a row of GET /v1/tables.
type Table struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Seats   int    `json:"seats"`
	Status  string `json:"status"`
	Covers  int    `json:"covers"`
	OrderID string `json:"order_id,omitempty"`
	Server  string `json:"server,omitempty"`
}

// The list answers: rows, and the cursor of the next page ("" on the last).
type (
	OrderList struct {
		Orders     []Order `json:"orders"`
		NextCursor string  `json:"next_cursor"`
	}
	PaymentList struct {
		Payments   []Payment `json:"payments"`
		NextCursor string    `json:"next_cursor"`
	}
	ProductList struct {
		Products   []Product `json:"products"`
		NextCursor string    `json:"next_cursor"`
	}
	TableList struct {
		Tables []Table `json:"tables"`
	}
)

// errorBody is every error answer: {"error":{"code":"...","message":"..."}}.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// The contract's statuses, limits and page sizes.
const (
	OrderPending    = "PENDING"
	OrderInProgress = "IN_PROGRESS"
	OrderCompleted  = "COMPLETED"
	OrderCancelled  = "CANCELLED"

	PaymentCaptured = "CAPTURED"
	PaymentRefunded = "REFUNDED"
	PaymentFailed   = "FAILED"
	PaymentPending  = "PENDING"

	TableFree     = "FREE"
	TableOccupied = "OCCUPIED"
	TableReserved = "RESERVED"

	maxIDs   = 200  // ids per lookup
	maxLimit = 1000 // rows per page
)
