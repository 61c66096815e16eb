package toolbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"

	"github.com/maitre-pos/maitre/correlation"
)

// What a request may hold, checked before the SDK reads it (docs/limits.md).
const (
	// maxMethod bounds a method's name: MCP's longest is under 40 bytes.
	maxMethod = 64
	// maxID bounds an integer id: the SDK reads ids as float64, which
	// would change a larger one, or a fraction, in the answer.
	maxID = 1 << 53
	// maxMessage bounds an error's message, which may quote the request.
	maxMessage = 200
)

// maxHeld bounds what is kept of an error the SDK wrote, to rewrite it.
const maxHeld = 4 << 10

// requestKey carries the HTTP request's context to the tools: the SDK
// hands them its values (the viewer, the dataloaders) but neither its
// deadline nor its cancellation (nor has it them: see guard).
type requestKey struct{}

// requestContext is the context of the HTTP request that carried ctx's
// call.
func requestContext(ctx context.Context) context.Context {
	if r, ok := ctx.Value(requestKey{}).(context.Context); ok {
		return r
	}
	return ctx
}

// guard stands in front of the SDK: it refuses what the SDK would serve
// wrongly (a batch, an id it would change, a method name it would echo
// whole), and makes every error it answers a JSON-RPC error carrying the
// correlation ID.
func guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var id json.RawMessage
		if r.Method == http.MethodPost {
			body, err := io.ReadAll(r.Body) // already read whole, within the body limit
			if err != nil {
				writeError(ctx, w, http.StatusBadRequest, nil, &jsonrpc.Error{Code: jsonrpc.CodeParseError, Message: "the request body could not be read"})
				return
			}
			var refused *jsonrpc.Error
			if id, refused = envelope(body); refused != nil {
				writeError(ctx, w, http.StatusBadRequest, id, refused)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		ew := &errorWriter{ResponseWriter: w, ctx: ctx, id: id}
		// The SDK stops waiting for an answer when its context ends: at the
		// deadline, it would race the tool's timeout error and answer
		// nothing. It waits for the tool instead, which the deadline ends.
		sdk := context.WithValue(context.WithoutCancel(ctx), requestKey{}, ctx)
		next.ServeHTTP(ew, r.WithContext(sdk))
		ew.finish()
	})
}

