package admit

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/graph/generated"
	"github.com/maitre-pos/maitre/sized"
)

// maitreSchema is the gateway's own schema, as gqlgen built it (the
// federation plugin's types included).
func maitreSchema(t testing.TB) *ast.Schema {
	t.Helper()
	return generated.NewExecutableSchema(generated.Config{}).Schema()
}

// petSchema has interfaces and unions, which maitre's schema lacks, so
// that the merge check meets abstract parents.
func petSchema(t testing.TB) *ast.Schema {
	t.Helper()
	s, err := gqlparser.LoadSchema(&ast.Source{Name: "pets", Input: `
		interface Node { id: ID! name: String }
		type User implements Node { id: ID! name: String nick: String friends(first: Int): [User!] pet: Pet best: Node size: Int }
		type Dog implements Node { id: ID! name: String barks(loud: Boolean): Boolean owner: User size: Int }
		type Cat implements Node { id: ID! name: String meows: Boolean owner: User size: String }
		union Pet = Dog | Cat
		type Query { node(id: ID): Node user(id: ID): User pets: [Pet] me: User search(term: String): [Node] }`})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sortedTypes(s *ast.Schema) []string {
	names := make([]string, 0, len(s.Types))
	for n := range s.Types {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// testExecutor admits documents without running them, under the
// default limits as set changes them.
func testExecutor(schema *ast.Schema, set func(*Limits)) *Executor {
	l := Defaults
	if set != nil {
		set(&l)
	}
	return &Executor{schema: schema, limits: l, docs: sized.New[*ast.QueryDocument](100, 1<<20, 0)}
}

func codeOf(errs gqlerror.List) string {
	if len(errs) == 0 {
		return ""
	}
	return errcode.Of(errs[0])
}

func repeat(s string, n int) string { return strings.Repeat(s, n) }

// bomb is n fragments each spreading the next twice: 2^n fields.
func bomb(n int) string {
	var b strings.Builder
	b.WriteString("query { ...F0 } ")
	for i := range n {
		b.WriteString("fragment F" + itoa(i) + " on Query { ...F" + itoa(i+1) + " ...F" + itoa(i+1) + " } ")
	}
	b.WriteString("fragment F" + itoa(n) + " on Query { me { name } }")
	return b.String()
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestLimits(t *testing.T) {
	schema := maitreSchema(t)
	nested := "{ orders { nodes { id" + repeat(" payments { order { id", 6) + repeat(" } }", 6) + " } } }"
	tests := []struct {
		name, doc, code string
	}{
		{"valid", `{ me { name } revenue { total { formatted } } }`, ""},
		{"tokens", "{ me { " + repeat("name ", 5000) + "} }", errcode.QueryTooLarge},
		{"bracket nesting", "{ me(x: " + repeat("[", 70) + repeat("]", 70) + ") { name } }", errcode.QueryTooDeep},
		{"depth", nested, errcode.QueryTooDeep},
		{"depth just within", "{ orders { nodes {" + repeat(" payments { order {", 4) + " payments { id }" + repeat(" } }", 4) + " } } }", ""},
		{"introspection depth", "{ __schema { types { fields { type " + repeat("{ ofType ", 14) + "{ name }" + repeat(" }", 14) + " } } } }", errcode.QueryTooDeep},
		{"fields", "query { ...A } fragment A on Query { " + repeat("a: me { name userId tenantId } ", 1) + "} " +
			"fragment B on Viewer { name }", errcode.ValidationFailed}, // unused B: valid shape, invalid document
		{"fragment bomb", bomb(22), errcode.SelectionTooWide},
		{"width", "{ me { " + repeat("name ", 201) + "} }", errcode.SelectionTooWide},
		{"root fields", "{ " + repeat("me { name } ", 21) + "}", errcode.TooManyRootFields},
		{"directives", "{ me { name " + repeat("@include(if: true) ", 11) + "} }", errcode.TooManyDirectives},
		{"repeated directive", "{ me { name @include(if: true) @include(if: true) } }", errcode.ValidationFailed},
		{"aliases", "{ me { " + aliased("name", 31) + "} }", errcode.TooManyAliases},
		{"typename aliases", "{ me { " + aliased("__typename", 31) + "} }", errcode.TooManyAliases},
		{"aliases through a fragment", "{ me { ...V ...V ...V } } fragment V on Viewer { " + aliased("name", 11) + "}", errcode.TooManyAliases},
		{"fragments", "{ ...F0 } " + chain(101), errcode.TooManyFragments},
		{"fragments within", "{ ...F0 } " + chain(100), ""},
		{"two introspections", "{ a: __schema { queryType { name } } b: __type(name: \"Query\") { name } }", errcode.TooManyIntrospects},
		{"cycle", "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }", errcode.ValidationFailed},
		{"conflict", `{ me { x: name x: tenantId } }`, errcode.ValidationFailed},
		{"no operation", `fragment A on Query { me { name } }`, errcode.ValidationFailed},
		{"parse error", `{ me { name }`, errcode.ParseFailed},
		{"long alias", "{ me { " + repeat("a", 257) + ": name } }", errcode.NameTooLong},
		{"long name", "{ me { " + repeat("n", 300) + " } }", errcode.NameTooLong},
		{"long string", `{ products(search: "` + repeat("x", 4097) + `") { nodes { id } } }`, errcode.StringTooLong},
		{"long block string", `{ products(search: """` + repeat("x", 4097) + `""") { nodes { id } } }`, errcode.StringTooLong},
		{"string within", `{ products(search: "` + repeat("x", 4096) + `") { nodes { id } } }`, ""},
		{"operations", repeat("query { me { name } } ", 21), errcode.TooManyOperations},
		{"shared fragment walked per operation", "fragment F on Query { orders(status: [" + repeat("PENDING, ", 1300) + "PENDING]) { nodes { id } } } " +
			numberedOps(20, "{ ...F }"), errcode.ValidationTooCostly},
		{"fragments walked from every fragment", "{ me { ...F0 } } " + valueChain(99), errcode.ValidationTooCostly},
		{"introspection aliases", "{ __schema { types { a: name b: fields { name } } } }", errcode.IntrospectionAlias},
		{"introspection aliases through a fragment", "{ __schema { ...S } } fragment S on __Schema { t: types { name } }", errcode.IntrospectionAlias},
		{"aliased __schema", "{ s: __schema { queryType { name } } }", ""},
		{"unknown field", "{ me { nme } }", errcode.ValidationFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := testExecutor(schema, nil).document(context.Background(), tt.doc)
			if got := codeOf(errs); got != tt.code {
				t.Errorf("code %q (%v); want %q", got, errs, tt.code)
			}
		})
	}
	t.Run("introspection off", func(t *testing.T) {
		_, errs := testExecutor(schema, func(l *Limits) { l.NoIntrospection = true }).document(context.Background(), `{ __schema { queryType { name } } }`)
		if got := codeOf(errs); got != errcode.IntrospectionOff {
			t.Errorf("code %q; want %q", got, errcode.IntrospectionOff)
		}
	})
}

// valueChain is n+1 fragments on Viewer, each spreading the next.
func valueChain(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("fragment F" + itoa(i) + " on Viewer { ...F" + itoa(i+1) + " name @include(if: true) @skip(if: false) } ")
	}
	b.WriteString("fragment F" + itoa(n) + " on Viewer { name }")
	return b.String()
}

// numberedOps is n named operations of one body.
func numberedOps(n int, body string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("query Q" + itoa(i) + " " + body + " ")
	}
	return b.String()
}

func aliased(field string, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("a" + itoa(i) + ": " + field + " ")
	}
	return b.String()
}

