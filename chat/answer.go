package chat

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/daterange"
	"github.com/maitre-pos/maitre/money"
)

// composer phrases the result of a plan as sentences.
type composer struct {
	data     map[string]json.RawMessage
	errs     gqlerror.List
	now      time.Time
	loc      *time.Location
	currency string
	out      []string
}

// compose phrases the answer to one ask, read from data[alias].
func (c *composer) compose(alias string, a Ask) {
	switch a.Intent {
	case Revenue:
		c.revenue(alias, a)
	case Compare:
		c.compare(alias, a)
	case PaymentMethods:
		c.paymentMethods(alias, a)
	case BestSellers:
		c.bestSellers(alias, a)
	case LowStock:
		c.lowStock(alias, a)
	case InventoryValue:
		c.inventoryValue(alias, a)
	case Tables:
		c.tables(alias, a)
	case PendingOrders:
		c.pending(alias, a)
	case OrderLookup:
		c.order(alias, a)
	case ProductInfo:
		c.product(alias, a)
	}
}

func (c *composer) say(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	c.out = append(c.out, strings.ToUpper(s[:1])+s[1:])
}

// field decodes data[alias] into v; false when it is null or missing.
func (c *composer) field(alias string, v any) bool {
	raw, ok := c.data[alias]
	if !ok || string(raw) == "null" {
		return false
	}
	return json.Unmarshal(raw, v) == nil
}

// failure explains why path under alias is missing, or "" when no error
// names it.
func (c *composer) failure(alias string, field ...string) string {
	for _, e := range c.errs {
		if len(e.Path) == 0 || fmt.Sprint(e.Path[0]) != alias {
			continue
		}
		if len(field) > 0 && (len(e.Path) < 2 || fmt.Sprint(e.Path[1]) != field[0]) {
			continue
		}
		return cause(e)
	}
	return ""
}

// cause words an error for the person asking.
func cause(e *gqlerror.Error) string {
	code, _ := e.Extensions["code"].(string)
	service := fmt.Sprint(e.Extensions["service"])
	switch code {
	case "FORBIDDEN":
		if p, ok := e.Extensions["permission"].(string); ok {
			return "you don't have access to that (it needs the " + p + " permission)"
		}
		return "you don't have access to that"
	case "GATEWAY_TIMEOUT":
		return "the " + service + " service timed out"
	case "DOWNSTREAM_SERVICE_ERROR":
		return "the " + service + " service is unavailable"
	case "CIRCUIT_OPEN":
		return "the " + service + " service is failing, so I'm not asking it for now"
	case "RATE_LIMITED":
		return "too many requests right now"
	case "BAD_USER_INPUT":
		return e.Message
	}
	return "something went wrong on my side"
}

func (c *composer) couldnt(what, why string) {
	if why == "" {
		why = "no answer came back"
	}
	c.say("I couldn't %s: %s.", what, why)
}

func (c *composer) period(p Period) string { return describe(p, c.now, c.loc) }

// mid is the period inside a sentence: an appositive ("today, Thursday 26
// November") is closed by a comma.
func (c *composer) mid(p Period) string {
	d := c.period(p)
	if strings.Contains(d, ", ") {
		d += ","
	}
	return d
}

// current reports whether the period includes today, so verbs can say "is".
func (c *composer) current(p Period) bool {
	r, err := daterange.Resolve(daterange.Spec{Period: p.Name, From: p.From, To: p.To}, c.now, c.loc)
	return err == nil && !c.now.Before(r.Start) && c.now.Before(r.End)
}

func (c *composer) verb(p Period) string {
	if c.current(p) {
		return "is"
	}
	return "was"
}

type moneyJSON struct{ Formatted, Amount string }

// cents reads a Money amount ("1234.50") back into minor units.
func cents(m *moneyJSON) int64 {
	if m == nil {
		return 0
	}
	neg := strings.HasPrefix(m.Amount, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(m.Amount, "-"), ".")
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
	v := w*100 + f
	if neg {
		v = -v
	}
	return v
}

