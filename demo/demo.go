package demo

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/demo/faults"
)

// Demo serves the five demo services over one shared, clock-relative data
// set.
type Demo struct {
	now      func() time.Time
	store    *store
	injected atomic.Pointer[faults.Set]
	// received counts the requests each service was sent, as the service
	// itself sees them: what a gateway really cost it.
	received map[clients.Service]*atomic.Int64
}

// New returns the demo services reading the clock from now.
func New(now func() time.Time) *Demo {
	d := &Demo{now: now, store: &store{now: now}, received: map[clients.Service]*atomic.Int64{}}
	for _, s := range clients.Services {
		d.received[s] = &atomic.Int64{}
	}
	d.SetFaults(nil)
	return d
}

// SetFaults replaces the injected faults; nil clears them.
func (d *Demo) SetFaults(f faults.Set) {
	if f == nil {
		f = faults.Set{}
	}
	d.injected.Store(&f)
}

// Handler returns the named service's handler.
func (d *Demo) Handler(s clients.Service) http.Handler {
	var h http.Handler
	switch s {
	case clients.Auth:
		h = d.auth()
	case clients.Orders:
		h = d.orders()
	case clients.Payments:
		h = d.payments()
	case clients.Inventory:
		h = d.inventory()
	case clients.Restaurant:
		h = d.restaurant()
	default:
		panic(fmt.Sprintf("demo: unknown service %q", s))
	}
	h = d.faulty(s, h)
	n := d.received[s]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h.ServeHTTP(w, r)
	})
}

// Received returns how many requests service s has been sent.
func (d *Demo) Received(s clients.Service) int64 { return d.received[s].Load() }

// Warm builds every tenant's data now rather than on its first request.
func (d *Demo) Warm() {
	for _, t := range tenants {
		d.store.get(t)
	}
}

// DefaultAddrs are where `go run .` starts the demo services.
var DefaultAddrs = map[clients.Service]string{
	clients.Auth:       "127.0.0.1:4001",
	clients.Orders:     "127.0.0.1:4002",
	clients.Payments:   "127.0.0.1:4003",
	clients.Inventory:  "127.0.0.1:4004",
	clients.Restaurant: "127.0.0.1:4005",
}

// Cluster is the demo services listening on real sockets.
type Cluster struct {
	// URLs are the services' base URLs.
	URLs    map[clients.Service]string
	servers []*http.Server
}

// Start listens on each address ("127.0.0.1:0" picks a free port) and
// serves the matching service until Close.
func (d *Demo) Start(addrs map[clients.Service]string) (*Cluster, error) {
	c := &Cluster{URLs: map[clients.Service]string{}}
	for _, s := range clients.Services {
		addr, ok := addrs[s]
		if !ok {
			continue
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			c.Close()
			return nil, fmt.Errorf("demo: %s service: %w", s, err)
		}
		srv := &http.Server{Handler: d.Handler(s), ReadHeaderTimeout: 5 * time.Second}
		c.servers = append(c.servers, srv)
		c.URLs[s] = "http://" + ln.Addr().String()
		go func() { _ = srv.Serve(ln) }()
	}
	return c, nil
}

// Close stops every service.
func (c *Cluster) Close() error {
	var errs []error
	for _, s := range c.servers {
		errs = append(errs, s.Close())
	}
	return errors.Join(errs...)
}