// chain is n fragments, each spreading the next, the last reading me.
func chain(n int) string {
	var b strings.Builder
	for i := range n - 1 {
		b.WriteString("fragment F" + itoa(i) + " on Query { ...F" + itoa(i+1) + " } ")
	}
	b.WriteString("fragment F" + itoa(n-1) + " on Query { me { name } }")
	return b.String()
}

// TestIntrospectionQueryPasses admits the query GraphiQL sends.
func TestIntrospectionQueryPasses(t *testing.T) {
	_, errs := testExecutor(maitreSchema(t), nil).document(context.Background(), graphiqlIntrospection)
	if errs != nil {
		t.Fatal(errs)
	}
}

// graphiqlIntrospection is graphql-js's getIntrospectionQuery with every
// option GraphiQL 4 turns on.
const graphiqlIntrospection = `query IntrospectionQuery {
  __schema {
    description
    queryType { name kind }
    mutationType { name kind }
    subscriptionType { name kind }
    types { ...FullType }
    directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description specifiedByURL isOneOf
  fields(includeDeprecated: true) { name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields(includeDeprecated: true) { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated deprecationReason }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
}`

// overlapErr runs gqlparser's own field-merging rule, alone.
func overlapErr(schema *ast.Schema, doc *ast.QueryDocument) bool {
	r := rules.NewRules(rules.OverlappingFieldsCanBeMergedRule)
	return len(validator.ValidateWithRules(schema, doc, r)) > 0
}

