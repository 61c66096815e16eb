// Package toolbox serves maitre to AI agents as Model Context Protocol
// tools at /mcp (streamable HTTP, stateless): ask (the chat), one tool per
// safelisted operation of a folder of .graphql files, run_query (any read
// query, off unless asked for) and describe_schema.
//
// Every tool is a GraphQL operation run through the gateway's executor,
// behind the same admission, limits and permissions as /query: the
// request reaches the handler authenticated, with its dataloaders.
package toolbox

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/correlation"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/gqlhttp"
)

// Options configures the tools.
type Options struct {
	Exec   graphql.GraphExecutor
	Schema *ast.Schema
	// Operations holds the safelisted operations, one query per .graphql
	// file, its leading comment its description; nil means the demo's.
	Operations fs.FS
	// Arbitrary turns run_query on.
	Arbitrary bool
	// Introspection turns describe_schema on.
	Introspection bool
	// Log hears panics.
	Log *slog.Logger
}

// tool is one tool and the operation it runs.
type tool struct {
	def *mcp.Tool
	run func(ctx context.Context, args map[string]any) *mcp.CallToolResult
}

// New returns the /mcp handler, or an error naming a safelisted file
// that is not one valid query.
func New(o Options) (http.Handler, error) {
	tools := []tool{askTool(o.Exec)}
	ops, err := safelisted(o)
	if err != nil {
		return nil, err
	}
	tools = append(tools, ops...)
	if o.Arbitrary {
		tools = append(tools, runQueryTool(o.Exec))
	}
	if o.Introspection {
		tools = append(tools, describeTool(o.Schema))
	}
	// One server for every request: what is the request's own (the viewer,
	// the dataloaders, the deadline) reaches a tool through the request's
	// context (requestContext), never through the server.
	server := mcp.NewServer(&mcp.Implementation{Name: "maitre", Version: "1"}, nil)
	names := map[string]bool{}
	for _, t := range tools {
		if names[t.def.Name] {
			return nil, fmt.Errorf("toolbox: two tools are named %s", t.def.Name)
		}
		names[t.def.Name] = true
		args, err := newArguments(t.def)
		if err != nil {
			return nil, err
		}
		// Written once: a map would be sorted again for every tools/list.
		schema, err := json.Marshal(t.def.InputSchema)
		if err != nil {
			return nil, fmt.Errorf("toolbox: %s: %w", t.def.Name, err)
		}
		t.def.InputSchema = json.RawMessage(schema)
		server.AddTool(t.def, handle(t, args, o.Log))
	}
	// The SDK refuses a loopback listener's requests whose Host is not
	// localhost, against DNS rebinding; that also refuses a reverse proxy
	// on the same machine. A rebound page gains nothing here: every
	// request needs a bearer token, which no browser adds by itself.
	h := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server },
		&mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true, DisableLocalhostProtection: true})
	return guard(h), nil
}

// handle runs t for one call, under the context of the HTTP request that
// carried it, once its arguments passed t's input schema.
func handle(t tool, args *arguments, log *slog.Logger) mcp.ToolHandler {
	return func(sdk context.Context, req *mcp.CallToolRequest) (res *mcp.CallToolResult, _ error) {
		ctx := requestContext(sdk)
		// The SDK's goroutine has no recovery of its own.
		defer func() {
			if p := recover(); p != nil {
				log.ErrorContext(ctx, "panic in an MCP tool", "tool", t.def.Name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				res = failure(ctx, errcode.New(errcode.InternalError, "internal error"))
			}
		}()
		values, err := args.decode(req.Params.Arguments)
		if err != nil {
			return failure(ctx, err), nil
		}
		return t.run(ctx, values), nil
	}
}

// readOnly marks every tool: none changes anything.
var readOnly = &mcp.ToolAnnotations{ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: new(bool)}

// execute runs a query with variables, as /query would (a mutation or a
// subscription is refused), and reports whether it ran.
func execute(ctx context.Context, exec graphql.GraphExecutor, query, name string, vars map[string]any) (*graphql.Response, bool) {
	ctx = graphql.StartOperationTrace(ctx)
	op, errs := exec.CreateOperationContext(ctx, &graphql.RawParams{Query: query, OperationName: name, Variables: vars})
	if errs != nil {
		return exec.DispatchError(graphql.WithOperationContext(ctx, op), errs), false
	}
	if op.Operation.Operation != ast.Query {
		return exec.DispatchError(graphql.WithOperationContext(ctx, op), gqlerror.List{
			errcode.New(errcode.BadRequest, "only queries are run here, not a %s", op.Operation.Operation)}), false
	}
	responses, ctx := exec.DispatchOperation(ctx, op)
	if resp := responses(ctx); resp != nil {
		return resp, true
	}
	return exec.DispatchError(ctx, gqlerror.List{errcode.Ended(ctx)}), false
}

// result is a GraphQL answer as a tool result: its JSON, and an error
// result when it has nothing but errors (no data, or every field null).
func result(resp *graphql.Response, withData bool) *mcp.CallToolResult {
	failed := !withData || len(resp.Data) == 0 || string(resp.Data) == "null"
	if !failed && len(resp.Errors) > 0 {
		var fields map[string]json.RawMessage
		failed = json.Unmarshal(resp.Data, &fields) == nil
		for _, v := range fields {
			failed = failed && string(v) == "null"
		}
	}
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: string(gqlhttp.Body(resp, withData))}}, IsError: failed}
}

// failure is an error result with err's code and, as every answer of
// the executor, the request's correlation ID.
func failure(ctx context.Context, err *gqlerror.Error) *mcp.CallToolResult {
	err.Extensions["correlationId"] = correlation.ID(ctx)
	return result(&graphql.Response{Errors: gqlerror.List{err}}, false)
}
