package render_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/gatewaytest"
	"github.com/maitre-pos/maitre/graph/generated"
)

// reduced is a gatewaytest.Response reduced to what both paths must agree on: data
// byte for byte, errors without their correlation IDs, in any order.
func reduced(t testing.TB, h http.Handler, token, query string) (data, errs string) {
	t.Helper()
	rec := gatewaytest.Post(h, token, query, "")
	var body struct {
		Data   json.RawMessage
		Errors []map[string]any
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("%s: %v", rec.Body.String(), err)
	}
	for _, e := range body.Errors {
		if ext, ok := e["extensions"].(map[string]any); ok {
			delete(ext, "correlationId")
		}
	}
	// gqlgen reports errors in the order its goroutines meet them.
	list := make([]string, len(body.Errors))
	for i, e := range body.Errors {
		b, _ := json.Marshal(e)
		list[i] = string(b)
	}
	slices.Sort(list)
	return string(body.Data), strings.Join(list, "\n")
}

// TestRenderedAsGQLGen holds the renderer to gqlgen's own answers, byte
// for byte: the load tests' shapes for every demo token, and random
// selections over every root the renderer serves, with the services
// healthy and failing.
func TestRenderedAsGQLGen(t *testing.T) {
	t.Parallel()
	env := demotest.Start(t, demotest.Now)
	rendered := gatewaytest.Handler(t, gatewaytest.OptionsFor(env.Client(t, time.Second)))
	reference := gatewaytest.Handler(t, gatewaytest.With(gatewaytest.OptionsFor(env.Client(t, time.Second)), func(o *gateway.Options) {
		o.GQLGenOnly = true
	}))
	tokens := []string{"demo-owner", "demo-cashier", "cafe-owner", "izakaya-owner"}
	same := func(t *testing.T, token, q string) {
		t.Helper()
		wantData, wantErrs := reduced(t, reference, token, q)
		gotData, gotErrs := reduced(t, rendered, token, q)
		if gotData != wantData || gotErrs != wantErrs {
			t.Errorf("%s %s\nrendered: %.600s %.300s\ngqlgen:   %.600s %.300s", token, q, gotData, gotErrs, wantData, wantErrs)
		}
	}
	for _, q := range gatewaytest.Shapes {
		if q.Path != "/query" {
			continue
		}
		var body struct{ Query string }
		_ = json.Unmarshal([]byte(q.Body), &body)
		for _, token := range tokens {
			t.Run(q.Name+"/"+token, func(t *testing.T) { same(t, token, body.Query) })
		}
	}
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	rng := rand.New(rand.NewPCG(7, 11))
	for _, spec := range []string{"", "payments=down", "inventory=partial,restaurant=error:500"} {
		f, err := faults.Parse(spec)
		if err != nil {
			t.Fatal(err)
		}
		env.Demo.SetFaults(f)
		n := 120
		if spec != "" {
			n = 15
		}
		for i := range n {
			q := randomQuery(rng, schema)
			token := tokens[i%len(tokens)]
			t.Run(fmt.Sprintf("random/%s/%d", spec, i), func(t *testing.T) { same(t, token, q) })
		}
	}
	env.Demo.SetFaults(nil)
}

// randomRoots are the renderer's roots with arguments that find data.
var randomRoots = []string{
	`orders(range: {period: LAST_7_DAYS}, first: 20)`, `orders(range: {from: "2026-11-20", to: "2026-11-26"}, status: [COMPLETED], first: 5)`,
	`payments(range: {period: TODAY}, first: 10)`, `products(first: 30)`, `products(category: "Wine", first: 5)`,
	`product(id: "prd_bis_001")`, `product(id: "prd_caf_003")`, `pendingOrders`, `tableOccupancy`, `tables`, `tables(status: OCCUPIED)`,
	`orders(range: {period: TODAY}, first: 501)`,
}

