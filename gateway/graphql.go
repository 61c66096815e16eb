package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"go.opentelemetry.io/otel/metric"

	"github.com/maitre-pos/maitre/apierror"
	"github.com/maitre-pos/maitre/chat"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/correlation"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/graph/generated"
	"github.com/maitre-pos/maitre/resolvers"
	"github.com/maitre-pos/maitre/telemetry"
)

// graphqlServer builds the GraphQL handler with explicit transports and
// extensions, and gives the resolver its chat engine, which runs its
// documents on an executor configured the same way.
func graphqlServer(r *resolvers.Resolver, log *slog.Logger, in *instruments, meter metric.MeterProvider, lim Limits) (*handler.Server, *executor.Executor) {
	es := generated.NewExecutableSchema(r.Config())
	exec := executor.New(es)
	exec.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	exec.SetErrorPresenter(presenter(log))
	exec.SetRecoverFunc(recoverer(log))
	r.Chat = chat.New(exec, r.Now, meter)

	srv := handler.New(es)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if !lim.NoIntrospection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(shape{maxDepth: lim.MaxDepth, maxAliases: lim.MaxAliases})
	srv.Use(extension.FixedComplexityLimit(lim.MaxComplexity))
	srv.SetErrorPresenter(presenter(log))
	srv.SetRecoverFunc(recoverer(log))
	around, responses := operationHooks(in)
	srv.AroundOperations(around)
	srv.AroundResponses(responses)
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		if resp == nil {
			return nil
		}
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		resp.Extensions["correlationId"] = correlation.ID(ctx)
		if calls := clients.CallLogFrom(ctx); calls != nil {
			resp.Extensions["services"] = calls.Summary()
		}
		return resp
	})
	return srv, exec
}

func recoverer(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return errcode.New(errcode.InternalError, "internal error")
	}
}

// presenter shapes every error clients see: downstream failures say which
// service failed and how, GraphQL and input errors pass through, and
// anything else is logged and masked. All carry the correlation ID.
func presenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		out := graphql.DefaultErrorPresenter(ctx, err)
		var gerr *gqlerror.Error
		if code, svc, msg, ok := apierror.Downstream(err); ok {
			out.Message = msg
			out.Extensions = map[string]any{"code": code, "service": svc}
			log.WarnContext(ctx, "downstream failure", "path", out.Path.String(), "error", err.Error())
		} else if errors.As(err, &gerr) && strings.HasPrefix(gerr.Message, "json request body could not be decoded") {
			// gqlgen echoes the whole body back; say what is wrong instead.
			out.Message = "the request body is not valid JSON"
			out.Extensions = map[string]any{"code": errcode.BadRequest}
		} else if !errors.As(err, &gerr) {
			log.ErrorContext(ctx, "resolver error", "path", out.Path.String(), "error", err.Error())
			out.Message = "internal error"
			out.Extensions = map[string]any{"code": errcode.InternalError}
		}
		if out.Extensions == nil {
			out.Extensions = map[string]any{}
		}
		out.Extensions["correlationId"] = correlation.ID(ctx)
		if code, ok := out.Extensions["code"].(string); ok {
			telemetry.AccessFrom(ctx).AddCode(code)
		}
		return out
	}
}
