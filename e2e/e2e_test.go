// Package e2e checks maitre from the outside, with the software its users
// run: graphql-http's GraphQL-over-HTTP audit, three real GraphQL clients,
// graphql-sse and graphql-ws subscribing, the playground and the dashboard
// in headless Chromium, the MCP TypeScript SDK's client, and a federated
// supergraph served by Hive Gateway. Each suite is skipped, saying so,
// where Node, the npm packages or Chromium are missing; .ci/run installs
// them.
package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/gatewaytest"
	"github.com/maitre-pos/maitre/testenv"
)

// serve starts the demo and a gateway on loopback, with the playground's
// and the dashboard's demo token, and returns the gateway's base URL.
func serve(t *testing.T) (string, *demotest.Env) {
	return serveWith(t, nil)
}

// paymentsSwitch serves a URL that takes the payments service down when
// a script POSTs ?payments=down to it.
func paymentsSwitch(t *testing.T, env *demotest.Env) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("payments") == "down" {
			env.Demo.SetFaults(faults.Set{clients.Payments: {Mode: "down"}})
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// serveLive is serve with pollers every 50 ms: a change shows at the
// next poll (the clients keep no cache).
func serveLive(t *testing.T) (string, *demotest.Env) {
	return serveWith(t, map[string]string{"MAITRE_SUBSCRIPTION_INTERVAL": "100ms"})
}

func serveWith(t *testing.T, settings map[string]string) (string, *demotest.Env) {
	t.Helper()
	vars := map[string]string{"MAITRE_NOW": ""} // real time
	maps.Copy(vars, settings)
	g := gatewaytest.New(t, vars)
	return g.URL, g.Env
}

// node runs a script of this folder and returns its JSON lines, or skips
// the test when Node or the packages are missing.
func node(t *testing.T, args ...string) []map[string]any {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		testenv.Missing(t, "node is not installed (.ci/run installs it)")
	}
	if _, err := os.Stat("node_modules/graphql-http"); err != nil {
		testenv.Missing(t, "the npm packages are not installed: run `npm ci` in e2e/ (.ci/run does)")
	}
	cmd := exec.Command("node", args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %v: %v\n%s", args, err, out)
	}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("node %v printed %q", args, l)
		}
		lines = append(lines, m)
	}
	return lines
}

// TestGraphQLOverHTTPAudit requires every MUST and SHOULD of the
// GraphQL-over-HTTP spec to pass; MAYs are reported.
func TestGraphQLOverHTTPAudit(t *testing.T) {
	url, _ := serve(t)
	results := node(t, "audit.mjs", url+"/query", "demo-owner")
	ok := 0
	for _, r := range results {
		switch r["status"] {
		case "ok":
			ok++
		case "notice":
			t.Logf("MAY not taken: %s (%s)", r["name"], r["reason"])
		default:
			t.Errorf("%s %s: %s (%s)", r["status"], r["id"], r["name"], r["reason"])
		}
	}
	if ok < 50 {
		t.Errorf("only %d of %d audits passed", ok, len(results))
	}
}

// TestRealClients reads a partial result, data and errors with their
// extensions, through graphql-request, Apollo Client and urql while the
// payments service is down.
func TestRealClients(t *testing.T) {
	url, env := serve(t)
	env.Demo.SetFaults(faults.Set{clients.Payments: {Mode: "down"}})
	results := node(t, "clients.mjs", url+"/query", "demo-owner")
	if len(results) != 3 {
		t.Fatalf("%d clients answered; want 3", len(results))
	}
	for _, r := range results {
		data, _ := r["data"].(map[string]any)
		rev, _ := data["revenue"].(map[string]any)
		occ, _ := data["tableOccupancy"].(map[string]any)
		codes, _ := r["codes"].([]any)
		if rev == nil || rev["total"] != nil || rev["orderCount"] == nil || occ["occupied"] == nil ||
			len(codes) != 1 || codes[0] != "DOWNSTREAM_SERVICE_ERROR:payments" {
			t.Errorf("%s read %v", r["client"], r)
		}
	}
}

