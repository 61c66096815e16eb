package chat

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/maitre-pos/maitre/chat/period"
)

// IntentName names an intent, as ChatAnswer.intents shows it.
type IntentName string

// The intents, one file each.
const (
	Revenue        IntentName = "revenue"
	PaymentMethods IntentName = "payment_methods"
	BestSellers    IntentName = "best_sellers"
	LowStock       IntentName = "low_stock"
	InventoryValue IntentName = "inventory_value"
	Tables         IntentName = "table_occupancy"
	PendingOrders  IntentName = "pending_orders"
	OrderLookup    IntentName = "order_lookup"
	ProductInfo    IntentName = "product_info"
	Compare        IntentName = "compare"
	BusyHours      IntentName = "busy_hours"
	StockCover     IntentName = "stock_cover"
	RevenueChange  IntentName = "revenue_change"
	Unusual        IntentName = "unusual"
)

// Metric is what an ask measures.
type Metric string

// The metrics; each intent takes some.
const (
	MetricTotal    Metric = "total"
	MetricOrders   Metric = "orders"
	MetricAverage  Metric = "average"
	MetricRefunds  Metric = "refunds"
	MetricPrice    Metric = "price"
	MetricStock    Metric = "stock"
	MetricOccupied Metric = "occupied"
	MetricFree     Metric = "free"
	MetricReserved Metric = "reserved"
	MetricCovers   Metric = "covers"
	MetricShare    Metric = "share" // of all products' sales
)

// Method is a payment method, as the schema's PaymentMethod names it.
type Method string

// The payment methods.
const (
	Card    Method = "CARD"
	Cash    Method = "CASH"
	Mobile  Method = "MOBILE"
	Voucher Method = "VOUCHER"
)

// By is how best sellers are ranked.
type By string

// The rankings.
const (
	ByQuantity By = "QUANTITY"
	ByRevenue  By = "REVENUE"
)

// Slots are an ask's parameters. Each intent takes some of them (Uses);
// the others stay zero.
type Slots struct {
	Period    period.Period  `json:"period,omitzero"`
	Compare   *period.Period `json:"compare,omitempty"`
	Metrics   []Metric       `json:"metrics,omitempty"`
	Limit     int            `json:"limit,omitempty"`
	By        By             `json:"by,omitempty"`
	Category  string         `json:"category,omitempty"`
	ProductID string         `json:"productId,omitempty"`
	Product   string         `json:"product,omitempty"`
	Method    Method         `json:"method,omitempty"`
	Threshold *int           `json:"threshold,omitempty"`
	Table     string         `json:"table,omitempty"`
	Number    int            `json:"number,omitempty"`
	// Split is how a figure is broken down: by category, product,
	// method or hour for a change, by day for the busy hours.
	Split Split `json:"split,omitempty"`
	// Choices are the names a word said could be when it does not settle
	// which: the ask waits for the person to say.
	Choices []Choice `json:"choices,omitempty"`
}

// Choice is one name an ask may be about.
type Choice struct {
	Kind     EntityKind `json:"kind"`
	ID, Name string
}

// choicesOf are the entities as choices.
func choicesOf(ents []*Entity) []Choice {
	out := make([]Choice, len(ents))
	for i, e := range ents {
		out[i] = Choice{e.Kind, e.ID, e.Name}
	}
	return out
}

// choose fills the slot a choice names and drops the others.
func (s *Slots) choose(c Choice) {
	s.Choices = nil
	switch c.Kind {
	case ProductEntity:
		s.ProductID, s.Product, s.Category = c.ID, c.Name, ""
	case CategoryEntity:
		s.Category, s.ProductID, s.Product = c.Name, "", ""
	case TableEntity:
		s.Table = c.Name
	}
}

// Uses is a set of slots an intent takes.
type Uses uint16

// The slots.
const (
	UsesPeriod Uses = 1 << iota
	UsesCompare
	UsesMetrics
	UsesLimit
	UsesBy
	UsesCategory
	UsesProduct
	UsesMethod
	UsesThreshold
	UsesTable
	UsesNumber
	UsesSplit
)

// Split is how an answer breaks a figure down.
type Split string

// The splits.
const (
	SplitCategory Split = "category"
	SplitProduct  Split = "product"
	SplitMethod   Split = "method"
	SplitHour     Split = "hour"
	SplitDay      Split = "day"
)

// Ask is one thing a question asks: an intent and its slots, or why it
// cannot be answered (Invalid names the slot, Why says it).
type Ask struct {
	Intent IntentName `json:"intent"`
	Slots
	Invalid string `json:"invalid,omitempty"`
	Why     string `json:"why,omitempty"`
}

