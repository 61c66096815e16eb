package clients

import (
	"errors"
	"fmt"

	"github.com/maitre-pos/maitre/errcode"
)

// Kind says how a downstream call failed.
type Kind string

// Failure kinds.
const (
	KindUnavailable Kind = "unavailable"  // refused, reset or dropped connection
	KindTimeout     Kind = "timeout"      // the call's deadline passed
	KindStatus      Kind = "status"       // an error status code
	KindMalformed   Kind = "malformed"    // a body that is not the documented JSON
	KindCircuitOpen Kind = "circuit_open" // not called: its breaker is open
	KindCanceled    Kind = "canceled"     // the caller went away first: not the service's fault
	KindRequest     Kind = "request"      // not sent: the caller's input cannot be (a header value): not the service's fault
	KindContract    Kind = "contract"     // rows that break the contract (contract.go)
)

// ErrUnauthenticated is returned by AuthService.Verify for a missing,
// unknown or expired token.
var ErrUnauthenticated = errors.New("clients: token rejected")

// Error is a failed downstream call. Its Error text is internal detail for
// logs; API responses should say only which service failed and how.
type Error struct {
	Service    Service
	Kind       Kind
	StatusCode int    // for KindStatus
	Code       string // the downstream error code, if it sent one
	Message    string // the downstream error message, if it sent one
	Err        error  // the underlying transport or decoding error
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("%s: %s", e.Service, e.Kind)
	if e.StatusCode != 0 {
		msg += fmt.Sprintf(" %d", e.StatusCode)
	}
	if e.Code != "" {
		msg += fmt.Sprintf(" %s: %s", e.Code, e.Message)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Timeout reports whether the call failed by running out of time.
func (e *Error) Timeout() bool { return e.Kind == KindTimeout }

// Public describes a failed downstream call for API clients: the error
// code, the service, and how it failed, never its internals. ok is false
// when err is not a downstream failure.
func Public(err error) (code string, service Service, message string, ok bool) {
	var e *Error
	if !errors.As(err, &e) {
		return "", "", "", false
	}
	switch e.Kind {
	case KindTimeout:
		return errcode.GatewayTimeout, e.Service, fmt.Sprintf("the %s service did not answer in time", e.Service), true
	case KindCircuitOpen:
		return errcode.CircuitOpen, e.Service, fmt.Sprintf("the %s service is failing, so it is not being called for now", e.Service), true
	case KindCanceled:
		return errcode.ClientClosed, e.Service, fmt.Sprintf("the request was canceled before the %s service answered", e.Service), true
	case KindRequest:
		return errcode.BadRequest, e.Service, fmt.Sprintf("the request holds a value that cannot be sent to the %s service", e.Service), true
	case KindMalformed:
		return errcode.DownstreamError, e.Service, fmt.Sprintf("the %s service sent an invalid response", e.Service), true
	case KindContract:
		return errcode.DownstreamError, e.Service, fmt.Sprintf("the %s service %s", e.Service, brokenRule(e.Err)), true
	case KindStatus:
		return errcode.DownstreamError, e.Service, fmt.Sprintf("the %s service failed (status %d)", e.Service, e.StatusCode), true
	default:
		return errcode.DownstreamError, e.Service, fmt.Sprintf("the %s service is unavailable", e.Service), true
	}
}