// TestPlaygroundInBrowser loads the playground in headless Chromium: it
// opens on the four example tabs with the dashboard's link in sight, and
// the first tab, run as it opens, shows its answer, with no request leaving loopback
// and nothing blocked by the page's policy, which forbids framing. A token
// typed in the headers tab is kept in the tab's sessionStorage, never in
// localStorage. The screenshot is kept in artifacts/playground.png.
func TestPlaygroundInBrowser(t *testing.T) {
	if _, err := os.Stat("/usr/bin/chromium"); err != nil {
		testenv.Missing(t, "/usr/bin/chromium is not installed (.ci/run installs Debian's chromium)")
	}
	url, _ := serve(t)
	if err := os.MkdirAll("artifacts", 0o755); err != nil {
		t.Fatal(err)
	}
	results := node(t, "browser.mjs", url, "artifacts/playground.png")
	r := results[0]
	if outside, _ := r["outside"].([]any); len(outside) > 0 {
		t.Errorf("the playground reached beyond loopback: %v", outside)
	}
	if tabs := fmt.Sprint(r["tabs"]); tabs != "[Today Orders Live Ask]" || r["dashboardLink"] != true {
		t.Errorf("tabs %s, the dashboard's link visible %v; want the four examples and the link", tabs, r["dashboardLink"])
	}
	if r["answered"] != true || !strings.Contains(r["text"].(string), "orderCount") || !strings.Contains(r["text"].(string), "bestSellers") {
		t.Errorf("no answer to the first tab shown: %v", r)
	}
	if blocked, _ := r["blocked"].([]any); len(blocked) > 0 || !strings.Contains(r["policy"].(string), "frame-ancestors 'none'") || r["nosniff"] != "nosniff" {
		t.Errorf("policy %q, X-Content-Type-Options %q, blocked %v; want framing forbidden, nosniff and nothing blocked", r["policy"], r["nosniff"], blocked)
	}
	if r["local"] != "" || r["session"] != true {
		t.Errorf("a typed token: in localStorage under %q, in sessionStorage %v; want it in the tab's session only", r["local"], r["session"])
	}
}

// TestLiveClients subscribes to the dashboard with graphql-sse and
// graphql-ws, and checks each value they receive against the raw data:
// the first, one after an order completed in the demo, and the partial
// one while the payments service is down.
func TestLiveClients(t *testing.T) {
	url, env := serveLive(t)
	control := paymentsSwitch(t, env)
	products := demotest.All[demo.Product](t, env, clients.Inventory, "bistro", "/v1/products", "products", neturl.Values{})
	before, orders := bistroToday(t, env)
	lines := node(t, "live.mjs", url+"/query", "demo-owner", env.URLs[clients.Orders], control.URL, products[0].ID)
	var placed int64
	for _, l := range lines {
		if l["step"] == "placed" {
			placed = int64(l["amount"].(float64))
		}
	}
	want := map[string]map[string]any{
		"first": {"total": cents(before), "orders": float64(orders), "codes": "[]"},
		"order": {"total": cents(before + placed), "orders": float64(orders + 1), "codes": "[]"},
		"down":  {"total": nil, "orders": float64(orders + 1), "codes": "[DOWNSTREAM_SERVICE_ERROR:payments:dashboard.revenue.total]"},
	}
	seen := 0
	for _, l := range lines {
		w, ok := want[fmt.Sprint(l["step"])]
		if !ok {
			if l["step"] != "placed" {
				t.Errorf("%v", l)
			}
			continue
		}
		seen++
		if l["total"] != w["total"] || l["orders"] != w["orders"] || fmt.Sprint(l["codes"]) != w["codes"] || l["error"] != nil {
			t.Errorf("%s %s: got %v; want %v", l["client"], l["step"], l, w)
		}
	}
	if seen != 6 {
		t.Errorf("%d values checked; want 3 steps by 2 clients: %v", seen, lines)
	}
}

// bistroToday is the bistro's takings (captured minus refunded) and
// completed orders so far today, from the services' rows.
func bistroToday(t *testing.T, env *demotest.Env) (int64, int) {
	loc, _ := time.LoadLocation("America/New_York")
	n := time.Now().In(loc)
	from := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc)
	q := neturl.Values{"from": {from.UTC().Format(time.RFC3339)}, "to": {from.AddDate(0, 0, 1).UTC().Format(time.RFC3339)}}
	total := bistroTakings(t, env, from, from.AddDate(0, 0, 1))
	orders := 0
	for _, o := range demotest.All[demo.Order](t, env, clients.Orders, "bistro", "/v1/orders", "orders", q) {
		if o.Status == "COMPLETED" {
			orders++
		}
	}
	return total, orders
}

