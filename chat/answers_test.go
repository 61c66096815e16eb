package chat_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// TestChatAnswersMatchRawData asks the seed questions as people would, for
// both tenants, and checks the numbers in the sentences against values
// computed from the services' raw data.
func TestChatAnswersMatchRawData(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	for _, tc := range gatewaytest.Tenants(t, h.Env) {
		from, to := gatewaytest.Bounds("TODAY", demotest.Now, tc.Loc)
		var captured, refunded int64
		byMethod := map[string]int64{}
		for _, p := range gatewaytest.RawPayments(t, h.Env, tc.ID, from, to) {
			switch p.Status {
			case "CAPTURED":
				captured += p.Amount
				byMethod[p.Method] += p.Amount
			case "REFUNDED":
				refunded += p.Amount
			}
		}
		completed := 0
		qty := map[string]int{}
		for _, o := range gatewaytest.RawOrders(t, h.Env, tc.ID, gatewaytest.Window(from, to)) {
			if o.Status == "COMPLETED" {
				completed++
				for _, it := range o.Items {
					qty[it.ProductID] += it.Quantity
				}
			}
		}
		products := gatewaytest.RawProducts(t, h.Env, tc.ID)
		names := map[string]string{}
		var worth int64
		var low []string
		for _, p := range products {
			names[p.ID] = p.Name
			worth += int64(p.Stock) * p.Cost
			if p.Stock <= p.ReorderPoint {
				low = append(low, p.Name)
			}
		}
		best := ""
		for id := range qty {
			if best == "" || qty[id] > qty[best] || qty[id] == qty[best] && names[id] < names[best] {
				best = id
			}
		}
		var tl demo.TableList
		h.Env.Get(t, clients.Restaurant, tc.ID, "/v1/tables", url.Values{}, &tl)
		occupied := 0
		for _, tb := range tl.Tables {
			if tb.Status == "OCCUPIED" {
				occupied++
			}
		}
		pending := gatewaytest.RawOrders(t, h.Env, tc.ID, url.Values{"status": {"PENDING,IN_PROGRESS"}})
		today := demotest_today(tc.Loc)

		tests := []struct {
			question string
			intent   string
			want     []string
		}{
			{"What's my revenue today?", "revenue", []string{gatewaytest.Display(captured-refunded, tc.Currency), fmt.Sprintf("%d completed orders", completed), today}},
			{"hey, how much did we make so far today?", "revenue", []string{gatewaytest.Display(captured-refunded, tc.Currency)}},
			{"whats the takings 2day", "revenue", []string{gatewaytest.Display(captured-refunded, tc.Currency)}},
			{"What's my best-selling product?", "best_sellers", []string{names[best], fmt.Sprintf("%d sold", qty[best])}},
			{"how did people pay today", "payment_methods", []string{"card " + gatewaytest.Display(byMethod["CARD"], tc.Currency), "cash " + gatewaytest.Display(byMethod["CASH"], tc.Currency)}},
			{"which products are running low?", "low_stock", append([]string{fmt.Sprintf("%d products", len(low))}, low...)},
			{"how much is my invetory worth", "inventory_value", []string{gatewaytest.Display(worth, tc.Currency), fmt.Sprintf("%d products", len(products))}},
			{"how many tables are taken right now?", "table_occupancy", []string{fmt.Sprintf("%d of %d tables are occupied", occupied, len(tl.Tables))}},
			{"which orders are still open?", "pending_orders", []string{fmt.Sprintf("%d orders are open", len(pending)), fmt.Sprintf("#%d", pending[0].Number)}},
		}
		for _, tt := range tests {
			a, status := h.Ask(t, tc.Token, tt.question)
			if status != 200 || len(a.Intents) == 0 || a.Intents[0] != tt.intent || len(a.Errors) > 0 {
				t.Errorf("%s %q: HTTP %d intents %v errors %+v", tc.ID, tt.question, status, a.Intents, a.Errors)
				continue
			}
			for _, w := range tt.want {
				if !strings.Contains(a.Answer, w) {
					t.Errorf("%s %q: answer %q lacks %q", tc.ID, tt.question, a.Answer, w)
				}
			}
			if a.Graphql == "" || a.Data == nil || len(a.Sources) == 0 {
				t.Errorf("%s %q: no graphql, data or sources: %+v", tc.ID, tt.question, a)
			}
		}
	}
}