// String is the ask's canonical form, "intent(slot=value, ...)" with the
// slots sorted, as the tests and explanations write it.
func (a Ask) String() string {
	if a.Invalid != "" {
		return "invalid(" + a.Invalid + ")"
	}
	if len(a.Choices) > 0 {
		names := make([]string, len(a.Choices))
		for i, c := range a.Choices {
			names[i] = c.Name
		}
		slices.Sort(names)
		return "?(" + strings.Join(names, "|") + ")"
	}
	var parts []string
	put := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	s := a.Slots
	put("by", string(s.By))
	put("category", s.Category)
	if s.Compare != nil {
		put("compare", s.Compare.String())
	}
	if s.Limit != 0 {
		put("limit", strconv.Itoa(s.Limit))
	}
	ms := make([]string, len(s.Metrics))
	for i, m := range s.Metrics {
		ms[i] = string(m)
	}
	slices.Sort(ms)
	put("metric", strings.Join(ms, "+"))
	put("method", string(s.Method))
	if s.Number != 0 {
		put("number", strconv.Itoa(s.Number))
	}
	put("period", s.Period.String())
	put("product", s.Product)
	put("split", string(s.Split))
	put("table", s.Table)
	if s.Threshold != nil {
		put("threshold", strconv.Itoa(*s.Threshold))
	}
	return string(a.Intent) + "(" + strings.Join(parts, ", ") + ")"
}

// Intent is one kind of question chat answers. Each lives in a file of
// its own: its cues and phrases, how it scores a clause, the slots it
// reads, the GraphQL field it asks for and the sentences it answers with.
type Intent interface {
	Name() IntentName
	// Uses lists the slots it takes, for follow-up questions.
	Uses() Uses
	// Match scores how well a clause asks for it (0: not at all) and
	// names the tokens that are its evidence.
	Match(c *clause) Score
	// Fill reads its slots from the clause, only what the words say.
	Fill(c *clause, s *Slots)
	// Plan asks the graph for what the answer needs.
	Plan(q *query, s Slots)
	// Compose says the answer from what came back.
	Compose(w *writer, s Slots)
	// Next are questions to suggest after its answer.
	Next() []string
}

// phraser is an intent with cues of its own (cues.go has the shared
// ones): the words that give them.
type phraser interface {
	Phrases() []Phrase
}

// defaulter is an intent that completes its slots once the question is
// read: best sellers are five, by units, unless the words said otherwise.
type defaulter interface {
	defaults(s *Slots)
}

// registry lists every intent; an intent's file adds it in init.
var registry = map[IntentName]Intent{}

func register(in Intent) {
	if _, dup := registry[in.Name()]; dup {
		panic(fmt.Sprintf("chat: intent %s registered twice", in.Name()))
	}
	registry[in.Name()] = in
}

// Score is how strongly a clause asks for an intent.
type Score struct {
	Points int
	// Strong is set when a cue of the intent's own gave points, not only
	// a name or a number: follow-ups are questions with no strong score.
	Strong bool
	// Evidence are the tokens the score rests on; two asks never share one.
	Evidence []int
}

// The scores an ask needs: minPoints to be one at all, and secondPoints
// for a second ask from the same clause.
const (
	minPoints    = 2
	secondPoints = 3
)

// better orders scores for choosing: more points, then more evidence
// (the reading that explains more of the words), then the intent's name,
// so that no tie depends on the order intents were registered in.
func better(a, b Score, an, bn IntentName) bool {
	if a.Points != b.Points {
		return a.Points > b.Points
	}
	if len(a.Evidence) != len(b.Evidence) {
		return len(a.Evidence) > len(b.Evidence)
	}
	return cmp.Less(an, bn)
}

// weights score a clause by the cues and mentions in it.
type weights struct {
	cues     map[Cue]int
	mentions map[kind]int
	// need, when set, are cues or mentions of which one must be present.
	need []any
}

// score sums the weights of what the clause holds: each cue and each
// kind of mention counts once.
func (w weights) score(c *clause) Score {
	var s Score
	ok := len(w.need) == 0
	for _, n := range w.need {
		switch n := n.(type) {
		case Cue:
			ok = ok || c.has(n)
		case kind:
			ok = ok || c.first(n) != nil
		}
	}
	if !ok {
		return Score{}
	}
	for cue, pts := range w.cues {
		if at := c.cueAt(cue); len(at) > 0 {
			s.Points += pts
			s.Strong = s.Strong || pts >= 2
			s.Evidence = append(s.Evidence, at...)
		}
	}
	for k, pts := range w.mentions {
		if m := c.first(k); m != nil {
			s.Points += pts
			s.Evidence = append(s.Evidence, m.at)
		}
	}
	slices.Sort(s.Evidence)
	return s
}
