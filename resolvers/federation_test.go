package resolvers_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gatewaytest"
)

// TestFederationSubgraph: the subgraph's SDL names its entities, and
// _entities resolves them as the query fields do, batched (200 product
// representations cost one inventory call) and under the viewer's
// permissions. Expectations come from the services' raw rows.
func TestFederationSubgraph(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	var service struct{ SDL string }
	h.Query(t, "demo-owner", `{ _service { sdl } }`, nil).Field(t, "_service", &service)
	for _, entity := range []string{"Product", "Order", "Table", "Payment"} {
		if !strings.Contains(service.SDL, "type "+entity+` @key(fields: "id")`) {
			t.Errorf("the SDL has no entity %s", entity)
		}
	}
	linked, used := federationDirectives(t, service.SDL)
	if !slices.Equal(linked, used) {
		t.Errorf("the SDL links federation v2 importing %v; it uses %v", linked, used)
	}

	products := gatewaytest.RawProducts(t, h.Env, "bistro")
	reps := make([]any, 200)
	for i := range reps {
		reps[i] = map[string]any{"__typename": "Product", "id": products[i%len(products)].ID}
	}
	h.Env.Reset()
	r := h.Query(t, "demo-owner", `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id name } } }`, map[string]any{"r": reps})
	var got []struct{ ID, Name string }
	r.Field(t, "_entities", &got)
	if len(got) != 200 || len(r.Errors) > 0 {
		t.Fatalf("%d entities, errors %v", len(got), r.Errors)
	}
	for i, p := range got {
		if want := products[i%len(products)]; p.ID != want.ID || p.Name != want.Name {
			t.Errorf("entity %d is %+v; want %s %s", i, p, want.ID, want.Name)
		}
	}
	if calls := h.Env.Calls(clients.Inventory); len(calls) != 1 {
		t.Errorf("200 product representations cost %d inventory calls: %v", len(calls), calls)
	}

	ny, _ := time.LoadLocation("America/New_York")
	from, to := gatewaytest.Bounds("TODAY", demotest.Now, ny)
	todays := gatewaytest.RawOrders(t, h.Env, "bistro", gatewaytest.Window(from, to))
	orderReps := make([]any, 50)
	for i := range orderReps {
		orderReps[i] = map[string]any{"__typename": "Order", "id": todays[i].ID}
	}
	h.Env.Reset()
	r = h.Query(t, "demo-owner", `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { number items { product { name } } table { name } } } }`, map[string]any{"r": orderReps})
	var orderEntities []struct {
		Number int
		Items  []struct{ Product *struct{ Name string } }
	}
	r.Field(t, "_entities", &orderEntities)
	if len(orderEntities) != 50 || len(r.Errors) > 0 || orderEntities[0].Number != todays[0].Number || len(orderEntities[0].Items) == 0 || orderEntities[0].Items[0].Product == nil {
		t.Errorf("50 orders as entities: %s", r.Raw)
	}
	for _, svc := range []clients.Service{clients.Orders, clients.Inventory, clients.Restaurant} {
		if calls := h.Env.Calls(svc); len(calls) != 1 {
			t.Errorf("50 order entities with their products and tables cost %d %s calls: %v", len(calls), svc, calls)
		}
	}
	order := todays[0]
	payment := gatewaytest.RawPayments(t, h.Env, "bistro", from, to)[0]
	mixed := []any{
		map[string]any{"__typename": "Order", "id": order.ID},
		map[string]any{"__typename": "Payment", "id": payment.ID},
		map[string]any{"__typename": "Table", "id": "tbl_bis_01"},
		map[string]any{"__typename": "Product", "id": "prd_nope"},
	}
	const mixedQuery = `query($r: [_Any!]!) { _entities(representations: $r) {
		... on Order { number } ... on Payment { amount { amount } } ... on Table { name } ... on Product { name } } }`
	r = h.Query(t, "demo-owner", mixedQuery, map[string]any{"r": mixed})
	var entities []json.RawMessage
	r.Field(t, "_entities", &entities)
	want := []string{`{"number":` + strconv.Itoa(order.Number) + `}`, `{"amount":{"amount":"` + gatewaytest.Amount(payment.Amount, "USD") + `"}}`, `{"name":"T1"}`, `null`}
	for i, e := range entities {
		if i < len(want) && string(e) != want[i] {
			t.Errorf("entity %d is %s; want %s", i, e, want[i])
		}
	}
	many := make([]any, 300)
	for i := range many {
		many[i] = map[string]any{"__typename": "Product", "id": products[0].ID}
	}
	h.Env.Reset()
	r = h.Query(t, "demo-owner", `query($r: [_Any!]!) { a: _entities(representations: $r) { ... on Product { id } } b: _entities(representations: $r) { ... on Product { id } } }`, map[string]any{"r": many})
	if e := r.ErrorAt("a"); e == nil || e.Extensions["code"] != "BAD_USER_INPUT" || len(h.Env.Calls(clients.Inventory)) != 0 {
		t.Errorf("600 entities in one operation: %s, %d inventory calls; want BAD_USER_INPUT and none", r.Raw, len(h.Env.Calls(clients.Inventory)))
	}
	r = h.Query(t, "demo-cashier", mixedQuery, map[string]any{"r": mixed[1:2]})
	if e := r.ErrorAt("_entities"); e == nil || e.Extensions["code"] != "FORBIDDEN" {
		t.Errorf("the cashier's payment entity: %s; want FORBIDDEN", r.Raw)
	}
}

