package gateway

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/gqlhttp"
)

// chatQuery selects every ChatAnswer field, so POST /chat returns exactly
// the object the chat query does.
const chatQuery = `query Chat($question: String!, $conversation: ID) { chat(question: $question, conversation: $conversation) {
	question conversation answer intents graphql variables data
	errors { message code service path }
	sources { service calls durationMs status cached stale }
	suggestions matches { said name kind how score } choices } }`

// conversation is the optional conversation ID as a variable.
func conversation(id *string) any {
	if id == nil {
		return nil
	}
	return *id
}

// chatHandler serves POST /chat {"question": "..."} for clients that do not
// speak GraphQL, by running the chat query. Its body follows /query's
// rules: JSON (415 otherwise), strictly decoded, within the body limit.
func chatHandler(exec graphql.GraphExecutor) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			gqlhttp.WriteError(ctx, w, r, http.StatusMethodNotAllowed, errcode.New(errcode.MethodNotAllowed, "POST a JSON body {\"question\": \"...\"}"))
			return
		}
		var body struct {
			Question     *string `json:"question"`
			Conversation *string `json:"conversation"`
		}
		raw, _ := io.ReadAll(r.Body)
		err := gqlhttp.RequireJSON(r)
		if err == nil {
			err = gqlhttp.DecodeJSON(raw, &body)
		}
		if err == nil && body.Question == nil {
			err = &gqlhttp.Error{Status: http.StatusBadRequest, Message: "the body must have a question: {\"question\": \"...\"}"}
		}
		if err != nil {
			gqlhttp.WriteError(ctx, w, r, err.Status, err.GraphQL())
			return
		}
		ctx = graphql.StartOperationTrace(ctx)
		op, errs := exec.CreateOperationContext(ctx, &graphql.RawParams{Query: chatQuery, Variables: map[string]any{"question": *body.Question, "conversation": conversation(body.Conversation)}})
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
		if resp == nil || len(resp.Errors) > 0 || json.Unmarshal(resp.Data, &data) != nil || len(data.Chat) == 0 {
			// A request error (a limit, the deadline) is the client's to
			// fix, with the status GraphQL over HTTP gives it; anything
			// else is the gateway's fault.
			e, status := errcode.New(errcode.InternalError, "the question could not be answered"), http.StatusInternalServerError
			switch {
			case resp == nil:
				e = errcode.Ended(ctx)
				status = gqlhttp.RequestStatus(gqlerror.List{e}, gqlhttp.GraphQLResponse)
			case len(resp.Errors) > 0 && resp.Data == nil:
				e = resp.Errors[0]
				status = gqlhttp.RequestStatus(resp.Errors, gqlhttp.GraphQLResponse)
			}
			gqlhttp.WriteError(ctx, w, r, status, e)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(data.Chat)
	})
}
