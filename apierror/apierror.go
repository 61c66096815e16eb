// Package apierror names the error codes maitre's clients see in
// extensions.code and turns internal failures into safe public errors.
package apierror

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/correlation"
	"github.com/maitre-pos/maitre/telemetry"
)

// The codes in extensions.code.
const (
	Unauthenticated  = "UNAUTHENTICATED"
	Forbidden        = "FORBIDDEN"
	BadUserInput     = "BAD_USER_INPUT"
	DownstreamError  = "DOWNSTREAM_SERVICE_ERROR"
	GatewayTimeout   = "GATEWAY_TIMEOUT"
	InternalError    = "INTERNAL_SERVER_ERROR"
	NotFound         = "NOT_FOUND"
	MethodNotAllowed = "METHOD_NOT_ALLOWED"
	CircuitOpen      = "CIRCUIT_OPEN"
	RateLimited      = "RATE_LIMITED"
	Overloaded       = "SERVICE_OVERLOADED"
	RequestTooLarge  = "REQUEST_TOO_LARGE"
	QueryTooDeep     = "QUERY_TOO_DEEP"
	TooManyAliases   = "TOO_MANY_ALIASES"
	// BadRequest is a request that is not GraphQL over HTTP at all.
	BadRequest = "BAD_REQUEST"
	// UnsupportedMediaType is a POST body that is not JSON.
	UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
)

// Downstream describes a failed downstream call for clients: which service,
// and whether it timed out, never its internals. ok is false when err is not
// a downstream failure.
func Downstream(err error) (code string, service clients.Service, message string, ok bool) {
	var e *clients.Error
	if !errors.As(err, &e) {
		return "", "", "", false
	}
	switch e.Kind {
	case clients.KindTimeout:
		return GatewayTimeout, e.Service, fmt.Sprintf("the %s service did not answer in time", e.Service), true
	case clients.KindCircuitOpen:
		return CircuitOpen, e.Service, fmt.Sprintf("the %s service is failing, so it is not being called for now", e.Service), true
	case clients.KindMalformed:
		return DownstreamError, e.Service, fmt.Sprintf("the %s service sent an invalid response", e.Service), true
	case clients.KindStatus:
		return DownstreamError, e.Service, fmt.Sprintf("the %s service failed (status %d)", e.Service, e.StatusCode), true
	default:
		return DownstreamError, e.Service, fmt.Sprintf("the %s service is unavailable", e.Service), true
	}
}

// New returns a GraphQL error with a code, for resolvers to return.
func New(code, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    fmt.Sprintf(format, args...),
		Extensions: map[string]any{"code": code},
	}
}

// Write answers a request that failed before GraphQL execution, such as a
// rejected token, with a GraphQL-shaped body and the given status.
func Write(ctx context.Context, w http.ResponseWriter, r *http.Request, status int, e *gqlerror.Error) {
	if code, ok := e.Extensions["code"].(string); ok {
		telemetry.AccessFrom(ctx).AddCode(code)
	}
	if id := correlation.ID(ctx); id != "" {
		if e.Extensions == nil {
			e.Extensions = map[string]any{}
		}
		e.Extensions["correlationId"] = id
	}
	ct := "application/json"
	if strings.Contains(r.Header.Get("Accept"), "application/graphql-response+json") {
		ct = "application/graphql-response+json"
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": gqlerror.List{e}})
}
