package toolbox

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

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
}
