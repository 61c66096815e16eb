package admit

import (
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/maitre-pos/maitre/errcode"
)

// validate checks doc by gqlparser's rules, but for two changes: fields
// merging is checked by merge.go, and unknown fields get no "did you mean"
// suggestions (for fields, arguments, types and values), which cost an edit distance to every field of the type for
// each unknown name and tell a stranger what introspection would not
// (graphql-armor's blockFieldSuggestions). Errors past the first max are
// counted, not built: a document full of mistakes costs its walk only.
func validate(schema *ast.Schema, doc *ast.QueryDocument, max int) gqlerror.List {
	kept, dropped := 0, 0
	limit := func(add core.AddErrFunc) core.AddErrFunc {
		return func(options ...core.ErrorOption) {
			if max > 0 && kept == max {
				dropped++
				return
			}
			kept++
			add(options...)
		}
	}
	r := rules.NewDefaultRules()
	r.RemoveRule(rules.OverlappingFieldsCanBeMergedRule.Name)
	for _, swap := range [][2]core.Rule{
		{rules.FieldsOnCorrectTypeRule, rules.FieldsOnCorrectTypeRuleWithoutSuggestions},
		{rules.KnownArgumentNamesRule, rules.KnownArgumentNamesRuleWithoutSuggestions},
		{rules.KnownTypeNamesRule, rules.KnownTypeNamesRuleWithoutSuggestions},
		{rules.ScalarLeafsRule, rules.ScalarLeafsRuleWithoutSuggestions},
		{rules.ValuesOfCorrectTypeRule, rules.ValuesOfCorrectTypeRuleWithoutSuggestions},
	} {
		r.ReplaceRule(swap[0].Name, swap[1].RuleFunc)
	}
	for name, f := range r.GetInner() {
		r.ReplaceRule(name, func(o *core.Events, add core.AddErrFunc) { f(o, limit(add)) })
	}
	errs := validator.ValidateWithRules(schema, doc, r)
	for _, err := range errs {
		coded(err, errcode.ValidationFailed)
	}
	if dropped > 0 {
		errs = append(errs, errcode.New(errcode.TooManyErrors, "%d more errors were left out", dropped))
	}
	return errs
}
