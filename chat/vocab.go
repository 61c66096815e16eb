package chat

import "strings"

// The intents, as ChatAnswer.intents names them.
const (
	Revenue        = "revenue"
	PaymentMethods = "payment_methods"
	BestSellers    = "best_sellers"
	LowStock       = "low_stock"
	InventoryValue = "inventory_value"
	Tables         = "table_occupancy"
	PendingOrders  = "pending_orders"
	OrderLookup    = "order_lookup"
	ProductInfo    = "product_info"
	Compare        = "compare"
)

// phrases maps a feature to the phrases that signal it, written in plain
// words; they are matched on stemmed tokens.
var phrases = map[string][]string{
	"revenue": {"revenue", "revenues", "sales", "sale", "takings", "taking", "turnover", "income", "earnings", "earned", "earn",
		"make", "made", "take", "took", "came in", "come in", "brought in", "bring in", "took in", "take in", "gross", "money",
		"total", "totals", "how did we do", "how are we doing", "how we doing", "numbers", "figures", "dollars", "euros",
		"bucks", "sell", "sold", "cash register", "till", "net", "banked", "bank", "damage"},
	"orders": {"how many order", "number of order", "order count", "count of order", "orders", "transactions", "tickets", "checks", "how many sale", "number of sale"},
	"average": {"average", "avg", "aov", "per order", "average order", "average order value", "order value", "avg order",
		"average ticket", "average check", "average bill", "average spend", "typical order", "mean", "ticket size", "basket size", "spend per", "per ticket", "per check", "per customer", "per head"},
	"refunds": {"refund", "refunds", "refunded", "money back", "give back", "gave back", "given back", "paid back", "pay back", "returns", "returned", "chargeback", "chargebacks", "reimbursed"},

	"methods": {"payment method", "payment type", "method", "methods", "pay", "paid", "paying", "payment", "payments", "tender",
		"tenders", "split", "breakdown"},

	"best": {"best seller", "bestseller", "best selling", "bestselling", "best sell", "top seller", "top selling", "top product",
		"top item", "top dish", "top dishes", "top menu item", "most popular", "popular", "sold most", "sold the most",
		"sell the most", "sold best", "sell best", "selling best", "sells best", "most sold", "most ordered", "ordered most",
		"biggest seller", "top earner", "best performer", "best performing", "hot item", "favorite", "favourite",
		"what sold", "what is selling", "what sell", "what did we sell", "what people order", "what people bought", "selling well",
		"sold well", "moving", "top", "star", "stars", "winner", "winners", "most money", "made the most",
		"brought in the most", "earned the most", "most revenue", "seller", "sellers", "ordering most", "order most",
		"ordered the most", "order the most", "ordering the most"},
	"byRevenue": {"by revenue", "revenue", "made the most money", "most money", "by sales", "by sale", "highest revenue",
		"earned the most", "top earner", "by value", "most revenue", "brought in the most", "made the most", "by amount", "by money",
		"highest grossing", "grossing"},

	"low": {"low", "running low", "running out", "run out", "out of stock", "reorder", "re order", "restock", "low on", "short on",
		"need to order", "need to buy", "order more", "buy more", "almost out", "nearly out", "getting low", "below reorder",
		"shortage", "shortages", "running short", "what should i order", "what do i need to order", "what do we need to order",
		"replenish", "top up", "dwindling", "restocking", "restocked", "reordering"},

	"value": {"worth", "value", "valuation", "valued", "how much stock", "how much inventory", "cost of stock", "cost of inventory",
		"stock value", "inventory value", "capital"},
	"stockWord": {"stock", "inventory", "stocks", "inventories", "warehouse", "storeroom", "on hand", "shelves"},

	"tables": {"table", "tables", "seat", "seats", "seated", "occupied", "occupancy", "free table", "available", "taken",
		"cover", "covers", "guest", "guests", "diner", "diners", "dining room", "floor", "full", "busy", "reserved",
		"reservation", "reservations", "booked", "booking", "bookings", "people in", "customers in", "in use", "empty"},
	"tOccupied": {"occupied", "taken", "in use", "busy", "seated", "full", "used", "sat"},
	"tFree":     {"free", "free table", "free tables", "available", "empty", "open table", "open tables", "unoccupied", "vacant"},
	"tReserved": {"reserved", "reservation", "reservations", "booked", "booking", "bookings"},
	"tCovers":   {"cover", "covers", "guest", "guests", "people", "diner", "diners", "customer", "customers", "head", "heads", "person", "persons"},

	"pending": {"pending", "open order", "open orders", "open ticket", "open tickets", "open check", "open checks", "in progress",
		"outstanding", "unpaid", "not paid", "waiting", "still open", "unfinished", "in the kitchen", "being prepared",
		"active order", "active orders", "orders open", "not closed", "not finished", "not done", "queue", "backlog",
		"in flight", "being made", "ongoing", "current order", "current orders"},

	"price": {"price", "cost", "costs", "how much is", "how much are", "how much does", "how much do", "how much for", "charge",
		"priced", "sell for", "selling for", "sells for", "menu price"},
	"stockOf": {"stock", "in stock", "left", "how many", "how much", "on hand", "remaining", "have", "got", "inventory", "available",
		"units", "count"},

	"compare": {"vs", "versus", "compared", "compare", "comparison", "than", "against", "difference", "relative to", "up or down",
		"better or worse", "change from", "versus"},

	"action": {"cancel", "delete", "remove", "add", "create", "update", "change", "set", "book", "reserve", "void", "close",
		"issue", "place", "modify", "edit", "insert", "drop"},
}

