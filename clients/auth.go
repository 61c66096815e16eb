package clients

import (
	"context"
	"errors"
	"net/http"
)

// AuthService verifies bearer tokens.
type AuthService struct{ s *service }

// Verify asks the auth service who token belongs to. A rejected token
// returns ErrUnauthenticated; other failures return an *Error.
func (a *AuthService) Verify(ctx context.Context, token string) (*Identity, error) {
	var id Identity
	err := a.s.get(ctx, request{
		path:   "/v1/verify",
		header: http.Header{"Authorization": {"Bearer " + token}},
	}, &id)
	var e *Error
	if errors.As(err, &e) && (e.Kind == KindStatus && e.StatusCode == http.StatusUnauthorized || e.Kind == KindRequest) {
		return nil, ErrUnauthenticated // a token that cannot be sent is no token
	}
	if err != nil {
		return nil, err
	}
	return &id, nil
}
