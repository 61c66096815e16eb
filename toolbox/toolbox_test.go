package toolbox

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

const schema = `
type Query { sales(range: Range!, limit: Int = 5, tags: [String!]): Int }
type Mutation { reset: Int }
"A period."
input Range { period: Period, from: String! }
enum Period { TODAY YESTERDAY }
`

// TestSafelisted: each file is one named query; its variables become
// the input schema, required where non-null without a default.
func TestSafelisted(t *testing.T) {
	sch := gqlparser.MustLoadSchema(&ast.Source{Input: schema})
	good := "# Sales over a range.\n# Two lines.\nquery sales($range: Range!, $limit: Int = 5, $tags: [String!]) { sales(range: $range, limit: $limit, tags: $tags) }"
	tools, err := safelisted(Options{Schema: sch, Operations: fstest.MapFS{"sales.graphql": {Data: []byte(good)}, "notes.txt": {Data: []byte("x")}}})
	if err != nil || len(tools) != 1 {
		t.Fatalf("%d tools, %v", len(tools), err)
	}
	def := tools[0].def
	got, _ := json.Marshal(def.InputSchema)
	want := `{"additionalProperties":false,"properties":{"limit":{"default":5,"type":"integer"},"range":{"additionalProperties":false,"description":"A period.","properties":{"from":{"type":"string"},"period":{"enum":["TODAY","YESTERDAY"],"type":"string"}},"required":["from"],"type":"object"},"tags":{"items":{"type":"string"},"type":"array"}},"required":["range"],"type":"object"}`
	if def.Name != "sales" || def.Description != "Sales over a range. Two lines." || string(got) != want {
		t.Errorf("tool %s %q\n%s\nwant\n%s", def.Name, def.Description, got, want)
	}
	for name, doc := range map[string]string{
		"invalid.graphql":   "query invalid { nothing }",
		"mutation.graphql":  "mutation m { reset }",
		"anonymous.graphql": "{ sales(range: {from: \"x\"}) }",
		"two.graphql":       "query a { sales(range: {from: \"x\"}) } query b { sales(range: {from: \"y\"}) }",
	} {
		if _, err := safelisted(Options{Schema: sch, Operations: fstest.MapFS{name: {Data: []byte(doc)}}}); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v; want an error naming the file", name, err)
		}
	}
	if _, err := safelisted(Options{Schema: sch, Operations: fstest.MapFS{"notes.txt": {Data: []byte("x")}}}); err == nil {
		t.Error("a folder with no .graphql file: no error")
	}
}

// TestCheck: arguments are checked against the schema a tool advertises,
// the way the safelisted tools' schemas are written.
func TestCheck(t *testing.T) {
	sch := gqlparser.MustLoadSchema(&ast.Source{Input: schema})
	tools, err := safelisted(Options{Schema: sch, Operations: fstest.MapFS{"sales.graphql": {Data: []byte(
		"query sales($range: Range!, $limit: Int = 5, $tags: [String!]) { sales(range: $range, limit: $limit, tags: $tags) }")}}})
	if err != nil {
		t.Fatal(err)
	}
	args, err := newArguments(tools[0].def)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ args, want string }{
		{`{"range":{"from":"2026-01-01"}}`, ""},
		{`{"range":{"from":"x","period":"TODAY"},"limit":3,"tags":["a","b"]}`, ""},
		{`{"range":{"from":"x"},"limit":3.0}`, ""},
		{``, "argument range is required"},
		{`null`, "argument range is required"},
		{`[]`, "the arguments must be a JSON object"},
		{`{"range":{"from":"x"}} {}`, "the arguments must be a JSON object"},
		{`{"range":"today"}`, "argument range must be an object, not a string"},
		{`{"range":{}}`, "argument range.from is required"},
		{`{"range":{"from":1}}`, "argument range.from must be a string, not an integer"},
		{`{"range":{"from":"x","period":"LATER"}}`, "argument range.period must be one of TODAY, YESTERDAY"},
		{`{"range":{"from":"x","period":1}}`, "argument range.period must be a string, not an integer"},
		{`{"range":{"from":"x"},"limit":1e400}`, "argument limit must be an integer, not a number"},
		{`{"range":{"from":"x"},"limit":true}`, "argument limit must be an integer, not a boolean"},
		{`{"range":{"from":"x"},"tags":"a"}`, "argument tags must be an array, not a string"},
		{`{"range":{"from":"x"},"tags":["a",null]}`, "argument tags[1] must be a string, not null"},
		{`{"range":{"from":"x"},"Limit":3}`, "argument Limit is unknown: this tool takes limit, range, tags"},
		{`{"range":{"from":"x","until":"y"}}`, "argument range.until is unknown: range has from, period"},
	} {
		t.Run(tc.args, func(t *testing.T) {
			_, err := args.decode(json.RawMessage(tc.args))
			got := ""
			if err != nil {
				got = err.Message
			}
			if got != tc.want {
				t.Errorf("%q; want %q", got, tc.want)
			}
		})
	}
	for _, schema := range []map[string]any{
		{"type": "object", "properties": map[string]any{"n": map[string]any{"type": "integer", "minimum": 1}}},
		{"type": "object", "patternProperties": map[string]any{}},
		{"type": "object", "properties": map[string]any{"n": map[string]any{"type": []string{"integer", "null"}}}},
		{"items": map[string]any{"type": "string"}, "type": "object", "minProperties": 1},
	} {
		if _, err := newArguments(&mcp.Tool{Name: "t", InputSchema: schema}); err == nil {
			t.Errorf("%v: no error; want a schema check cannot enforce refused", schema)
		}
	}
}
