package chat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/calllog"
	"github.com/maitre-pos/maitre/chat/period"
	"github.com/maitre-pos/maitre/chat/words"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/graph/model"
	"github.com/maitre-pos/maitre/sized"
)

// maxQuestion bounds what is translated: a question, not an essay.
const maxQuestion = 500

// Engine answers questions. It is safe for concurrent use.
type Engine struct {
	exec          graphql.GraphExecutor
	tr            *translator
	now           func() time.Time
	catalogs      *sized.Cache[*Entities]
	aliases       map[string]Aliases
	conversations Conversations
	misses        *Misses
	questions     metric.Int64Counter
}

// Options configures an Engine.
type Options struct {
	// Now is the clock questions are read at.
	Now func() time.Time
	// Conversations keeps follow-ups' context; nil keeps 10,000 in
	// process for ConversationTTL.
	Conversations Conversations
	// Meter counts the questions; nil counts nothing.
	Meter metric.MeterProvider
	// Aliases are each tenant's own names for its products, categories
	// and tables, by tenant.
	Aliases map[string]Aliases
	// Misses keeps the questions not understood; nil keeps them in
	// process.
	Misses *Misses
}

// New returns an Engine that runs its documents with exec, which must
// serve maitre's schema with the gateway's error presenter.
func New(exec graphql.GraphExecutor, o Options) *Engine {
	if o.Meter == nil {
		o.Meter = noop.NewMeterProvider()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Conversations == nil {
		o.Conversations = MemoryConversations(10_000, ConversationTTL)
	}
	if o.Misses == nil {
		o.Misses = NewMisses(nil)
	}
	questions, _ := o.Meter.Meter(scope).Int64Counter("maitre.chat.questions", metric.WithUnit("{question}"),
		metric.WithDescription("Chat questions by outcome (understood, partial, asked_back, not_understood), first intent (\"none\" when not understood) and whether they were understood."))
	return &Engine{exec: exec, tr: newTranslator(), now: o.Now, catalogs: sized.New[*Entities](maxCatalogs, maxCatalogs, catalogTTL),
		aliases: o.Aliases, conversations: o.Conversations, misses: o.Misses, questions: questions}
}

const scope = "github.com/maitre-pos/maitre/chat"

// Ask answers question for the viewer in ctx, continuing conversation when
// it is one of theirs; it never returns an error, only answers that say
// what went wrong.
// known keeps the last maxAsks of a stored conversation whose intents this
// build knows: a store shared with other builds, or written by hand, may
// hold others. Nil, a new conversation, when it had asks and none is left.
func knownAsks(asks []Ask) []Ask {
	if asks == nil {
		return nil
	}
	out := []Ask{}
	for _, a := range asks {
		if _, ok := registry[a.Intent]; ok {
			out = append(out, a)
		}
	}
	if len(out) == 0 && len(asks) > 0 {
		return nil
	}
	return out[max(len(out)-maxAsks, 0):]
}

func (e *Engine) Ask(ctx context.Context, question, conversation string) *model.ChatAnswer {
	v := auth.ViewerFrom(ctx)
	out := &model.ChatAnswer{Question: question, Intents: []string{}, Errors: []*model.ChatError{}, Sources: []*model.SourceCall{},
		Matches: []*model.ChatMatch{}, Choices: []string{}}
	calls := calllog.From(ctx).Child()
	ctx = calllog.With(ctx, calls)
	defer func() { out.Sources = sources(calls) }()

	key := ConversationKey{Tenant: v.TenantID, User: v.UserID, ID: conversation}
	var prev []Ask
	if conversation != "" {
		prev, _ = e.conversations.Load(ctx, key)
		prev = knownAsks(prev)
	}
	if prev == nil {
		key.ID = newConversationID() // unknown, another's, or none: a new one
	}
	out.Conversation = key.ID
	// The conversation goes on from its last asks, or from this
	// question's; one not understood keeps what came before.
	keep := prev
	defer func() {
		if keep == nil {
			keep = []Ask{}
		}
		e.conversations.Save(ctx, key, keep)
	}()

	now := e.now()
	t := e.translate(ctx, question, period.NewClock(now, v.Location), v, prev)
	outcome := NotUnderstood
	defer func() { e.record(ctx, v, question, t, outcome, now) }()
	switch {
	case len(question) > maxQuestion:
		out.Answer = fmt.Sprintf("That question is too long for me: please keep it under %d characters.", maxQuestion)
		out.Suggestions = closest("", 3)
		return out
	case strings.TrimSpace(question) == "":
		out.Answer = "Ask me about your restaurant: revenue, best sellers, stock, tables or open orders."
		out.Suggestions = closest(question, 3)
		return out
	case t.action:
		out.Answer = "I can only answer questions; I can't change orders, tables, products or anything else."
		out.Suggestions = closest(question, 3)
		return out
	case len(t.asks) == 0 && t.offTopic != "":
		out.Answer = fmt.Sprintf("I have no figures on %s. I can answer questions about revenue, payments, best sellers, stock, tables and orders.", t.offTopic)
		out.Suggestions = closest(question, 3)
		return out
	case len(t.asks) == 0:
		out.Answer = "Sorry, I didn't understand that. I can answer questions about revenue, payments, best sellers, stock, tables and orders."
		out.Suggestions = closest(question, 3)
		return out
	}
	out.Matches = matches(t.names)
	if t.clarify != nil {
		// A guess is never said as a fact: which one is asked, and the
		// asks wait in the conversation for the choice.
		out.Intents = t.intents()
		for _, c := range t.clarify.Choices {
			out.Choices = append(out.Choices, c.Name)
			out.Suggestions = append(out.Suggestions, asked(t.raw, t.said, c.Name))
		}
		out.Answer = "Did you mean " + either(out.Choices) + "?"
		keep = t.asks
		outcome = AskedBack
		return out
	}
	outcome = Understood
	if t.dropped > 0 {
		outcome = Partial
	}
	out.Intents = t.intents()
	doc, vars := plan(t.asks)
	out.Graphql, out.Variables = doc, vars
	var resp *graphql.Response
	if doc != "" {
		resp = e.run(ctx, doc, vars)
	} else {
		resp = &graphql.Response{}
	}
	var data map[string]json.RawMessage
	if len(resp.Data) > 0 {
		_ = json.Unmarshal(resp.Data, &data)
		out.Data = json.RawMessage(resp.Data)
	}
	for _, err := range resp.Errors {
		out.Errors = append(out.Errors, chatError(err))
	}
	w := &writer{data: data, errs: resp.Errors, now: now, clock: period.NewClock(now, v.Location), currency: v.Currency}
	for _, m := range out.Matches {
		if m.How == model.ChatMatchHowFuzzy {
			w.say("I took “%s” to be %s.", m.Said, m.Name)
		}
	}
	if t.assumed != "" {
		w.say("With no period before it, I counted “%s” from today.", t.assumed)
	}
	for i, a := range t.asks {
		w.alias = fmt.Sprintf("ask%d", i)
		if a.Invalid != "" {
			outcome = Partial
			w.say("%s.", a.Why)
			out.Errors = append(out.Errors, &model.ChatError{Message: a.Why, Code: errcode.BadUserInput})
			continue
		}
		registry[a.Intent].Compose(w, a.Slots)
	}
	if t.dropped > 0 {
		w.say("That was more than %d questions at once: I left %d out, ask them again on their own.", maxAsks, t.dropped)
	}
	out.Answer = strings.Join(w.out, " ")
	out.Suggestions = []string{}
	if in, ok := registry[t.asks[0].Intent]; ok {
		out.Suggestions = in.Next()
	}
	keep = t.asks
	return out
}

// matches are the names read, as the answer shows them.
func matches(names []mention) []*model.ChatMatch {
	out := []*model.ChatMatch{}
	for _, m := range names {
		if m.choices != nil || m.entity.ID == "" && m.entity.Kind != CategoryEntity {
			continue // asked back, or a table the tenant does not have
		}
		out = append(out, &model.ChatMatch{Said: m.said, Name: m.entity.Name, Kind: matchKinds[m.entity.Kind],
			How: model.ChatMatchHow(m.how), Score: m.score})
	}
	return out
}

var matchKinds = map[EntityKind]model.ChatMatchKind{ProductEntity: model.ChatMatchKindProduct,
	CategoryEntity: model.ChatMatchKindCategory, TableEntity: model.ChatMatchKindTable}

// asked is the question as read, the words said replaced by name: a
// suggestion that settles which was meant.
func asked(raw []string, said, name string) string {
	q := strings.Join(raw, " ")
	q = strings.ReplaceAll(q, " "+words.Clause, words.Clause)
	if said != "" {
		q = strings.Replace(q, said, name, 1)
	}
	return strings.ToUpper(q[:1]) + q[1:]
}

// translate reads the question with the tenant's names, inside a span
// that records what was understood.
func (e *Engine) translate(ctx context.Context, question string, clk period.Clock, v *auth.Viewer, prev []Ask) translation {
	ctx, span := trace.SpanFromContext(ctx).TracerProvider().Tracer(scope).Start(ctx, "chat.translate")
	defer span.End()
	var t translation
	if len(question) <= maxQuestion {
		ents, err := e.catalog(ctx, v)
		t = e.tr.translate(question, clk, ents, prev)
		t.noCatalog = err != nil
	}
	intents := t.intents()
	span.SetAttributes(attribute.StringSlice("maitre.chat.intents", intents), attribute.Bool("maitre.chat.understood", len(intents) > 0),
		attribute.Bool("maitre.chat.follow_up", t.followUp), attribute.Int("maitre.chat.question.length", len(question)))
	return t
}

// What came of a question, as maitre_chat_questions_total counts it.
const (
	Understood    = "understood"     // answered in full
	Partial       = "partial"        // answered, but part of it was left out or could not be read
	AskedBack     = "asked_back"     // which of several names was meant is asked
	NotUnderstood = "not_understood" // nothing to answer: not understood, off-topic, an action, empty or too long
)

// record counts a question once, by outcome and first intent, and keeps
// one not understood among the tenant's misses: not one off-topic, an
// action or empty, which no word added would answer.
func (e *Engine) record(ctx context.Context, v *auth.Viewer, question string, t translation, outcome string, at time.Time) {
	intent := "none"
	if in := t.intents(); len(in) > 0 {
		intent = in[0]
	}
	e.questions.Add(ctx, 1, metric.WithAttributes(attribute.String("outcome", outcome), attribute.String("intent", intent),
		attribute.Bool("understood", outcome != NotUnderstood)))
	if outcome == NotUnderstood && !t.action && t.offTopic == "" && strings.TrimSpace(question) != "" {
		e.misses.Add(ctx, v.TenantID, question, at)
	}
}

// Misses is the tenant's last questions not understood, newest first.
func (e *Engine) Misses(ctx context.Context, tenant string) []Miss { return e.misses.List(ctx, tenant) }

// entitiesQuery reads the tenant's names through the graph, with the
// viewer's permissions: what they may not see, chat does not know.
const entitiesQuery = `query ChatEntities($after: String) {
  products(first: 500, after: $after) { nodes { id name category } pageInfo { endCursor hasNextPage } }
  tables { id name }
}`

// Bounds of the catalogs kept: maxEntityPages bounds one read (2,000
// products); catalogs of maxCatalogs tenants are kept catalogTTL, so that
// a new dish is known within it and most questions read none.
const (
	maxEntityPages = 4
	maxCatalogs    = 1024
	catalogTTL     = time.Minute
)

// catalog returns the tenant's names as the viewer may see them, read at
// most once a catalogTTL per tenant and permissions, before a question is
// matched.
func (e *Engine) catalog(ctx context.Context, v *auth.Viewer) (*Entities, error) {
	key := fmt.Sprintf("%s\x00%t%t", v.TenantID, v.Can("products:read"), v.Can("tables:read"))
	if ents, ok := e.catalogs.Get(key); ok {
		return ents, nil
	}
	var products []ProductName
	var tables []TableName
	var after any
	for page := range maxEntityPages {
		resp := e.run(ctx, entitiesQuery, map[string]any{"after": after})
		var data struct {
			Products *struct {
				Nodes    []ProductName
				PageInfo struct {
					EndCursor   *string
					HasNextPage bool
				}
			}
			Tables []TableName
		}
		if err := json.Unmarshal(resp.Data, &data); err != nil {
			return nil, err
		}
		if len(resp.Errors) > 0 && data.Products == nil && data.Tables == nil {
			return nil, resp.Errors // read again at the next question
		}
		if page == 0 {
			tables = data.Tables
		}
		if data.Products == nil {
			break
		}
		products = append(products, data.Products.Nodes...)
		if !data.Products.PageInfo.HasNextPage || data.Products.PageInfo.EndCursor == nil {
			break
		}
		after = *data.Products.PageInfo.EndCursor
	}
	ents := NewEntities(products, tables, e.aliases[v.TenantID])
	e.catalogs.Add(key, ents, 1)
	return ents, nil
}

// errNotQuery guards the one rule chat must never break.
var errNotQuery = errors.New("chat: only queries may run")

// run executes doc in-process, validated as every document is, with the
// request's viewer, dataloaders and call log. Run inside the chat field,
// the document's error paths start with that field's; they are made
// relative to the document's own data.
func (e *Engine) run(ctx context.Context, doc string, vars map[string]any) *graphql.Response {
	ctx = graphql.StartOperationTrace(ctx)
	op, errs := e.exec.CreateOperationContext(ctx, &graphql.RawParams{Query: doc, Variables: vars})
	if errs == nil && (op.Operation == nil || op.Operation.Operation != ast.Query) {
		errs = gqlerror.List{gqlerror.Wrap(errNotQuery)}
	}
	var resp *graphql.Response
	if errs != nil {
		resp = e.exec.DispatchError(graphql.WithOperationContext(ctx, op), errs)
	} else {
		handler, hctx := e.exec.DispatchOperation(ctx, op)
		if resp = handler(hctx); resp == nil {
			resp = &graphql.Response{Errors: gqlerror.List{errcode.Ended(ctx)}}
		}
	}
	if outer := graphql.GetPath(ctx); len(outer) > 0 {
		for _, err := range resp.Errors {
			if len(err.Path) >= len(outer) && err.Path[:len(outer)].String() == outer.String() {
				err.Path = err.Path[len(outer):]
			}
		}
	}
	return resp
}

func chatError(e *gqlerror.Error) *model.ChatError {
	out := &model.ChatError{Message: e.Message, Code: errcode.Of(e)}
	if s, ok := e.Extensions["service"]; ok {
		svc := fmt.Sprint(s)
		out.Service = &svc
	}
	for _, p := range e.Path {
		out.Path = append(out.Path, fmt.Sprint(p))
	}
	return out
}

func sources(calls *calllog.Log) []*model.SourceCall {
	out := []*model.SourceCall{}
	for _, s := range calls.Summary(clients.Names...) {
		out = append(out, &model.SourceCall{Service: string(s.Service), Calls: s.Calls, DurationMs: s.DurationMs, Status: s.Status,
			Cached: s.Calls > 0 && s.Cached == s.Calls, Stale: s.Stale})
	}
	return out
}
