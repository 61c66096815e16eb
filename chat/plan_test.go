package chat

import "testing"

// TestEveryPlanIsValid plans every labelled question and validates the
// document and its variables against the schema: one query.
func TestEveryPlanIsValid(t *testing.T) {
	schema := testSchema(t)
	translateSetAsks(t, readSet(t, "testdata/questions.tsv"), func(r row, asks []Ask) {
		doc, vars := plan(asks)
		if doc == "" {
			return
		}
		if err := validate(schema, doc, vars); err != nil {
			t.Errorf("%s %q: %v\n%s", r.tenant, r.question, err, doc)
		}
	})
}

// TestRegistry checks every intent declares what follow-ups and plans
// rely on.
func TestRegistry(t *testing.T) {
	if len(registry) != 10 {
		t.Errorf("%d intents registered", len(registry))
	}
	for name, in := range registry {
		if in.Name() != name || len(in.Next()) == 0 {
			t.Errorf("intent %s: name %s, %d suggestions", name, in.Name(), len(in.Next()))
		}
	}
}
