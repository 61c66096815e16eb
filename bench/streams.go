package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/maitre-pos/maitre/throttle"
)

// streamSettings are the gateway's for the hostile streams: its defaults,
// but the rate per address off (every client here is one loopback
// address, the other tenant's included) and the cap per token lifted, so
// that the tenant's share of memory, the guard behind it, is what holds;
// sockets stay open while they are measured, and the profiles tell the
// gateway's heap.
var streamSettings = []string{
	"MAITRE_METRICS_LISTEN=127.0.0.1:0",
	"MAITRE_TENANT_RATE=" + strconv.FormatFloat(throttle.DefaultTenantLimit.Rate, 'f', -1, 64),
	"MAITRE_TENANT_BURST=" + strconv.Itoa(throttle.DefaultTenantLimit.Burst),
	"MAITRE_SUBSCRIPTION_CONNECTIONS_PER_TOKEN=0",
	"MAITRE_SUBSCRIPTION_IDLE_TIMEOUT=10m",
}

const (
	// mostSockets bounds the idle sockets one tenant opens: past the
	// 5,000 the first version held before it shed everyone.
	mostSockets = 8000
	// flooders is how many sockets of one tenant flood at once.
	flooders = 4
)

// hostileStreams measures what one tenant's sockets cost the gateway and
// the other tenants: idle sockets up to its share (heap per socket), then
// floods of pings, of 1 MiB messages and of deep entity lookups (gateway
// CPU per message), with another tenant's latency meanwhile.
func hostileStreams(ctx context.Context, o Options, out io.Writer) error {
	r, stop, err := startRun(o.Executable, streamSettings...)
	if err != nil {
		return err
	}
	defer stop()
	g := r.g
	window := time.Duration(float64(30*time.Second) * o.Scale)
	fmt.Fprintf(out, "## Hostile streams: one tenant's sockets against another's queries, gateway in its own process\n\n")
	fmt.Fprintf(out, "Default limits, but no rate per address (every client here is one loopback address) and no cap per token, so that the tenant's share of memory is what holds.\n\n")

	quiet := probe(ctx, g.url, window)
	before, err := g.memstats(ctx)
	if err != nil {
		return err
	}
	held, refusal := holdSockets(ctx, g.url, "demo-cashier", mostSockets)
	after, err := g.memstats(ctx)
	if err != nil {
		held.close()
		return err
	}
	holding := probe(ctx, g.url, window)
	rss, _ := g.rss()
	held.close()
	n := float64(max(len(held.conns), 1))
	fmt.Fprintf(out, "| one tenant's idle sockets | then refused with | gateway heap per socket | stacks per socket | goroutines per socket | gateway RSS |\n|---:|---|---:|---:|---:|---:|\n")
	fmt.Fprintf(out, "| %d | %s | %.1f KiB | %.1f KiB | %.1f | %.0f MiB |\n\n", len(held.conns), refusal,
		float64(after.heap-before.heap)/n/1024, float64(after.stacks-before.stacks)/n/1024, float64(after.goroutines-before.goroutines)/n, rss)

	type floodRow struct {
		name   string
		f      floodResult
		cpu    time.Duration
		others latency
	}
	var rows []floodRow
	for _, f := range []struct {
		name  string
		flood func() floodResult
	}{
		{"pings", func() floodResult { return flood(ctx, g.url, "demo-cashier", `{"type":"ping"}`, window) }},
		{"1 MiB messages", func() floodResult {
			return flood(ctx, g.url, "demo-cashier", `{"type":"ping","payload":"`+strings.Repeat("x", 1<<20-64)+`"}`, window)
		}},
		{"500 deep `_entities` over HTTP", func() floodResult { return entityFlood(ctx, g.url, "demo-cashier", window) }},
	} {
		c0 := g.cpu()
		var res floodResult
		var others latency
		var wg sync.WaitGroup
		wg.Go(func() { res = f.flood() })
		others = probe(ctx, g.url, window)
		wg.Wait()
		rows = append(rows, floodRow{f.name, res, g.cpu() - c0, others})
	}
	fmt.Fprintf(out, "| %d sockets (or clients) of one tenant flooding, each opened again once closed | messages sent | answered | gateway CPU per message sent | closed with (answered with) |\n|---|---:|---:|---:|---|\n", flooders)
	for _, row := range rows {
		fmt.Fprintf(out, "| %s | %d | %d | %.1f µs | %s |\n", row.name, row.f.sent, row.f.answered,
			float64(row.cpu.Nanoseconds())/1000/float64(max(row.f.sent, 1)), row.f.closes)
	}
	fmt.Fprintf(out, "\n| another tenant's `{ me { tenantId } }`, one at a time | p50 | p99 | not 200 |\n|---|---:|---:|---:|\n")
	fmt.Fprintf(out, "| quiet | %s ms | %s ms | %d |\n", ms(quiet.p50), ms(quiet.p99), quiet.failed)
	fmt.Fprintf(out, "| while one tenant holds its idle sockets | %s ms | %s ms | %d |\n", ms(holding.p50), ms(holding.p99), holding.failed)
	for _, row := range rows {
		fmt.Fprintf(out, "| while %d sockets flood %s | %s ms | %s ms | %d |\n", flooders, row.name, ms(row.others.p50), ms(row.others.p99), row.others.failed)
	}
	fmt.Fprintln(out)
	return nil
}