// demotest_today spells the pinned day as answers do: "today, Thursday 26 November".
func demotest_today(loc *time.Location) string {
	from, _ := gatewaytest.Bounds("TODAY", demotest.Now, loc)
	return "today, " + from.Format("Monday 2 January")
}

func TestChatComparison(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	tc := gatewaytest.Tenants(t, h.Env)[1] // cafe, in euros
	total := func(period string) int64 {
		from, to := gatewaytest.Bounds(period, demotest.Now, tc.Loc)
		return gatewaytest.NetTakings(gatewaytest.RawPayments(t, h.Env, tc.ID, from, to))
	}
	today, yesterday := total("TODAY"), total("YESTERDAY")
	a, _ := h.Ask(t, tc.Token, "revenue today vs yesterday")
	diff := today - yesterday
	dir := "up"
	if diff < 0 {
		dir, diff = "down", -diff
	}
	for _, w := range []string{gatewaytest.Display(today, "EUR"), gatewaytest.Display(yesterday, "EUR"), dir, gatewaytest.Display(diff, "EUR")} {
		if !strings.Contains(a.Answer, w) {
			t.Errorf("answer %q lacks %q", a.Answer, w)
		}
	}
	if len(a.Intents) != 1 || a.Intents[0] != "compare" || !strings.Contains(a.Graphql, "ask0b: revenue") {
		t.Errorf("intents %v, graphql %s", a.Intents, a.Graphql)
	}
}

func TestChatPartialData(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, map[string]string{"MAITRE_PAYMENTS_TIMEOUT": "300ms"}) // the slow case's 2 s times out
	tests := []struct {
		fault faults.Fault
		code  string
		why   string
	}{
		{faults.Fault{Mode: "down"}, "DOWNSTREAM_SERVICE_ERROR", "the payments service is unavailable"},
		{faults.Fault{Latency: 2 * time.Second}, "GATEWAY_TIMEOUT", "the payments service timed out"},
	}
	h.Ask(t, "demo-owner", "hello") // the token is cached before faults
	for _, tt := range tests {
		h.Env.Demo.SetFaults(faults.Set{clients.Payments: tt.fault})
		a, status := h.Ask(t, "demo-owner", "Revenue today by payment method, and how many tables are free?")
		h.Env.Demo.SetFaults(nil)
		if status != 200 {
			t.Fatalf("%s: HTTP %d", tt.code, status)
		}
		for _, w := range []string{"completed orders", "I couldn't get the revenue total: " + tt.why,
			"I couldn't break it down by payment method: " + tt.why, "tables are free"} {
			if !strings.Contains(a.Answer, w) {
				t.Errorf("%s: answer %q lacks %q", tt.code, a.Answer, w)
			}
		}
		found := false
		for _, e := range a.Errors {
			found = found || e.Code == tt.code && e.Service == "payments"
		}
		if !found {
			t.Errorf("%s: errors %+v", tt.code, a.Errors)
		}
	}
}

func TestChatPermissions(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	a, status := h.Ask(t, "demo-cashier", "What's my revenue today and how many tables are free?")
	if status != 200 {
		t.Fatalf("HTTP %d", status)
	}
	if !strings.Contains(a.Answer, "you don't have access to that (it needs the revenue:read permission)") ||
		!strings.Contains(a.Answer, "tables are free") {
		t.Errorf("answer %q; want a polite refusal for revenue and the tables", a.Answer)
	}
	if len(a.Errors) == 0 || a.Errors[0].Code != "FORBIDDEN" {
		t.Errorf("errors %+v; want FORBIDDEN", a.Errors)
	}
}

func TestChatHonesty(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	tests := []struct{ question, want string }{
		{"what's the weather like?", "no figures on the weather"},
		{"what colour is the sky?", "didn't understand"},
		{"cancel order 20418001", "can't change"},
		{"", "Ask me about"},
	}
	for _, tt := range tests {
		a, status := h.Ask(t, "demo-owner", tt.question)
		if status != 200 || !strings.Contains(a.Answer, tt.want) || a.Graphql != "" || len(a.Intents) != 0 || len(a.Suggestions) == 0 {
			t.Errorf("%q: HTTP %d %+v; want an honest answer with %q and suggestions, and nothing run", tt.question, status, a, tt.want)
		}
	}
}

