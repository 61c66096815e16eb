package admit

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/errcode"
)

// checkVariables holds the request's variables to the operation's
// definitions more strictly than gqlparser does: "10" is not an Int, 1.5
// is not an Int, and every message quotes the value it refuses. Numbers
// must arrive as json.Number. Custom scalars are left to their own
// unmarshalers.
func checkVariables(schema *ast.Schema, op *ast.OperationDefinition, vars map[string]any, maxString int) *gqlerror.Error {
	for _, d := range op.VariableDefinitions {
		v, ok := vars[d.Variable]
		path := "$" + d.Variable
		switch {
		case !ok && d.DefaultValue == nil && d.Type.NonNull:
			return badVariable(path, "is required (%s) and was not given", d.Type)
		case !ok:
			continue
		}
		if msg := coerce(schema, d.Type, v, path); msg != "" {
			return badVariable(path, "%s", msg)
		}
		if n := longest(v); over(n, maxString) {
			e := badVariable(path, "holds a string of %d bytes; at most %d are allowed", n, maxString)
			e.Extensions["code"], e.Extensions["limit"] = errcode.StringTooLong, maxString
			return e
		}
	}
	return nil
}

func badVariable(path, format string, args ...any) *gqlerror.Error {
	e := errcode.New(errcode.BadUserInput, "variable "+path+" "+format, args...)
	e.Extensions["variable"] = strings.TrimPrefix(strings.SplitN(path, ".", 2)[0], "$")
	return e
}

// coerce says what is wrong with v as a t, or "".
func coerce(schema *ast.Schema, t *ast.Type, v any, path string) string {
	if v == nil {
		if t.NonNull {
			return fmt.Sprintf("cannot be null (%s)", t)
		}
		return ""
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok { // a single value stands for a list of one
			return coerce(schema, t.Elem, v, path)
		}
		for i, x := range list {
			if msg := coerce(schema, t.Elem, x, fmt.Sprintf("%s[%d]", path, i)); msg != "" {
				return msg
			}
		}
		return ""
	}
	def := schema.Types[t.NamedType]
	if def == nil {
		return fmt.Sprintf("has an unknown type %s", t.NamedType)
	}
	at := func(msg string) string {
		if i := strings.IndexAny(path, ".["); i >= 0 {
			return "at " + path[i:] + " " + msg
		}
		return msg
	}
	switch def.Kind {
	case ast.Scalar:
		if msg := scalar(def.Name, v); msg != "" {
			return at(msg)
		}
	case ast.Enum:
		s, ok := v.(string)
		if !ok || def.EnumValues.ForName(s) == nil {
			return at(fmt.Sprintf("%s is not a %s: expected one of %s", quote(v), def.Name, enumNames(def)))
		}
	case ast.InputObject:
		obj, ok := v.(map[string]any)
		if !ok {
			return at(fmt.Sprintf("%s is not a %s: expected an object", quote(v), def.Name))
		}
		for k := range obj {
			if def.Fields.ForName(k) == nil {
				return at(fmt.Sprintf("has a field %q that %s does not define", k, def.Name))
			}
		}
		for _, f := range def.Fields {
			x, ok := obj[f.Name]
			if !ok {
				if f.Type.NonNull && f.DefaultValue == nil {
					return at(fmt.Sprintf("lacks the required field %q", f.Name))
				}
				continue
			}
			if msg := coerce(schema, f.Type, x, path+"."+f.Name); msg != "" {
				return msg
			}
		}
	default:
		return fmt.Sprintf("has the output type %s", def.Name)
	}
	return ""
}

// scalar checks the built-in scalars the spec defines; others pass.
// Numbers come as json.Number from a request, or as Go numbers from
// documents maitre writes itself (the chat's).
func scalar(name string, v any) string {
	num, isNum := number(v)
	switch name {
	case "Int":
		if !isNum {
			return fmt.Sprintf("%s is not an Int: %s", quote(v), kind(v))
		}
		i, err := strconv.ParseInt(num, 10, 64)
		if err != nil || i < math.MinInt32 || i > math.MaxInt32 {
			return fmt.Sprintf("%s is not an Int: Int is a whole number from %d to %d", num, math.MinInt32, math.MaxInt32)
		}
	case "Float":
		if !isNum {
			return fmt.Sprintf("%s is not a Float: %s", quote(v), kind(v))
		}
		if f, err := strconv.ParseFloat(num, 64); err != nil || math.IsInf(f, 0) {
			return fmt.Sprintf("%s is not a Float", num)
		}
	case "String":
		if _, ok := v.(string); !ok {
			return fmt.Sprintf("%s is not a String: %s", quote(v), kind(v))
		}
	case "Boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Sprintf("%s is not a Boolean: %s", quote(v), kind(v))
		}
	case "ID":
		if _, ok := v.(string); ok {
			return ""
		}
		if _, err := strconv.ParseInt(num, 10, 64); !isNum || err != nil {
			return fmt.Sprintf("%s is not an ID: an ID is a string or a whole number", quote(v))
		}
	}
	return ""
}

// number returns a numeric value's text.
func number(v any) (string, bool) {
	switch n := v.(type) {
	case json.Number:
		return string(n), true
	case int, int32, int64:
		return fmt.Sprint(n), true
	case float64:
		return strconv.FormatFloat(n, 'g', -1, 64), true
	}
	return "", false
}

// longest is the length of the longest string in a JSON value.
func longest(v any) int {
	switch v := v.(type) {
	case string:
		return len(v)
	case []any:
		n := 0
		for _, x := range v {
			n = max(n, longest(x))
		}
		return n
	case map[string]any:
		n := 0
		for k, x := range v {
			n = max(n, len(k), longest(x))
		}
		return n
	}
	return 0
}

// kind names a JSON value's type, for messages.
func kind(v any) string {
	switch v.(type) {
	case string:
		return "it is a string"
	case bool:
		return "it is a boolean"
	case json.Number, int, int32, int64, float64:
		return "it is a number"
	case []any:
		return "it is a list"
	case map[string]any:
		return "it is an object"
	}
	return fmt.Sprintf("it is a %T", v)
}

// quote shows a JSON value, cut short when long.
func quote(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 40 {
		return string(b[:37]) + "..."
	}
	return string(b)
}

func enumNames(def *ast.Definition) string {
	names := make([]string, len(def.EnumValues))
	for i, v := range def.EnumValues {
		names[i] = v.Name
	}
	return strings.Join(names, ", ")
}