// TestMergeCases pins the merge check on cases from the spec and on the
// abstract parents it exempts.
func TestMergeCases(t *testing.T) {
	schema := petSchema(t)
	tests := []struct {
		name, doc string
		conflict  bool
	}{
		{"same field twice", `{ me { name name } }`, false},
		{"alias clash", `{ me { x: name x: id } }`, true},
		{"different args", `{ me { friends(first: 1) { id } friends(first: 2) { id } } }`, true},
		{"same args", `{ me { friends(first: 1) { id } friends(first: 1) { name } } }`, false},
		{"exclusive parents, different fields", `{ pets { ... on Dog { x: barks } ... on Cat { x: meows } } }`, false},
		{"exclusive parents, different scalars", `{ pets { ... on Dog { x: name } ... on Cat { x: meows } } }`, true},
		{"exclusive parents, different shapes", `{ pets { ... on Dog { size } ... on Cat { size } } }`, true},
		{"abstract parent meets object", `{ node(id: "1") { ... on Node { x: name } ... on Dog { x: id } } }`, true},
		{"abstract parent same field", `{ node(id: "1") { ... on Node { name } ... on Dog { name } } }`, false},
		{"nested conflict", `{ me { best { x: name } best { x: id } } }`, true},
		{"nested exclusive", `{ pets { ... on Dog { owner { x: name } } ... on Cat { owner { x: nick } } } }`, false},
		{"nested exclusive, different shapes", `{ pets { ... on Dog { owner { x: name } } ... on Cat { owner { x: id } } } }`, true},
		{"through fragments", `{ me { ...A ...B } } fragment A on User { x: name } fragment B on User { x: id }`, true},
		{"list vs single", `{ me { best { id } } me { x: best { id } } }`, false},
		{"args on exclusive", `{ pets { ... on Dog { barks(loud: true) } ... on Cat { barks: meows } } }`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parser.ParseQuery(&ast.Source{Input: tt.doc})
			if err != nil {
				t.Fatal(err)
			}
			r := rules.NewDefaultRules()
			r.RemoveRule(rules.OverlappingFieldsCanBeMergedRule.Name)
			if errs := validator.ValidateWithRules(schema, doc, r); len(errs) > 0 {
				t.Fatalf("invalid test document: %v", errs)
			}
			got := mergeable(context.Background(), schema, doc, Defaults.MaxValidationWork) != nil
			if got != tt.conflict {
				t.Errorf("conflict %v; want %v", got, tt.conflict)
			}
			if ref := overlapErr(schema, doc); ref != tt.conflict {
				t.Errorf("gqlparser's rule says conflict %v; the case is wrong", ref)
			}
		})
	}
}