// TestEntitiesPriced: _entities costs what the same selection costs
// through its list field, a representation for a row, under the same
// complexity limit: a selection refused through orders(first: 500) is
// refused for 500 Order representations too, and taken for 50 as it is
// through orders(first: 50).
func TestEntitiesPriced(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	const deep = `number items { quantity unitPrice { amount } product { name category stock price { amount } } }
		payments { amount { amount } method status order { number table { name status } } } table { name seats status }`
	list := h.Query(t, "demo-owner", `{ orders(first: 500) { nodes { `+deep+` } } }`, nil)
	reps := make([]any, 500)
	for i := range reps {
		reps[i] = map[string]any{"__typename": "Order", "id": fmt.Sprintf("ord_bis_%d", i)}
	}
	entities := h.Query(t, "demo-owner", `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { `+deep+` } } }`, map[string]any{"r": reps})
	for name, r := range map[string]gatewaytest.Response{"orders(first: 500)": list, "500 Order entities": entities} {
		if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "COMPLEXITY_LIMIT_EXCEEDED" {
			t.Errorf("%s: %.300s; want COMPLEXITY_LIMIT_EXCEEDED", name, r.Raw)
		}
	}
	for name, r := range map[string]gatewaytest.Response{
		"orders(first: 50)": h.Query(t, "demo-owner", `{ orders(first: 50) { nodes { `+deep+` } } }`, nil),
		"50 Order entities": h.Query(t, "demo-owner", `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { `+deep+` } } }`, map[string]any{"r": reps[:50]}),
	} {
		if len(r.Errors) > 0 && r.Errors[0].Extensions["code"] == "COMPLEXITY_LIMIT_EXCEEDED" {
			t.Errorf("%s refused: %.300s", name, r.Raw)
		}
	}
}

// spec are the directives of the federation v2 spec a subgraph may import.
var spec = []string{"authenticated", "composeDirective", "context", "cost", "external", "fromContext", "inaccessible",
	"interfaceObject", "key", "listSize", "override", "policy", "provides", "requires", "requiresScopes", "shareable", "tag"}

// federationDirectives reads sdl: the directives its schema extension's
// @link to federation v2 imports (none without one), and the spec's
// directives it uses, both sorted.
func federationDirectives(t *testing.T, sdl string) (linked, used []string) {
	t.Helper()
	doc, err := parser.ParseSchema(&ast.Source{Input: sdl})
	if err != nil {
		t.Fatalf("the SDL does not parse: %v", err)
	}
	for _, ext := range doc.SchemaExtension {
		for _, d := range ext.Directives.ForNames("link") {
			if !strings.HasPrefix(d.Arguments.ForName("url").Value.Raw, "https://specs.apollo.dev/federation/v2.") {
				continue
			}
			for _, imp := range d.Arguments.ForName("import").Value.Children {
				linked = append(linked, strings.TrimPrefix(imp.Value.Raw, "@"))
			}
		}
	}
	seen := map[string]bool{}
	note := func(ds ast.DirectiveList) {
		for _, d := range ds {
			if slices.Contains(spec, d.Name) {
				seen[d.Name] = true
			}
		}
	}
	for _, defs := range [][]*ast.Definition{doc.Definitions, doc.Extensions} {
		for _, def := range defs {
			note(def.Directives)
			for _, f := range def.Fields {
				note(f.Directives)
			}
		}
	}
	used = slices.Sorted(maps.Keys(seen))
	slices.Sort(linked)
	return linked, used
}
