package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo"
)

// subscriberQuery is what each bench subscriber asks for: the figures a
// dashboard's cards show.
const subscriberQuery = `subscription { dashboard { revenue { total { amount } orderCount } paymentMethods { method share } tableOccupancy { occupied covers } pendingOrders { number } } }`

// subscribers measures what many subscribers of one tenant cost the
// gateway, in its own process: memory, and downstream calls against a
// single subscriber's; then how long a change takes to reach them all.
func subscribers(ctx context.Context, o Options, out io.Writer) error {
	const n, interval = 1000, time.Second
	fmt.Fprintf(out, "## Subscriptions: %d subscribers of one tenant, poll every %s, gateway in its own process (a fresh one per transport)\n\n", n, interval)
	fmt.Fprintf(out, "| transport | subscribers | gateway RSS MiB | RSS over none | orders+payments calls in 5 s | all had a new order after (ms) |\n|---|---:|---:|---:|---:|---:|\n")
	for _, transport := range []string{"sse", "ws"} {
		if err := subscribersOver(ctx, o, out, transport, n, interval); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "\nA new order shows at the first poll after the orders and payments answers cached (1 s) expire.\n\n")
	return nil
}

// subscribersOver measures one transport: none, one, then n subscribers.
func subscribersOver(ctx context.Context, o Options, out io.Writer, transport string, n int, interval time.Duration) error {
	r, stop, err := startRun(o.Executable, "MAITRE_SUBSCRIPTION_INTERVAL="+interval.String(), fmt.Sprintf("MAITRE_SUBSCRIPTIONS_PER_TENANT=%d", 2*n))
	if err != nil {
		return err
	}
	defer stop()
	calls := func() int64 { return r.demo.Received(clients.Orders) + r.demo.Received(clients.Payments) }
	over5s := func() int64 {
		c0 := calls()
		time.Sleep(5 * time.Second)
		return calls() - c0
	}
	time.Sleep(time.Second)
	none, _ := r.g.rss()
	fmt.Fprintf(out, "| %s | 0 | %.0f | | %d | |\n", transport, none, over5s())
	for _, count := range []int{1, n} {
		subs, err := openSubscribers(ctx, r.g.url, transport, count)
		if err != nil {
			return err
		}
		if err := subs.waitAll(1, 30*time.Second); err != nil {
			subs.close()
			return fmt.Errorf("bench: %s: %w", transport, err)
		}
		rss, _ := r.g.rss()
		spent := over5s()
		start := time.Now()
		if err := placeOrder(r.urls[clients.Orders], r.urls[clients.Inventory]); err != nil {
			subs.close()
			return err
		}
		if err := subs.waitAll(2, 30*time.Second); err != nil {
			subs.close()
			return fmt.Errorf("bench: %s after a new order: %w", transport, err)
		}
		fmt.Fprintf(out, "| %s | %d | %.0f | %.0f | %d | %.0f |\n", transport, count, rss, rss-none, spent, float64(time.Since(start).Milliseconds()))
		subs.close()
		time.Sleep(2 * interval) // the poller stops with its last subscriber
	}
	if left := over5s(); left != 0 {
		return fmt.Errorf("bench: %d calls in 5 s after every %s subscriber left; want none", left, transport)
	}
	return nil
}

// fleetOfSubscribers is many streams, each counting the values it read.
type fleetOfSubscribers struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	values []atomic.Int64
}

func openSubscribers(ctx context.Context, url, transport string, n int) (*fleetOfSubscribers, error) {
	ctx, cancel := context.WithCancel(ctx)
	f := &fleetOfSubscribers{cancel: cancel, values: make([]atomic.Int64, n)}
	tr := &http.Transport{MaxIdleConnsPerHost: -1}
	hc := &http.Client{Transport: tr}
	for i := range n {
		var read func() error
		switch transport {
		case "sse":
			body, _ := json.Marshal(map[string]string{"query": subscriberQuery})
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"/query", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "text/event-stream")
			req.Header.Set("Authorization", "Bearer demo-owner")
			resp, err := hc.Do(req)
			if err != nil {
				f.close()
				return nil, err
			}
			read = func() error {
				defer resp.Body.Close()
				sc := bufio.NewScanner(resp.Body)
				sc.Buffer(make([]byte, 64<<10), 1<<20)
				for sc.Scan() {
					if strings.HasPrefix(sc.Text(), "data: {") {
						f.values[i].Add(1)
					}
				}
				return nil
			}
		case "ws":
			c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"/query",
				&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPClient: hc})
			if err != nil {
				f.close()
				return nil, err
			}
			c.SetReadLimit(1 << 20)
			for _, m := range []string{`{"type":"connection_init","payload":{"Authorization":"Bearer demo-owner"}}`,
				`{"id":"1","type":"subscribe","payload":{"query":` + quote(subscriberQuery) + `}}`} {
				if err := c.Write(ctx, websocket.MessageText, []byte(m)); err != nil {
					f.close()
					return nil, err
				}
			}
			read = func() error {
				defer c.CloseNow()
				for {
					_, b, err := c.Read(ctx)
					if err != nil {
						return err
					}
					if bytes.HasPrefix(b, []byte(`{"id":"1","type":"next"`)) {
						f.values[i].Add(1)
					}
				}
			}
		}
		f.wg.Go(func() { _ = read() })
	}
	return f, nil
}

// waitAll waits until every subscriber has read at least k values.
func (f *fleetOfSubscribers) waitAll(k int64, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		short := 0
		for i := range f.values {
			if f.values[i].Load() < k {
				short++
			}
		}
		if short == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d of %d subscribers had fewer than %d values after %s", short, len(f.values), k, within)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (f *fleetOfSubscribers) close() {
	f.cancel()
	f.wg.Wait()
}

// placeOrder completes an order in the demo, which changes the figures.
func placeOrder(ordersURL, inventoryURL string) error {
	req, _ := http.NewRequest(http.MethodGet, inventoryURL+"/v1/products?limit=1", nil)
	req.Header.Set("X-Tenant-ID", "bistro")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	var products struct{ Products []demo.Product }
	err = json.NewDecoder(resp.Body).Decode(&products)
	resp.Body.Close()
	if err != nil || len(products.Products) == 0 {
		return fmt.Errorf("bench: no product to order: %v", err)
	}
	body, _ := json.Marshal(demo.PlaceRequest{Items: []demo.PlaceItem{{ProductID: products.Products[0].ID, Quantity: 1}}})
	req, _ = http.NewRequest(http.MethodPost, ordersURL+"/v1/orders", bytes.NewReader(body))
	req.Header.Set("X-Tenant-ID", "bistro")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("bench: POST /v1/orders: %s", resp.Status)
	}
	return nil
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