// FuzzMerge checks that the budgeted merge check agrees with gqlparser's
// pairwise rule on every generated document the other rules accept.
func FuzzMerge(f *testing.F) {
	schema := petSchema(f)
	for _, seed := range []string{"", "\x01\x02\x03", "abcdefghijklmnop", "\xff\x10\x20\x30\x40\x50\x60\x70\x80\x90"} {
		f.Add([]byte(seed))
	}
	others := rules.NewDefaultRules()
	others.RemoveRule(rules.OverlappingFieldsCanBeMergedRule.Name)
	f.Fuzz(func(t *testing.T, in []byte) {
		src := newGen(schema, in).document()
		doc, err := parser.ParseQuery(&ast.Source{Input: src})
		if err != nil {
			t.Fatalf("generated an unparsable document: %v\n%s", err, src)
		}
		if len(validator.ValidateWithRules(schema, doc, others)) > 0 {
			return
		}
		got := mergeable(context.Background(), schema, doc, 1<<30) != nil
		if want := overlapErr(schema, doc); got != want {
			t.Fatalf("merge check says conflict %v, gqlparser %v:\n%s", got, want, src)
		}
	})
}

func TestMergeCorpus(t *testing.T) {
	// The fuzz target's property over a fixed, generated corpus, so that
	// go test exercises it without -fuzz.
	schema := petSchema(t)
	others := rules.NewDefaultRules()
	others.RemoveRule(rules.OverlappingFieldsCanBeMergedRule.Name)
	checked, conflicts := 0, 0
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		in := make([]byte, 20+r.IntN(200))
		for i := range in {
			in[i] = byte(r.Uint32())
		}
		src := newGen(schema, in).document()
		doc, err := parser.ParseQuery(&ast.Source{Input: src})
		if err != nil || len(validator.ValidateWithRules(schema, doc, others)) > 0 {
			continue
		}
		checked++
		got := mergeable(context.Background(), schema, doc, 1<<30) != nil
		if got {
			conflicts++
		}
		if want := overlapErr(schema, doc); got != want {
			t.Fatalf("merge check says conflict %v, gqlparser %v:\n%s", got, want, src)
		}
	}
	if checked < 300 || conflicts == 0 || conflicts == checked {
		t.Fatalf("%d valid documents, %d with conflicts: the corpus does not test both outcomes", checked, conflicts)
	}
	t.Logf("%d documents agreed, %d with conflicts", checked, conflicts)
}