// envelope reads a request's id and method, returning the id to answer
// with, and an error when the request is not one the SDK serves as sent.
func envelope(body []byte) (json.RawMessage, *jsonrpc.Error) {
	invalid := func(msg string) *jsonrpc.Error { return &jsonrpc.Error{Code: jsonrpc.CodeInvalidRequest, Message: msg} }
	unparsed := &jsonrpc.Error{Code: jsonrpc.CodeParseError, Message: "the body is not JSON"}
	if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && t[0] == '[' {
		// A batch would run many tool calls as one request, past the
		// rate limits and the count in flight.
		return nil, invalid("batches are not served: send one JSON-RPC request per POST")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil {
		return nil, unparsed
	} else if tok != json.Delim('{') {
		return nil, invalid("a request is a JSON object")
	}
	var id, method json.RawMessage
	for dec.More() {
		key, err := dec.Token()
		var v json.RawMessage
		if err == nil {
			err = dec.Decode(&v)
		}
		if err != nil {
			return nil, unparsed
		}
		// The SDK matches names exactly; the last of two wins there, so
		// two are refused here.
		switch key {
		case "id":
			if id != nil {
				return nil, invalid("a request has one id")
			}
			id = v
		case "method":
			if method != nil {
				return nil, invalid("a request has one method")
			}
			method = v
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, unparsed
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, unparsed
	}
	if !keptID(id) {
		return nil, invalid("an id is a string, or an integer of at most 2^53 in magnitude without fraction or exponent")
	}
	var name string
	if json.Unmarshal(method, &name) == nil && len(name) > maxMethod {
		return id, invalid("the method's name is longer than " + strconv.Itoa(maxMethod) + " bytes")
	}
	return id, nil
}

// keptID reports whether the SDK answers with id exactly as sent: none,
// null, a string, or an integer it holds as both float64 and int64.
func keptID(id json.RawMessage) bool {
	if len(id) == 0 || string(id) == "null" || id[0] == '"' {
		return true
	}
	n, err := strconv.ParseInt(string(id), 10, 64)
	return err == nil && strconv.FormatInt(n, 10) == string(id) && n >= -maxID && n <= maxID
}

// writeError answers a JSON-RPC error with the correlation ID in its data
// and id (nil: null), in status.
func writeError(ctx context.Context, w http.ResponseWriter, status int, id json.RawMessage, e *jsonrpc.Error) {
	if id == nil {
		id = json.RawMessage("null")
	}
	body, _ := json.Marshal(struct {
		Version string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   *jsonrpc.Error  `json:"error"`
	}{"2.0", id, withCorrelation(ctx, e)})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// withCorrelation is e with its message bounded and the correlation ID
// added to its data.
func withCorrelation(ctx context.Context, e *jsonrpc.Error) *jsonrpc.Error {
	data := map[string]any{}
	_ = json.Unmarshal(e.Data, &data) // none, or the SDK's object
	if data == nil {
		data = map[string]any{}
	}
	data["correlationId"] = correlation.ID(ctx)
	raw, _ := json.Marshal(data)
	return &jsonrpc.Error{Code: e.Code, Message: shorten(e.Message, maxMessage), Data: raw}
}

// errorWriter turns the errors the SDK answers (its refusals, in plain
// text or JSON-RPC, and its methods' errors, such as invalid params,
// which quote them) into JSON-RPC errors that carry the correlation ID,
// their messages bounded.
type errorWriter struct {
	http.ResponseWriter
	ctx    context.Context
	id     json.RawMessage // the request's, once checked
	status int             // an error status the SDK wrote, held back
	body   bytes.Buffer
	wrote  bool
}

func (e *errorWriter) WriteHeader(status int) {
	if status >= http.StatusBadRequest {
		e.status = status
		return
	}
	e.ResponseWriter.WriteHeader(status)
}

func (e *errorWriter) Write(b []byte) (int, error) {
	if e.status != 0 {
		if e.body.Len() < maxHeld { // its message is cut shorter
			e.body.Write(b)
		}
		return len(b), nil
	}
	// The SDK writes a JSON answer whole, in one Write.
	if !e.wrote && e.Header().Get("Content-Type") == "application/json" {
		if id, sent := errorIn(b); sent != nil {
			e.wrote = true
			writeError(e.ctx, e.ResponseWriter, http.StatusOK, id, sent)
			return len(b), nil
		}
	}
	e.wrote = true
	return e.ResponseWriter.Write(b)
}

func (e *errorWriter) Unwrap() http.ResponseWriter { return e.ResponseWriter }

// finish writes the error held back, if any.
func (e *errorWriter) finish() {
	if e.status == 0 {
		return
	}
	id, sent := errorIn(e.body.Bytes())
	if sent == nil {
		id, sent = e.id, &jsonrpc.Error{Code: jsonrpc.CodeInvalidRequest, Message: string(bytes.TrimSpace(e.body.Bytes()))}
		if e.status >= http.StatusInternalServerError {
			sent.Code = jsonrpc.CodeInternalError
		}
	}
	writeError(e.ctx, e.ResponseWriter, e.status, id, sent)
}

// errorIn reads the id and the error of a JSON-RPC answer, nil when it is
// not one or holds a result; it stops at the result, which the SDK writes
// after the id.
func errorIn(b []byte) (json.RawMessage, *jsonrpc.Error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil
	}
	var id json.RawMessage
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, nil
		}
		var v json.RawMessage
		switch key {
		case "result":
			return nil, nil
		case "error":
			var e jsonrpc.Error
			if dec.Decode(&e) != nil {
				return nil, nil
			}
			return id, &e
		case "id":
			err = dec.Decode(&id)
		default:
			err = dec.Decode(&v)
		}
		if err != nil {
			return nil, nil
		}
	}
	return nil, nil
}

// shorten cuts s to at most max bytes, on a character's boundary.
func shorten(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
