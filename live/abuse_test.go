package live_test

import (
	"cmp"
	"encoding/binary"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/gatewaytest"
	"github.com/maitre-pos/maitre/live"
	"github.com/maitre-pos/maitre/throttle"
)

// initWS opens a socket and sends connection_init with token; it returns
// the socket once acknowledged, or nil with the close code and reason.
func initWS(t *testing.T, url, token string) (c *rawConn, code int, reason string) {
	t.Helper()
	c = rawSocket(t, url)
	c.send(t, `{"type":"connection_init","payload":{"Authorization":"Bearer `+token+`"}}`)
	for {
		op, p := c.next(t)
		switch {
		case op == 0x1 && strings.Contains(string(p), "connection_ack"):
			return c, 0, ""
		case op == 0x8 && len(p) >= 2:
			return nil, int(binary.BigEndian.Uint16(p)), string(p[2:])
		case op == 0 || op == 0x8:
			return nil, 0, "closed without a code"
		}
	}
}

// closeOf reads what the server sends until it closes: how many text
// messages containing count and pong frames came before, and the close.
func closeOf(t *testing.T, c *rawConn, count string) (n int, code int, reason string) {
	t.Helper()
	for {
		op, p := c.next(t)
		switch {
		case op == 0x1 && strings.Contains(string(p), count), op == 0xA:
			n++
		case op == 0x8 && len(p) >= 2:
			return n, int(binary.BigEndian.Uint16(p)), string(p[2:])
		case op == 0 || op == 0x8:
			return n, 0, ""
		}
	}
}

// TestTenantShareBeforeShedding: one tenant's idle sockets, from one
// token, fill at most its share of the memory past which the gateway
// sheds everyone: its next socket and stream are refused with
// TOO_MANY_SUBSCRIPTIONS, while another tenant's queries and
// subscriptions are still served. Without the share, the same sockets
// would have had the other tenant shed. Not parallel: the heap is the
// process's.
func TestTenantShareBeforeShedding(t *testing.T) {
	const headroom, most = 16 << 20, 1500
	env := demotest.Start(t, demotest.Now)
	c := env.Client(t, 5*time.Second)
	gatewaytest.Handler(t, gatewaytest.OptionsFor(c)) // what a gateway holds for good is there before the heap is read
	runtime.GC()
	heap := throttle.LiveHeap()
	for throttle.LiveHeap() == heap { // read at most every 10 ms
		runtime.GC()
		time.Sleep(20 * time.Millisecond)
	}
	h := serveOn(t, env, gatewaytest.With(gatewaytest.OptionsFor(c), func(o *gateway.Options) {
		o.MaxLiveHeap = throttle.LiveHeap() + headroom
		o.Live.PerToken = 0
		o.Live.TenantShare = 1.0 / 16 // 1 MiB of the headroom
		o.Live.Interval = time.Hour
	}))

	opened, code, reason := 0, 0, ""
	for ; opened < most && code == 0; opened++ {
		_, code, reason = initWS(t, h.URL, "demo-cashier")
	}
	if code != 4429 || !strings.HasPrefix(reason, "TOO_MANY_SUBSCRIPTIONS") {
		t.Errorf("%d idle sockets of one tenant, then closed %d %q; want 4429 TOO_MANY_SUBSCRIPTIONS within its share", opened, code, reason)
	}
	if u := h.SubscribeSSE(t, "demo-owner", revenueSub, nil).Next(t); u.Code != http.StatusTooManyRequests || len(u.Errors) != 1 || u.Errors[0].Extensions["code"] != "TOO_MANY_SUBSCRIPTIONS" {
		t.Errorf("the tenant's stream past its share got %d %v; want 429 TOO_MANY_SUBSCRIPTIONS", u.Code, u.Errors)
	}

	runtime.GC()
	time.Sleep(20 * time.Millisecond) // the shedding reads the heap of the last collection
	if r := h.Query(t, "cafe-owner", `{ me { tenantId } }`, nil); r.Status != http.StatusOK || len(r.Errors) != 0 {
		t.Errorf("another tenant's query got %d %s; want 200", r.Status, r.Raw)
	}
	if u := h.SubscribeSSE(t, "cafe-owner", revenueSub, nil).Next(t); u.Code != 0 || len(u.Errors) != 0 {
		t.Errorf("another tenant's subscription got %d %v; want its value", u.Code, u.Errors)
	}
	ws, code, reason := initWS(t, h.URL, "cafe-owner")
	if ws == nil {
		t.Errorf("another tenant's socket closed %d %q", code, reason)
	}
}

