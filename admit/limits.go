package admit

import (
	"fmt"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/errcode"
)

// Limits bound what one document may cost before it runs. A zero field
// sets no bound; Defaults are the bounds maitre runs with, each of which
// admits what the playground, the chat and the e2e clients send
// (docs/limits.md).
type Limits struct {
	// MaxTokens bounds the document's lexical tokens, comments included.
	MaxTokens int
	// MaxNesting bounds how deep brackets ({, ( and [) nest, which is how
	// deep the parser recurses.
	MaxNesting int
	// MaxNameBytes bounds a name or alias, which a response repeats for
	// every object of a list; MaxStringBytes bounds a string, in the
	// document or in a variable, which errors may quote.
	MaxNameBytes, MaxStringBytes int
	// MaxOperations bounds the operations of one document: validation
	// walks every fragment again for each operation that spreads it.
	MaxOperations int
	// MaxDepth bounds the nesting of selections, fragments expanded,
	// outside introspection; MaxIntrospectionDepth bounds it under
	// __schema and __type, which nest deep by design.
	MaxDepth, MaxIntrospectionDepth int
	// MaxFields bounds the field selections of the whole document with
	// every fragment spread expanded where it is spread.
	MaxFields int
	// MaxSelections bounds the fields merged into one selection set,
	// fragments included; MaxRootFields bounds it for an operation's own.
	MaxSelections, MaxRootFields int
	// MaxDirectives bounds the directives on one field, spread or fragment.
	MaxDirectives int
	// MaxAliases bounds an operation's aliased fields, __typename and
	// introspection included, fragments expanded.
	MaxAliases int
	// MaxFragments bounds the fragment definitions of a document.
	MaxFragments int
	// MaxValidationWork bounds what validation may cost, counted before it
	// runs: the nodes gqlparser walks (each fragment once for every
	// operation and fragment that reaches it, argument values included),
	// then the steps of checking that fields sharing a response name can
	// merge, the one rule that can grow faster than the document.
	MaxValidationWork int
	// MaxErrors bounds the validation errors kept; the rest are counted in
	// one last error.
	MaxErrors int
	// NoIntrospection refuses __schema and __type, as in production.
	NoIntrospection bool
}

// Defaults are the limits maitre runs with unless configured otherwise.
var Defaults = Limits{
	MaxTokens:             5000,
	MaxNesting:            64,
	MaxNameBytes:          256,
	MaxStringBytes:        4096,
	MaxOperations:         20,
	MaxDepth:              12,
	MaxIntrospectionDepth: 16,
	MaxFields:             1000,
	MaxSelections:         200,
	MaxRootFields:         20,
	MaxDirectives:         10,
	MaxAliases:            30,
	MaxFragments:          100,
	MaxValidationWork:     25_000,
	MaxErrors:             100,
}

// over reports whether n is past limit, a zero limit being none.
func over(n, limit int) bool { return limit > 0 && n > limit }

// refuse is a document refused for one limit, saying what it has and
// what is allowed; the limit is in extensions.limit.
func refuse(code string, limit int, format string, args ...any) *gqlerror.Error {
	e := errcode.New(code, format, args...)
	e.Extensions["limit"] = limit
	return e
}

// saturated is where counts stop growing: a fragment bomb's expansion is
// counted, not performed, and never overflows.
const saturated = 1 << 30

// add is saturating addition.
func add(a, b int) int { return min(a+b, saturated) }

// count shows a count that may have stopped growing.
func count(n int) string {
	if n >= saturated {
		return fmt.Sprintf("over %d", saturated)
	}
	return fmt.Sprint(n)
}
