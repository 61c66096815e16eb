package gateway_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/bench"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/gatewaytest"
)

func firstCode(t testing.TB, rec *httptest.ResponseRecorder) (string, map[string]json.RawMessage) {
	t.Helper()
	var body map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body is not JSON: %.200s", rec.Body.String())
	}
	var errs []gqlError
	_ = json.Unmarshal(body["errors"], &errs)
	if len(errs) == 0 {
		return "", body
	}
	code, _ := errs[0].Extensions["code"].(string)
	return code, body
}

// TestAttackCorpus sends every attack at every size, up to the body limit,
// with its limit at the default and the others lifted: each is refused
// with its own code, as a request error with no data.
func TestAttackCorpus(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	c := env.Client(t, time.Second)
	for _, a := range bench.Attacks {
		h := handler(t, with(options(c), func(o *gateway.Options) {
			o.Limits.Document = bench.Lifted(a.Limit)
		}))
		for _, size := range a.Sizes() {
			t.Run(a.Name+"/"+strconv.Itoa(size>>10)+"KB", func(t *testing.T) {
				doc := a.Sized(size)
				for _, accept := range []string{"application/json", "application/graphql-response+json"} {
					rec := gatewaytest.Post(h, "demo-cashier", doc, accept)
					code, body := firstCode(t, rec)
					want := map[string]int{"application/json": 200, "application/graphql-response+json": 400}[accept]
					if code != a.Code || rec.Code != want || body["data"] != nil {
						t.Errorf("%d bytes as %s: HTTP %d, code %q, data %s; want %d, %s and no data", len(doc), accept, rec.Code, code, body["data"], want, a.Code)
					}
				}
			})
		}
	}
}

// TestAttacksAtDefaults sends each attack at every size to a gateway with
// the default limits: every one is refused before it runs, and at the
// body limit by the lexical pass, before anything is parsed.
func TestAttacksAtDefaults(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	h := handler(t, options(env.Client(t, time.Second)))
	lexical := map[string]bool{"QUERY_TOO_LARGE": true, "QUERY_TOO_DEEP": true, "NAME_TOO_LONG": true, "STRING_TOO_LONG": true}
	for _, a := range bench.Attacks {
		t.Run(a.Name, func(t *testing.T) {
			sizes := a.Sizes()
			for i, size := range sizes {
				doc := a.Sized(size)
				code, body := firstCode(t, gatewaytest.Post(h, "demo-cashier", doc, ""))
				if code == "" || body["data"] != nil || i == len(sizes)-1 && !lexical[code] {
					t.Errorf("%d bytes: code %q, data %s; want a refusal (by the lexical pass at the body limit)", len(doc), code, body["data"])
				}
			}
		})
	}
}

// BenchmarkRejection measures what refusing each attack costs at each size,
// in-process and on one goroutine, so ns/op is the server's CPU: with the
// default limits, and with only the attack's own limit in the way.
func BenchmarkRejection(b *testing.B) {
	env := demotest.Start(b, demotest.Now)
	c := env.Client(b, time.Second)
	def := handler(b, options(c))
	for _, a := range bench.Attacks {
		own := handler(b, with(options(c), func(o *gateway.Options) {
			o.Limits.Document = bench.Lifted(a.Limit)
		}))
		for _, size := range a.Sizes() {
			doc := a.Sized(size)
			for _, cfg := range []struct {
				name string
				h    http.Handler
			}{{"defaults", def}, {"own-limit", own}} {
				body := bench.QueryBody(doc)
				b.Run(fmt.Sprintf("%s/%s/%dKB", strings.ReplaceAll(a.Name, " ", "_"), cfg.name, size>>10), func(b *testing.B) {
					b.SetBytes(int64(len(body)))
					for b.Loop() {
						gatewaytest.PostBody(cfg.h, "demo-cashier", body, "")
					}
				})
			}
		}
	}
}
