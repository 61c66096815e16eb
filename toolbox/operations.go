package toolbox

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

//go:embed operations/*.graphql
var demoFiles embed.FS

// demoOperations are the operations safelisted when no folder is given.
var demoOperations, _ = fs.Sub(demoFiles, "operations")

// safelisted reads the operations' files into tools.
func safelisted(o Options) ([]tool, error) {
	fsys := o.Operations
	if fsys == nil {
		fsys = demoOperations
	}
	files, err := fs.Glob(fsys, "*.graphql")
	if err != nil {
		return nil, fmt.Errorf("toolbox: %w", err)
	}
	if len(files) == 0 {
		return nil, errors.New("toolbox: the operations folder holds no .graphql file")
	}
	slices.Sort(files)
	var out []tool
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("toolbox: %w", err)
		}
		t, err := operationTool(o, path.Base(f), string(b))
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// description is a document's leading comment lines.
func description(doc string) string {
	var lines []string
	for _, l := range strings.Split(doc, "\n") {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "#") {
			break
		}
		lines = append(lines, strings.TrimSpace(strings.TrimPrefix(l, "#")))
	}
	return strings.Join(lines, " ")
}

// operationTool makes the tool of one safelisted file: named after its
// query, its variables as the input schema.
func operationTool(o Options, file, doc string) (tool, error) {
	parsed, errs := gqlparser.LoadQuery(o.Schema, doc)
	if errs != nil {
		return tool{}, fmt.Errorf("toolbox: %s: %w", file, errs)
	}
	if len(parsed.Operations) != 1 || parsed.Operations[0].Operation != ast.Query || parsed.Operations[0].Name == "" {
		return tool{}, fmt.Errorf("toolbox: %s: a safelisted file holds one named query", file)
	}
	op := parsed.Operations[0]
	input := map[string]any{"type": "object", "properties": map[string]any{}, "additionalProperties": false}
	var required []string
	for _, v := range op.VariableDefinitions {
		s := typeSchema(o.Schema, v.Type)
		if v.DefaultValue != nil {
			if d, err := v.DefaultValue.Value(nil); err == nil {
				s["default"] = d
			}
		} else if v.Type.NonNull {
			required = append(required, v.Variable)
		}
		input["properties"].(map[string]any)[v.Variable] = s
	}
	if len(required) > 0 {
		input["required"] = required
	}
	def := &mcp.Tool{Name: op.Name, Description: description(doc), InputSchema: input, Annotations: readOnly}
	return tool{def: def, run: func(ctx context.Context, args map[string]any) *mcp.CallToolResult {
		return result(execute(ctx, o.Exec, doc, op.Name, args))
	}}, nil
}

// typeSchema is the JSON Schema of values of a GraphQL input type.
func typeSchema(schema *ast.Schema, t *ast.Type) map[string]any {
	if t.Elem != nil {
		return map[string]any{"type": "array", "items": typeSchema(schema, t.Elem)}
	}
	def := schema.Types[t.NamedType]
	out := map[string]any{}
	if def != nil && def.Description != "" && !def.BuiltIn {
		out["description"] = def.Description
	}
	switch {
	case t.NamedType == "Int":
		out["type"] = "integer"
	case t.NamedType == "Float":
		out["type"] = "number"
	case t.NamedType == "Boolean":
		out["type"] = "boolean"
	case def != nil && def.Kind == ast.Enum:
		out["type"] = "string"
		var values []string
		for _, v := range def.EnumValues {
			values = append(values, v.Name)
		}
		out["enum"] = values
	case def != nil && def.Kind == ast.InputObject:
		props := map[string]any{}
		var required []string
		for _, f := range def.Fields {
			s := typeSchema(schema, f.Type)
			if f.Description != "" {
				s["description"] = f.Description
			}
			props[f.Name] = s
			if f.Type.NonNull && f.DefaultValue == nil {
				required = append(required, f.Name)
			}
		}
		out["type"], out["properties"], out["additionalProperties"] = "object", props, false
		if len(required) > 0 {
			out["required"] = required
		}
	case t.NamedType == "JSON":
	default: // String, ID and the scalars written as strings (Date, Time)
		out["type"] = "string"
	}
	return out
}