// TestMergeBudget: abstract fields are compared once per object type they
// meet, so work can multiply; the budget stops it.
func TestMergeBudget(t *testing.T) {
	schema := petSchema(t)
	q := "{ search(term: \"x\") { " + repeat("... on Node { name } ... on Dog { name } ... on Cat { name } ... on User { name } ", 30) + "} }"
	doc, err := parser.ParseQuery(&ast.Source{Input: q})
	if err != nil {
		t.Fatal(err)
	}
	validator.ValidateWithRules(schema, doc, rules.NewDefaultRules())
	if err := mergeable(context.Background(), schema, doc, Defaults.MaxValidationWork); err != nil {
		t.Fatalf("default budget: %v", err)
	}
	if err := mergeable(context.Background(), schema, doc, 50); errcode.Of(err) != errcode.ValidationTooCostly {
		t.Fatalf("a budget of 50: %v; want %s", err, errcode.ValidationTooCostly)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	big := "{ me { " + repeat("name ", 2000) + "} }"
	doc, _ = parser.ParseQuery(&ast.Source{Input: big})
	validator.ValidateWithRules(schema, doc, rules.NewDefaultRules())
	if err := mergeable(ctx, schema, doc, 1<<30); errcode.Of(err) != errcode.ClientClosed {
		t.Fatalf("a canceled request: %v; want %s", err, errcode.ClientClosed)
	}
}

// TestDocBytes keeps docBytes above what parsing and validating really
// allocate, so that the cache's byte bound is a real bound.
func TestDocBytes(t *testing.T) {
	schema := maitreSchema(t)
	docs := []string{graphiqlIntrospection, `{ me { name } }`, "{ me { " + repeat("name ", 190) + "} }",
		"{ me { " + repeat("__typename ", 190) + "} }", "{ me { " + aliased("__typename", 30) + "} }",
		`query Dash { revenue { total { amount formatted } orderCount averageOrderValue { formatted } byMethod { method share } }
		 orders(first: 50) { nodes { id number items { quantity product { name price { formatted } } } payments { amount { formatted } } table { name } } } }`}
	const copies = 100
	for _, q := range docs {
		e := testExecutor(schema, nil)
		tokens, _ := lex(&ast.Source{Input: q}, e.limits)
		held := make([]*ast.QueryDocument, copies)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for i := range held {
			doc, errs := e.document(context.Background(), q+repeat(" ", i+1)) // a new text each time
			if errs != nil {
				t.Fatal(errs)
			}
			held[i] = doc
		}
		e.docs = nil // only the documents stay reachable
		runtime.GC()
		runtime.ReadMemStats(&after)
		per := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / copies
		runtime.KeepAlive(held)
		est := docBytes(q, tokens)
		if est < per {
			t.Errorf("%d tokens: estimated %d bytes, a document holds %d", tokens, est, per)
		}
		t.Logf("%d tokens: estimated %d bytes, a document holds %d", tokens, est, per)
	}
}

func TestVariables(t *testing.T) {
	schema := maitreSchema(t)
	doc, err2 := gqlparser.LoadQuery(schema, `query($n: Int, $s: String!, $r: DateRange, $st: [OrderStatus!], $id: ID!) {
		orders(first: $n, range: $r, status: $st) { nodes { id } } order(id: $id) { id } chat(question: $s) { answer } }`)
	if err2 != nil {
		t.Fatal(err2)
	}
	op := doc.Operations[0]
	ok := map[string]any{"s": "hi", "id": "o1"}
	tests := []struct {
		name string
		set  map[string]any
		want string // part of the message, "" for accepted
	}{
		{"valid", map[string]any{"n": json.Number("10")}, ""},
		{"string for Int", map[string]any{"n": "10"}, `"10" is not an Int: it is a string`},
		{"fraction for Int", map[string]any{"n": json.Number("1.5")}, `1.5 is not an Int`},
		{"too big for Int", map[string]any{"n": json.Number("3000000000")}, `3000000000 is not an Int`},
		{"number for String", map[string]any{"s": json.Number("7")}, `7 is not a String: it is a number`},
		{"null for non-null", map[string]any{"s": nil}, `cannot be null`},
		{"missing required", map[string]any{"s": nil, "id": nil}, `cannot be null`},
		{"unknown enum", map[string]any{"st": []any{"DONE"}}, `"DONE" is not a OrderStatus`},
		{"single value for a list", map[string]any{"st": "PENDING"}, ""},
		{"input object field", map[string]any{"r": map[string]any{"period": "SOMEDAY"}}, `at .period "SOMEDAY" is not a Period`},
		{"unknown input field", map[string]any{"r": map[string]any{"when": "x"}}, `has a field "when"`},
		{"float ID", map[string]any{"id": json.Number("1.5")}, `1.5 is not an ID`},
		{"int ID", map[string]any{"id": json.Number("15")}, ""},
		{"Go int from chat", map[string]any{"n": 3}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := map[string]any{}
			for k, v := range ok {
				vars[k] = v
			}
			for k, v := range tt.set {
				vars[k] = v
			}
			err := checkVariables(schema, op, vars, 4096)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Message, tt.want) || errcode.Of(err) != errcode.BadUserInput):
				t.Errorf("error %v; want BAD_USER_INPUT with %q", err, tt.want)
			}
		})
	}
	if err := checkVariables(schema, op, map[string]any{"s": "x"}, 4096); err == nil || !strings.Contains(err.Message, "$id is required") {
		t.Errorf("a missing required variable: %v", err)
	}
	if err := checkVariables(schema, op, map[string]any{"s": repeat("x", 4097), "id": "o1"}, 4096); errcode.Of(err) != errcode.StringTooLong {
		t.Errorf("a 4097-byte string: %v; want %s", err, errcode.StringTooLong)
	}
}