// memstats is what the gateway holds once collected: heap, stacks and
// goroutines, read from its profiles.
type memstats struct{ heap, stacks, goroutines int64 }

func (g *gatewayProcess) memstats(ctx context.Context) (memstats, error) {
	var m memstats
	if g.profiles == "" {
		return m, errors.New("bench: the gateway serves no profiles")
	}
	read := func(path string, line func(string)) error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, g.profiles+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return fmt.Errorf("bench: the gateway's profile: %w", err)
		}
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line(sc.Text())
		}
		return sc.Err()
	}
	err := read("/heap?gc=1&debug=1", func(l string) {
		_, _ = fmt.Sscanf(l, "# HeapAlloc = %d", &m.heap)
		_, _ = fmt.Sscanf(l, "# Stack = %d", &m.stacks)
	})
	if err != nil {
		return m, err
	}
	return m, read("/goroutine?debug=1", func(l string) { _, _ = fmt.Sscanf(l, "goroutine profile: total %d", &m.goroutines) })
}

// latency is the other tenant's, over a window.
type latency struct {
	p50, p99 time.Duration
	failed   int
}

// probePace spaces the other tenant's queries, well under its own rate.
const probePace = 5 * time.Millisecond

// probe sends another tenant's query one after another for d.
func probe(ctx context.Context, url string, d time.Duration) latency {
	var took []time.Duration
	var l latency
	for end := time.Now().Add(d); time.Now().Before(end) && ctx.Err() == nil; time.Sleep(probePace) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"/query", strings.NewReader(`{"query":"{ me { tenantId } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer cafe-owner")
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			l.failed++
			continue
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		took = append(took, time.Since(start))
		if resp.StatusCode != http.StatusOK {
			l.failed++
		}
	}
	slices.Sort(took)
	if len(took) > 0 {
		l.p50, l.p99 = took[len(took)/2], took[min(len(took)-1, len(took)*99/100)]
	}
	return l
}

// sockets are idle sockets held open, answering the gateway's pings.
type sockets struct {
	conns  []*websocket.Conn
	cancel context.CancelFunc
}

func (s *sockets) close() {
	s.cancel()
	for _, c := range s.conns {
		_ = c.CloseNow()
	}
}

// holdSockets opens sockets with token, each initialised and then idle,
// until one is refused or most are open; it returns how the refused one
// was.
func holdSockets(ctx context.Context, url, token string, most int) (*sockets, string) {
	ctx, cancel := context.WithCancel(ctx)
	s := &sockets{cancel: cancel}
	for len(s.conns) < most {
		c, refusal := openSocket(ctx, url, token)
		if c == nil {
			return s, refusal
		}
		c.CloseRead(ctx)
		s.conns = append(s.conns, c)
	}
	return s, "none"
}

// openSocket opens a socket and initialises it with token; a socket
// refused is nil, with its HTTP status or close code and reason.
func openSocket(ctx context.Context, url, token string) (*websocket.Conn, string) {
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	c, resp, err := websocket.Dial(dctx, "ws"+strings.TrimPrefix(url, "http")+"/query", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		if resp != nil {
			return nil, "HTTP " + strconv.Itoa(resp.StatusCode)
		}
		return nil, err.Error()
	}
	if err := c.Write(dctx, websocket.MessageText, []byte(`{"type":"connection_init","payload":{"Authorization":"Bearer `+token+`"}}`)); err != nil {
		return nil, closed(err)
	}
	if _, b, err := c.Read(dctx); err != nil || !strings.Contains(string(b), "connection_ack") {
		_ = c.CloseNow()
		return nil, closed(err)
	}
	return c, ""
}

// closed names a socket's close: its code and the reason's first word.
func closed(err error) string {
	var ce websocket.CloseError
	if !errors.As(err, &ce) {
		return "no close"
	}
	word, _, _ := strings.Cut(ce.Reason, ":")
	return fmt.Sprintf("%d %s", int(ce.Code), word)
}

// floodResult is what a flood sent, how much of it was answered, and the
// closes its sockets met, counted.
type floodResult struct {
	sent, answered int64
	closes         string
}

// tally counts outcomes by name, from several goroutines.
type tally struct {
	mu sync.Mutex
	n  map[string]int
}

func (t *tally) add(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.n == nil {
		t.n = map[string]int{}
	}
	t.n[name]++
}

// String lists the outcomes as "name ×n", sorted; "none" for none.
func (t *tally) String() string {
	var names []string
	for k, n := range t.n {
		if k != "no close" {
			names = append(names, fmt.Sprintf("%s ×%d", k, n))
		}
	}
	slices.Sort(names)
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// flooding runs each in flooders goroutines until d has passed.
func flooding(ctx context.Context, d time.Duration, each func(ctx context.Context)) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var wg sync.WaitGroup
	for range flooders {
		wg.Go(func() {
			for ctx.Err() == nil {
				each(ctx)
			}
		})
	}
	wg.Wait()
}

// flood has flooders sockets of one tenant send msg as fast as they can
// for d, each opened again once closed.
func flood(ctx context.Context, url, token, msg string, d time.Duration) floodResult {
	var sent, answered atomic.Int64
	var closes tally
	flooding(ctx, d, func(ctx context.Context) {
		c, refusal := openSocket(ctx, url, token)
		if c == nil {
			if ctx.Err() == nil {
				closes.add(refusal)
				time.Sleep(10 * time.Millisecond)
			}
			return
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			for {
				_, b, err := c.Read(ctx)
				if err != nil {
					closes.add(closed(err))
					return
				}
				if strings.Contains(string(b), `"pong"`) {
					answered.Add(1)
				}
			}
		}()
		for c.Write(ctx, websocket.MessageText, []byte(msg)) == nil {
			sent.Add(1)
		}
		_ = c.CloseNow()
		<-done
	})
	return floodResult{sent.Load(), answered.Load(), closes.String()}
}

// entityDoc asks for 500 Order entities with the deep selection that
// orders(first: 500) is refused for: priced alike, it is refused alike.
var entityDoc = func() []byte {
	reps := make([]string, 500)
	for i := range reps {
		reps[i] = fmt.Sprintf(`{"__typename":"Order","id":"ord_bis_%d"}`, i)
	}
	return []byte(`{"query":"query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { number items { quantity unitPrice { amount } ` +
		`product { name category stock price { amount } } } payments { amount { amount } method status order { number table { name status } } } table { name seats status } } } }",` +
		`"variables":{"r":[` + strings.Join(reps, ",") + `]}}`)
}()

// entityFlood has flooders clients of one tenant post entityDoc as fast
// as they can for d; answered counts 200s, closes the answers by status
// and code.
func entityFlood(ctx context.Context, url, token string, d time.Duration) floodResult {
	var sent, answered atomic.Int64
	var codes tally
	flooding(ctx, d, func(ctx context.Context) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"/query", bytes.NewReader(entityDoc))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return
		}
		var body struct {
			Errors []struct{ Extensions struct{ Code string } }
		}
		_ = json.NewDecoder(io.LimitReader(resp.Body, 4<<20)).Decode(&body)
		resp.Body.Close()
		sent.Add(1)
		key := strconv.Itoa(resp.StatusCode)
		if len(body.Errors) > 0 {
			key += " " + body.Errors[0].Extensions.Code
		} else if resp.StatusCode == http.StatusOK {
			answered.Add(1)
		}
		codes.add(key)
	})
	return floodResult{sent.Load(), answered.Load(), codes.String()}
}
