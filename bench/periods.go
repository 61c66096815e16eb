package bench

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

// periodQuestions are the long periods owners ask about, and today's
// revenue, which warm long periods are held to.
var periodQuestions = []struct {
	name, query, chat string
	needs             [][]clients.Service // the stages of calls, each of services at once
}{
	{"revenue today", `{ revenue { total { amount } orderCount } }`, "", [][]clients.Service{{clients.Orders, clients.Payments}}},
	{"revenue, last 30 days", `{ revenue(range: {period: LAST_30_DAYS}) { total { amount } orderCount } }`, "", [][]clients.Service{{clients.Orders, clients.Payments}}},
	{"revenue, last month", `{ revenue(range: {period: LAST_MONTH}) { total { amount } orderCount } }`, "", [][]clients.Service{{clients.Orders, clients.Payments}}},
	{"best sellers, last month", `{ bestSellers(range: {period: LAST_MONTH}, limit: 10) { product { name } quantity } }`, "", [][]clients.Service{{clients.Orders}, {clients.Inventory}}},
	{"payment methods, last 30 days", `{ paymentMethods(range: {period: LAST_30_DAYS}) { method share } }`, "", [][]clients.Service{{clients.Payments}}},
	{"chat: this month against last month", "", "compare revenue this month with last month", [][]clients.Service{{clients.Orders, clients.Payments}}},
	// The owner insights: four weeks of look-back each, their products
	// read beside the totals.
	{"busyHours, four weeks", `{ busyHours { busiest { weekday hour } } }`, "", [][]clients.Service{{clients.Orders, clients.Payments}}},
	{"stockCover, 28 days", `{ stockCover { daysLeft } }`, "", [][]clients.Service{{clients.Orders, clients.Inventory}}},
	{"revenueChange, last week", `{ revenueChange(range: {period: LAST_WEEK}) { change { amount } byCategory { name } } }`, "",
		[][]clients.Service{{clients.Orders, clients.Payments, clients.Inventory}}},
	{"unusual, today", `{ unusual { figures { kind position } } }`, "", [][]clients.Service{{clients.Orders, clients.Payments, clients.Inventory}}},
	{"chat: why is revenue down yesterday?", "", "why is revenue down yesterday?", [][]clients.Service{{clients.Orders, clients.Payments, clients.Inventory}}},
}

// path is the critical path of stages: each stage's slowest service.
func path(stages [][]clients.Service, scale float64) time.Duration {
	var d time.Duration
	for _, st := range stages {
		var slowest time.Duration
		for _, s := range st {
			slowest = max(slowest, scaled(s, scale))
		}
		d += slowest
	}
	return d
}

// periods measures long periods with the seed's latencies and a verified
// token: cold (a gateway that has kept no day) and warm (asked again),
// against the critical path of one call; a chat comparison of two
// months; and the calls a 90-day range costs by the parallel cap.
func periods(ctx context.Context, o Options, out io.Writer) error {
	fmt.Fprintf(out, "## Long periods: seed latencies, token verified; cold is a gateway that has kept no day\n\n"+
		"| question | critical path ms | cold ms | cold / critical | calls cold (orders, payments) | warm ms | warm / today | calls warm |\n|---|---:|---:|---:|---|---:|---:|---|\n")
	var today time.Duration
	for _, q := range periodQuestions {
		critical := path(q.needs, o.Scale)
		var cold, warm []time.Duration
		var coldCalls, warmCalls map[clients.Service]int
		for range o.Runs {
			e, err := start(false)
			if err != nil {
				return err
			}
			e.latency(o.Scale)
			ask := func() error {
				if q.chat != "" {
					return e.post(ctx, "/chat", map[string]any{"question": q.chat}, nil)
				}
				return e.post(ctx, "/query", map[string]any{"query": q.query}, nil)
			}
			if err := e.post(ctx, "/query", map[string]any{"query": "{ me { name } }"}, nil); err != nil {
				e.close()
				return err
			}
			e.rec.take()
			t0 := time.Now()
			err = ask()
			cold = append(cold, time.Since(t0))
			coldCalls = e.rec.count(e.rec.take())
			if err == nil {
				t0 = time.Now()
				err = ask()
				warm = append(warm, time.Since(t0))
				warmCalls = e.rec.count(e.rec.take())
			}
			e.close()
			if err != nil {
				return err
			}
		}
		c, w := summarise(cold).median, summarise(warm).median
		if q.name == "revenue today" {
			today = w
		}
		fmt.Fprintf(out, "| %s | %s | %s | %.2f | %d, %d | %s | %.2f | %d, %d |\n", q.name, ms(critical), ms(c), float64(c)/float64(critical),
			coldCalls[clients.Orders], coldCalls[clients.Payments], ms(w), float64(w)/float64(today),
			warmCalls[clients.Orders], warmCalls[clients.Payments])
	}
	fmt.Fprintf(out, "\nThe critical path is one call of each stage's slowest service (best sellers read orders, then the products sold). Warm is the same question asked again; today is revenue today asked again.\n\n")
	return windowsTable(ctx, o, out)
}

// windowsTable reads the revenue of a 90-day range with no day kept, by
// the parallel cap: the first read sizes its windows blind, the second by
// the density the first found.
func windowsTable(ctx context.Context, o Options, out io.Writer) error {
	fmt.Fprintf(out, "### 90 days of revenue, no day kept: calls and time by the windows in flight per service\n\n"+
		"| cap | first read: orders, payments calls | ms | second read (windows sized by density): calls | ms |\n|---:|---|---:|---|---:|\n")
	q := map[string]any{"query": `{ revenue(range: {from: "` + time.Now().AddDate(0, 0, -90).Format(time.DateOnly) + `", to: "` +
		time.Now().AddDate(0, 0, -1).Format(time.DateOnly) + `"}) { total { amount } orderCount } }`}
	for _, parallel := range []int{1, 3, 6, 12} {
		e, err := startWith(false, map[string]string{"MAITRE_PARALLEL_WINDOWS": strconv.Itoa(parallel), "MAITRE_CLOSED_DAY_CACHE_BYTES": "0"})
		if err != nil {
			return err
		}
		e.latency(o.Scale)
		if err := e.post(ctx, "/query", map[string]any{"query": "{ me { name } }"}, nil); err != nil {
			e.close()
			return err
		}
		e.rec.take()
		var took [2]time.Duration
		var calls [2]map[clients.Service]int
		var failed [2]string
		for i := range 2 {
			t0 := time.Now()
			if err := e.post(ctx, "/query", q, nil); err != nil {
				failed[i] = " (past the deadline)"
			}
			took[i], calls[i] = time.Since(t0), e.rec.count(e.rec.take())
		}
		e.close()
		fmt.Fprintf(out, "| %d | %d, %d | %s%s | %d, %d | %s%s |\n", parallel, calls[0][clients.Orders], calls[0][clients.Payments], ms(took[0]), failed[0],
			calls[1][clients.Orders], calls[1][clients.Payments], ms(took[1]), failed[1])
	}
	fmt.Fprintln(out)
	return nil
}
