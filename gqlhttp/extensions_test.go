package gqlhttp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/maitre-pos/maitre/calllog"
)

// TestExtensions holds the extensions written without reflection to
// encoding/json's bytes, over random summaries, strings that need
// escaping and durations of every size included, and over extensions of
// other shapes.
func TestExtensions(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	strs := []string{"", "ok", "orders", "half-open", "circuit_open", `a"b`, `a\b`, "<x>", "a&b", "tab\t", "é", "\u2028", "\x7f"}
	floats := []float64{0, 0.001, 1, 12.345, 1e-7, -0.5, 1e20, 1e21, 123456.789, math.Inf(1), math.NaN()}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	for i := range 2000 {
		calls := make([]calllog.ServiceCalls, r.IntN(4))
		if i%50 == 0 {
			calls = nil
		}
		for j := range calls {
			calls[j] = calllog.ServiceCalls{Service: pick(strs), Calls: r.IntN(5) - 1, DurationMs: floats[r.IntN(len(floats))] * float64(r.IntN(3)),
				Status: pick(strs), Cached: r.IntN(3), Stale: r.IntN(2) == 0, AgeMs: int64(r.IntN(3)), Coalesced: r.IntN(3),
				Breaker: pick(strs), Windows: r.IntN(3)}
			if r.IntN(3) == 0 {
				calls[j].DurationMs = r.Float64() * 1e4
			}
		}
		ext := map[string]any{"correlationId": pick(strs), "services": calls}
		switch i % 7 {
		case 1:
			delete(ext, "services")
		case 2:
			ext["another"] = 1
		case 3:
			ext["correlationId"] = 3
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if got, want := string(extensions(ext)), string(marshal(ext)); got != want {
				t.Errorf("extensions(%#v)\n got %s\nwant %s", ext, got, want)
			}
		})
	}
}