// filler words are ignored when looking for what a question is about.
var filler = strings.Fields(`a an the please can could would will you me my we our us i tell show give let know
	hey hi hello ok okay so well just quick quickly what whats which how is are was were be been do does did to of for
	in on at by with about and or any some there their this that these those it its kindly need want like see get find
	look up check much many right now currently current currently yet still again also plus then as all every each
	have has had going go far us mine ours your number`)

// known are ordinary words that must never be "corrected" into a keyword.
var known = strings.Fields(`worst least most best about would could should there their these those which where while
	whose right today items order sales seats label tablet abled cable stable probably maybe sorry thanks thank people
	three seven eight eleven twelve fifteen twenty thirty forty fifty hundred first second third price prices shows
	shown where hours hour minute weather wifi password staff shift employee employees worker workers music menu menus
	dozen being doing going making selling coming taking still total worth value valued morning evening night lunch
	dinner brunch dishes items sells spent spend money these week weeks month months
	year years since until from between during before after friday monday tuesday wednesday thursday saturday sunday`)

// vocabulary is every word the speller may correct to: the phrases'
// words first (they win ties), then periods and numbers, then known words.
func vocabulary() []string {
	var out []string
	for _, key := range []string{"revenue", "orders", "average", "refunds", "methods", "best", "byRevenue", "low", "value",
		"stockWord", "tables", "tOccupied", "tFree", "tReserved", "tCovers", "pending", "price", "stockOf", "compare", "action"} {
		for _, p := range phrases[key] {
			out = append(out, strings.Fields(p)...)
		}
	}
	for w := range months {
		out = append(out, w)
	}
	for w := range weekdays {
		out = append(out, w)
	}
	for w := range numberWords {
		out = append(out, w)
	}
	out = append(out, "today", "yesterday", "tonight", "week", "month", "year", "days", "last", "past", "previous",
		"since", "product", "products", "order", "orders", "number", "cash", "card", "credit", "debit", "mobile", "apple",
		"google", "voucher", "vouchers", "gift", "coupon", "contactless", "category", "categories", "threshold")
	out = append(out, known...)
	out = append(out, filler...)
	return out
}

// methodWords map payment-method synonyms to the schema's PaymentMethod.
var methodWords = []struct{ phrase, method string }{
	{"apple pay", "MOBILE"}, {"google pay", "MOBILE"}, {"samsung pay", "MOBILE"}, {"mobile", "MOBILE"}, {"phone", "MOBILE"},
	{"wallet", "MOBILE"}, {"app", "MOBILE"},
	{"gift card", "VOUCHER"}, {"gift voucher", "VOUCHER"}, {"gift certificate", "VOUCHER"}, {"voucher", "VOUCHER"},
	{"coupon", "VOUCHER"},
	{"credit card", "CARD"}, {"debit card", "CARD"}, {"card", "CARD"}, {"credit", "CARD"}, {"debit", "CARD"},
	{"visa", "CARD"}, {"mastercard", "CARD"}, {"amex", "CARD"}, {"contactless", "CARD"}, {"plastic", "CARD"},
	{"cash", "CASH"}, {"notes", "CASH"}, {"coins", "CASH"},
}
