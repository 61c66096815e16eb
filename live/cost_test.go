package live_test

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/live"
)

// rawConn is a stream or socket held open by hand over TCP: a client that
// costs the test process little beside the server end it measures.
type rawConn struct {
	net.Conn
	r *bufio.Reader
}

// dialRaw opens a TCP connection to the gateway at url.
func dialRaw(t testing.TB, url string) *rawConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", strings.TrimPrefix(url, "http://"), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	return &rawConn{Conn: c, r: bufio.NewReaderSize(c, 512)}
}

// rawSocket upgrades a raw connection to graphql-transport-ws.
func rawSocket(t testing.TB, url string) *rawConn {
	t.Helper()
	c := dialRaw(t, url)
	key := make([]byte, 16)
	_, _ = rand.Read(key)
	fmt.Fprintf(c, "GET /query HTTP/1.1\r\nHost: gateway\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n", base64.StdEncoding.EncodeToString(key))
	resp, err := http.ReadResponse(c.r, nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("upgrade: %v %v", resp, err)
	}
	return c
}

// send writes one masked text frame, as a client must.
func (c *rawConn) send(t testing.TB, msg string) {
	t.Helper()
	if _, err := c.Write(frame(msg)); err != nil {
		t.Fatal(err)
	}
}

// frame is msg as a masked client text frame.
func frame(msg string) []byte {
	b := []byte{0x81}
	switch n := len(msg); {
	case n < 126:
		b = append(b, 0x80|byte(n))
	case n < 1<<16:
		b = append(b, 0x80|126)
		b = binary.BigEndian.AppendUint16(b, uint16(n))
	default:
		b = append(b, 0x80|127)
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	mask := []byte{1, 2, 3, 4}
	b = append(b, mask...)
	for i := range len(msg) {
		b = append(b, msg[i]^mask[i%4])
	}
	return b
}

// next reads one frame from the server: its opcode and payload, or for a
// close frame its code.
func (c *rawConn) next(t testing.TB) (op byte, payload []byte) {
	t.Helper()
	var h [2]byte
	if _, err := io.ReadFull(c.r, h[:]); err != nil {
		return 0, nil
	}
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var x [2]byte
		_, _ = io.ReadFull(c.r, x[:])
		n = uint64(binary.BigEndian.Uint16(x[:]))
	case 127:
		var x [8]byte
		_, _ = io.ReadFull(c.r, x[:])
		n = binary.BigEndian.Uint64(x[:])
	}
	payload = make([]byte, n)
	_, _ = io.ReadFull(c.r, payload)
	return h[0] & 0x0f, payload
}

// await reads frames until a text message containing want.
func (c *rawConn) await(t testing.TB, want string) {
	t.Helper()
	for {
		op, p := c.next(t)
		switch {
		case op == 0x1 && bytes.Contains(p, []byte(want)):
			return
		case op == 0x8 || op == 0:
			t.Fatalf("closed awaiting %q: %q", want, p)
		}
	}
}

// rawSSE posts a subscription as an event stream and waits for its first
// value.
func rawSSE(t testing.TB, url, token, query string) *rawConn {
	t.Helper()
	c := dialRaw(t, url)
	body := `{"query":` + quote(query) + `}`
	fmt.Fprintf(c, "POST /query HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer %s\r\nAccept: text/event-stream\r\n"+
		"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", token, len(body), body)
	resp, err := http.ReadResponse(c.r, nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("SSE: %v %v", resp, err)
	}
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(line, "data: ") {
			return c
		}
	}
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	b.WriteString(strings.NewReplacer(`"`, `\"`, "\n", `\n`).Replace(s))
	b.WriteByte('"')
	return b.String()
}

// heapAfterGC is the live heap, its goroutines and their stacks, once
// collected.
func heapAfterGC() (heap, goroutines, stacks int64) {
	var m runtime.MemStats
	for range 2 {
		runtime.GC()
	}
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc), int64(runtime.NumGoroutine()), int64(m.StackInuse)
}

// perConn is what each of n connections open holds of the process's heap,
// goroutines and stacks.
func perConn(n int, open func() *rawConn) (heap, goroutines, stacks float64) {
	h0, g0, s0 := heapAfterGC()
	conns := make([]*rawConn, n)
	for i := range conns {
		conns[i] = open()
	}
	h1, g1, s1 := heapAfterGC()
	for _, c := range conns {
		_ = c.Close()
	}
	return float64(h1-h0) / float64(n), float64(g1-g0) / float64(n), float64(s1-s0) / float64(n)
}

// openers are the shapes an idle stream or socket takes: a socket that
// sent connection_init, one that also holds a subscription, and an SSE
// subscription.
var openers = []struct {
	name string
	open func(t testing.TB, url string) *rawConn
}{
	{"socket", func(t testing.TB, url string) *rawConn {
		c := rawSocket(t, url)
		c.send(t, `{"type":"connection_init","payload":{"Authorization":"Bearer demo-owner"}}`)
		c.await(t, "connection_ack")
		return c
	}},
	{"socket with a subscription", func(t testing.TB, url string) *rawConn {
		c := rawSocket(t, url)
		c.send(t, `{"type":"connection_init","payload":{"Authorization":"Bearer demo-owner"}}`)
		c.await(t, "connection_ack")
		c.send(t, `{"id":"1","type":"subscribe","payload":{"query":`+quote(revenueSub)+`}}`)
		c.await(t, `"next"`)
		return c
	}},
	{"sse", func(t testing.TB, url string) *rawConn { return rawSSE(t, url, "demo-owner", revenueSub) }},
}

// BenchmarkIdleSocket reports the gateway's heap per idle stream or
// socket, with the goroutines and stack each holds: n are opened on
// loopback and the heap compared, once collected, before and after,
// less what the clients themselves hold (as much to a listener that
// holds nothing). cost.go charges each tenant by these figures.
//
//	go test ./live -run '^$' -bench IdleSocket -benchtime 1x
func BenchmarkIdleSocket(b *testing.B) {
	const n = 500
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_ = c.Close()
		}
	}()
	for _, o := range openers {
		b.Run(o.name, func(b *testing.B) {
			h := liveHarness(b, time.Hour, func(l *live.Limits) { l.PerTenant, l.PerToken = 0, 0 }, nil)
			o.open(b, h.URL) // the poller and the caches are there before
			var heap, goroutines, stacks float64
			for b.Loop() {
				client, _, _ := perConn(n, func() *rawConn { return dialRaw(b, "http://"+ln.Addr().String()) })
				hp, g, s := perConn(n, func() *rawConn { return o.open(b, h.URL) })
				heap, goroutines, stacks = heap+hp-client, goroutines+g, stacks+s
			}
			runs := float64(b.N)
			b.ReportMetric(heap/runs, "heap-B/conn")
			b.ReportMetric(goroutines/runs, "goroutines/conn")
			b.ReportMetric(stacks/runs, "stack-B/conn")
		})
	}
}
