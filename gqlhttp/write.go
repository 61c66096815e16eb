package gqlhttp

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/correlation"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/telemetry"
)

// WriteError answers a request refused before GraphQL runs (a rejected
// token, a body too large, a rate limit) with a GraphQL-shaped body: the
// error with its code and the request's correlation ID, in the media type
// the client accepts, and the given status.
func WriteError(ctx context.Context, w http.ResponseWriter, r *http.Request, status int, e *gqlerror.Error) {
	if code := errcode.Of(e); code != "" {
		telemetry.AccessFrom(ctx).AddCode(code)
	}
	if id := correlation.ID(ctx); id != "" {
		if e.Extensions == nil {
			e.Extensions = map[string]any{}
		}
		e.Extensions["correlationId"] = id
	}
	ct := JSON
	if strings.Contains(r.Header.Get("Accept"), GraphQLResponse) {
		ct = GraphQLResponse
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": gqlerror.List{e}})
}