// bistroTakings is the bistro's captured payments less refunds in
// [from, to), from the raw rows.
func bistroTakings(t *testing.T, env *demotest.Env, from, to time.Time) int64 {
	q := neturl.Values{"from": {from.UTC().Format(time.RFC3339)}, "to": {to.UTC().Format(time.RFC3339)}}
	var total int64
	for _, p := range demotest.All[demo.Payment](t, env, clients.Payments, "bistro", "/v1/payments", "payments", q) {
		switch p.Status {
		case "CAPTURED":
			total += p.Amount
		case "REFUNDED":
			total -= p.Amount
		}
	}
	return total
}

func cents(v int64) string { return fmt.Sprintf("%d.%02d", v/100, v%100) }

// TestDashboardInBrowser opens GET /dashboard in headless Chromium: the
// figures match the raw data, charts are drawn, the chat answers, an
// order completed in the demo arrives live, and a payments outage shows
// on its cards while the figures stay. Screenshots go to artifacts/.
func TestDashboardInBrowser(t *testing.T) {
	if _, err := os.Stat("/usr/bin/chromium"); err != nil {
		testenv.Missing(t, "/usr/bin/chromium is not installed (.ci/run installs Debian's chromium)")
	}
	url, env := serveLive(t)
	products := demotest.All[demo.Product](t, env, clients.Inventory, "bistro", "/v1/products", "products", neturl.Values{})
	control := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Query().Get("payments") == "down":
			env.Demo.SetFaults(faults.Set{clients.Payments: {Mode: "down"}})
		case r.URL.Query().Get("order") != "":
			body, _ := json.Marshal(demo.PlaceRequest{Items: []demo.PlaceItem{{ProductID: products[1].ID, Quantity: 2}}})
			req, _ := http.NewRequest(http.MethodPost, env.URLs[clients.Orders]+"/v1/orders", bytes.NewReader(body))
			req.Header.Set("X-Tenant-ID", "bistro")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			var p demo.Placed
			_ = json.NewDecoder(resp.Body).Decode(&p)
			resp.Body.Close()
			fmt.Fprint(w, p.Payment.Amount)
		}
	}))
	t.Cleanup(control.Close)
	if err := os.MkdirAll("artifacts", 0o755); err != nil {
		t.Fatal(err)
	}
	before, orders := bistroToday(t, env)
	r := node(t, "dashboard.mjs", url, control.URL, "artifacts")[0]
	if r["failed"] != nil {
		t.Fatalf("the page failed: %v\n%v", r["failed"], r)
	}
	placed := int64(r["placed"].(float64))
	// Last week up to the time the page names, and its whole day, read
	// with payments back up.
	env.Demo.SetFaults(nil)
	ny, _ := time.LoadLocation("America/New_York")
	until, _ := time.Parse(time.RFC3339, fmt.Sprint(r["until"]))
	u := until.In(ny)
	then := time.Date(u.Year(), u.Month(), u.Day()-7, 0, 0, 0, 0, ny)
	thenUntil := time.Date(u.Year(), u.Month(), u.Day()-7, u.Hour(), u.Minute(), 0, 0, ny)
	sameTime, wholeDay := bistroTakings(t, env, then, thenUntil), bistroTakings(t, env, then, then.AddDate(0, 0, 1))
	checks := []struct {
		what string
		ok   bool
	}{
		{"no request beyond loopback", fmt.Sprint(r["outside"]) == "[]"},
		{"no script error", fmt.Sprint(r["consoleErrors"]) == "[]"},
		{"today's total " + usd(before), r["before"] == usd(before)},
		{fmt.Sprint(orders, " orders"), r["orders"] == fmt.Sprint(orders)},
		{"up to now, to the minute", time.Since(until) >= 0 && time.Since(until) < 5*time.Minute},
		{"last week to the same time " + usd(sameTime), r["lastWeek"] == usd(sameTime)},
		{"labelled with that time", r["lastWeekLabel"] == "last week to "+u.Format("15:04")},
		{"last week's whole day " + usd(wholeDay), r["lastWeekWhole"] == usd(wholeDay)},
		{"the revenue chart drawn", r["canvasInk"].(float64) > 100},
		{"best sellers as bars", r["bars"].(float64) > 0},
		{"payment methods as arcs", r["arcs"].(float64) > 1},
		{"the floor's 24 tables", r["tables"] == float64(24)},
		{"pending orders listed", r["pending"].(float64) > 0},
		{"every input labelled", fmt.Sprint(r["unlabelled"]) == "[]"},
		{"text equivalents of the charts", fmt.Sprint(r["textEquivalents"]) != "map[bestSellerRows:0 methodItems:0 revenueRows:0]"},
		{"the chat's answer names " + usd(before), strings.Contains(fmt.Sprint(r["answer"]), usd(before))},
		{"its GraphQL folded", r["graphqlFolded"] == true},
		{"suggestions as buttons", r["suggestions"].(float64) > 0},
		{"a suggestion answered as a follow-up in the same conversation", r["followUp"] != "" && r["sameConversation"] == true},
		{"the live total " + usd(before+placed), r["after"] == usd(before+placed)},
		{"the revenue card names the payments outage", strings.Contains(fmt.Sprint(r["revenueNote"]), "payments") && strings.Contains(fmt.Sprint(r["revenueNote"]), "Showing the figures of")},
		{"the payment methods card too", strings.Contains(fmt.Sprint(r["methodsNote"]), "payments")},
		{"the floor card unaffected", r["floorNoteHidden"] == true},
		{"the last figures kept", r["kept"] == usd(before+placed)},
		{"no sideways scroll at 375 px", r["phoneOverflow"].(float64) <= 0},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("want %s; the page showed %v", c.what, r)
		}
	}
	checkInsightCards(t, r["insights"])
}

