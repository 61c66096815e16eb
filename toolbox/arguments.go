package toolbox

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/gqlhttp"
)

// arguments checks a call's arguments against the input schema its tool
// advertises, before any reach GraphQL: the agent is told by name what it
// got wrong, and an operation runs only on the variables it declares.
type arguments struct{ schema map[string]any }

// keywords are the JSON Schema keywords the tools' schemas use, all that
// check knows: a schema with another is refused at startup rather than
// advertised and not enforced.
var keywords = []string{"type", "properties", "required", "additionalProperties", "items", "enum", "description", "default"}

// types are the JSON Schema types check knows.
var types = []string{"object", "array", "string", "integer", "number", "boolean"}

func newArguments(def *mcp.Tool) (*arguments, error) {
	schema, ok := def.InputSchema.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("toolbox: %s: the input schema is a %T, not a JSON object", def.Name, def.InputSchema)
	}
	if err := known(schema); err != nil {
		return nil, fmt.Errorf("toolbox: %s: %w", def.Name, err)
	}
	return &arguments{schema}, nil
}

// known reports a keyword, type or value of schema that check cannot
// enforce.
func known(schema map[string]any) error {
	for k, v := range schema {
		ok := slices.Contains(keywords, k)
		switch k {
		case "type":
			t, _ := v.(string)
			ok = slices.Contains(types, t)
		case "properties":
			props, isMap := v.(map[string]any)
			ok = isMap
			for _, p := range props {
				sub, isSchema := p.(map[string]any)
				if !isSchema {
					return fmt.Errorf("a property's schema is a %T", p)
				}
				if err := known(sub); err != nil {
					return err
				}
			}
		case "items":
			sub, isSchema := v.(map[string]any)
			if !isSchema {
				return fmt.Errorf("items is a %T", v)
			}
			if err := known(sub); err != nil {
				return err
			}
		case "required", "enum":
			_, ok = v.([]string)
		case "additionalProperties":
			_, ok = v.(bool)
		}
		if !ok {
			return fmt.Errorf("the input schema's %s (%v) is not enforced", k, v)
		}
	}
	return nil
}

// decode reads a call's arguments (none is no argument), or says what is
// wrong with them.
func (a *arguments) decode(raw json.RawMessage) (map[string]any, *gqlerror.Error) {
	values := map[string]any{}
	if len(raw) > 0 && gqlhttp.DecodeJSON(raw, &values) != nil {
		return nil, errcode.New(errcode.BadUserInput, "the arguments must be a JSON object")
	}
	if values == nil { // null
		values = map[string]any{}
	}
	if msg := check(a.schema, values, ""); msg != "" {
		return nil, errcode.New(errcode.BadUserInput, "argument %s", msg)
	}
	return values, nil
}

// maxName bounds an unknown argument's name in a message.
const maxName = 40

// check is what is wrong with v under schema, at the path at ("" for the
// arguments themselves), or "". A value is never quoted back.
func check(schema map[string]any, v any, at string) string {
	if t, ok := schema["type"].(string); ok && !is(t, v) {
		return fmt.Sprintf("%s must be %s, not %s", at, article(t), kind(v))
	}
	if enum, ok := schema["enum"].([]string); ok {
		if s, _ := v.(string); !slices.Contains(enum, s) {
			return fmt.Sprintf("%s must be one of %s", at, strings.Join(enum, ", "))
		}
	}
	switch v := v.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		required, _ := schema["required"].([]string)
		for _, name := range required {
			if _, ok := v[name]; !ok {
				return join(at, name) + " is required"
			}
		}
		for _, name := range slices.Sorted(maps.Keys(v)) {
			sub, ok := props[name].(map[string]any)
			if !ok {
				if schema["additionalProperties"] == false {
					return fmt.Sprintf("%s is unknown: %s", join(at, shorten(name, maxName)), expected(at, props))
				}
				continue
			}
			if msg := check(sub, v[name], join(at, name)); msg != "" {
				return msg
			}
		}
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, e := range v {
				if msg := check(items, e, fmt.Sprintf("%s[%d]", at, i)); msg != "" {
					return msg
				}
			}
		}
	}
	return ""
}

func join(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}

// expected names what may be given where an unknown name was.
func expected(at string, props map[string]any) string {
	names := slices.Sorted(maps.Keys(props))
	switch {
	case len(names) == 0 && at == "":
		return "this tool takes none"
	case at == "":
		return "this tool takes " + strings.Join(names, ", ")
	}
	return at + " has " + strings.Join(names, ", ")
}

// is reports whether v, decoded with json.Number, is of JSON Schema type t.
func is(t string, v any) bool {
	switch v := v.(type) {
	case string:
		return t == "string"
	case bool:
		return t == "boolean"
	case map[string]any:
		return t == "object"
	case []any:
		return t == "array"
	case json.Number:
		if t == "integer" {
			f, err := v.Float64()
			return err == nil && f == math.Trunc(f)
		}
		return t == "number"
	}
	return false // null
}

func kind(v any) string {
	switch v := v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case json.Number:
		if is("integer", v) {
			return "an integer"
		}
		return "a number"
	}
	return "null"
}

func article(t string) string {
	if t == "object" || t == "array" || t == "integer" {
		return "an " + t
	}
	return "a " + t
}
