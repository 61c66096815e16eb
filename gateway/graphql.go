package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"go.opentelemetry.io/otel/metric"

	"github.com/maitre-pos/maitre/admit"
	"github.com/maitre-pos/maitre/calllog"
	"github.com/maitre-pos/maitre/chat"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/correlation"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/render"
	"github.com/maitre-pos/maitre/resolvers"
	"github.com/maitre-pos/maitre/telemetry"
)

// queryCacheEntries bounds the admitted documents kept by count, beside
// Limits.QueryCacheBytes.
const queryCacheEntries = 1000

// graphqlExecutor builds the one executor every GraphQL document runs on,
// the chat's included, behind admission, and gives the resolver its chat
// engine. With rendered, plain root fields are written by the renderer.
func graphqlExecutor(r *resolvers.Resolver, log *slog.Logger, in *instruments, meter metric.MeterProvider, lim Limits, rendered bool, st *State,
	aliases map[string]chat.Aliases) *admit.Executor {
	es := resolvers.Schema(r)
	exec := executor.New(es)
	exec.AroundRootFields(entityLimit)
	if rendered {
		exec.AroundRootFields(render.New(es.Schema(), r.Roots(), resolvers.Methods(), resolvers.Allowed).Middleware)
	}
	exec.SetErrorPresenter(presenter(log))
	exec.SetRecoverFunc(recoverer(log))
	if !lim.Document.NoIntrospection {
		exec.Use(extension.Introspection{})
	}
	if lim.MaxComplexity > 0 {
		exec.Use(newComplexityLimit(lim.MaxComplexity))
	}
	around, responses := operationHooks(in)
	exec.AroundOperations(around)
	exec.AroundResponses(responses)
	exec.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		if resp == nil || nested(ctx) {
			return resp
		}
		capErrors(ctx, resp, lim.MaxErrors)
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		resp.Extensions["correlationId"] = correlation.ID(ctx)
		if calls := calllog.From(ctx); calls != nil {
			resp.Extensions["services"] = calls.Summary(clients.Names...)
		}
		return resp
	})
	ad := admit.New(exec, es.Schema(), admit.Options{Limits: lim.Document, CacheEntries: queryCacheEntries, CacheBytes: lim.QueryCacheBytes,
		Persisted: st.persisted})
	r.Chat = chat.New(ad, chat.Options{Now: r.Now, Meter: meter, Conversations: st.conversations, Misses: st.misses, Aliases: aliases})
	return ad
}

// nested reports whether ctx runs a document inside another operation's
// field, as the chat does: the outer operation is the one to report.
func nested(ctx context.Context) bool { return graphql.GetFieldContext(ctx) != nil }

// capErrors keeps the first max errors of a response and says how many
// more there were in one last error.
func capErrors(ctx context.Context, resp *graphql.Response, max int) {
	if max <= 0 || len(resp.Errors) <= max {
		return
	}
	more := errcode.New(errcode.TooManyErrors, "%d more errors were left out", len(resp.Errors)-max)
	more.Extensions["correlationId"] = correlation.ID(ctx)
	resp.Errors = append(resp.Errors[:max:max], more)
}

// maxMessage bounds an error's message: a longer one only echoes a value
// the client sent, and a list of errors must not multiply it.
const maxMessage = 300

func shorten(msg string) string {
	if len(msg) <= maxMessage {
		return msg
	}
	cut := maxMessage
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + "…"
}

// internal reports whether gerr is gqlgen's wrapping of an error nobody
// coded: a message written for the gateway, not for clients.
func internal(gerr *gqlerror.Error) bool {
	_, coded := gerr.Extensions["code"]
	var inner *gqlerror.Error
	return gerr.Err != nil && !coded && !errors.As(gerr.Err, &inner)
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
		if code, svc, msg, ok := clients.Public(err); ok {
			out.Message = msg
			out.Extensions = map[string]any{"code": code, "service": svc}
			level := slog.LevelWarn
			if code == errcode.ClientClosed {
				level = slog.LevelDebug // the caller left; the service did nothing wrong
			}
			log.Log(ctx, level, "downstream failure", "path", out.Path.String(), "error", err.Error())
		} else if !errors.As(err, &gerr) || internal(gerr) {
			log.ErrorContext(ctx, "resolver error", "path", out.Path.String(), "error", err.Error())
			out.Message = "internal error"
			out.Extensions = map[string]any{"code": errcode.InternalError}
		}
		if out.Extensions == nil {
			out.Extensions = map[string]any{}
		}
		if _, ok := out.Extensions["code"]; !ok { // gqlgen's own, e.g. a null where none may be
			out.Extensions["code"] = errcode.InternalError
		}
		out.Message = shorten(out.Message)
		out.Extensions["correlationId"] = correlation.ID(ctx)
		if code, ok := out.Extensions["code"].(string); ok {
			telemetry.AccessFrom(ctx).AddCode(code)
		}
		return out
	}
}
