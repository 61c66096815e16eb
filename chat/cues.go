package chat

import "slices"

// Cues more than one intent weighs, and the words that give them. An
// intent's own cues are declared in its file; these are declared once,
// here.
const (
	cueSales      Cue = "sales"
	cueOrderCount Cue = "order_count"
	cueAverage    Cue = "average"
	cueRefunds    Cue = "refunds"
	cueSold       Cue = "sold"
	cueBest       Cue = "best"
	cueByRevenue  Cue = "by_revenue"
	cueByUnits    Cue = "by_units"
	cueHowMany    Cue = "how_many"
	cueMethods    Cue = "methods"
	cuePrice      Cue = "price"
	cueLeft       Cue = "left"
	cueStock      Cue = "stock"
	cueLow        Cue = "low"
	cueValue      Cue = "value"
	cueTableNoun  Cue = "table_noun"
	cueCovers     Cue = "covers"
	cueFree       Cue = "free"
	cuePending    Cue = "pending"
	cueMoney      Cue = "money" // of money rather than units
	cueShare      Cue = "share" // a part of the whole
)

// stockValue are words for what the stock is worth, which say stock too.
var stockValue = []string{"how much stock", "how much inventory", "cost of stock", "cost of inventory", "stock value", "inventory value"}

// sharedPhrases give the shared cues.
var sharedPhrases = slices.Concat(
	phrasesOf(cueMoney, "revenue", "revenues", "money", "amount", "earned", "earn", "earning", "earnings", "made", "make",
		"takings", "income", "turnover", "bring", "brought", "brings", "bring in", "brought in", "dollars", "rupees", "euros",
		"yen", "bucks", "quid", "pounds", "in sales value", "sales value", "value of sales", "§product take", "§product took",
		"§product taken", "§product bring in", "§product brought in"),
	phrasesOf(cueShare, "share", "percent", "percentage", "proportion", "portion", "contribution", "part of", "cut of",
		"how much of", "what part"),
	phrasesOf(cueSales, "revenue", "revenues", "sales", "sale", "takings", "taking", "take", "took", "taken", "turnover",
		"income", "earnings", "earned", "earn", "make", "made", "came in", "come in", "brought in", "bring in",
		"took in", "take in", "gross", "money", "total", "totals", "how did we do", "how are we doing", "how we doing",
		"how have we done", "how did it go", "how are we tracking", "how we tracking", "§product take", "§product took",
		"§product taken", "§product bring in", "§product brought in", "numbers", "figures", "dollars", "euros", "yen", "bucks", "quid",
		"cash register", "till", "net", "banked", "bank", "damage", "ring up", "rung up", "rang up", "rake in",
		"raked in", "pull in", "pulled in", "how much did we sell", "how much have we sold", "trade", "trading", "business",
		"turn over", "turned over", "turnover"),
	phrasesOf(cueOrderCount, "how many order", "number of order", "order count", "count of order", "orders", "transactions",
		"tickets", "checks", "bills", "how many sale", "number of sale", "receipts"),
	phrasesOf(cueAverage, averagePhrases()...),
	phrasesOf(cueRefunds, "refund", "refunds", "refunded", "money back", "give back", "gave back", "given back",
		"paid back", "pay back", "returns", "returned", "chargeback", "chargebacks", "reimbursed"),
	phrasesOf(cueSold, "sell", "sold", "selling", "sells", "ordered", "bought", "buy", "go through", "went through",
		"got through", "shifted", "served"),
	phrasesOf(cueBest, "best seller", "bestseller", "best selling", "bestselling", "best sell", "top seller", "top selling",
		"top product", "top item", "top dish", "top dishes", "top menu item", "most popular", "popular", "sold most",
		"sold the most", "sell the most", "sold best", "sell best", "selling best", "sells best", "most sold",
		"most ordered", "ordered most", "biggest seller", "top earner", "best performer", "best performing", "hot item",
		"favorite", "favourite", "what sold", "what is selling", "what sell", "what did we sell", "what people order",
		"what people bought", "selling well", "sold well", "moving", "top", "star", "stars", "winner", "winners",
		"made the most", "brought in the most", "earned the most", "most revenue", "seller", "sellers",
		"ordering most", "order most", "ordered the most", "order the most", "ordering the most", "flying out",
		"go down best", "went down best", "crowd pleaser", "ranking", "rank", "leaderboard", "biggest hit", "hit",
		"made the most money", "most money", "highest revenue", "highest grossing", "top earner", "biggest earner"),
	phrasesOf(cueByRevenue, "by revenue", "made the most money", "most money", "by sales", "by sale", "highest revenue",
		"earned the most", "top earner", "by value", "most revenue", "brought in the most", "made the most",
		"by amount", "by money", "highest grossing", "grossing", "by takings"),
	phrasesOf(cueByUnits, "by units", "by unit", "by quantity", "by volume", "by count", "by number"),
	phrasesOf(cueHowMany, "how many", "number of", "count of"),
	phrasesOf(cueMethods, "payment method", "payment methods", "payment type", "payment types", "method", "methods",
		"how did people pay", "how did customers pay", "how are people paying", "how do people pay", "pay", "paid",
		"paying", "payment", "payments", "tender", "tenders", "split", "breakdown", "paid with", "paid by", "pay by",
		"pay with", "paid in", "redeemed", "redemptions", "redemption", "swiped", "tapped"),
	phrasesOf(cuePrice, "price", "cost", "costs", "how much is", "how much are", "how much does", "how much do",
		"how much for", "charge", "charging", "we charge", "priced", "sell for", "selling for", "sells for", "menu price", "go for", "goes for", "going for", "sold at", "selling at"),
	phrasesOf(cueLeft, "in stock", "left", "remaining", "on hand", "have left", "got left", "do we have", "have we got", "still have", "still got", "any left", "run out", "ran out", "out of",
		"units", "stocked", "in the fridge", "in the cellar"),
	phrasesOf(cueStock, "stock", "inventory", "stocks", "inventories", "warehouse", "storeroom", "on hand", "shelves",
		"cellar", "larder", "pantry", "fridge"),
	phrasesOf(cueStock, stockValue...),
	phrasesOf(cueLow, "low", "running low", "running out", "run out", "out of stock", "reorder", "re order", "restock",
		"low on", "short on", "need to order", "need to buy", "order more", "buy more", "almost out", "nearly out",
		"getting low", "below reorder", "shortage", "shortages", "running short", "what should i order",
		"what do i need to order", "what do we need to order", "replenish", "dwindling", "restocking", "restocked",
		"reordering", "running dry", "low stock", "sold out", "need restocking", "top up on"),
	phrasesOf(cueValue, append(stockValue, "worth", "value", "valuation", "valued", "capital", "tied up")...),
	phrasesOf(cueTableNoun, "table", "tables", "seat", "seats", "dining room", "floor", "room", "section", "sections",
		"booth", "booths", "terrace", "occupancy", "table status", "tables status"),
	phrasesOf(cueCovers, "cover", "covers", "guest", "guests", "people", "diners", "customers", "heads", "persons",
		"punters", "bums on seats", "party", "parties", "seated guests"),
	phrasesOf(cueFree, "free", "available", "empty", "open table", "open tables", "unoccupied", "vacant", "clear",
		"ready", "open"),
	phrasesOf(cuePending, "pending", "open order", "open orders", "open ticket", "open tickets", "open check",
		"open checks", "open tab", "open tabs", "in progress", "outstanding", "unpaid", "not paid", "waiting",
		"still open", "unfinished", "in the kitchen", "being prepared", "active order", "active orders", "orders open",
		"not closed", "not finished", "not done", "queue", "backlog", "in flight", "being made", "ongoing",
		"current order", "current orders", "still cooking", "on the pass", "yet to be paid", "still to pay", "open",
		"still going", "on the go"),
)

// averagePhrases name the average order, "avg check" as "average check":
// the check is the one averaged, not a count of checks.
func averagePhrases() []string {
	out := []string{"aov", "per order", "order value", "typical order", "mean", "ticket size", "basket size", "check size",
		"spend per", "per ticket", "per check", "per customer", "per head", "per cover"}
	for _, avg := range []string{"average", "avg", "mean"} {
		out = append(out, avg)
		for _, what := range []string{"order", "order value", "ticket", "ticket size", "check", "check size", "bill",
			"spend", "sale", "transaction", "basket", "receipt"} {
			out = append(out, avg+" "+what)
		}
	}
	return out
}
