package gateway_test

import (
	"bufio"
	"cmp"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/demotest"
)

// label is an expected ask of chat/testdata, parsed: intent(k=v, ...).
type label struct {
	intent string
	slots  map[string]string
}

func parseLabels(s string) []label {
	var out []label
	for _, part := range strings.Split(s, " ; ") {
		name, inner, ok := strings.Cut(part, "(")
		l := label{intent: name, slots: map[string]string{}}
		if ok {
			inner = strings.TrimSuffix(inner, ")")
			for _, kv := range strings.Split(inner, ", ") {
				if k, v, ok := strings.Cut(kv, "="); ok {
					l.slots[k] = v
				}
			}
		}
		out = append(out, l)
	}
	return out
}

// oracle computes, from a tenant's raw REST data alone, what an answer
// to a labelled question must say.
type oracle struct {
	tenant, token, currency string
	loc                     *time.Location
	now                     time.Time // demotest.Now when zero
	orders                  []demo.Order
	payments                []demo.Payment
	products                []demo.Product
	tables                  []demo.Table
}

func newOracle(t *testing.T, h *harness, tc tenantCase) *oracle {
	var tl demo.TableList
	h.Env.Get(t, clients.Restaurant, tc.tenant, "/v1/tables", url.Values{}, &tl)
	return &oracle{tenant: tc.tenant, token: tc.token, currency: tc.currency, loc: tc.loc,
		orders:   demotest.All[demo.Order](t, h.Env, clients.Orders, tc.tenant, "/v1/orders", "orders", url.Values{}),
		payments: demotest.All[demo.Payment](t, h.Env, clients.Payments, tc.tenant, "/v1/payments", "payments", url.Values{}),
		products: rawProducts(t, h, tc.tenant), tables: tl.Tables}
}

// bounds resolves a period slot by hand: a named period, or from..to.
func (o *oracle) bounds(p string) (time.Time, time.Time) {
	n := demotest.Now.In(o.loc)
	if !o.now.IsZero() {
		n = o.now.In(o.loc)
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, o.loc) }
	today := day(n.Year(), n.Month(), n.Day())
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	first := day(n.Year(), n.Month(), 1)
	switch p {
	case "TODAY":
		return today, today.AddDate(0, 0, 1)
	case "YESTERDAY":
		return today.AddDate(0, 0, -1), today
	case "THIS_WEEK":
		return monday, monday.AddDate(0, 0, 7)
	case "LAST_WEEK":
		return monday.AddDate(0, 0, -7), monday
	case "THIS_MONTH":
		return first, first.AddDate(0, 1, 0)
	case "LAST_MONTH":
		return first.AddDate(0, -1, 0), first
	case "LAST_7_DAYS":
		return today.AddDate(0, 0, -6), today.AddDate(0, 0, 1)
	case "LAST_30_DAYS":
		return today.AddDate(0, 0, -29), today.AddDate(0, 0, 1)
	}
	from, to, _ := strings.Cut(p, "..")
	f, _ := time.ParseInLocation(time.DateOnly, from, o.loc)
	e, _ := time.ParseInLocation(time.DateOnly, to, o.loc)
	return f, e.AddDate(0, 0, 1)
}

func in(t, from, to time.Time) bool { return !t.Before(from) && t.Before(to) }

// takings are a period's figures.
type takings struct {
	total, refunds, average int64
	completed               int
	byMethod                map[string]int64
	countByMethod           map[string]int
}

func (o *oracle) takings(p string) takings {
	from, to := o.bounds(p)
	tk := takings{byMethod: map[string]int64{}, countByMethod: map[string]int{}}
	for _, pay := range o.payments {
		if !in(pay.CreatedAt, from, to) {
			continue
		}
		switch pay.Status {
		case demo.PaymentCaptured:
			tk.total += pay.Amount
			tk.byMethod[pay.Method] += pay.Amount
			tk.countByMethod[pay.Method]++
		case demo.PaymentRefunded:
			tk.total -= pay.Amount
			tk.refunds += pay.Amount
		}
	}
	var sum int64
	for _, ord := range o.orders {
		if in(ord.CreatedAt, from, to) && ord.Status == demo.OrderCompleted {
			tk.completed++
			sum += ord.Total
		}
	}
	if tk.completed > 0 {
		tk.average = (sum + int64(tk.completed)/2) / int64(tk.completed)
	}
	return tk
}

