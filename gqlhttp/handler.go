// Package gqlhttp serves GraphQL over HTTP, GET and POST, the way the
// GraphQL-over-HTTP spec asks: strict decoding of the request, the answer
// in application/json or application/graphql-response+json as the client
// accepts, and for each outcome the status that media type calls for.
//
// A request error (a document refused, invalid, or not runnable with its
// variables) has no data: under application/json it is answered 200,
// under application/graphql-response+json 400. A request whose deadline
// passed before it ran is 504 GATEWAY_TIMEOUT under both, never 200 null.
package gqlhttp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/calllog"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/telemetry"
)

// The media types answered in.
const (
	JSON            = "application/json"
	GraphQLResponse = "application/graphql-response+json"
)

// StatusClientClosed is logged for a request whose client went away.
const StatusClientClosed = 499

// Handler serves GraphQL over HTTP through an executor.
type Handler struct {
	exec graphql.GraphExecutor
	log  *slog.Logger
}

// New returns a Handler running requests on exec; log hears panics.
func New(exec graphql.GraphExecutor, log *slog.Logger) *Handler {
	return &Handler{exec: exec, log: log}
}

// allowed is what the Allow header says.
const allowed = "GET, POST, OPTIONS"

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	media := Accepted(r)
	ctx := graphql.StartOperationTrace(r.Context())
	defer func() {
		if p := recover(); p != nil {
			h.log.ErrorContext(ctx, "panic serving GraphQL", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			h.fail(ctx, w, media, http.StatusInternalServerError, errcode.New(errcode.InternalError, "internal error"))
		}
	}()
	switch r.Method {
	case http.MethodGet, http.MethodPost:
	case http.MethodOptions:
		w.Header().Set("Allow", allowed)
		w.WriteHeader(http.StatusNoContent)
		return
	default:
		w.Header().Set("Allow", allowed)
		h.fail(ctx, w, media, http.StatusMethodNotAllowed, errcode.New(errcode.MethodNotAllowed, "GraphQL is served by GET and POST, not %s", telemetry.Method(r.Method)))
		return
	}
	p, perr := ReadParams(r)
	if perr != nil {
		h.fail(ctx, w, media, perr.Status, perr.GraphQL())
		return
	}
	op, errs := h.exec.CreateOperationContext(ctx, p)
	if errs != nil {
		resp := h.exec.DispatchError(graphql.WithOperationContext(ctx, op), errs)
		write(w, media, RequestStatus(errs, media), resp, false)
		return
	}
	if r.Method == http.MethodGet && op.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		resp := h.exec.DispatchError(graphql.WithOperationContext(ctx, op), gqlerror.List{
			errcode.New(errcode.MethodNotAllowed, "a %s must be sent by POST", op.Operation.Operation)})
		write(w, media, http.StatusMethodNotAllowed, resp, false)
		return
	}
	if op.Operation.Operation == ast.Subscription {
		resp := h.exec.DispatchError(graphql.WithOperationContext(ctx, op), gqlerror.List{
			errcode.New(errcode.NotAcceptable, "a subscription is a stream: ask with Accept: text/event-stream, or over a WebSocket (graphql-transport-ws)")})
		write(w, media, http.StatusNotAcceptable, resp, false)
		return
	}
	responses, ctx := h.exec.DispatchOperation(ctx, op)
	resp := responses(ctx)
	if resp == nil { // the context ended before execution began
		err := errcode.Ended(ctx)
		resp = h.exec.DispatchError(graphql.WithOperationContext(ctx, op), gqlerror.List{err})
		write(w, media, RequestStatus(gqlerror.List{err}, media), resp, false)
		return
	}
	write(w, media, http.StatusOK, resp, true)
}

// fail answers an error found before the executor was involved.
func (h *Handler) fail(ctx context.Context, w http.ResponseWriter, media string, status int, err *gqlerror.Error) {
	op := &graphql.OperationContext{Stats: graphql.Stats{OperationStart: graphql.GetStartTime(ctx)}}
	resp := h.exec.DispatchError(graphql.WithOperationContext(ctx, op), gqlerror.List{err})
	write(w, media, status, resp, false)
}

// RequestStatus is the status of a response that has no data, under media.
func RequestStatus(errs gqlerror.List, media string) int {
	for _, e := range errs {
		switch errcode.Of(e) {
		case errcode.GatewayTimeout:
			return http.StatusGatewayTimeout
		case errcode.ClientClosed:
			return StatusClientClosed
		case errcode.BadRequest:
			return http.StatusBadRequest
		}
	}
	if media == GraphQLResponse {
		return http.StatusBadRequest
	}
	return http.StatusOK
}

// write answers resp with status in media, its data written as it is,
// not copied into another buffer first.
func write(w http.ResponseWriter, media string, status int, resp *graphql.Response, withData bool) {
	ps := parts(resp, withData)
	n := 0
	for _, p := range ps {
		n += len(p)
	}
	w.Header().Set("Content-Type", media)
	w.Header().Set("Content-Length", strconv.Itoa(n))
	w.WriteHeader(status)
	for _, p := range ps {
		if _, err := w.Write(p); err != nil {
			return
		}
	}
}

// Body encodes resp; withData says whether execution began, so that data
// (even null) belongs in it.
func Body(resp *graphql.Response, withData bool) []byte {
	return bytes.Join(parts(resp, withData), nil)
}

// parts are the pieces of resp's encoding, in order.
func parts(resp *graphql.Response, withData bool) [][]byte {
	out := make([][]byte, 0, 10)
	sep := "{"
	field := func(name string, v []byte) {
		out = append(out, []byte(sep+`"`+name+`":`), v)
		sep = ","
	}
	if len(resp.Errors) > 0 {
		field("errors", marshal(resp.Errors))
	}
	if withData {
		data := []byte(resp.Data)
		if len(data) == 0 {
			data = []byte("null")
		}
		field("data", data)
	}
	if len(resp.Extensions) > 0 {
		field("extensions", extensions(resp.Extensions))
	}
	if sep == "{" {
		return [][]byte{[]byte("{}")}
	}
	return append(out, []byte("}"))
}

// extensions encodes an answer's extensions. Those of nearly every
// answer, its correlation ID and the services it called, are written
// without reflection, as encoding/json writes them; any others through
// marshal.
func extensions(ext map[string]any) []byte {
	id, isID := ext["correlationId"].(string)
	calls, isCalls := ext["services"].([]calllog.ServiceCalls)
	if len(ext) != 2 || !isID || !isCalls || calls == nil || !calllog.Plain(id) {
		return marshal(ext)
	}
	b := make([]byte, 0, 64+len(id)+160*len(calls))
	b = append(b, `{"correlationId":"`...)
	b = append(b, id...)
	b = append(b, `","services":[`...)
	for i, c := range calls {
		if i > 0 {
			b = append(b, ',')
		}
		var ok bool
		if b, ok = c.AppendJSON(b); !ok {
			return marshal(ext)
		}
	}
	return append(b, "]}"...)
}

// marshal encodes v as JSON without escaping <, > and & as \u003c: a
// client's value quoted in an error keeps its size.
func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// Accepted is the media type to answer r in: the first of the two that
// its Accept header names, application/json for none, */* or
// application/*, and graphql-response+json for anything else.
func Accepted(r *http.Request) string {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return JSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		mt := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		switch strings.ToLower(mt) {
		case "*/*", "application/*", JSON:
			return JSON
		case GraphQLResponse:
			return GraphQLResponse
		}
	}
	return GraphQLResponse
}
