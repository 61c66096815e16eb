package bench

import (
	"context"
	"fmt"
	"io"
	"math"
	"sync"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

// Calls counts one request's downstream calls per service.
type Calls map[clients.Service]int

// nPlusOne asks for N orders with their products, payments and tables and
// counts the calls per service, which must not grow with N beyond
// ceil(N / clients.MaxIDs).
func nPlusOne(ctx context.Context, o Options, out io.Writer) (map[int]Calls, error) {
	e, err := start(false)
	if err != nil {
		return nil, err
	}
	defer e.close()
	e.latency(o.Scale)
	fmt.Fprint(out, "## N+1: orders(first: N) with items.product, payments and table\n\n"+
		"| N | orders | payments | inventory | restaurant | auth | bound ceil(N/200) | median ms | critical path ms |\n"+
		"|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	result := map[int]Calls{}
	for _, n := range []int{10, 100, 500} {
		q := question{query: fmt.Sprintf(`{ orders(range: {period: LAST_30_DAYS}, first: %d) { nodes { items { product { name } } payments { amount { amount } } table { name } } } }`, n)}
		if err := e.ask(ctx, false, q); err != nil {
			return nil, err
		}
		e.rec.take()
		var took []time.Duration
		var calls Calls
		for i := range max(3, o.Runs/3) {
			t0 := time.Now()
			if err := e.ask(ctx, false, q); err != nil {
				return nil, err
			}
			took = append(took, time.Since(t0))
			if c := e.rec.count(e.rec.take()); i == 0 {
				calls = c
			}
		}
		result[n] = calls
		cp := scaled(clients.Orders, o.Scale) + max(scaled(clients.Payments, o.Scale), scaled(clients.Inventory, o.Scale), scaled(clients.Restaurant, o.Scale))
		bound := int(math.Ceil(float64(n) / clients.MaxIDs))
		fmt.Fprintf(out, "| %d | %d | %d | %d | %d | %d | %d | %s | %s |\n", n, calls[clients.Orders], calls[clients.Payments],
			calls[clients.Inventory], calls[clients.Restaurant], calls[clients.Auth], bound, ms(summarise(took).median), ms(cp))
	}
	fmt.Fprintln(out)
	return result, nil
}

// herd sends 100 identical chat questions at once from one tenant whose
// token is not yet verified.
func herd(ctx context.Context, o Options, out io.Writer) (Calls, error) {
	e, err := start(false)
	if err != nil {
		return nil, err
	}
	defer e.close()
	e.latency(o.Scale)
	q := question{chat: "What's my revenue today?"}
	var mu sync.Mutex
	var took []time.Duration
	var failed error
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			t0 := time.Now()
			err := e.ask(ctx, true, q)
			mu.Lock()
			defer mu.Unlock()
			took = append(took, time.Since(t0))
			if err != nil && failed == nil {
				failed = err
			}
		})
	}
	wg.Wait()
	if failed != nil {
		return nil, failed
	}
	calls := e.rec.count(e.rec.take())
	s := summarise(took)
	fmt.Fprint(out, "## Herd: 100 identical chat questions at once, token not yet verified\n\n"+
		"| auth | orders | payments | inventory | restaurant | median ms | p95 ms | max ms | critical path ms |\n"+
		"|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	cp := scaled(clients.Auth, o.Scale) + max(scaled(clients.Orders, o.Scale), scaled(clients.Payments, o.Scale))
	fmt.Fprintf(out, "| %d | %d | %d | %d | %d | %s | %s | %s | %s |\n\n", calls[clients.Auth], calls[clients.Orders],
		calls[clients.Payments], calls[clients.Inventory], calls[clients.Restaurant], ms(s.median), ms(s.p95), ms(s.max), ms(cp))
	return calls, nil
}
