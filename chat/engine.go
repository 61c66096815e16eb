package chat

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/graph/model"
)

// maxQuestion bounds what is translated: a question, not an essay.
const maxQuestion = 500

// Engine answers questions. It is safe for concurrent use.
type Engine struct {
	exec      graphql.GraphExecutor
	tr        *translator
	now       func() time.Time
	catalogs  *lru.Cache[[32]byte, *catalog]
	questions metric.Int64Counter
}

// New returns an Engine that runs its documents with exec, which must
// serve maitre's schema with the gateway's error presenter; mp (which may
// be nil) counts the questions.
func New(exec graphql.GraphExecutor, now func() time.Time, mp metric.MeterProvider) *Engine {
	if mp == nil {
		mp = noop.NewMeterProvider()
	}
	cats, _ := lru.New[[32]byte, *catalog](256)
	questions, _ := mp.Meter(scope).Int64Counter("maitre.chat.questions", metric.WithUnit("{question}"),
		metric.WithDescription("Chat questions by intent (\"none\" when not understood) and whether they were understood."))
	return &Engine{exec: exec, tr: newTranslator(), now: now, catalogs: cats, questions: questions}
}

const scope = "github.com/maitre-pos/maitre/chat"

// Ask answers question for the viewer in ctx, reading through the
// request's dataloaders; it never returns an error, only answers that say
// what went wrong.
func (e *Engine) Ask(ctx context.Context, question string) *model.ChatAnswer {
	v := auth.ViewerFrom(ctx)
	out := &model.ChatAnswer{Question: question, Intents: []string{}, Errors: []*model.ChatError{}, Sources: []*model.SourceCall{}}
	calls := clients.CallLogFrom(ctx).Child()
	ctx = clients.WithCallLog(ctx, calls)
	defer func() { out.Sources = sources(calls) }()

	now := e.now()
	p := e.translate(ctx, question, newClock(now, v.Location), v)
	switch {
	case len(question) > maxQuestion:
		out.Answer = fmt.Sprintf("That question is too long for me: please keep it under %d characters.", maxQuestion)
		out.Suggestions = closest("", 3)
		return out
	case strings.TrimSpace(question) == "":
		out.Answer = "Ask me about your restaurant: revenue, best sellers, stock, tables or open orders."
		out.Suggestions = closest(question, 3)
		return out
	case p.action:
		out.Answer = "I can only answer questions; I can't change orders, tables, products or anything else."
		out.Suggestions = closest(question, 3)
		return out
	case len(p.asks) == 0:
		out.Answer = "Sorry, I didn't understand that. I can answer questions about revenue, payments, best sellers, stock, tables and orders."
		out.Suggestions = closest(question, 3)
		return out
	}
	out.Intents = p.intents()
	doc, vars := plan(p.asks)
	out.Graphql, out.Variables = doc, vars

	resp := e.run(ctx, doc, vars)
	// Run inside the chat field, the document's paths start with that
	// field's; the answer's errors are relative to its own data.
	if outer := graphql.GetPath(ctx); len(outer) > 0 {
		for _, err := range resp.Errors {
			if len(err.Path) >= len(outer) && err.Path[:len(outer)].String() == outer.String() {
				err.Path = err.Path[len(outer):]
			}
		}
	}
	var data map[string]json.RawMessage
	if len(resp.Data) > 0 {
		_ = json.Unmarshal(resp.Data, &data)
		out.Data = json.RawMessage(resp.Data)
	}
	for _, err := range resp.Errors {
		out.Errors = append(out.Errors, chatError(err))
	}
	c := &composer{data: data, errs: resp.Errors, now: now, loc: v.Location, currency: v.Currency}
	for i, a := range p.asks {
		c.compose(fmt.Sprintf("ask%d", i), a)
	}
	out.Answer = strings.Join(c.out, " ")
	out.Suggestions = followUps[p.asks[0].Intent]
	if out.Suggestions == nil {
		out.Suggestions = []string{}
	}
	return out
}

// translate parses the question, reading the catalog when it may name a
// product or category, inside a span that records what was understood.
func (e *Engine) translate(ctx context.Context, question string, clk clock, v *auth.Viewer) parsed {
	ctx, span := trace.SpanFromContext(ctx).TracerProvider().Tracer(scope).Start(ctx, "chat.translate")
	defer span.End()
	var p parsed
	if len(question) <= maxQuestion {
		p = e.tr.parse(question, clk, nil)
	}
	catalog := false
	if p.needsCatalog && !p.action && v.Can("products:read") {
		if cat, err := e.catalog(ctx, v.TenantID); err == nil {
			p, catalog = e.tr.parse(question, clk, cat), true
		}
	}
	intents := p.intents()
	understood := len(intents) > 0
	span.SetAttributes(attribute.StringSlice("maitre.chat.intents", intents), attribute.Bool("maitre.chat.understood", understood),
		attribute.Bool("maitre.chat.catalog", catalog), attribute.Int("maitre.chat.question.length", len(question)))
	if !understood {
		intents = []string{"none"}
	}
	for _, in := range intents {
		e.questions.Add(ctx, 1, metric.WithAttributes(attribute.String("intent", in), attribute.Bool("understood", understood)))
	}
	return p
}

// errNotQuery guards the one rule chat must never break.
var errNotQuery = errors.New("chat: only queries may run")

// run validates doc against the live schema and executes it in-process,
// with the request's viewer, dataloaders and call log.
func (e *Engine) run(ctx context.Context, doc string, vars map[string]any) *graphql.Response {
	ctx = graphql.StartOperationTrace(ctx)
	op, errs := e.exec.CreateOperationContext(ctx, &graphql.RawParams{Query: doc, Variables: vars})
	if errs == nil && (op.Operation == nil || op.Operation.Operation != ast.Query) {
		errs = gqlerror.List{gqlerror.Wrap(errNotQuery)}
	}
	if errs != nil {
		return e.exec.DispatchError(graphql.WithOperationContext(ctx, op), errs)
	}
	handler, ctx := e.exec.DispatchOperation(ctx, op)
	return handler(ctx)
}

// catalog returns the tenant's catalog, built once per distinct product
// list.
func (e *Engine) catalog(ctx context.Context, tenant string) (*catalog, error) {
	products, err := dataloaders.For(ctx).ProductLists.Load(ctx, clients.ProductFilter{})()
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	h.Write([]byte(tenant))
	for _, p := range products {
		fmt.Fprintf(h, "\x00%s\x00%s\x00%s", p.ID, p.Name, p.Category)
	}
	var key [32]byte
	copy(key[:], h.Sum(nil))
	if c, ok := e.catalogs.Get(key); ok {
		return c, nil
	}
	c := newCatalog(products)
	e.catalogs.Add(key, c)
	return c, nil
}

func chatError(e *gqlerror.Error) *model.ChatError {
	out := &model.ChatError{Message: e.Message}
	out.Code, _ = e.Extensions["code"].(string)
	if s, ok := e.Extensions["service"]; ok {
		svc := fmt.Sprint(s)
		out.Service = &svc
	}
	for _, p := range e.Path {
		out.Path = append(out.Path, fmt.Sprint(p))
	}
	return out
}

func sources(calls *clients.CallLog) []*model.SourceCall {
	out := []*model.SourceCall{}
	for _, s := range calls.Summary() {
		out = append(out, &model.SourceCall{Service: string(s.Service), Calls: s.Calls, DurationMs: s.DurationMs, Status: s.Status,
			Cached: s.Calls > 0 && s.Cached == s.Calls, Stale: s.Stale})
	}
	return out
}
