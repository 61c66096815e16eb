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
func readmeAsks(t *testing.T) [][]string {
	t.Helper()
	var out [][]string
	quoted := regexp.MustCompile(`"[^"]*"|\S+`)
	for _, b := range fences(t, "README.md") {
		for _, line := range strings.Split(b.text, "\n") {
			rest, ok := strings.CutPrefix(line, "go run . ask ")
			if !ok {
				continue
			}
			args := []string{"ask"}
			for _, a := range quoted.FindAllString(rest, -1) {
				args = append(args, strings.Trim(a, `"`))
			}
			out = append(out, args)
		}
	}
	if len(out) != 3 {
		t.Fatalf("the README has %d `go run . ask` commands; this test checks three", len(out))
	}
	return out
}

// TestAsk runs the README's three `go run . ask` commands as main does,
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
	revenue := map[string]int64{}
	for _, o := range demotest.All[demo.Order](t, env, clients.Orders, "bistro", "/v1/orders", "orders", window(monday, monday.AddDate(0, 0, 7))) {
		if o.Status == "COMPLETED" {
			for _, it := range o.Items {
				revenue[it.ProductID] += int64(it.Quantity) * it.UnitPrice
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
	free, t7 := 0, ""
	for _, tb := range tables.Tables {
		if tb.Status == "FREE" {
			free++
		}
		if tb.Name == "T7" {
			t7 = strings.ToLower(tb.Status)
		}
	}

	asks := readmeAsks(t)
	wants := [][]string{
		{usd(takings)},
		append([]string{"intents: best_sellers, table_occupancy", "sources:", "T7 is " + t7}, names[ids[0]], names[ids[1]], names[ids[2]]),
		{"don't have access", fmt.Sprintf("%d", free)},
	}
	for i, args := range asks {
		t.Run(args[len(args)-1], func(t *testing.T) {
			var out, errs bytes.Buffer
			getenv := func(k string) string { return map[string]string{"MAITRE_NOW": now.Format(time.RFC3339)}[k] }
			if err := run(context.Background(), args, getenv, &out, &errs); err != nil {
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
