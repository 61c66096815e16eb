package chat_test

import (
	"bufio"
	"cmp"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/gatewaytest"
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

// wants are the substrings an answer to l must hold.
func wants(o *gatewaytest.Oracle, l label) []string {
	money := func(v int64) string { return gatewaytest.Display(v, o.Currency) }
	s := l.slots
	switch l.intent {
	case "revenue":
		tk := o.Takings(s["period"])
		var out []string
		for _, m := range strings.Split(s["metric"], "+") {
			switch m {
			case "total":
				out = append(out, money(tk.Total))
			case "orders":
				out = append(out, gatewaytest.Number(tk.Completed)+" completed order")
			case "average":
				out = append(out, money(tk.Average))
			case "refunds":
				if tk.Refunds == 0 {
					out = append(out, "no refunds")
				} else {
					out = append(out, money(tk.Refunds))
				}
			}
		}
		return out
	case "compare":
		a, b := o.Takings(s["period"]), o.Takings(s["compare"])
		switch s["metric"] {
		case "orders":
			return []string{gatewaytest.Number(a.Completed), gatewaytest.Number(b.Completed)}
		case "average":
			return []string{money(a.Average), money(b.Average), money(abs64(a.Average - b.Average))}
		case "refunds":
			return []string{money(a.Refunds), money(b.Refunds)}
		}
		return []string{money(a.Total), money(b.Total), money(abs64(a.Total - b.Total))}
	case "payment_methods":
		tk := o.Takings(s["period"])
		if m := s["method"]; m != "" {
			if tk.CountByMethod[m] == 0 {
				return []string{"no " + strings.ToLower(m)}
			}
			return []string{money(tk.ByMethod[m]), gatewaytest.Number(tk.CountByMethod[m]) + " payment"}
		}
		var out []string
		for m, v := range tk.ByMethod {
			out = append(out, strings.ToLower(m)+" "+money(v))
		}
		return out
	case "best_sellers":
		rows := o.Sales(s["period"], s["category"])
		if p := s["product"]; p != "" {
			for _, r := range rows {
				if r.Name == p {
					return []string{p + ": " + gatewaytest.Number(r.Qty) + " sold"}
				}
			}
			return []string{"no " + p + " sold"}
		}
		byRevenue := s["by"] == "REVENUE"
		slices.SortFunc(rows, func(a, b gatewaytest.Sold) int {
			c := cmp.Compare(b.Qty, a.Qty)
			if byRevenue {
				c = cmp.Compare(b.Revenue, a.Revenue)
			}
			return cmp.Or(c, cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
		})
		limit, _ := strconv.Atoi(s["limit"])
		var out []string
		for i, r := range rows[:min(limit, len(rows))] {
			v := gatewaytest.Number(r.Qty) + " sold"
			if byRevenue {
				v = money(r.Revenue)
			}
			if limit == 1 {
				return []string{r.Name + ", with " + v}
			}
			out = append(out, fmt.Sprintf("%d. %s (%s)", i+1, r.Name, v))
		}
		if len(out) == 0 {
			return []string{"sold"}
		}
		return out
	case "low_stock":
		var low []demo.Product
		for _, p := range o.Products {
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
		out := []string{gatewaytest.Number(len(low)) + " product"}
		for _, p := range low[:min(10, len(low))] {
			out = append(out, fmt.Sprintf("%s (%d left", p.Name, p.Stock))
		}
		return out
	case "inventory_value":
		var v int64
		units := 0
		for _, p := range o.Products {
			if s["category"] == "" || p.Category == s["category"] {
				v += int64(p.Stock) * p.Cost
				units += p.Stock
			}
		}
		return []string{money(v), gatewaytest.Number(units) + " unit"}
	case "table_occupancy":
		n := map[string]int{}
		covers := 0
		for _, tb := range o.Tables {
			n[tb.Status]++
			if tb.Status == demo.TableOccupied {
				covers += tb.Covers
			}
			if tb.Name == s["table"] {
				return []string{tb.Name + " is " + strings.ToLower(tb.Status)}
			}
		}
		total := len(o.Tables)
		switch s["metric"] {
		case "covers":
			return []string{gatewaytest.Number(covers) + " guest"}
		case "occupied":
			return []string{fmt.Sprintf("%d of %d tables are occupied", n[demo.TableOccupied], total)}
		case "free":
			return []string{fmt.Sprintf("%d of %d tables are free", n[demo.TableFree], total)}
		case "reserved":
			return []string{fmt.Sprintf("%d", n[demo.TableReserved])}
		}
		return []string{fmt.Sprintf("%d of %d tables are occupied", n[demo.TableOccupied], total), gatewaytest.Number(covers) + " guest",
			fmt.Sprintf("%d are free and %d reserved", n[demo.TableFree], n[demo.TableReserved])}
	case "stock_cover":
		// Stock against the units sold a day over the 28 days before
		// today; the run-out day is today plus the whole days left.
		from, to := o.Day(-28), o.Day(0)
		sold := map[string]int{}
		for _, ord := range o.Orders {
			if ord.Status == demo.OrderCompleted && !ord.CreatedAt.Before(from) && ord.CreatedAt.Before(to) {
				for _, it := range ord.Items {
					sold[it.ProductID] += it.Quantity
				}
			}
		}
		says := func(p demo.Product) string {
			if sold[p.ID] == 0 {
				return p.Name + " did not sell in the last 28 days"
			}
			left := float64(max(p.Stock, 0)) * 28 / float64(sold[p.ID])
			return fmt.Sprintf("%s runs out on %s (%d in stock", p.Name, to.AddDate(0, 0, int(math.Floor(left))).Format("Monday 2 January"), p.Stock)
		}
		for _, p := range o.Products {
			if p.Name == s["product"] {
				return []string{says(p)}
			}
		}
		first, soonest := demo.Product{}, math.Inf(1)
		for _, p := range o.Products {
			if left := float64(max(p.Stock, 0)) * 28 / float64(sold[p.ID]); sold[p.ID] > 0 && (left < soonest || left == soonest && p.Name < first.Name) {
				first, soonest = p, left
			}
		}
		return []string{"first to run out: " + says(first)}
	case "busy_hours":
		return busyWants(o, s)
	case "revenue_change":
		return changeWants(o, s)
	case "unusual":
		return unusualWants(o, s)
	case "pending_orders":
		tables := map[string]string{}
		for _, tb := range o.Tables {
			tables[tb.ID] = tb.Name
		}
		var open []demo.Order
		for _, ord := range o.Orders {
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
		return []string{gatewaytest.Number(len(open)) + " orders are open", "#" + strconv.Itoa(open[0].Number)}
	case "order_lookup":
		n, _ := strconv.Atoi(s["number"])
		for _, ord := range o.Orders {
			if ord.Number == n {
				return []string{fmt.Sprintf("order #%d", n), money(ord.Total)}
			}
		}
		return []string{fmt.Sprintf("couldn't find order #%d", n)}
	case "product_info":
		for _, p := range o.Products {
			if p.Name != s["product"] {
				continue
			}
			switch s["metric"] {
			case "price":
				return []string{p.Name + " costs " + money(p.Price)}
			case "stock":
				return []string{gatewaytest.Number(p.Stock) + " in stock"}
			}
			return []string{money(p.Price), gatewaytest.Number(p.Stock) + " in stock"}
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
	t.Parallel()
	h := gatewaytest.New(t, nil)
	oracles := map[string]*gatewaytest.Oracle{}
	for _, tc := range gatewaytest.Tenants(t, h.Env) {
		oracles[tc.ID] = gatewaytest.NewOracle(t, h.Env, tc)
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
		t.Run(o.ID+"/"+question, func(t *testing.T) {
			a, status := h.AskIn(t, o.Token, question, conversation)
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
				offTopic := strings.HasPrefix(a.Answer, "I have no figures on ")
				if !strings.Contains(a.Answer, "didn't understand") && !offTopic || a.Graphql != "" {
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
				checks := wants(o, l)
				if len(checks) == 0 {
					t.Errorf("%s: no figure to check the answer by", l.intent)
				}
				for _, w := range checks {
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
