package gateway_test

import (
	"io"
	"maps"
	"net/http"
	"testing"

	"github.com/maitre-pos/maitre/app"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/config"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/gatewaytest"
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
	return serve(t, env, options(env.Client(t, gatewaytest.Patient)))
}

// options, with and handler are gatewaytest's.
var (
	options = gatewaytest.OptionsFor
	with    = gatewaytest.With
)

func handler(tb testing.TB, o gateway.Options) http.Handler { return gatewaytest.Handler(tb, o) }

// configured are the gateway options the binary builds from the
// configuration vars give (MAITRE_* variables), over env's services
// through a client cc tunes further: the rate limits as configured, the
// rest as options sets them for tests, and timeouts patient unless vars
// set them.
func configured(t *testing.T, env *demotest.Env, vars map[string]string, cc clients.Config) (gateway.Options, *config.Config) {
	t.Helper()
	all := maps.Clone(gatewaytest.PatientTimeouts)
	maps.Copy(all, vars)
	vars = all
	cfg, err := config.Parse(nil, func(k string) string { return vars[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cc.ParallelWindows = cfg.ParallelWindows
	o := app.GatewayOptions(cfg)
	quiet := options(env.ClientFor(t, cfg.Endpoints(), cc))
	o.Clients, o.Now, o.Logger, o.MaxLiveHeap, o.ClosedDays.Recheck = quiet.Clients, quiet.Now, quiet.Logger, 0, 0
	return o, cfg
}

// serve serves a gateway built with o on loopback until the test ends.
func serve(t *testing.T, env *demotest.Env, o gateway.Options) *harness {
	t.Helper()
	return gatewaytest.Serve(t, env, handler(t, o))
}