// FuzzAdmit admits generated documents over maitre's schema: never a
// panic, and never more time than a bound proportional to the input, with
// room for a pause of a loaded machine (the attacks it guards took seconds).
func FuzzAdmit(f *testing.F) {
	schema := maitreSchema(f)
	for _, seed := range []string{"", "\x00", "\x03\x03\x03\x03\x03\x03", "zzzzzzzzzzzzzzzzzzzzzzzz", bomb(3)} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		src := newGen(schema, in).document()
		if len(in) > 0 && in[0]%5 == 0 {
			src = string(in) // raw bytes too: the lexer's and parser's turn
		}
		e := testExecutor(schema, nil)
		start := time.Now()
		_, _ = e.document(context.Background(), src)
		if d, limit := time.Since(start), 250*time.Millisecond+time.Duration(len(src))*20*time.Microsecond; d > limit {
			t.Fatalf("admitting %d bytes took %v, over %v", len(src), d, limit)
		}
	})
}

// TestOnlyAdmittedKept: a refused document is never cached.
func TestOnlyAdmittedKept(t *testing.T) {
	e := testExecutor(maitreSchema(t), nil)
	ctx := context.Background()
	for _, bad := range []string{"{ me { " + repeat("a: name ", 40) + "} }", "{ me { nope } }", "{ me { name }"} {
		if _, errs := e.document(ctx, bad); errs == nil {
			t.Fatalf("%q was admitted", bad)
		}
	}
	if _, n := e.docs.Bytes(); n != 0 {
		t.Errorf("%d documents kept after refusals", n)
	}
	if _, errs := e.document(ctx, "{ me { name } }"); errs != nil {
		t.Fatal(errs)
	}
	if _, n := e.docs.Bytes(); n != 1 {
		t.Errorf("%d documents kept after one admission; want 1", n)
	}
}

// TestValidationErrors checks that errors past the cap are counted, and
// that none suggests a name the schema holds.
func TestValidationErrors(t *testing.T) {
	e := testExecutor(maitreSchema(t), func(l *Limits) { l.MaxErrors = 5 })
	var args []string
	for i := range 12 {
		args = append(args, "firs"+itoa(i)+": 1")
	}
	tests := []struct {
		name, query string
		errors      int
		last        string
	}{
		{"under the cap", "{ me { nam tenant } }", 2, "GRAPHQL_VALIDATION_FAILED"},
		{"over the cap", "{ orders(" + strings.Join(args, ", ") + ") { __typename } }", 6, "TOO_MANY_ERRORS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := e.document(context.Background(), tt.query)
			if len(errs) != tt.errors || errcode.Of(errs[len(errs)-1]) != tt.last {
				t.Fatalf("got %d errors, the last %q; want %d, the last %s: %v", len(errs), errcode.Of(errs[len(errs)-1]), tt.errors, tt.last, errs)
			}
			for _, err := range errs {
				if strings.Contains(err.Message, "Did you mean") {
					t.Errorf("a suggestion: %s", err.Message)
				}
			}
		})
	}
	if _, errs := e.document(context.Background(), tests[1].query); !strings.HasPrefix(errs[5].Message, "7 more") {
		t.Errorf("the count says %q; want 7 more", errs[5].Message)
	}
}

// TestZeroLimitsBoundNothing: a zero limit is no limit, so documents
// over the defaults are admitted when every limit is zero.
func TestZeroLimitsBoundNothing(t *testing.T) {
	over := map[string]string{
		"fields": "{ " + strings.Repeat("me { name } ", Defaults.MaxFields+1) + "}",
		"name":   "{ " + strings.Repeat("a", Defaults.MaxNameBytes+1) + ": me { name } }",
	}
	for name, doc := range over {
		t.Run(name, func(t *testing.T) {
			if _, errs := testExecutor(maitreSchema(t), nil).document(context.Background(), doc); len(errs) == 0 {
				t.Fatal("the defaults admitted it")
			}
			if _, errs := testExecutor(maitreSchema(t), func(l *Limits) { *l = Limits{} }).document(context.Background(), doc); len(errs) > 0 {
				t.Errorf("with no limits: %v", errs)
			}
		})
	}
}