func pct(share float64) string {
	p := share * 100
	switch {
	case p > 0 && p < 1:
		return "under 1%"
	case p < 10 && math.Abs(p-math.Round(p)) > 0.05:
		return strconv.FormatFloat(p, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(math.Round(p), 'f', 0, 64) + "%"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return count(n) + " " + many
}

// count groups thousands: 1,485.
func count(n int) string {
	s := strconv.Itoa(n)
	if n < 1000 && n > -1000 {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func list(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

type revenueJSON struct {
	From, To          string
	Total             *moneyJSON
	OrderCount        *int
	AverageOrderValue *moneyJSON
	Refunds           *moneyJSON
}

func (c *composer) revenue(alias string, a Ask) {
	var r revenueJSON
	if !c.field(alias, &r) {
		c.couldnt("get the revenue figures", c.failure(alias))
		return
	}
	p, verb := c.mid(a.Period), c.verb(a.Period)
	end := c.period(a.Period)
	has := func(m string) bool { return slices.Contains(a.Metrics, m) }
	switch {
	case has("total") && r.Total != nil && r.OrderCount != nil:
		c.say("revenue %s %s %s across %s.", p, verb, r.Total.Formatted, plural(*r.OrderCount, "completed order", "completed orders"))
	case has("total") && r.Total != nil:
		c.say("revenue %s %s %s.", p, verb, r.Total.Formatted)
	case has("total") && r.OrderCount != nil:
		c.say("you had %s %s.", plural(*r.OrderCount, "completed order", "completed orders"), end)
	case has("orders") && r.OrderCount != nil && !has("average"):
		c.say("you had %s %s.", plural(*r.OrderCount, "completed order", "completed orders"), end)
	}
	if has("average") && r.AverageOrderValue != nil && r.OrderCount != nil {
		c.say("the average order %s %s %s, over %s.", p, verb, r.AverageOrderValue.Formatted, plural(*r.OrderCount, "completed order", "completed orders"))
	}
	if has("refunds") && r.Refunds != nil {
		if cents(r.Refunds) == 0 {
			c.say("there were no refunds %s.", end)
		} else {
			c.say("refunds %s came to %s.", p, r.Refunds.Formatted)
		}
	}
	for _, m := range []struct{ metric, field, what string }{
		{"total", "total", "get the revenue total"}, {"average", "averageOrderValue", "work out the average order"},
		{"refunds", "refunds", "get the refunds"}, {"orders", "orderCount", "count the orders"},
	} {
		if (has(m.metric) || m.field == "orderCount" && (has("total") || has("average"))) && c.missing(alias, m.field) {
			c.couldnt(m.what, c.failure(alias, m.field))
		}
	}
}

// missing reports whether data[alias][field] was asked for and is null.
func (c *composer) missing(alias, field string) bool {
	var obj map[string]json.RawMessage
	if !c.field(alias, &obj) {
		return false
	}
	raw, ok := obj[field]
	return ok && string(raw) == "null"
}

func (c *composer) compare(alias string, a Ask) {
	var x, y revenueJSON
	okX, okY := c.field(alias, &x), c.field(alias+"b", &y)
	if !okX || !okY {
		why := c.failure(alias)
		if why == "" {
			why = c.failure(alias + "b")
		}
		c.couldnt("compare the two periods", why)
		return
	}
	p1, p2 := c.mid(a.Period), c.mid(*a.Compare)
	has := func(m string) bool { return slices.Contains(a.Metrics, m) }
	switch {
	case has("total") && x.Total != nil && y.Total != nil:
		c.say("revenue %s %s %s; %s it %s %s. %s", p1, c.verb(a.Period), x.Total.Formatted, p2, c.verb(*a.Compare), y.Total.Formatted,
			c.change(cents(x.Total), cents(y.Total), true))
	case has("orders") && x.OrderCount != nil && y.OrderCount != nil:
		c.say("you had %s %s and %s %s. %s", plural(*x.OrderCount, "completed order", "completed orders"), c.mid(a.Period), count(*y.OrderCount), c.period(*a.Compare),
			c.change(int64(*x.OrderCount), int64(*y.OrderCount), false))
	case has("average") && x.AverageOrderValue != nil && y.AverageOrderValue != nil:
		c.say("the average order %s %s %s; %s it %s %s. %s", p1, c.verb(a.Period), x.AverageOrderValue.Formatted, p2,
			c.verb(*a.Compare), y.AverageOrderValue.Formatted, c.change(cents(x.AverageOrderValue), cents(y.AverageOrderValue), true))
	case has("refunds") && x.Refunds != nil && y.Refunds != nil:
		c.say("refunds %s came to %s; %s, %s. %s", p1, x.Refunds.Formatted, c.period(*a.Compare), y.Refunds.Formatted,
			c.change(cents(x.Refunds), cents(y.Refunds), true))
	default:
		why := c.failure(alias, "total")
		if why == "" {
			why = c.failure(alias+"b", "total")
		}
		c.couldnt("compare the two periods", why)
		return
	}
	if c.current(a.Period) && !c.current(*a.Compare) {
		c.say("%s is not over yet.", strings.SplitN(c.period(a.Period), ",", 2)[0])
	}
}

// change words the move from b to a.
func (c *composer) change(a, b int64, isMoney bool) string {
	diff := a - b
	amount := strconv.FormatInt(abs(diff), 10)
	if isMoney {
		_, amount = money.Format(abs(diff), c.currency)
	}
	if diff == 0 {
		return "That is the same."
	}
	dir, more := "up", "more"
	if diff < 0 {
		dir, more = "down", "less"
		if !isMoney {
			more = "fewer"
		}
	}
	if b == 0 {
		return fmt.Sprintf("That is %s %s.", amount, more)
	}
	return fmt.Sprintf("That is %s %.1f%% (%s %s).", dir, math.Abs(float64(diff))*100/float64(b), amount, more)
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

var methodNames = map[string]string{"CARD": "card", "CASH": "cash", "MOBILE": "mobile", "VOUCHER": "voucher"}

func (c *composer) paymentMethods(alias string, a Ask) {
	var rows []struct {
		Method string
		Count  int
		Amount moneyJSON
		Share  float64
	}
	if !c.field(alias, &rows) {
		c.couldnt("break it down by payment method", c.failure(alias))
		return
	}
	p, end := c.mid(a.Period), c.period(a.Period)
	if a.Method != "" {
		for _, r := range rows {
			if r.Method != a.Method {
				continue
			}
			if r.Count == 0 {
				c.say("there were no %s payments %s.", methodNames[a.Method], end)
				return
			}
			c.say("%s payments %s came to %s: %s, %s of the money taken.", methodNames[a.Method], p, r.Amount.Formatted,
				plural(r.Count, "payment", "payments"), pct(r.Share))
			return
		}
	}
	var parts []string
	for _, r := range rows {
		if r.Count > 0 {
			parts = append(parts, fmt.Sprintf("%s %s (%s)", methodNames[r.Method], r.Amount.Formatted, pct(r.Share)))
		}
	}
	if len(parts) == 0 {
		c.say("no payments were taken %s.", end)
		return
	}
	c.say("by payment method %s: %s.", end, strings.Join(parts, ", "))
}

type salesJSON struct {
	Product struct {
		ID, Name, Category string
	}
	Quantity int
	Revenue  *moneyJSON
}

func (c *composer) bestSellers(alias string, a Ask) {
	var rows []salesJSON
	if !c.field(alias, &rows) {
		c.couldnt("rank the best sellers", c.failure(alias))
		return
	}
	p, end := c.mid(a.Period), c.period(a.Period)
	if a.ProductID != "" {
		for i, r := range rows {
			if r.Product.ID == a.ProductID {
				extra := ""
				if r.Revenue != nil {
					extra = ", " + r.Revenue.Formatted + " in sales"
				}
				c.say("%s: %s sold %s%s, number %d of %d by %s.", r.Product.Name, count(r.Quantity), end, extra, i+1, len(rows), metricWord(a.By))
				return
			}
		}
		c.say("no %s sold %s.", a.Product, end)
		return
	}
	what := "products"
	if a.Category != "" {
		what = a.Category
	}
	if len(rows) == 0 {
		c.say("no %s sold %s.", strings.ToLower(what), end)
		return
	}
	value := func(r salesJSON) string {
		if a.By == "REVENUE" && r.Revenue != nil {
			return r.Revenue.Formatted
		}
		return count(r.Quantity) + " sold"
	}
	if a.Limit == 1 {
		what := "best seller"
		if a.Category != "" {
			what = "best-selling " + a.Category
		}
		c.say("your %s %s by %s is %s, with %s.", what, p, metricWord(a.By), rows[0].Product.Name, value(rows[0]))
		return
	}
	items := make([]string, len(rows))
	for i, r := range rows {
		items[i] = fmt.Sprintf("%d. %s (%s)", i+1, r.Product.Name, value(r))
	}
	title := "best sellers"
	if a.Category != "" {
		title = "best-selling " + a.Category
	}
	c.say("%s %s by %s: %s.", title, p, metricWord(a.By), strings.Join(items, ", "))
}

func metricWord(by string) string {
	if by == "REVENUE" {
		return "revenue"
	}
	return "units"
}

func (c *composer) lowStock(alias string, a Ask) {
	var rows []struct {
		Name, Category string
		Stock          *int
		ReorderPoint   int
	}
	if !c.field(alias, &rows) {
		c.couldnt("check the stock levels", c.failure(alias))
		return
	}
	if a.Category != "" {
		rows = slices.DeleteFunc(rows, func(r struct {
			Name, Category string
			Stock          *int
			ReorderPoint   int
		}) bool {
			return !strings.EqualFold(r.Category, a.Category)
		})
	}
	in := ""
	if a.Category != "" {
		in = " in " + a.Category
	}
	if len(rows) == 0 {
		if a.Threshold != nil {
			c.say("no product%s has %d or fewer in stock.", in, *a.Threshold)
		} else {
			c.say("nothing%s is running low: every product is above its reorder point.", in)
		}
		return
	}
	var items []string
	for i, r := range rows {
		if i == 10 {
			items = append(items, fmt.Sprintf("%d more", len(rows)-10))
			break
		}
		stock := 0
		if r.Stock != nil {
			stock = *r.Stock
		}
		if a.Threshold != nil {
			items = append(items, fmt.Sprintf("%s (%d left)", r.Name, stock))
		} else {
			items = append(items, fmt.Sprintf("%s (%d left, reorder at %d)", r.Name, stock, r.ReorderPoint))
		}
	}
	n := plural(len(rows), "product", "products") + in
	if a.Threshold != nil {
		are := "have"
		if len(rows) == 1 {
			are = "has"
		}
		c.say("%s %s %d or fewer in stock: %s.", n, are, *a.Threshold, list(items))
		return
	}
	are := "are"
	if len(rows) == 1 {
		are = "is"
	}
	c.say("%s %s at or below the reorder point: %s.", n, are, list(items))
}

func (c *composer) inventoryValue(alias string, a Ask) {
	var v struct {
		Total        moneyJSON
		ProductCount int
		UnitCount    int
		ByCategory   []struct {
			Category     string
			Total        moneyJSON
			ProductCount int
			UnitCount    int
		}
	}
	if !c.field(alias, &v) {
		c.couldnt("value the inventory", c.failure(alias))
		return
	}
	if a.Category != "" {
		for _, cat := range v.ByCategory {
			if strings.EqualFold(cat.Category, a.Category) {
				c.say("your %s stock is worth %s at cost: %s across %s.", cat.Category, cat.Total.Formatted,
					plural(cat.UnitCount, "unit", "units"), plural(cat.ProductCount, "product", "products"))
				return
			}
		}
		c.say("there is no %s category in your catalog.", a.Category)
		return
	}
	c.say("your stock is worth %s at cost: %s across %s.", v.Total.Formatted, plural(v.UnitCount, "unit", "units"),
		plural(v.ProductCount, "product", "products"))
}

func (c *composer) tables(alias string, a Ask) {
	if a.Table != "" {
		c.table(alias, a)
		return
	}
	var o struct {
		Total, Occupied, Free, Reserved, Covers, Seats int
		OccupancyRate                                  float64
	}
	if !c.field(alias, &o) {
		c.couldnt("check the tables", c.failure(alias))
		return
	}
	has := func(m string) bool { return slices.Contains(a.Metrics, m) }
	switch {
	case len(a.Metrics) == 0:
		c.say("%d of %d tables are occupied (%s), with %s; %d are free and %d reserved.", o.Occupied, o.Total, pct(o.OccupancyRate),
			plural(o.Covers, "guest", "guests"), o.Free, o.Reserved)
		return
	case has("covers"):
		c.say("%s seated at %s right now.", plural(o.Covers, "guest is", "guests are"), plural(o.Occupied, "table", "tables"))
	}
	if has("occupied") {
		c.say("%d of %d tables are occupied right now (%s).", o.Occupied, o.Total, pct(o.OccupancyRate))
	}
	if has("free") {
		c.say("%d of %d tables are free right now.", o.Free, o.Total)
	}
	if has("reserved") {
		c.say("%s reserved.", plural(o.Reserved, "table is", "tables are"))
	}
}

type tableJSON struct {
	Name, Status string
	Seats        int
	Covers       int
	Server       *string
	CurrentOrder *struct {
		Number int
		Total  moneyJSON
	}
}

func (c *composer) table(alias string, a Ask) {
	var rows []tableJSON
	if !c.field(alias, &rows) {
		c.couldnt("check "+a.Table, c.failure(alias))
		return
	}
	i := slices.IndexFunc(rows, func(t tableJSON) bool { return strings.EqualFold(t.Name, a.Table) })
	if i < 0 {
		c.say("there is no table called %s.", a.Table)
		return
	}
	t := rows[i]
	state := strings.ToLower(t.Status)
	detail := ""
	switch t.Status {
	case "OCCUPIED":
		detail = ": " + plural(t.Covers, "guest", "guests")
		if t.Server != nil {
			detail += ", served by " + *t.Server
		}
		if t.CurrentOrder != nil {
			detail += fmt.Sprintf(", order #%d at %s", t.CurrentOrder.Number, t.CurrentOrder.Total.Formatted)
		}
	case "FREE":
		detail = fmt.Sprintf(" (%d seats)", t.Seats)
	case "RESERVED":
		if t.Server != nil {
			detail = " for " + *t.Server + "'s section"
		}
	}
	prefix := ""
	for _, m := range a.Metrics {
		want := map[string]string{"free": "FREE", "occupied": "OCCUPIED", "reserved": "RESERVED"}[m]
		if want != "" {
			prefix = "no, "
			if want == t.Status {
				prefix = "yes, "
			}
		}
	}
	c.say("%s%s is %s%s.", prefix, t.Name, state, detail)
}

type orderJSON struct {
	Number    int
	Status    string
	CreatedAt time.Time
	Total     moneyJSON
	Table     *struct{ Name string }
	Items     []struct {
		Quantity int
		Product  *struct{ Name string }
	}
	Payments []struct {
		Method, Status string
		Amount         moneyJSON
	}
}

var statusWords = map[string]string{"PENDING": "pending", "IN_PROGRESS": "in progress", "COMPLETED": "completed", "CANCELLED": "cancelled"}

func (c *composer) when(t time.Time) string {
	t = t.In(c.loc)
	if y, m, d := c.now.In(c.loc).Date(); t.Year() == y && t.Month() == m && t.Day() == d {
		return "today at " + t.Format("15:04")
	}
	return t.Format("Monday 2 January at 15:04")
}

func (c *composer) pending(alias string, a Ask) {
	var rows []orderJSON
	if !c.field(alias, &rows) {
		c.couldnt("list the open orders", c.failure(alias))
		return
	}
	if a.Table != "" {
		rows = slices.DeleteFunc(rows, func(o orderJSON) bool { return o.Table == nil || !strings.EqualFold(o.Table.Name, a.Table) })
		if len(rows) == 0 {
			c.say("%s has no open orders.", a.Table)
			return
		}
		items := make([]string, len(rows))
		for i, o := range rows {
			items[i] = fmt.Sprintf("#%d (%s, %s)", o.Number, statusWords[o.Status], o.Total.Formatted)
		}
		c.say("%s has %s: %s.", a.Table, plural(len(rows), "open order", "open orders"), list(items))
		return
	}
	if len(rows) == 0 {
		c.say("no orders are open right now.")
		return
	}
	n := map[string]int{}
	for _, o := range rows {
		n[o.Status]++
	}
	oldest := rows[0]
	where := "for takeaway"
	if oldest.Table != nil {
		where = "at " + oldest.Table.Name
	}
	c.say("%s open: %d pending and %d in progress. The oldest is #%d, placed %s %s (%s).",
		plural(len(rows), "order is", "orders are"), n["PENDING"], n["IN_PROGRESS"], oldest.Number, c.when(oldest.CreatedAt), where, oldest.Total.Formatted)
}

func (c *composer) order(alias string, a Ask) {
	var o orderJSON
	if !c.field(alias, &o) {
		if why := c.failure(alias); why != "" {
			c.couldnt(fmt.Sprintf("look up order #%d", a.Number), why)
		} else {
			c.say("I couldn't find order #%d.", a.Number)
		}
		return
	}
	var items []string
	for i, it := range o.Items {
		if i == 5 {
			items = append(items, fmt.Sprintf("%d more", len(o.Items)-5))
			break
		}
		name := "an unknown product"
		if it.Product != nil {
			name = it.Product.Name
		}
		items = append(items, fmt.Sprintf("%d x %s", it.Quantity, name))
	}
	where := "for takeaway"
	if o.Table != nil {
		where = "at " + o.Table.Name
	}
	c.say("order #%d is %s: %s, total %s, placed %s %s.", o.Number, statusWords[o.Status], list(items), o.Total.Formatted, c.when(o.CreatedAt), where)
	var paid []string
	for _, p := range o.Payments {
		if p.Status == "CAPTURED" {
			paid = append(paid, fmt.Sprintf("%s by %s", p.Amount.Formatted, methodNames[p.Method]))
		}
		if p.Status == "REFUNDED" {
			paid = append(paid, fmt.Sprintf("%s refunded", p.Amount.Formatted))
		}
	}
	switch {
	case len(paid) > 0:
		c.say("paid %s.", list(paid))
	case c.failure(alias, "payments") != "":
		c.couldnt("check its payments", c.failure(alias, "payments"))
	case o.Status != "CANCELLED":
		c.say("it has not been paid yet.")
	}
}

func (c *composer) product(alias string, a Ask) {
	var p struct {
		Name         string
		Price        *moneyJSON
		Stock        *int
		ReorderPoint *int
	}
	if !c.field(alias, &p) {
		c.couldnt("look up "+a.Product, c.failure(alias))
		return
	}
	var parts []string
	if p.Price != nil {
		parts = append(parts, p.Name+" costs "+p.Price.Formatted)
	}
	if p.Stock != nil && p.ReorderPoint != nil {
		s := fmt.Sprintf("%s in stock (reorder at %d)", count(*p.Stock), *p.ReorderPoint)
		if len(parts) == 0 {
			s = p.Name + ": " + s
		}
		parts = append(parts, s)
	}
	if len(parts) > 0 {
		c.say("%s.", strings.Join(parts, "; "))
	}
	if why := c.failure(alias, "stock"); why != "" {
		c.couldnt("check its stock", why)
	}
}
