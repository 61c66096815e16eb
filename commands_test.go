package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/fleet/fleettest"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// TestHelpListsEveryCommand: --help names every command of the table,
// wherever it is asked, and every setting.
func TestHelpListsEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"ask", "--help"}, {"--listen", ":1", "--help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var out bytes.Buffer
			if err := run(context.Background(), args, func(string) string { return "" }, &out, &out); err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"maitre [flags]", "maitre demo", "maitre ask", "maitre config check", "--orders-timeout", "MAITRE_TOKEN_TTL"} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("--help does not mention %q", want)
				}
			}
		})
	}
}

// readmeAsks are the `go run . ask` commands of the README, as arguments.
func readmeAsks(t *testing.T) []readmeAsk {
	t.Helper()
	var out []readmeAsk
	quoted := regexp.MustCompile(`"[^"]*"|\S+`)
	assignment := regexp.MustCompile(`^([A-Z_]+)='([^']*)' `)
	for _, b := range fences(t, "README.md") {
		for _, line := range strings.Split(b.text, "\n") {
			a := readmeAsk{env: map[string]string{}, args: []string{"ask"}}
			for m := assignment.FindStringSubmatch(line); m != nil; m = assignment.FindStringSubmatch(line) {
				a.env[m[1]], line = m[2], line[len(m[0]):]
			}
			rest, ok := strings.CutPrefix(line, "go run . ask ")
			if !ok {
				continue
			}
			if i := strings.Index(rest, " # "); i >= 0 {
				rest = rest[:i]
			}
			for _, w := range quoted.FindAllString(rest, -1) {
				a.args = append(a.args, strings.Trim(w, `"`))
			}
			out = append(out, a)
		}
	}
	if len(out) != 5 {
		t.Fatalf("the README has %d `go run . ask` commands; this test checks five", len(out))
	}
	return out
}

// readmeAsk is one `go run . ask` command of the README: its environment
// and arguments.
type readmeAsk struct {
	env  map[string]string
	args []string
}

// TestAsk runs the README's five `go run . ask` commands as main does,
// on the embedded demo at a pinned clock, and checks each answer against
// the demo's raw data at that clock.
func TestAsk(t *testing.T) {
	now := demotest.Now
	env := demotest.Start(t, now) // the same data the command's own demo generates
	ny, _ := time.LoadLocation("America/New_York")
	l := now.In(ny)
	today := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, ny)
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	window := func(from, to time.Time) url.Values {
		return url.Values{"from": {from.UTC().Format(time.RFC3339)}, "to": {to.UTC().Format(time.RFC3339)}}
	}
	var takings int64
	for _, p := range demotest.All[demo.Payment](t, env, clients.Payments, "bistro", "/v1/payments", "payments", window(today, today.AddDate(0, 0, 1))) {
		switch p.Status {
		case "CAPTURED":
			takings += p.Amount
		case "REFUNDED":
			takings -= p.Amount
		}
	}
	revenue, units := map[string]int64{}, map[string]int{}
	for _, o := range demotest.All[demo.Order](t, env, clients.Orders, "bistro", "/v1/orders", "orders", window(monday, monday.AddDate(0, 0, 7))) {
		if o.Status == "COMPLETED" {
			for _, it := range o.Items {
				revenue[it.ProductID] += int64(it.Quantity) * it.UnitPrice
				units[it.ProductID] += it.Quantity
			}
		}
	}
	var catalog demo.ProductList
	env.Get(t, clients.Inventory, "bistro", "/v1/products", url.Values{"limit": {"1000"}}, &catalog)
	names := map[string]string{}
	for _, p := range catalog.Products {
		names[p.ID] = p.Name
	}
	ids := slices.Collect(func(yield func(string) bool) {
		for id := range revenue {
			if !yield(id) {
				return
			}
		}
	})
	slices.SortFunc(ids, func(a, b string) int {
		return cmp.Or(cmp.Compare(revenue[b], revenue[a]), cmp.Compare(names[a], names[b]))
	})
	var tables demo.TableList
	env.Get(t, clients.Restaurant, "bistro", "/v1/tables", url.Values{}, &tables)
	free, status := 0, map[string]string{}
	for _, tb := range tables.Tables {
		if tb.Status == "FREE" {
			free++
		}
		status[tb.Name] = strings.ToLower(tb.Status)
	}
	byName := map[string]int{}
	for id, n := range units {
		byName[names[id]] = n
	}

	asks := readmeAsks(t)
	wants := [][]string{
		{usd(takings)},
		append([]string{"intents: best_sellers, table_occupancy", "sources:", "T7 is " + status["T7"]}, names[ids[0]], names[ids[1]], names[ids[2]]),
		{"don't have access", fmt.Sprintf("%d", free)},
		{fmt.Sprintf("Tiramisu: %d sold this week", byName["Tiramisu"]), "T3 is " + status["T3"]},
		{"French Fries or Sweet Potato Fries?"},
	}
	for i, a := range asks {
		t.Run(a.args[len(a.args)-1], func(t *testing.T) {
			var out, errs bytes.Buffer
			a.env["MAITRE_NOW"] = now.Format(time.RFC3339)
			if err := run(context.Background(), a.args, func(k string) string { return a.env[k] }, &out, &errs); err != nil {
				t.Fatalf("%v\n%s", err, errs.String())
			}
			for _, w := range wants[i] {
				if !strings.Contains(out.String(), w) {
					t.Errorf("the answer does not say %q:\n%s", w, out.String())
				}
			}
		})
	}
}

// usd writes cents as the chat does: $12,345.67.
func usd(v int64) string {
	whole := fmt.Sprint(v / 100)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return fmt.Sprintf("$%s.%02d", whole, v%100)
}

// TestChatMissesCommand lists the questions a running gateway did not
// understand, and those a fleet keeps in Redis; a cashier is refused.
func TestChatMissesCommand(t *testing.T) {
	s := fleettest.Start(t)
	g := gatewaytest.New(t, map[string]string{"MAITRE_REDIS_URL": s.URL()})
	g.Ask(t, "demo-owner", "flurble the wongo")
	g.Ask(t, "demo-owner", "revenue today")
	env := map[string]string{"MAITRE_REDIS_URL": s.URL(), "MAITRE_REDIS_TIMEOUT": gatewaytest.Patient.String(), "MAITRE_NOW": demotest.Now.Format(time.RFC3339)}
	cases := []struct {
		name string
		args []string
		want string // "" for an error
	}{
		{"a running gateway", []string{"chat", "misses", "--url", g.URL}, "flurble the wongo"},
		{"the fleet's Redis", []string{"chat", "misses"}, "flurble the wongo"},
		{"a cashier", []string{"chat", "misses", "--url", g.URL, "--token", "demo-cashier"}, ""},
		{"no subcommand", []string{"chat"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errs strings.Builder
			err := run(context.Background(), c.args, func(k string) string { return env[k] }, &out, &errs)
			if c.want == "" {
				if err == nil {
					t.Errorf("no error; printed %q", out.String())
				}
				return
			}
			if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); err != nil || len(lines) != 1 || !strings.HasSuffix(lines[0], "  "+c.want) {
				t.Errorf("printed %q (%v); want one line ending %q", out.String(), err, c.want)
			}
		})
	}
}
