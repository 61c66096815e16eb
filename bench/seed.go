package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

// question is one of the seed's questions, asked as GraphQL and as chat,
// with the services its answer needs in order: each stage waits for the
// one before, the services of a stage are called in parallel.
type question struct {
	name, query, chat string
	stages            [][]clients.Service
}

var questions = []question{
	{"revenue today", `{ revenue { total { formatted } orderCount } }`, "What's my revenue today?",
		[][]clients.Service{{clients.Orders, clients.Payments}}},
	{"best-selling product", `{ bestSellers(limit: 1) { product { name } quantity } }`, "What's my best-selling product?",
		[][]clients.Service{{clients.Orders}, {clients.Inventory}}},
	{"payment methods", `{ paymentMethods { method count share } }`, "How did people pay today?",
		[][]clients.Service{{clients.Payments}}},
	{"low stock", `{ lowStock { name stock } }`, "Which products are running low?",
		[][]clients.Service{{clients.Inventory}}},
	{"inventory value", `{ inventoryValue { total { formatted } } }`, "How much is my inventory worth?",
		[][]clients.Service{{clients.Inventory}}},
	{"occupied tables", `{ tableOccupancy { occupied total } }`, "How many tables are occupied right now?",
		[][]clients.Service{{clients.Restaurant}}},
	{"pending orders", `{ pendingOrders { number table { name } } }`, "Which orders are still open?",
		[][]clients.Service{{clients.Orders}, {clients.Restaurant}}},
}

// criticalPath is the least time an answer can take: the auth check when
// cold, then the slowest service of each stage.
func (q question) criticalPath(cold bool, scale float64) time.Duration {
	var d time.Duration
	if cold {
		d += scaled(clients.Auth, scale)
	}
	for _, stage := range q.stages {
		var slowest time.Duration
		for _, s := range stage {
			slowest = max(slowest, scaled(s, scale))
		}
		d += slowest
	}
	return d
}

// ask sends one question and checks that it was answered without errors.
func (e *env) ask(ctx context.Context, viaChat bool, q question) error {
	path, body := "/query", map[string]any{"query": q.query}
	if viaChat {
		path, body = "/chat", map[string]any{"question": q.chat}
	}
	return e.post(ctx, path, body, nil)
}

func (e *env) post(ctx context.Context, path string, body map[string]any, out any) error {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, e.url+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer demo-owner")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var check struct {
		Errors []any `json:"errors"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(raw, &check) != nil || len(check.Errors) > 0 {
		return fmt.Errorf("%s: HTTP %d: %.300s", path, resp.StatusCode, raw)
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// sequential replays recorded calls one after another with a plain
// client, the way the first version made them.
func sequential(ctx context.Context, reqs []*http.Request) (time.Duration, error) {
	start := time.Now()
	for _, r := range reqs {
		resp, err := http.DefaultClient.Do(r.Clone(ctx))
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return time.Since(start), nil
}

// seed measures every seed question, as GraphQL and as chat, with a cold
// and a warm auth cache.
func seed(ctx context.Context, o Options, out io.Writer) error {
	fmt.Fprint(out, "## Seed questions\n\n"+
		"| question | via | auth | maitre median ms | p95 ms | critical path ms | maitre / critical | sequential ms | sequential / maitre | calls |\n"+
		"|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, cold := range []bool{false, true} {
		e, err := start(cold)
		if err != nil {
			return err
		}
		e.latency(o.Scale)
		authName := "warm"
		if cold {
			authName = "cold"
		}
		for _, q := range questions {
			for _, viaChat := range []bool{false, true} {
				if err := e.ask(ctx, viaChat, q); err != nil { // warms the token and the connections
					e.close()
					return err
				}
				e.rec.take()
				var took []time.Duration
				var calls []*http.Request
				for i := range o.Runs {
					t0 := time.Now()
					if err := e.ask(ctx, viaChat, q); err != nil {
						e.close()
						return err
					}
					took = append(took, time.Since(t0))
					if got := e.rec.take(); i == 0 {
						calls = got
					}
				}
				var seq []time.Duration
				for range o.Runs {
					d, err := sequential(ctx, calls)
					if err != nil {
						e.close()
						return err
					}
					seq = append(seq, d)
				}
				m, s, cp := summarise(took), summarise(seq), q.criticalPath(cold, o.Scale)
				via := "GraphQL"
				if viaChat {
					via = "chat"
				}
				fmt.Fprintf(out, "| %s | %s | %s | %s | %s | %s | %.3f | %s | %.1fx | %d |\n", q.name, via, authName,
					ms(m.median), ms(m.p95), ms(cp), float64(m.median)/float64(cp), ms(s.median),
					float64(s.median)/float64(m.median), len(calls))
			}
		}
		e.close()
	}
	fmt.Fprintln(out)
	return nil
}
