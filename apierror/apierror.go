// Package apierror turns internal failures into safe public errors: a
// failed downstream call becomes a message naming the service and how it
// failed, and a request refused before GraphQL runs gets a GraphQL-shaped
// body with its code and correlation ID.
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
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/telemetry"
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
		return errcode.GatewayTimeout, e.Service, fmt.Sprintf("the %s service did not answer in time", e.Service), true
	case clients.KindCircuitOpen:
		return errcode.CircuitOpen, e.Service, fmt.Sprintf("the %s service is failing, so it is not being called for now", e.Service), true
	case clients.KindCanceled:
		return errcode.ClientClosed, e.Service, fmt.Sprintf("the request was canceled before the %s service answered", e.Service), true
	case clients.KindMalformed:
		return errcode.DownstreamError, e.Service, fmt.Sprintf("the %s service sent an invalid response", e.Service), true
	case clients.KindStatus:
		return errcode.DownstreamError, e.Service, fmt.Sprintf("the %s service failed (status %d)", e.Service, e.StatusCode), true
	default:
		return errcode.DownstreamError, e.Service, fmt.Sprintf("the %s service is unavailable", e.Service), true
	}
}

// Write answers a request that failed before GraphQL execution, such as a
// rejected token, with a GraphQL-shaped body and the given status.
func Write(ctx context.Context, w http.ResponseWriter, r *http.Request, status int, e *gqlerror.Error) {
	if code := errcode.Of(e); code != "" {
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
