package admit

import (
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"

	"github.com/maitre-pos/maitre/errcode"
)

// lex reads the document's tokens once, before anything is built from
// them, and refuses it at the first token past MaxTokens, the first
// bracket past MaxNesting, or the first name or string too long. It
// returns the token count.
func lex(src *ast.Source, l Limits) (int, *gqlerror.Error) {
	lx := lexer.New(src)
	tokens, depth := 0, 0
	for {
		tok, err := lx.ReadToken()
		if err != nil {
			e, ok := err.(*gqlerror.Error)
			if !ok {
				e = gqlerror.Wrap(err)
			}
			e.Extensions = map[string]any{"code": errcode.ParseFailed}
			return tokens, e
		}
		switch tok.Kind {
		case lexer.EOF:
			return tokens, nil
		case lexer.BraceL, lexer.ParenL, lexer.BracketL:
			if depth++; over(depth, l.MaxNesting) {
				return tokens, at(refuse(errcode.QueryTooDeep, l.MaxNesting,
					"the query nests brackets more than %d deep", l.MaxNesting), tok.Pos)
			}
		case lexer.BraceR, lexer.ParenR, lexer.BracketR:
			depth--
		}
		switch {
		case tok.Kind == lexer.Name && over(len(tok.Value), l.MaxNameBytes):
			return tokens, at(refuse(errcode.NameTooLong, l.MaxNameBytes,
				"a name or alias is %d bytes long; at most %d are allowed", len(tok.Value), l.MaxNameBytes), tok.Pos)
		case (tok.Kind == lexer.String || tok.Kind == lexer.BlockString) && over(len(tok.Value), l.MaxStringBytes):
			return tokens, at(refuse(errcode.StringTooLong, l.MaxStringBytes,
				"a string is %d bytes long; at most %d are allowed", len(tok.Value), l.MaxStringBytes), tok.Pos)
		}
		if tokens++; over(tokens, l.MaxTokens) {
			return tokens, at(refuse(errcode.QueryTooLarge, l.MaxTokens,
				"the query has more than %d tokens", l.MaxTokens), tok.Pos)
		}
	}
}

// at locates e at pos.
func at(e *gqlerror.Error, pos ast.Position) *gqlerror.Error {
	e.Locations = []gqlerror.Location{{Line: pos.Line, Column: pos.Column}}
	return e
}