// number writes a count as answers do: 1,485.
func number(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

type sold struct {
	id, name string
	qty      int
	revenue  int64
}

func (o *oracle) sales(p, category string) []sold {
	from, to := o.bounds(p)
	byID := map[string]*sold{}
	names := map[string]demo.Product{}
	for _, pr := range o.products {
		names[pr.ID] = pr
	}
	for _, ord := range o.orders {
		if !in(ord.CreatedAt, from, to) || ord.Status != demo.OrderCompleted {
			continue
		}
		for _, it := range ord.Items {
			pr, ok := names[it.ProductID]
			if !ok || category != "" && !strings.EqualFold(pr.Category, category) {
				continue
			}
			s := byID[it.ProductID]
			if s == nil {
				s = &sold{id: it.ProductID, name: pr.Name}
				byID[it.ProductID] = s
			}
			s.qty += it.Quantity
			s.revenue += int64(it.Quantity) * it.UnitPrice
		}
	}
	var out []sold
	for _, s := range byID {
		out = append(out, *s)
	}
	return out
}

// wants are the substrings an answer to l must hold.
func (o *oracle) wants(l label) []string {
	money := func(v int64) string { return display(v, o.currency) }
	s := l.slots
	switch l.intent {
	case "revenue":
		tk := o.takings(s["period"])
		var out []string
		for _, m := range strings.Split(s["metric"], "+") {
			switch m {
			case "total":
				out = append(out, money(tk.total))
			case "orders":
				out = append(out, number(tk.completed)+" completed order")
			case "average":
				out = append(out, money(tk.average))
			case "refunds":
				if tk.refunds == 0 {
					out = append(out, "no refunds")
				} else {
					out = append(out, money(tk.refunds))
				}
			}
		}
		return out
	case "compare":
		a, b := o.takings(s["period"]), o.takings(s["compare"])
		switch s["metric"] {
		case "orders":
			return []string{number(a.completed), number(b.completed)}
		case "average":
			return []string{money(a.average), money(b.average), money(abs64(a.average - b.average))}
		case "refunds":
			return []string{money(a.refunds), money(b.refunds)}
		}
		return []string{money(a.total), money(b.total), money(abs64(a.total - b.total))}
	case "payment_methods":
		tk := o.takings(s["period"])
		if m := s["method"]; m != "" {
			if tk.countByMethod[m] == 0 {
				return []string{"no " + strings.ToLower(m)}
			}
			return []string{money(tk.byMethod[m]), number(tk.countByMethod[m]) + " payment"}
		}
		var out []string
		for m, v := range tk.byMethod {
			out = append(out, strings.ToLower(m)+" "+money(v))
		}
		return out
	case "best_sellers":
		rows := o.sales(s["period"], s["category"])
		if p := s["product"]; p != "" {
			for _, r := range rows {
				if r.name == p {
					return []string{p + ": " + number(r.qty) + " sold"}
				}
			}
			return []string{"no " + p + " sold"}
		}
		byRevenue := s["by"] == "REVENUE"
		slices.SortFunc(rows, func(a, b sold) int {
			c := cmp.Compare(b.qty, a.qty)
			if byRevenue {
				c = cmp.Compare(b.revenue, a.revenue)
			}
			return cmp.Or(c, cmp.Compare(a.name, b.name), cmp.Compare(a.id, b.id))
		})
		limit, _ := strconv.Atoi(s["limit"])
		var out []string
		for i, r := range rows[:min(limit, len(rows))] {
			v := number(r.qty) + " sold"
			if byRevenue {
				v = money(r.revenue)
			}
			if limit == 1 {
				return []string{r.name + ", with " + v}
			}
			out = append(out, fmt.Sprintf("%d. %s (%s)", i+1, r.name, v))
		}
		if len(out) == 0 {
			return []string{"sold"}
		}
		return out
	case "low_stock":
		var low []demo.Product
		for _, p := range o.products {
			limit := p.ReorderPoint
			if th, ok := s["threshold"]; ok {
				limit, _ = strconv.Atoi(th)
			}
			if p.Stock <= limit && (s["category"] == "" || strings.EqualFold(p.Category, s["category"])) {
				low = append(low, p)
			}
		}
		if len(low) == 0 {
			if _, ok := s["threshold"]; ok {
				return []string{"or fewer in stock"}
			}
			return []string{"every product is above its reorder point"}
		}
		slices.SortFunc(low, func(a, b demo.Product) int { return cmp.Or(cmp.Compare(a.Stock, b.Stock), cmp.Compare(a.Name, b.Name)) })
		out := []string{number(len(low)) + " product"}
		for _, p := range low[:min(10, len(low))] {
			out = append(out, fmt.Sprintf("%s (%d left", p.Name, p.Stock))
		}
		return out
	case "inventory_value":
		var v int64
		units := 0
		for _, p := range o.products {
			if s["category"] == "" || p.Category == s["category"] {
				v += int64(p.Stock) * p.Cost
				units += p.Stock
			}
		}
		return []string{money(v), number(units) + " unit"}
	case "table_occupancy":
		n := map[string]int{}
		covers := 0
		for _, tb := range o.tables {
			n[tb.Status]++
			if tb.Status == demo.TableOccupied {
				covers += tb.Covers
			}
			if tb.Name == s["table"] {
				return []string{tb.Name + " is " + strings.ToLower(tb.Status)}
			}
		}
		total := len(o.tables)
		switch s["metric"] {
		case "covers":
			return []string{number(covers) + " guest"}
		case "occupied":
			return []string{fmt.Sprintf("%d of %d tables are occupied", n[demo.TableOccupied], total)}
		case "free":
			return []string{fmt.Sprintf("%d of %d tables are free", n[demo.TableFree], total)}
		case "reserved":
			return []string{fmt.Sprintf("%d", n[demo.TableReserved])}
		}
		return []string{fmt.Sprintf("%d of %d tables are occupied", n[demo.TableOccupied], total), number(covers) + " guest",
			fmt.Sprintf("%d are free and %d reserved", n[demo.TableFree], n[demo.TableReserved])}
	case "pending_orders":
		tables := map[string]string{}
		for _, tb := range o.tables {
			tables[tb.ID] = tb.Name
		}
		var open []demo.Order
		for _, ord := range o.orders {
			if (ord.Status == demo.OrderPending || ord.Status == demo.OrderInProgress) && (s["table"] == "" || tables[ord.TableID] == s["table"]) {
				open = append(open, ord)
			}
		}
		if len(open) == 0 {
			return []string{"no open orders"}
		}
		if s["table"] != "" {
			return []string{"#" + strconv.Itoa(open[0].Number)}
		}
		return []string{number(len(open)) + " orders are open", "#" + strconv.Itoa(open[0].Number)}
	case "order_lookup":
		n, _ := strconv.Atoi(s["number"])
		for _, ord := range o.orders {
			if ord.Number == n {
				return []string{fmt.Sprintf("order #%d", n), money(ord.Total)}
			}
		}
		return []string{fmt.Sprintf("couldn't find order #%d", n)}
	case "product_info":
		for _, p := range o.products {
			if p.Name != s["product"] {
				continue
			}
			switch s["metric"] {
			case "price":
				return []string{p.Name + " costs " + money(p.Price)}
			case "stock":
				return []string{number(p.Stock) + " in stock"}
			}
			return []string{money(p.Price), number(p.Stock) + " in stock"}
		}
	}
	return nil
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// TestChatLabelledAnswers asks every labelled question through POST
// /chat, follow-ups in their conversation, and checks the sentences
// against figures computed from the raw REST data.
func TestChatLabelledAnswers(t *testing.T) {
	h := newHarness(t)
	oracles := map[string]*oracle{}
	for _, tc := range tenants(t, h) {
		oracles[tc.tenant] = newOracle(t, h, tc)
	}
	f, err := os.Open("../chat/testdata/questions.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	conversation := ""
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) != 3 || strings.HasPrefix(parts[0], "#") {
			continue
		}
		o, question, want := oracles[parts[0]], parts[1], parts[2]
		followUp := strings.HasPrefix(question, "+ ")
		question = strings.TrimPrefix(question, "+ ")
		if !followUp {
			conversation = ""
		}
		t.Run(o.tenant+"/"+question, func(t *testing.T) {
			a, status := h.AskIn(t, o.token, question, conversation)
			conversation = a.Conversation
			if status != 200 || a.Conversation == "" {
				t.Fatalf("HTTP %d, conversation %q", status, a.Conversation)
			}
			switch {
			case question == "":
				if !strings.Contains(a.Answer, "Ask me about") {
					t.Errorf("answer %q to nothing", a.Answer)
				}
				return
			case want == "-":
				// Not understood, or understood as a subject no service holds.
				subject, noData := strings.CutPrefix(a.Answer, "I have no figures on ")
				subject, _, _ = strings.Cut(subject, ".")
				understood := noData && strings.Contains(strings.ToLower(question), subject)
				if !strings.Contains(a.Answer, "didn't understand") && !understood || a.Graphql != "" {
					t.Errorf("answer %q, graphql %q; want not understood", a.Answer, a.Graphql)
				}
				return
			case want == "!":
				if !strings.Contains(a.Answer, "can't change") || a.Graphql != "" {
					t.Errorf("answer %q; want a refusal to change anything", a.Answer)
				}
				return
			}
			labels := parseLabels(want)
			var intents []string
			for _, l := range labels {
				if l.intent == "invalid" {
					if !slices.ContainsFunc(a.Errors, func(e struct{ Message, Code, Service string }) bool { return e.Code == "BAD_USER_INPUT" }) || a.Answer == "" {
						t.Errorf("answer %q, errors %+v; want it explained as BAD_USER_INPUT", a.Answer, a.Errors)
					}
					continue
				}
				if !slices.Contains(intents, l.intent) {
					intents = append(intents, l.intent)
				}
				for _, w := range o.wants(l) {
					if !strings.Contains(strings.ToLower(a.Answer), strings.ToLower(w)) {
						t.Errorf("%s: answer %q lacks %q", l.intent, a.Answer, w)
					}
				}
			}
			if len(intents) > 0 && !slices.Equal(a.Intents, intents) {
				t.Errorf("intents %v; want %v", a.Intents, intents)
			}
			if len(intents) > 0 && len(a.Errors) > 0 {
				t.Errorf("errors %+v", a.Errors)
			}
		})
	}
}