// randomQuery is one or two random roots, each with a random selection:
// fields, aliases, repeated keys, inline and named fragments, __typename.
func randomQuery(rng *rand.Rand, schema *ast.Schema) string {
	var frags []string
	var b strings.Builder
	b.WriteString("{")
	for i := range 1 + rng.IntN(2) {
		root := randomRoots[rng.IntN(len(randomRoots))]
		name, _, _ := strings.Cut(root, "(")
		def := schema.Query.Fields.ForName(name)
		fmt.Fprintf(&b, " r%d: %s", i, root)
		b.WriteString(selection(rng, schema, def.Type, 0, &frags))
	}
	b.WriteString(" }")
	return b.String() + strings.Join(frags, "")
}

func selection(rng *rand.Rand, schema *ast.Schema, t *ast.Type, depth int, frags *[]string) string {
	def := schema.Types[t.Name()]
	if def.Kind != ast.Object {
		return ""
	}
	var fields []*ast.FieldDefinition
	for _, f := range def.Fields {
		if len(f.Arguments) == 0 && !strings.HasPrefix(f.Name, "__") && (depth < 3 || schema.Types[f.Type.Name()].Kind != ast.Object) {
			fields = append(fields, f)
		}
	}
	rng.Shuffle(len(fields), func(i, j int) { fields[i], fields[j] = fields[j], fields[i] })
	fields = fields[:1+rng.IntN(min(len(fields), 4))]
	var parts []string
	for _, f := range fields {
		p := f.Name
		if rng.IntN(5) == 0 {
			p = "a" + f.Name + ": " + p
		}
		p += selection(rng, schema, f.Type, depth+1, frags)
		parts = append(parts, p)
		if rng.IntN(6) == 0 {
			parts = append(parts, p) // the same key twice
		}
	}
	if rng.IntN(4) == 0 {
		parts = append(parts, "__typename")
	}
	switch rng.IntN(5) {
	case 0:
		k := rng.IntN(len(parts))
		parts[k] = "... on " + def.Name + " { " + parts[k] + " }"
	case 1:
		name := fmt.Sprintf("F%d", len(*frags))
		k := rng.IntN(len(parts))
		*frags = append(*frags, " fragment "+name+" on "+def.Name+" { "+parts[k]+" }")
		parts[k] = "..." + name
	}
	return " { " + strings.Join(parts, " ") + " }"
}

// TestRenderedAllocations checks that the renderer, not gqlgen, answers
// the orders page: it allocates a fraction of what gqlgen does.
func TestRenderedAllocations(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	rec := &gatewaytest.Recorder{Next: http.DefaultTransport}
	c, err := clients.New(clients.Config{Endpoints: env.Endpoints(time.Second), Transport: rec})
	if err != nil {
		t.Fatal(err)
	}
	q := gatewaytest.Shapes[0].Body
	allocs := func(gqlgenOnly bool) float64 {
		o := gatewaytest.OptionsFor(c)
		o.GQLGenOnly = gqlgenOnly
		h := gatewaytest.Handler(t, o)
		return testing.AllocsPerRun(20, func() { gatewaytest.PostBody(h, "demo-owner", []byte(q), "") })
	}
	rendered, reference := allocs(false), allocs(true)
	if rendered > reference/2 {
		t.Errorf("the orders page allocates %.0f times rendered, %.0f through gqlgen; want under half", rendered, reference)
	}
}

// TestRenderedCalls checks that a selection the renderer leaves to
// gqlgen part-way costs no second call downstream.
func TestRenderedCalls(t *testing.T) {
	t.Parallel()
	env := demotest.Start(t, demotest.Now)
	h := gatewaytest.Handler(t, gatewaytest.OptionsFor(env.Client(t, time.Second)))
	for _, q := range []string{
		`{ orders(range: {period: TODAY}, first: 50) { nodes { items { product { name } } } } }`,
		`{ orders(range: {period: TODAY}, first: 50) { nodes { items { product { name cost { amount } } } } } }`,
	} {
		env.Reset()
		if _, errs := reduced(t, h, "demo-cashier", q); errs == "null" && strings.Contains(q, "cost") {
			t.Errorf("a cashier saw cost")
		}
		for _, s := range []clients.Service{clients.Orders, clients.Inventory} {
			if calls := env.Calls(s); len(calls) != 1 {
				t.Errorf("%s: %d calls to %s: %v; want 1", q, len(calls), s, calls)
			}
		}
	}
}
