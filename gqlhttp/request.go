package gqlhttp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/errcode"
)

// Error is a request that is not GraphQL over HTTP: its message is safe to
// show, and Status is the HTTP status to answer with.
type Error struct {
	Status  int
	Message string
}

func (e *Error) Error() string { return e.Message }

// GraphQL returns the error as clients see it, with its code.
func (e *Error) GraphQL() *gqlerror.Error {
	code := errcode.BadRequest
	if e.Status == http.StatusUnsupportedMediaType {
		code = errcode.UnsupportedMediaType
	}
	return errcode.New(code, "%s", e.Message)
}

func badRequest(format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Message: fmt.Sprintf(format, args...)}
}

// RequireJSON refuses a body that does not say it is JSON in UTF-8.
func RequireJSON(r *http.Request) *Error {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" || params["charset"] != "" && !strings.EqualFold(params["charset"], "utf-8") {
		return &Error{Status: http.StatusUnsupportedMediaType, Message: "POST a JSON body with Content-Type: application/json"}
	}
	return nil
}

// DecodeJSON decodes one JSON object from body into v, strictly: numbers
// stay json.Number, fields of the wrong type are named, and nothing may
// follow the object.
func DecodeJSON(body []byte, v any) *Error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te) && te.Field != "":
			return badRequest("%s must be %s, not a JSON %s", te.Field, article(te.Type.Kind().String()), te.Value)
		case errors.As(err, &te):
			return badRequest("the body must be a JSON object, not a JSON %s", te.Value)
		case errors.Is(err, io.EOF):
			return badRequest("the body is empty: send a JSON object")
		}
		return badRequest("the body is not valid JSON")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequest("the body has more after its JSON object")
	}
	return nil
}

// article names a Go kind as clients know it.
func article(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "map":
		return "an object"
	case "slice":
		return "a list"
	}
	return "a " + kind
}

// params is the body of a GraphQL POST.
type params struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName"`
	Variables     map[string]any `json:"variables"`
	Extensions    map[string]any `json:"extensions"`
}

// ReadParams reads a GET's query string or a POST's JSON body.
func ReadParams(r *http.Request) (*graphql.RawParams, *Error) {
	var p params
	if r.Method == http.MethodGet {
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return nil, badRequest("the query string is malformed")
		}
		p.Query, p.OperationName = q.Get("query"), q.Get("operationName")
		for name, dst := range map[string]*map[string]any{"variables": &p.Variables, "extensions": &p.Extensions} {
			if v := q.Get(name); v != "" {
				if err := DecodeJSON([]byte(v), dst); err != nil {
					return nil, badRequest("%s must be a JSON object", name)
				}
			}
		}
	} else {
		if err := RequireJSON(r); err != nil {
			return nil, err
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, badRequest("the request body could not be read")
		}
		return DecodeParams(body, r.Header)
	}
	return p.raw(r.Header), nil
}

// DecodeParams decodes a request's parameters sent as a JSON object, as a
// POST's body or a WebSocket's subscribe payload.
func DecodeParams(body []byte, h http.Header) (*graphql.RawParams, *Error) {
	var p params
	if err := DecodeJSON(body, &p); err != nil {
		return nil, err
	}
	return p.raw(h), nil
}

func (p *params) raw(h http.Header) *graphql.RawParams {
	return &graphql.RawParams{Query: p.Query, OperationName: p.OperationName, Variables: p.Variables,
		Extensions: p.Extensions, Headers: h}
}
