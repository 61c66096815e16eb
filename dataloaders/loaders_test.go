package dataloaders_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/demo/demotest"
)

func TestBatchesInKeyOrder(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	l := dataloaders.New(env.Client(t, time.Second), "bistro", nil, nil)
	ctx := context.Background()

	// Keys loaded from many goroutines at once, with unknown ones mixed in.
	keys := []string{}
	for i := 60; i >= 1; i -= 3 {
		keys = append(keys, fmt.Sprintf("prd_bis_%03d", i), fmt.Sprintf("nope_%d", i))
	}
	got := make([]clients.Product, len(keys))
	errs := make([]error, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Go(func() { got[i], errs[i] = l.Products().Load(ctx, k)() })
	}
	wg.Wait()
	for i, k := range keys {
		known := k[:4] == "prd_"
		switch {
		case known && (errs[i] != nil || got[i].ID != k):
			t.Errorf("key %s: %s, %v", k, got[i].ID, errs[i])
		case !known && !errors.Is(errs[i], dataloaders.ErrNotFound):
			t.Errorf("unknown key %s: %v; want ErrNotFound", k, errs[i])
		}
	}
	// Loads from 40 goroutines usually meet in one 1 ms window; on a busy
	// machine a few may miss it, but never one call a key.
	if calls := env.Calls(clients.Inventory); len(calls) < 1 || len(calls) > 3 {
		t.Errorf("%d keys took %d calls; want 1 (at most 3)", len(keys), len(calls))
	}
}

func TestBatchCapacity(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	c := env.Client(t, time.Second)
	ctx := context.Background()
	orders, err := c.Orders.List(ctx, "bistro", clients.OrderFilter{}, 450, "")
	if err != nil {
		t.Fatal(err)
	}
	env.Reset()
	l := dataloaders.New(c, "bistro", nil, nil)
	ids := make([]string, len(orders.Orders))
	for i, o := range orders.Orders {
		ids[i] = o.ID
	}
	l.PaymentsByOrder().Prefetch(ctx, ids)
	thunks := make([]func() ([]clients.Payment, error), len(orders.Orders))
	for i, o := range orders.Orders {
		thunks[i] = l.PaymentsByOrder().Load(ctx, o.ID)
	}
	for i, th := range thunks {
		pays, err := th()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pays {
			if p.OrderID != orders.Orders[i].ID {
				t.Fatalf("order %s got payment %s of %s", orders.Orders[i].ID, p.ID, p.OrderID)
			}
		}
	}
	if calls, want := len(env.Calls(clients.Payments)), (450+clients.MaxIDs-1)/clients.MaxIDs; calls != want {
		t.Errorf("450 orders took %d payment calls; want %d", calls, want)
	}
}

func TestListsAreShared(t *testing.T) {
	env := demotest.Start(t, demotest.Now)
	l := dataloaders.New(env.Client(t, time.Second), "cafe", nil, nil)
	ctx := context.Background()
	f := clients.OrderFilter{From: demotest.Now.Add(-24 * time.Hour), To: demotest.Now, Statuses: clients.OrderCompleted}
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			if _, err := l.OrderLists().Get(ctx, f); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	orders, _ := l.OrderLists().Get(ctx, f)
	// The list primed the by-id loader: no further call.
	if _, err := l.Orders().Load(ctx, orders[0].ID)(); err != nil {
		t.Fatal(err)
	}
	if calls := env.Calls(clients.Orders); len(calls) != 1 {
		t.Errorf("6 reads of one list and a primed lookup took %d calls; want 1: %v", len(calls), calls)
	}
}