// TestTokenCap: a token holds at most its cap of streams and sockets; the
// next is refused, another token of the same tenant is not, and a socket
// closed makes room.
func TestTokenCap(t *testing.T) {
	h := liveHarness(t, time.Hour, func(l *live.Limits) { l.PerToken = 2 }, nil)
	first, _, _ := initWS(t, h.URL, "demo-cashier")
	if first == nil {
		t.Fatal("the first socket was refused")
	}
	if ws, code, reason := initWS(t, h.URL, "demo-cashier"); ws == nil {
		t.Fatalf("the second socket closed %d %q", code, reason)
	}
	if _, code, reason := initWS(t, h.URL, "demo-cashier"); code != 4429 || !strings.HasPrefix(reason, "TOO_MANY_SUBSCRIPTIONS: the token holds 2") {
		t.Errorf("the token's third socket closed %d %q; want 4429 TOO_MANY_SUBSCRIPTIONS", code, reason)
	}
	if u := h.SubscribeSSE(t, "demo-cashier", `{ me { tenantId } }`, nil).Next(t); u.Code != http.StatusTooManyRequests {
		t.Errorf("the token's stream past its cap got %d %v; want 429", u.Code, u.Errors)
	}
	if ws, code, reason := initWS(t, h.URL, "demo-owner"); ws == nil {
		t.Errorf("another token of the tenant was refused: %d %q", code, reason)
	}
	_ = first.Close()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ws, code, reason := initWS(t, h.URL, "demo-cashier")
		if ws != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a socket closed left no room: %d %q", code, reason)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSocketFloods: every message on a socket costs a token of its
// tenant's rate, or of its address's before connection_init, whatever its
// type: once the rate is spent the socket is closed 4429 RATE_LIMITED.
func TestSocketFloods(t *testing.T) {
	const burst = 10
	ping := `{"type":"ping"}`
	big := func(chunks int) string {
		return `{"type":"ping","payload":"` + strings.Repeat("x", chunks<<16-32) + `"}`
	}
	cases := []struct {
		name string
		init bool // sends connection_init first
		// flood is sent 3 times the burst (or sends times); then after,
		// once.
		flood, after string
		sends        int
		frame        byte // flood is sent as empty control frames: ping 0x89, pong 0x8A
		// answered is how many were answered before the close.
		answered int
	}{
		{name: "pings", init: true, flood: ping, answered: burst},
		{name: "pongs", init: true, flood: `{"type":"pong"}`},
		{name: "completes of no operation", init: true, flood: `{"id":"x","type":"complete"}`},
		{name: "ping frames", init: true, frame: 0x89, answered: burst},
		{name: "pong frames", init: true, frame: 0x8A},
		{name: "pings before connection_init", flood: ping, answered: burst - 1}, // the upgrade took one
		{name: "an unknown type once the rate is spent", init: true, flood: ping, sends: burst, after: `{"type":"hello"}`, answered: burst},
		{name: "a big message once the rate is spent", init: true, flood: ping, sends: burst, after: big(8), answered: burst},
		{name: "messages paying by their size", init: true, flood: big(3), sends: burst, answered: burst / 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := demotest.Start(t, demotest.Now)
			h := serveOn(t, env, gatewaytest.With(gatewaytest.OptionsFor(env.Client(t, 5*time.Second)), func(o *gateway.Options) {
				o.TenantLimit = throttle.Limit{Rate: 0.001, Burst: burst}
				o.ClientLimit = throttle.Limit{Rate: 0.001, Burst: burst}
			}))
			c := rawSocket(t, h.URL)
			if tc.init {
				c.send(t, `{"type":"connection_init","payload":{"Authorization":"Bearer demo-owner"}}`)
				c.await(t, "connection_ack")
			}
			for range cmp.Or(tc.sends, 3*burst) {
				if tc.frame != 0 {
					_, _ = c.Write([]byte{tc.frame, 0x80, 1, 2, 3, 4}) // masked, empty
				} else {
					_, _ = c.Write(frame(tc.flood))
				}
			}
			if tc.after != "" {
				_, _ = c.Write(frame(tc.after))
			}
			answered, code, reason := closeOf(t, c, `"pong"`)
			if answered != tc.answered || code != 4429 || !strings.HasPrefix(reason, "RATE_LIMITED") {
				t.Errorf("%d answered, then closed %d %q; want %d, then 4429 RATE_LIMITED", answered, code, reason, tc.answered)
			}
		})
	}
	t.Run("a subscribe over the rate", func(t *testing.T) {
		env := demotest.Start(t, demotest.Now)
		h := serveOn(t, env, gatewaytest.With(gatewaytest.OptionsFor(env.Client(t, 5*time.Second)), func(o *gateway.Options) {
			o.TenantLimit = throttle.Limit{Rate: 0.001, Burst: 1}
		}))
		ws := h.DialWS(t, map[string]any{"Authorization": "Bearer demo-owner"})
		ws.Read(t)
		<-ws.Ch("")
		ws.Subscribe(t, "1", `{ me { tenantId } }`).Next(t)
		if u := ws.Subscribe(t, "2", `{ me { tenantId } }`).Next(t); len(u.Errors) != 1 || u.Errors[0].Extensions["code"] != "RATE_LIMITED" {
			t.Errorf("the first subscribe over the rate got %+v; want RATE_LIMITED", u)
		}
		ws.Send(t, map[string]any{"type": "ping"})
		var end gatewaytest.Update
		for end = range ws.Ch("") {
			if end.Code != 0 {
				break
			}
		}
		if end.Code != 4429 || !strings.HasPrefix(end.Reason, "RATE_LIMITED") {
			t.Errorf("a second message over the rate: closed %d %q; want 4429 RATE_LIMITED", end.Code, end.Reason)
		}
	})
	t.Run("a big message before connection_init", func(t *testing.T) {
		h := liveHarness(t, time.Hour, nil, nil)
		c := rawSocket(t, h.URL)
		c.send(t, `{"type":"connection_init","payload":{"Authorization":"Bearer `+strings.Repeat("x", 64<<10)+`"}}`)
		if _, code, _ := closeOf(t, c, "connection_ack"); code != int(websocket.StatusMessageTooBig) {
			t.Errorf("a 64 KiB connection_init closed %d; want 1009", code)
		}
	})
}

// TestReloadReachesPollers: a reload's interval is taken by the pollers
// already running, not only by new ones.
func TestReloadReachesPollers(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	o := gatewaytest.With(gatewaytest.OptionsFor(env.Client(t, 5*time.Second)), func(o *gateway.Options) { o.Live.Interval = time.Hour })
	st, err := gateway.NewState(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	o.State = st
	h := serveOn(t, env, o)
	s := h.SubscribeSSE(t, "demo-owner", revenueSub, nil)
	before, _ := revenue(t, s.Next(t))

	o.Live.Interval = 20 * time.Millisecond
	gatewaytest.Handler(t, o) // a reload: the same state, new settings
	placeOrder(t, h)
	after, _ := gatewaytest.BistroToday(t, env)
	if total, _ := revenue(t, s.Next(t)); total != gatewaytest.Amount(after, "USD") || total == before {
		t.Errorf("after a reload to 20ms and a new order: %s; want %s", total, gatewaytest.Amount(after, "USD"))
	}
}