// checkInsightCards compares the busy hours, running out and unusual
// cards with the GraphQL answer read beside them.
func checkInsightCards(t *testing.T, raw any) {
	t.Helper()
	b, _ := json.Marshal(raw)
	var in struct {
		Query struct {
			BusyHours struct {
				Busiest []struct {
					Weekday string
					Hour    int
					Revenue struct{ Formatted string }
					Orders  int
				}
				Cells []struct {
					Weekday string
					Hour    int
					Revenue struct{ Formatted string }
				}
			}
			StockCover []struct {
				Product   struct{ Name string }
				DaysLeft  *float64
				RunsOutOn *string
			}
			Unusual struct {
				Until   string
				Figures []struct {
					Kind, Position string
					Value          struct {
						Money *struct{ Formatted string }
						Count *int
					}
				}
			}
		}
		Shown struct {
			Until, Busiest, Unusual string
			Squares                 int
			Table                   [][]string
			Runout, UnusualItems    []string
		}
	}
	if err := json.Unmarshal(b, &in); err != nil {
		t.Fatalf("the insight cards: %v in %s", err, b)
	}
	q, shown := in.Query, in.Shown
	if shown.Until != q.Unusual.Until {
		t.Fatalf("today's figures moved on between the page and the query five times: %s", b)
	}
	days := []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}
	if shown.Squares != 168 || len(q.BusyHours.Cells) != 168 || len(shown.Table) != 7 {
		t.Fatalf("%d squares, %d cells, %d table rows; want 168, 168 and 7", shown.Squares, len(q.BusyHours.Cells), len(shown.Table))
	}
	for _, c := range q.BusyHours.Cells {
		d := slices.Index(days, c.Weekday)
		if row := shown.Table[d]; len(row) != 24 || row[c.Hour] != c.Revenue.Formatted {
			t.Errorf("the table's %s %02d:00 is %q; GraphQL says %s", c.Weekday, c.Hour, row, c.Revenue.Formatted)
		}
	}
	for _, c := range q.BusyHours.Busiest[:min(3, len(q.BusyHours.Busiest))] {
		want := fmt.Sprintf("%s%s %02d:00 (%s, %d orders)", c.Weekday[:1], strings.ToLower(c.Weekday[1:]), c.Hour, c.Revenue.Formatted, c.Orders)
		if !strings.Contains(shown.Busiest, want) {
			t.Errorf("busiest %q lacks %q", shown.Busiest, want)
		}
	}
	var soon []string
	for _, r := range q.StockCover {
		if r.DaysLeft != nil {
			soon = append(soon, fmt.Sprintf("%s: %.1f days left", r.Product.Name, *r.DaysLeft))
		}
	}
	// The first eight, then how many more.
	want := min(len(soon), 8)
	if len(soon) > 8 {
		if last := shown.Runout[len(shown.Runout)-1]; last != fmt.Sprintf("and %d more within two weeks.", len(soon)-8) {
			t.Errorf("running out ends %q; GraphQL has %d more", last, len(soon)-8)
		}
		want++
	}
	if len(soon) == 0 || len(shown.Runout) != want {
		t.Errorf("running out shows %q; GraphQL has %q", shown.Runout, soon)
	}
	for i := range min(len(soon), len(shown.Runout), 8) {
		if !strings.HasPrefix(shown.Runout[i], soon[i]) {
			t.Errorf("running out's row %d is %q; want it to start %q", i, shown.Runout[i], soon[i])
		}
	}
	var flagged []string
	for _, f := range q.Unusual.Figures {
		v := ""
		if f.Value.Money != nil {
			v = f.Value.Money.Formatted
		} else if f.Value.Count != nil {
			v = fmt.Sprint(*f.Value.Count)
		}
		switch {
		case f.Kind == "REVENUE" && !strings.Contains(shown.Unusual, "revenue "+v+", "+map[string]string{"WITHIN": "within", "ABOVE": "above", "BELOW": "below"}[f.Position]):
			t.Errorf("unusual says %q; GraphQL's revenue is %s, %s", shown.Unusual, v, f.Position)
		case f.Kind != "REVENUE" && f.Position != "WITHIN":
			flagged = append(flagged, f.Position)
		}
	}
	if len(flagged) != len(shown.UnusualItems) && !(len(flagged) == 0 && len(shown.UnusualItems) == 1) {
		t.Errorf("unusual lists %q; GraphQL flags %d other figures", shown.UnusualItems, len(flagged))
	}
}