// TestChatEndpointsAgree checks that POST /chat returns the object the
// chat query does.
func TestChatEndpointsAgree(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	q := "top 3 products by revenue this week"
	post, _ := h.Ask(t, "demo-owner", q)
	resp := h.Query(t, "demo-owner", `query($q: String!) { chat(question: $q) { question answer intents graphql variables data suggestions } }`,
		map[string]any{"q": q})
	var gql gatewaytest.ChatAnswer
	resp.Field(t, "chat", &gql)
	if post.Conversation == "" {
		t.Error("POST /chat gave no conversation")
	}
	// Each question without a conversation starts one of its own.
	post.Sources, post.Errors, post.Conversation = nil, nil, ""
	if fmt.Sprint(post) != fmt.Sprint(gql) {
		t.Errorf("POST /chat %+v\nquery chat %+v", post, gql)
	}
	keys := make([]string, 0, len(gql.Variables))
	for k := range gql.Variables {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if fmt.Sprint(keys) != "[by0 limit0 range0]" || !strings.Contains(gql.Answer, "1. ") {
		t.Errorf("variables %v, answer %q", keys, gql.Answer)
	}
}

func TestChatEndpointErrors(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	tests := []struct {
		name, method, body, contentType, token string
		status                                 int
	}{
		{"no token", "POST", `{"question":"revenue"}`, "application/json", "", 401},
		{"not JSON", "POST", `revenue`, "application/json", "demo-owner", 400},
		{"trailing bytes", "POST", `{"question":"revenue"} x`, "application/json", "demo-owner", 400},
		{"no question", "POST", `{"q":"revenue"}`, "application/json", "demo-owner", 400},
		{"question not a string", "POST", `{"question":7}`, "application/json", "demo-owner", 400},
		{"text/plain", "POST", `{"question":"revenue"}`, "text/plain", "demo-owner", 415},
		{"no content type", "POST", `{"question":"revenue"}`, "", "demo-owner", 415},
		{"GET", "GET", ``, "", "demo-owner", 405},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, h.URL+"/chat", strings.NewReader(tt.body))
		if tt.contentType != "" {
			req.Header.Set("Content-Type", tt.contentType)
		}
		if tt.token != "" {
			req.Header.Set("Authorization", "Bearer "+tt.token)
		}
		resp := gatewaytest.Do(t, req)
		if resp.Status != tt.status || len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] == nil {
			t.Errorf("%s: HTTP %d errors %+v; want %d with a code", tt.name, resp.Status, resp.Errors, tt.status)
		}
	}
}

// TestChatConversations follows a conversation through the gateway: a
// follow-up changes the last ask, the ID holds across a question not
// understood, and an ID of another user or tenant is unknown, so it
// starts afresh.
func TestChatConversations(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	first, _ := h.AskIn(t, "demo-owner", "what's my revenue today?", "")
	if first.Conversation == "" || !slices.Equal(first.Intents, []string{"revenue"}) {
		t.Fatalf("first answer %+v", first)
	}
	yesterday, _ := h.AskIn(t, "demo-owner", "and yesterday?", first.Conversation)
	if yesterday.Conversation != first.Conversation || !strings.Contains(fmt.Sprint(yesterday.Variables), "YESTERDAY") {
		t.Errorf("follow-up in %q with variables %v; want %q with YESTERDAY", yesterday.Conversation, yesterday.Variables, first.Conversation)
	}
	lost, _ := h.AskIn(t, "demo-owner", "blorp?", first.Conversation)
	if lost.Conversation != first.Conversation {
		t.Errorf("after a question not understood the conversation is %q; want %q", lost.Conversation, first.Conversation)
	}
	for _, token := range []string{"demo-cashier", "cafe-owner"} {
		other, _ := h.AskIn(t, token, "and yesterday?", first.Conversation)
		if other.Conversation == first.Conversation || other.Graphql != "" {
			t.Errorf("%s continued %q (%q); want a new conversation with nothing to follow up", token, first.Conversation, other.Graphql)
		}
	}
	unknown, _ := h.AskIn(t, "demo-owner", "and yesterday?", "not-a-conversation")
	if unknown.Conversation == "not-a-conversation" || unknown.Graphql != "" {
		t.Errorf("an unknown ID gave %q, %q", unknown.Conversation, unknown.Graphql)
	}
}

