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
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

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
	// A server per request: its tools run under that request's context,
	// which carries the viewer and the dataloaders.
	server := func(r *http.Request) *mcp.Server {
		s := mcp.NewServer(&mcp.Implementation{Name: "maitre", Version: "1"}, nil)
		ctx := r.Context()
		for _, t := range tools {
			s.AddTool(t.def, func(_ context.Context, req *mcp.CallToolRequest) (res *mcp.CallToolResult, _ error) {
				// The SDK's goroutine has no recovery of its own.
				defer func() {
					if p := recover(); p != nil {
						o.Log.ErrorContext(ctx, "panic in an MCP tool", "tool", t.def.Name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
						res = failure(errcode.New(errcode.InternalError, "internal error"))
					}
				}()
				args := map[string]any{}
				if len(req.Params.Arguments) > 0 {
					if err := gqlhttp.DecodeJSON(req.Params.Arguments, &args); err != nil {
						return failure(err.GraphQL()), nil
					}
				}
				return t.run(ctx, args), nil
			})
		}
		return s
	}
	// The SDK refuses a loopback listener's requests whose Host is not
	// localhost, against DNS rebinding; that also refuses a reverse proxy
	// on the same machine. A rebound page gains nothing here: every
	// request needs a bearer token, which no browser adds by itself.
	h := mcp.NewStreamableHTTPHandler(server, &mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true,
		DisableLocalhostProtection: true})
	return noBatches(h), nil
}

// noBatches refuses JSON-RPC batches, which the SDK still takes from
// clients of the 2025-03-26 protocol: a batch would run many tool calls
// as one request, past the rate limits and the count in flight.
func noBatches(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			body, err := io.ReadAll(r.Body) // already read whole, within the body limit
			if err != nil {
				http.Error(w, "the request body could not be read", http.StatusBadRequest)
				return
			}
			if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && t[0] == '[' {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batches are not served: send one JSON-RPC request per POST"}}`))
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		next.ServeHTTP(w, r)
	})
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

// failure is an error result with err's code.
func failure(err *gqlerror.Error) *mcp.CallToolResult {
	return result(&graphql.Response{Errors: gqlerror.List{err}}, false)
}

// safelisted reads the operations' files into tools.
func safelisted(o Options) ([]tool, error) {
	fsys := o.Operations
	if fsys == nil {
		fsys = demoOperations
	}
	files, err := fs.Glob(fsys, "*.graphql")
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	var out []tool
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
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
