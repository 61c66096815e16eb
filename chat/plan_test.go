package chat

import (
	"strings"
	"testing"
)

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
// rely on, and is asked in the labelled questions (whose answers
// TestChatLabelledAnswers checks against raw data) and in a held-out
// set.
func TestRegistry(t *testing.T) {
	if len(registry) != 14 {
		t.Errorf("%d intents registered", len(registry))
	}
	rows := map[string]map[IntentName]int{}
	for _, set := range []string{"questions", "owners", "insights"} {
		rows[set] = map[IntentName]int{}
		for _, r := range readSet(t, "testdata/"+set+".tsv") {
			for _, ask := range strings.Split(r.want, " ; ") {
				name, _, _ := strings.Cut(ask, "(")
				rows[set][IntentName(name)]++
			}
		}
	}
	for name, in := range registry {
		if in.Name() != name || len(in.Next()) == 0 {
			t.Errorf("intent %s: name %s, %d suggestions", name, in.Name(), len(in.Next()))
		}
		if heldOut := rows["owners"][name] + rows["insights"][name]; rows["questions"][name] < 5 || heldOut < 1 {
			t.Errorf("intent %s: %d labelled questions, %d held-out questions", name, rows["questions"][name], heldOut)
		}
	}
}