// TestChatRelativePeriods: a period named against another moves from
// the one under discussion, and the figures are that period's raw
// takings; with none under discussion, the answer says it counted from
// today.
func TestChatRelativePeriods(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	tc := gatewaytest.Tenants(t, h.Env)[0]
	o := gatewaytest.NewOracle(t, h.Env, tc)
	steps := []struct{ question, period string }{
		{"what was revenue yesterday?", "YESTERDAY"},
		{"and the day before?", "2026-11-24..2026-11-24"},
		{"the next day?", "2026-11-25..2026-11-25"},
		{"what about last week", "LAST_WEEK"},
		{"and the week before?", "2026-11-09..2026-11-15"},
		{"and the previous one", "2026-11-02..2026-11-08"},
		{"revenue last month", "LAST_MONTH"},
		{"and the month before", "2026-09-01..2026-09-30"},
	}
	conversation := ""
	for _, s := range steps {
		a, _ := h.AskIn(t, tc.Token, s.question, conversation)
		conversation = a.Conversation
		if want := gatewaytest.Display(o.Takings(s.period).Total, tc.Currency); !strings.Contains(a.Answer, want) || strings.Contains(a.Answer, "from today") {
			t.Errorf("%q: %q; want %s, the takings of %s", s.question, a.Answer, want, s.period)
		}
	}
	a, _ := h.Ask(t, tc.Token, "revenue the day before")
	want := gatewaytest.Display(o.Takings("2026-11-25..2026-11-25").Total, tc.Currency)
	if !strings.HasPrefix(a.Answer, "With no period before it, I counted “the day before” from today.") || !strings.Contains(a.Answer, want) {
		t.Errorf("without a period under discussion: %q; want the assumption said, and %s", a.Answer, want)
	}
}

// TestChatAliases gives the bistro its own names for a dish and a table:
// the answers are the dish's and the table's, read as aliases, checked
// against the services' data.
func TestChatAliases(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, map[string]string{"MAITRE_CHAT_ALIASES": `{"bistro":{"the usual":"Steak Frites","the snug":"T4"}}`})
	var price int64
	for _, p := range gatewaytest.RawProducts(t, h.Env, "bistro") {
		if p.Name == "Steak Frites" {
			price = p.Price
		}
	}
	tests := []struct{ question, name, want string }{
		{"how much is the usual?", "Steak Frites", "Steak Frites costs " + gatewaytest.Display(price, "USD")},
		{"is the snug free?", "T4", "T4 is "},
	}
	for _, tt := range tests {
		a, _ := h.Ask(t, "demo-owner", tt.question)
		if !strings.Contains(a.Answer, tt.want) || len(a.Matches) != 1 || a.Matches[0].Name != tt.name || a.Matches[0].How != "ALIAS" {
			t.Errorf("%q: %q, matches %+v; want %q, read as an alias of %s", tt.question, a.Answer, a.Matches, tt.want, tt.name)
		}
	}
	if a, _ := h.Ask(t, "cafe-owner", "how much is the usual?"); len(a.Matches) != 0 {
		t.Errorf("another tenant's alias was read: %+v", a.Matches)
	}
}

// TestChatAsksBack asks about a word two dishes share: the answer asks
// which, runs nothing, suggests the question with each, and the reply
// "the second" is answered from the services' data.
func TestChatAsksBack(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	a, _ := h.Ask(t, "demo-owner", "soup price?")
	soups := []string{"French Onion Soup", "Tomato Soup"}
	if !slices.Equal(slices.Sorted(slices.Values(a.Choices)), soups) || a.Graphql != "" || len(a.Suggestions) != 2 ||
		a.Answer != "Did you mean "+a.Choices[0]+" or "+a.Choices[1]+"?" || !strings.Contains(a.Suggestions[1], a.Choices[1]) {
		t.Fatalf("answer %q, graphql %q, choices %v, suggestions %v; want the question asked back", a.Answer, a.Graphql, a.Choices, a.Suggestions)
	}
	var price int64
	for _, p := range gatewaytest.RawProducts(t, h.Env, "bistro") {
		if p.Name == a.Choices[1] {
			price = p.Price
		}
	}
	b, _ := h.AskIn(t, "demo-owner", "the second", a.Conversation)
	if want := a.Choices[1] + " costs " + gatewaytest.Display(price, "USD"); !strings.Contains(b.Answer, want) {
		t.Errorf("the reply \"the second\": %q; want %q", b.Answer, want)
	}
}
