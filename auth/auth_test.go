package auth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

// authServer answers every token with an identity expiring at expires.
func authServer(t *testing.T, expires time.Time, calls *atomic.Int32) *clients.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		json.NewEncoder(w).Encode(clients.Identity{TenantID: "bistro", Timezone: "Europe/Berlin", Currency: "EUR", ExpiresAt: expires})
	}))
	t.Cleanup(srv.Close)
	eps := map[clients.Service]clients.Endpoint{}
	for _, s := range clients.Services {
		eps[s] = clients.Endpoint{URL: srv.URL, Timeout: time.Second}
	}
	c, err := clients.New(clients.Config{Endpoints: eps})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCacheLastsTheTokensLife(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	var calls atomic.Int32
	c := authServer(t, now.Add(80*time.Millisecond), &calls)
	v, err := NewVerifier(c.Auth, Config{MaxTTL: Defaults.MaxTTL, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for range 3 {
		viewer, err := v.Verify(ctx, "tok")
		if err != nil || viewer.Location.String() != "Europe/Berlin" {
			t.Fatalf("Verify: %+v, %v", viewer, err)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("3 checks within the token's life made %d calls; want 1", n)
	}
	if _, err := v.Verify(ctx, "other"); err != nil || calls.Load() != 2 {
		t.Errorf("a second token: %v after %d calls; want its own call", err, calls.Load())
	}
	time.Sleep(100 * time.Millisecond)
	if _, err := v.Verify(ctx, "tok"); err != nil || calls.Load() != 3 {
		t.Errorf("after the token's life: %v after %d calls; want a new call", err, calls.Load())
	}
}

// TestZeroTTLAsksEveryTime: with no time to trust a token, each check
// asks the auth service, and a valid token is still valid.
func TestZeroTTLAsksEveryTime(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	var calls atomic.Int32
	c := authServer(t, now.Add(time.Hour), &calls)
	v, _ := NewVerifier(c.Auth, Config{Now: func() time.Time { return now }})
	for range 3 {
		if _, err := v.Verify(context.Background(), "tok"); err != nil {
			t.Fatal(err)
		}
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("3 checks made %d calls; want 3", n)
	}
}

func TestExpiredIdentityIsRejected(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	var calls atomic.Int32
	c := authServer(t, now.Add(-time.Minute), &calls)
	v, _ := NewVerifier(c.Auth, Config{MaxTTL: Defaults.MaxTTL, Now: func() time.Time { return now }})
	if _, err := v.Verify(context.Background(), "tok"); !errors.Is(err, clients.ErrUnauthenticated) {
		t.Errorf("an identity that expired: %v; want ErrUnauthenticated", err)
	}
}

func TestBearer(t *testing.T) {
	tests := []struct {
		header, token string
		ok            bool
	}{
		{"Bearer abc", "abc", true},
		{"bearer abc", "abc", true},
		{"  Bearer   abc ", "abc", true},
		{"Basic abc", "", false},
		{"Bearer", "", false},
		{"Bearer ", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		token, ok := Bearer(tt.header)
		if ok != tt.ok || ok && token != tt.token {
			t.Errorf("Bearer(%q) = %q, %v; want %q, %v", tt.header, token, ok, tt.token, tt.ok)
		}
	}
}
