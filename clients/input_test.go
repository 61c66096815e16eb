package clients_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/clients/breaker"
)

// TestUnsendableInput calls every service with a value HTTP cannot carry
// (a tenant or a token with a newline), many times: each call is refused
// before the wire as the caller's error, none reaches the service, and
// no breaker opens.
func TestUnsendableInput(t *testing.T) {
	var received atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { received.Add(1) }))
	defer srv.Close()
	eps := map[clients.Service]clients.Endpoint{}
	for _, s := range clients.Services {
		eps[s] = clients.Endpoint{URL: srv.URL, Timeout: time.Second, Breaker: breaker.Defaults}
	}
	c, err := clients.New(clients.Config{Endpoints: eps})
	if err != nil {
		t.Fatal(err)
	}
	ctx, tenant := context.Background(), "bistro\nX-Injected: 1"
	// Auth answers a token it cannot be asked about as a bad token.
	calls := map[clients.Service]func() error{
		clients.Auth: func() error {
			if _, err := c.Auth.Verify(ctx, "tok\nen"); !errors.Is(err, clients.ErrUnauthenticated) {
				return err
			}
			return &clients.Error{Kind: clients.KindRequest}
		},
		clients.Orders:     func() error { _, err := c.Orders.Get(ctx, tenant, []string{"o1"}); return err },
		clients.Payments:   func() error { _, err := c.Payments.ForOrders(ctx, tenant, []string{"o1"}); return err },
		clients.Inventory:  func() error { _, err := c.Products.Get(ctx, tenant, []string{"p1"}); return err },
		clients.Restaurant: func() error { _, err := c.Tables.Get(ctx, tenant, []string{"t1"}); return err },
	}
	for s, call := range calls {
		t.Run(string(s), func(t *testing.T) {
			for range 30 {
				var e *clients.Error
				if err := call(); !errors.As(err, &e) || e.Kind != clients.KindRequest {
					t.Fatalf("got %v; want the request refused as the caller's", err)
				}
			}
			if state := c.Breakers()[s]; state != "closed" {
				t.Errorf("breaker %s; want closed", state)
			}
		})
	}
	if n := received.Load(); n != 0 {
		t.Errorf("%d requests reached the services", n)
	}
}
