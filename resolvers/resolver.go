// Package resolvers implements maitre's GraphQL schema: each resolver
// checks what the viewer may see, reads through the request's dataloaders
// and shapes the answer; the aggregates themselves live in reports.
package resolvers

import (
	"context"
	"errors"
	"time"

	"github.com/maitre-pos/maitre/chat"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/graph/generated"
	"github.com/maitre-pos/maitre/graph/model"
)

// Resolver is the root resolver and the place dependencies are injected.
type Resolver struct {
	// Now is the gateway's clock; periods such as TODAY are read from it.
	Now func() time.Time
	// Chat answers natural questions.
	Chat Asker
}

// Asker answers a question for the viewer in ctx, continuing a
// conversation when one is given.
type Asker interface {
	Ask(ctx context.Context, question, conversation string) *model.ChatAnswer
	// Misses is the tenant's last questions not understood, newest first.
	Misses(ctx context.Context, tenant string) []chat.Miss
}

// Config returns the executable schema's configuration for r.
func (r *Resolver) Config() generated.Config {
	return generated.Config{
		Resolvers:  r,
		Directives: generated.DirectiveRoot{HasPermission: hasPermission},
		Complexity: complexity(),
	}
}

// Query returns the Query resolver.
func (r *Resolver) Query() generated.QueryResolver { return &queryResolver{r} }

// Payment returns the Payment resolver.
func (r *Resolver) Payment() generated.PaymentResolver { return &paymentResolver{r} }

// RevenueSummary returns the RevenueSummary resolver.
func (r *Resolver) RevenueSummary() generated.RevenueSummaryResolver {
	return &revenueSummaryResolver{r}
}

// Entity returns the resolver of federation's _entities.
func (r *Resolver) Entity() generated.EntityResolver { return &entityResolver{r} }

// Dashboard returns the Dashboard resolver.
func (r *Resolver) Dashboard() generated.DashboardResolver { return &dashboardResolver{r} }

// Subscription returns the Subscription resolver.
func (r *Resolver) Subscription() generated.SubscriptionResolver { return &subscriptionResolver{r} }

// Table returns the Table resolver.
func (r *Resolver) Table() generated.TableResolver { return &tableResolver{r} }

type queryResolver struct{ *Resolver }
type paymentResolver struct{ *Resolver }
type revenueSummaryResolver struct{ *Resolver }
type tableResolver struct{ *Resolver }
type dashboardResolver struct{ *Resolver }
type entityResolver struct{ *Resolver }
type subscriptionResolver struct{ *Resolver }

// request gathers what every resolver needs from the context. The auth
// middleware and the loaders middleware always run before GraphQL.
func request(ctx context.Context) (*auth.Viewer, *dataloaders.Loaders) {
	return auth.ViewerFrom(ctx), dataloaders.For(ctx)
}

// reference resolves a field that points at another service's row: a row
// that service does not have is null with a NOT_FOUND error naming it, since
// the data disagree.
func reference[T any](v T, err error, service clients.Service, what, id string) (*T, error) {
	if err != nil {
		return nil, referenceError(err, service, what, id)
	}
	return &v, nil
}

// referenceError is the error of a reference that did not load: NOT_FOUND
// naming the service where it has no such row, else err.
func referenceError(err error, service clients.Service, what, id string) error {
	if errors.Is(err, dataloaders.ErrNotFound) {
		e := errcode.New(errcode.NotFound, "the %s service has no %s %s", service, what, id)
		e.Extensions["service"] = service
		return e
	}
	return err
}

// found turns a loader's not-found into a null without error.
func found[T any](v T, err error) (*T, error) {
	if errors.Is(err, dataloaders.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}
