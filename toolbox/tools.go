package toolbox

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/maitre-pos/maitre/errcode"
)

// askQuery is the chat query the ask tool runs.
const askQuery = `query Ask($question: String!, $conversation: ID) { chat(question: $question, conversation: $conversation) {
	answer conversation intents graphql data
	errors { message code service path }
	suggestions choices matches { said name kind how } } }`

func askTool(exec graphql.GraphExecutor) tool {
	def := &mcp.Tool{Name: "ask", Annotations: readOnly,
		Description: "Answers a question about the restaurant in plain sentences (revenue, best sellers, payments, tables, stock, orders), with the GraphQL it ran, its data, the services that failed and questions to ask next. Pass the conversation it returns to ask a follow-up (\"and yesterday?\").",
		InputSchema: map[string]any{"type": "object", "additionalProperties": false, "required": []string{"question"},
			"properties": map[string]any{
				"question":     map[string]any{"type": "string", "description": "The question, e.g. What's my revenue today?"},
				"conversation": map[string]any{"type": "string", "description": "The conversation of an earlier answer, to follow it up."},
			}}}
	return tool{def: def, run: func(ctx context.Context, args map[string]any) *mcp.CallToolResult {
		resp, ran := execute(ctx, exec, askQuery, "Ask", args)
		var data struct {
			Chat *struct {
				Answer string `json:"answer"`
			} `json:"chat"`
		}
		if !ran || json.Unmarshal(resp.Data, &data) != nil || data.Chat == nil {
			return result(resp, ran)
		}
		out := result(resp, ran)
		out.Content = append([]mcp.Content{&mcp.TextContent{Text: data.Chat.Answer}}, out.Content...)
		return out
	}}
}

func runQueryTool(exec graphql.GraphExecutor) tool {
	def := &mcp.Tool{Name: "run_query", Annotations: readOnly,
		Description: "Runs a read-only GraphQL query against the restaurant graph (see describe_schema), with the caller's permissions and the gateway's limits. Mutations and subscriptions are refused.",
		InputSchema: map[string]any{"type": "object", "additionalProperties": false, "required": []string{"query"},
			"properties": map[string]any{
				"query":         map[string]any{"type": "string", "description": "A GraphQL query document."},
				"variables":     map[string]any{"type": "object", "description": "Its variables."},
				"operationName": map[string]any{"type": "string", "description": "The operation to run, when the document has several."},
			}}}
	return tool{def: def, run: func(ctx context.Context, args map[string]any) *mcp.CallToolResult {
		query, _ := args["query"].(string)
		name, _ := args["operationName"].(string)
		vars, ok := args["variables"].(map[string]any)
		if args["variables"] != nil && !ok {
			return failure(ctx, errcode.New(errcode.BadRequest, "variables must be an object"))
		}
		return result(execute(ctx, exec, query, name, vars))
	}}
}

func describeTool(schema *ast.Schema) tool {
	def := &mcp.Tool{Name: "describe_schema", Annotations: readOnly,
		Description: "Describes the restaurant graph: its query fields with their arguments, and every type with its fields and what they mean. Read it before writing a query for run_query.",
		InputSchema: map[string]any{"type": "object", "additionalProperties": false, "properties": map[string]any{}}}
	text := describe(schema)
	return tool{def: def, run: func(context.Context, map[string]any) *mcp.CallToolResult {
		return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: text}}}
	}}
}

// describe writes the schema's own types, as SDL with descriptions as
// comments: what an agent needs to write a query, and nothing built in.
func describe(schema *ast.Schema) string {
	var names []string
	for name, def := range schema.Types {
		if def.BuiltIn || strings.HasPrefix(name, "__") || name == schema.Subscription.Name {
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		def := schema.Types[name]
		comment(&b, "", def.Description)
		switch def.Kind {
		case ast.Enum:
			b.WriteString("enum " + name + " {")
			for _, v := range def.EnumValues {
				b.WriteString(" " + v.Name)
			}
			b.WriteString(" }\n\n")
			continue
		case ast.Scalar:
			b.WriteString("scalar " + name + "\n\n")
			continue
		case ast.InputObject:
			b.WriteString("input " + name + " {\n")
		default:
			b.WriteString("type " + name + " {\n")
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			comment(&b, "  ", f.Description)
			b.WriteString("  " + f.Name)
			if len(f.Arguments) > 0 {
				var args []string
				for _, a := range f.Arguments {
					args = append(args, a.Name+": "+a.Type.String())
				}
				b.WriteString("(" + strings.Join(args, ", ") + ")")
			}
			b.WriteString(": " + f.Type.String() + "\n")
		}
		b.WriteString("}\n\n")
	}
	return b.String()
}

func comment(b *strings.Builder, indent, text string) {
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			b.WriteString(indent + "# " + l + "\n")
		}
	}
}
