package gateway

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"

	"github.com/maitre-pos/maitre/apierror"
	"github.com/maitre-pos/maitre/errcode"
)

// chatQuery selects every ChatAnswer field, so POST /chat returns exactly
// the object the chat query does.
const chatQuery = `query Chat($question: String!) { chat(question: $question) {
	question answer intents graphql variables data
	errors { message code service path }
	sources { service calls durationMs status cached stale }
	suggestions } }`

// maxChatBody bounds a POST /chat body.
const maxChatBody = 64 << 10

// chatHandler serves POST /chat {"question": "..."} for clients that do not
// speak GraphQL, by running the chat query.
func chatHandler(exec *executor.Executor) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			apierror.Write(ctx, w, r, http.StatusMethodNotAllowed, errcode.New(errcode.MethodNotAllowed, "POST a JSON body {\"question\": \"...\"}"))
			return
		}
		var body struct {
			Question *string `json:"question"`
		}
		dec := json.NewDecoder(io.LimitReader(r.Body, maxChatBody))
		if err := dec.Decode(&body); err != nil || body.Question == nil {
			apierror.Write(ctx, w, r, http.StatusBadRequest, errcode.New(errcode.BadUserInput, "the body must be JSON {\"question\": \"...\"}"))
			return
		}
		ctx = graphql.StartOperationTrace(ctx)
		op, errs := exec.CreateOperationContext(ctx, &graphql.RawParams{Query: chatQuery, Variables: map[string]any{"question": *body.Question}})
		var resp *graphql.Response
		if errs != nil {
			resp = exec.DispatchError(graphql.WithOperationContext(ctx, op), errs)
		} else {
			handler, ctx := exec.DispatchOperation(ctx, op)
			resp = handler(ctx)
		}
		var data struct {
			Chat json.RawMessage `json:"chat"`
		}
		if len(resp.Errors) > 0 || json.Unmarshal(resp.Data, &data) != nil || len(data.Chat) == 0 {
			e := errcode.New(errcode.InternalError, "the question could not be answered")
			if len(resp.Errors) > 0 {
				e = resp.Errors[0]
			}
			apierror.Write(ctx, w, r, http.StatusInternalServerError, e)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(data.Chat)
	})
}