// usd formats cents as the page shows dollars: $12,345.67.
func usd(v int64) string {
	whole := fmt.Sprint(v / 100)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return fmt.Sprintf("$%s.%02d", whole, v%100)
}

// TestMCPClient drives /mcp with the TypeScript SDK's client: the tools,
// ask and a follow-up, a safelisted operation checked against the raw
// data, FORBIDDEN for the cashier and 401 without a token.
func TestMCPClient(t *testing.T) {
	url, env := serve(t)
	total, orders := bistroToday(t, env)
	r := node(t, "mcp.mjs", url+"/mcp")[0]
	if r["failed"] != nil {
		t.Fatalf("the client failed: %v", r["failed"])
	}
	checks := []struct {
		what string
		ok   bool
	}{
		{"the demo's tools", fmt.Sprint(r["tools"]) == "[ask best_sellers busy_hours describe_schema low_stock occupancy pending_orders revenue revenue_change stock_cover unusual]"},
		{"every tool read-only", r["readOnly"] == true},
		{"ask names " + usd(total), strings.Contains(fmt.Sprint(r["answer"]), usd(total))},
		{"a follow-up understood", fmt.Sprint(r["followUpIntents"]) == "[revenue]"},
		{"revenue's total " + cents(total), r["total"] == cents(total)},
		{fmt.Sprint(orders, " orders"), r["orders"] == float64(orders)},
		{"FORBIDDEN for the cashier", fmt.Sprint(r["cashierCodes"]) == "[FORBIDDEN]"},
		{"401 UNAUTHENTICATED without a token", strings.HasPrefix(fmt.Sprint(r["anonymous"]), "401 ") && strings.Contains(fmt.Sprint(r["anonymous"]), "UNAUTHENTICATED")},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("want %s; got %v", c.what, r)
		}
	}
}

