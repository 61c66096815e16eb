package toolbox_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// BenchmarkMCP serves /mcp requests in-process against recorded
// downstream answers, beside a small /query for scale. cpu-ns/op is the
// process's CPU time per request (garbage collection included), steadier
// than ns/op on a busy machine.
func BenchmarkMCP(b *testing.B) {
	env := demotest.Start(b, demotest.Now)
	c, err := clients.New(clients.Config{Endpoints: env.Endpoints(time.Second), Transport: &gatewaytest.Recorder{Next: http.DefaultTransport}})
	if err != nil {
		b.Fatal(err)
	}
	h := gatewaytest.Handler(b, gatewaytest.OptionsFor(c))
	for _, tc := range []struct{ name, path, body, want string }{
		{"tools/list", "/mcp", `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`, `"name":"revenue"`},
		{"tools/call", "/mcp", `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"occupancy","arguments":{}}}`, `occupancyRate`},
		{"query", "/query", `{"query":"{ tableOccupancy { total occupied covers } }"}`, `"occupied"`},
	} {
		b.Run(tc.name, func(b *testing.B) {
			serve := func() {
				req := httptest.NewRequest(http.MethodPost, tc.path, strings.NewReader(tc.body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Accept", "application/json, text/event-stream")
				req.Header.Set("Mcp-Protocol-Version", "2025-06-18")
				req.Header.Set("Authorization", "Bearer demo-owner")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), tc.want) {
					b.Fatalf("HTTP %d %s", rec.Code, rec.Body.String())
				}
			}
			serve()
			b.ReportAllocs()
			start := cpuTime(b)
			for b.Loop() {
				serve()
			}
			b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the CPU the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
