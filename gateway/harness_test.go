package gateway_test

import (
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/app"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/config"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/gatewaytest"
	"github.com/maitre-pos/maitre/throttle"
)

// harness is a gateway in front of the demo services, on loopback; the
// types of its answers are gatewaytest's.
type (
	harness      = gatewaytest.Gateway
	response     = gatewaytest.Response
	gqlError     = gatewaytest.Error
	update       = gatewaytest.Update
	subscription = gatewaytest.Subscription
	wsConn       = gatewaytest.WSConn
	chatAnswer   = gatewaytest.ChatAnswer
	serviceMeta  = gatewaytest.ServiceCalls
	tenantCase   = gatewaytest.Tenant
	oracle       = gatewaytest.Oracle
	takings      = gatewaytest.Takings
	sold         = gatewaytest.Sold
	money        = gatewaytest.Money
)

func newHarness(t *testing.T) *harness {
	t.Helper()
	env := demotest.Start(t, demotest.Now)
	return serve(t, env, options(env.Client(t, 300*time.Millisecond)))
}

// options are the gateway options of the default configuration
// (gatewaytest.Options) over c, at the pinned clock, logging nowhere, as
// a test needs them: no rate limit or shedding by memory (the test
// process's heap is not the gateway's) unless the test sets one, and no
// kept day read again in the background (a call the test did not make).
func options(c *clients.Client) gateway.Options {
	return forTests(gatewaytest.Options(), c)
}

func forTests(o gateway.Options, c *clients.Client) gateway.Options {
	o.Clients, o.Now = c, func() time.Time { return demotest.Now }
	o.Logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
	o.ClientLimit, o.TenantLimit, o.MaxLiveHeap = throttle.Limit{}, throttle.Limit{}, 0
	o.ClosedDays.Recheck = 0
	return o
}

// configured are the gateway options the binary builds from the
// configuration vars give (MAITRE_* variables), over env's services
// through a client cc tunes further: the rate limits as configured, the
// rest as options sets them for tests.
func configured(t *testing.T, env *demotest.Env, vars map[string]string, cc clients.Config) (gateway.Options, *config.Config) {
	t.Helper()
	cfg, err := config.Parse(nil, func(k string) string { return vars[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cc.ParallelWindows = cfg.ParallelWindows
	o := forTests(app.GatewayOptions(cfg), env.ClientFor(t, cfg.Endpoints(), cc))
	o.ClientLimit, o.TenantLimit = cfg.ClientLimit, cfg.TenantLimit
	return o, cfg
}

// handler builds a gateway with o.
func handler(tb testing.TB, o gateway.Options) http.Handler {
	tb.Helper()
	h, err := gateway.New(o)
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// serve serves a gateway built with o on loopback until the test ends.
func serve(t *testing.T, env *demotest.Env, o gateway.Options) *harness {
	t.Helper()
	return gatewaytest.Serve(t, env, handler(t, o))
}

// with is o as set changes it.
func with(o gateway.Options, set func(*gateway.Options)) gateway.Options {
	set(&o)
	return o
}