// TestMCPInspector drives /mcp with the official MCP Inspector's CLI, as
// a user would type it: the tools listed and a call answered with the
// owner's token, the call checked against the raw rows; without a token
// the Inspector, kept from starting a browser flow, reports maitre's
// 401, which says that the token comes from the auth service.
func TestMCPInspector(t *testing.T) {
	url, env := serve(t)
	total, orders := bistroToday(t, env)
	if _, err := os.Stat("node_modules/.bin/mcp-inspector"); err != nil {
		testenv.Missing(t, "the npm packages are not installed: run `npm ci` in e2e/ (.ci/run does)")
	}
	inspect := func(args ...string) (map[string]any, error) {
		cmd := exec.Command("node_modules/.bin/mcp-inspector", append([]string{"--cli", url + "/mcp", "--transport", "http"}, args...)...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if len(out) == 0 { // a failure is reported on stderr
			out = []byte(stderr.String())
		}
		var v map[string]any
		if jerr := json.Unmarshal(out, &v); jerr != nil {
			t.Fatalf("the Inspector printed %q (%v)", out, err)
		}
		return v, err
	}
	owner := []string{"--header", "Authorization: Bearer demo-owner"}
	listed, err := inspect(append(owner, "--method", "tools/list")...)
	var names []string
	for _, tool := range listed["tools"].([]any) {
		names = append(names, tool.(map[string]any)["name"].(string))
	}
	if err != nil || strings.Join(names, " ") != "ask best_sellers busy_hours describe_schema low_stock occupancy pending_orders revenue revenue_change stock_cover unusual" {
		t.Errorf("tools/list: %v (%v)", names, err)
	}
	called, err := inspect(append(owner, "--method", "tools/call", "--tool-name", "revenue")...)
	var answer struct {
		Data struct {
			Revenue struct {
				Total      struct{ Amount string }
				OrderCount int
			}
		}
	}
	content, _ := called["content"].([]any)
	if len(content) > 0 {
		_ = json.Unmarshal([]byte(content[len(content)-1].(map[string]any)["text"].(string)), &answer)
	}
	if rev := answer.Data.Revenue; err != nil || rev.Total.Amount != cents(total) || rev.OrderCount != orders {
		t.Errorf("tools/call revenue: %+v (%v); want %s and %d orders", rev, err, cents(total), orders)
	}
	refused, err := inspect("--method", "tools/list", "--stored-auth-only")
	msg := fmt.Sprint(refused["error"])
	if err == nil || !strings.Contains(msg, "UNAUTHENTICATED") || !strings.Contains(msg, "no OAuth authorization server") {
		t.Errorf("without a token: %s (%v); want maitre's 401", msg, err)
	}
}

// TestFederatedSupergraph composes maitre's subgraph with a reviews
// subgraph and serves the supergraph, with The Guild's stack (Hive
// Gateway) and with Apollo's (@apollo/composition, @apollo/gateway),
// which reads maitre as a Federation 2 subgraph: a query spans both with
// the token forwarded, is partial when payments is down, and is refused
// without a token. Expectations come from the raw rows.
func TestFederatedSupergraph(t *testing.T) {
	for _, stack := range []string{"hive", "apollo"} {
		t.Run(stack, func(t *testing.T) { federatedSupergraph(t, stack) })
	}
}

func federatedSupergraph(t *testing.T, stack string) {
	url, env := serve(t)
	control := paymentsSwitch(t, env)
	total, orders := bistroToday(t, env)
	products := demotest.All[demo.Product](t, env, clients.Inventory, "bistro", "/v1/products", "products", neturl.Values{"limit": {"3"}})
	r := node(t, "federation.mjs", url+"/query", "demo-owner", control.URL, stack)[0]
	if r["failed"] != nil {
		t.Fatalf("the supergraph failed: %v", r["failed"])
	}
	if r["fed2"] != true {
		t.Errorf("Apollo reads maitre's SDL as a Federation 1 subgraph")
	}
	type answer struct {
		Data struct {
			Products struct {
				Nodes []struct {
					ID, Name string
					Reviews  []struct{ Stars int }
				}
			}
			Revenue *struct {
				Total      *struct{ Amount string }
				OrderCount int
			}
		}
		Errors []struct {
			Path       []any
			Extensions map[string]any
		}
	}
	decode := func(key string) answer {
		b, _ := json.Marshal(r[key])
		var a answer
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		return a
	}
	stars := func(id string) int {
		n := 0
		for _, c := range id {
			n += int(c)
		}
		return n%5 + 1
	}
	checkProducts := func(key string, a answer) {
		if len(a.Data.Products.Nodes) != 3 {
			t.Fatalf("%s: %d products in %v", key, len(a.Data.Products.Nodes), r[key])
		}
		for i, p := range a.Data.Products.Nodes {
			if p.ID != products[i].ID || p.Name != products[i].Name || len(p.Reviews) != 1 || p.Reviews[0].Stars != stars(p.ID) {
				t.Errorf("%s: product %d is %+v; want %s %s with %d stars", key, i, p, products[i].ID, products[i].Name, stars(products[i].ID))
			}
		}
	}
	spanning := decode("spanning")
	checkProducts("spanning", spanning)
	if rev := spanning.Data.Revenue; rev == nil || rev.Total == nil || rev.Total.Amount != cents(total) || rev.OrderCount != orders || len(spanning.Errors) > 0 {
		t.Errorf("spanning: revenue %+v, errors %v; want %s and %d orders", rev, spanning.Errors, cents(total), orders)
	}
	partial := decode("partial")
	checkProducts("partial", partial)
	if rev := partial.Data.Revenue; rev == nil || rev.Total != nil || rev.OrderCount != orders || len(partial.Errors) != 1 || partial.Errors[0].Extensions["code"] != "DOWNSTREAM_SERVICE_ERROR" {
		t.Errorf("with payments down: revenue %+v, errors %+v; want the total null with DOWNSTREAM_SERVICE_ERROR", rev, partial.Errors)
	}
	if anon := decode("anonymous"); len(anon.Errors) == 0 || len(anon.Data.Products.Nodes) > 0 {
		t.Errorf("without a token: %v", r["anonymous"])
	}
}
