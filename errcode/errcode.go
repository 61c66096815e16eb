// Package errcode names the codes maitre's clients see in
// extensions.code, and builds the GraphQL errors that carry them. It
// depends on nothing of maitre's, so that any package may use it.
package errcode

import (
	"context"
	"errors"
	"fmt"

	"github.com/vektah/gqlparser/v2/gqlerror"
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
	// BadRequest is a request that is not GraphQL over HTTP at all.
	BadRequest = "BAD_REQUEST"
	// UnsupportedMediaType is a POST body that is not JSON.
	UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	// NotAcceptable is an Accept header that allows no media type maitre
	// answers in.
	NotAcceptable = "NOT_ACCEPTABLE"
)

// The codes of requests refused before they run, one per limit
// (docs/limits.md).
const (
	RequestTooLarge     = "REQUEST_TOO_LARGE"
	QueryTooLarge       = "QUERY_TOO_LARGE"
	NameTooLong         = "NAME_TOO_LONG"
	StringTooLong       = "STRING_TOO_LONG"
	TooManyOperations   = "TOO_MANY_OPERATIONS"
	QueryTooDeep        = "QUERY_TOO_DEEP"
	TooManyFields       = "TOO_MANY_FIELDS"
	SelectionTooWide    = "SELECTION_TOO_WIDE"
	TooManyRootFields   = "TOO_MANY_ROOT_FIELDS"
	TooManyDirectives   = "TOO_MANY_DIRECTIVES"
	TooManyAliases      = "TOO_MANY_ALIASES"
	TooManyFragments    = "TOO_MANY_FRAGMENTS"
	TooManyIntrospects  = "TOO_MANY_INTROSPECTIONS"
	IntrospectionAlias  = "INTROSPECTION_ALIASED"
	IntrospectionOff    = "INTROSPECTION_DISABLED"
	ValidationTooCostly = "VALIDATION_TOO_COSTLY"
	ComplexityExceeded  = "COMPLEXITY_LIMIT_EXCEEDED"
	// ParseFailed and ValidationFailed are gqlgen's codes for documents
	// that are not GraphQL or not valid against the schema.
	ParseFailed      = "GRAPHQL_PARSE_FAILED"
	ValidationFailed = "GRAPHQL_VALIDATION_FAILED"
	// PersistedQueryNotFound is Apollo's code: send the query with its hash.
	PersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND"
	// PersistedQueryMismatch is a query whose SHA-256 is not the hash sent.
	PersistedQueryMismatch = "PERSISTED_QUERY_HASH_MISMATCH"
	// ClientClosed is a request whose client went away before it was answered.
	ClientClosed = "CLIENT_CLOSED_REQUEST"
	// TooManyErrors stands for the errors left out of a long list.
	TooManyErrors = "TOO_MANY_ERRORS"
	// TooManySubscriptions refuses a subscription past the limit of its
	// connection or its tenant.
	TooManySubscriptions = "TOO_MANY_SUBSCRIPTIONS"
	// SlowConsumer ends a subscription whose client fell behind its updates.
	SlowConsumer = "SLOW_CONSUMER"
)

// New returns a GraphQL error with a code.
func New(code, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    fmt.Sprintf(format, args...),
		Extensions: map[string]any{"code": code},
	}
}

// Ended is the error of a request whose context ended before it was
// answered: out of time, or its client gone.
func Ended(ctx context.Context) *gqlerror.Error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return New(GatewayTimeout, "the request ran out of time before it could be answered")
	}
	return New(ClientClosed, "the client closed the request")
}

// Of returns err's code, or "".
func Of(err *gqlerror.Error) string {
	if err == nil {
		return ""
	}
	c, _ := err.Extensions["code"].(string)
	return c
}
