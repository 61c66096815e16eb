package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/days"
	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/demo/faults"
	"github.com/maitre-pos/maitre/downstreamtest"
	"github.com/maitre-pos/maitre/fleet"
	"github.com/maitre-pos/maitre/fleet/fleettest"
	"github.com/maitre-pos/maitre/gateway"
	"github.com/maitre-pos/maitre/reports"
)

// plantDay writes, unsigned, a day three days before now of
// £1.23 bn of tn's payments into the Redis at url, as anyone who can
// write to it could: the day, its date, and what was planted.
func plantDay(t *testing.T, url string, now time.Time, tn *downstreamtest.Tenant) (time.Time, string, reports.PaymentTotals) {
	t.Helper()
	loc, _ := time.LoadLocation(tn.Timezone)
	local := now.In(loc)
	day := time.Date(local.Year(), local.Month(), local.Day()-3, 0, 0, 0, 0, loc)
	date := day.Format(time.DateOnly)
	f, err := fleet.Open(url, fleet.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	planted := reports.PaymentTotals{Captured: 123_456_789_00}
	fleet.Days(f, days.Memory[reports.PaymentTotals](1<<20, time.Hour), time.Hour).Put(context.Background(), "payments/"+tn.ID+"/"+date, planted)
	return day, date, planted
}

// rawRedis is a client of s that is not maitre's, as anyone else who
// can write to the fleet's Redis has.
func rawRedis(t *testing.T, s *fleettest.Server) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: s.Addr})
	t.Cleanup(func() { c.Close() })
	return c
}

// TestFleetForgedDay plants, without the fleet's key, a closed day of
// £1.23 bn in the Redis a signing fleet shares: it is never served, it
// is counted, and the day is computed from the rows.
func TestFleetForgedDay(t *testing.T) {
	s := fleettest.Start(t)
	w := newWorld(12)
	tn := w.tenants[0]
	srv := downstreamtest.Start(t, w.tenants...)
	day, date, planted := plantDay(t, s.URL(), w.now, tn)
	if keys, _ := rawRedis(t, s).Keys(context.Background(), "maitre:days:*").Result(); len(keys) != 1 {
		t.Fatalf("planted %v; want one day", keys)
	}

	reader := sdkmetric.NewManualReader()
	r, err := fleet.Open(s.URL(), fleet.Options{Timeout: time.Second, Key: []byte(fleetKey), Meter: sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c, err := clients.New(clients.Config{Endpoints: srv.Endpoints(5 * time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	h := serve(t, nil, with(options(c), func(o *gateway.Options) {
		o.Now = func() time.Time { return w.now }
		o.Fleet = r
	}))
	var rev struct{ Total struct{ Amount string } }
	h.Query(t, tn.Token, `query($r: DateRange) { revenue(range: $r) { total { amount } } }`,
		map[string]any{"r": map[string]any{"from": date, "to": date}}).Field(t, "revenue", &rev)
	if want := fromRaw(tn, decimalsOf(tn.Currency), day, day.AddDate(0, 0, 1)).total; rev.Total.Amount != want {
		t.Errorf("revenue of %s: %s; want %s from the rows, not the planted %s", date, rev.Total.Amount, want, decimal(planted.Captured, decimalsOf(tn.Currency)))
	}
	if n := sumWhere(metricPoints(t, &observed{reader: reader}, "maitre.redis.rejected"), "use=days"); n != 1 {
		t.Errorf("%d days rejected; want the planted one", n)
	}
}

// TestFleetForgedAnswer injects a product into the shared cached answer
// of a tenant's inventory, keeping its signature: the other replica,
// inventory down, does not serve it.
func TestFleetForgedAnswer(t *testing.T) {
	s := fleettest.Start(t)
	env := demotest.Start(t, demotest.Now)
	a, _ := replica(t, env, s.URL(), nil)
	b, _ := replica(t, env, s.URL(), nil)
	q := `{ lowStock { id name } }`
	if r := a.Query(t, "demo-owner", q, nil); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	time.Sleep(50 * time.Millisecond) // the shared write is asynchronous

	raw, ctx := rawRedis(t, s), context.Background()
	keys, err := raw.Keys(ctx, "maitre:cache:inventory:*").Result()
	if err != nil || len(keys) == 0 {
		t.Fatalf("no shared inventory answer to forge: %v %v", keys, err)
	}
	for _, k := range keys {
		v, err := raw.Get(ctx, k).Bytes()
		if err != nil {
			t.Fatal(err)
		}
		at := bytes.IndexByte(v, '{') // the answer, after the signature
		var answer struct {
			Status int
			Header http.Header
			Body   []byte
			At     time.Time
		}
		if err := json.Unmarshal(v[at:], &answer); err != nil {
			t.Fatal(err)
		}
		var list map[string]any
		if err := json.Unmarshal(answer.Body, &list); err != nil {
			t.Fatal(err)
		}
		products, _ := list["products"].([]any)
		if len(products) == 0 {
			continue
		}
		forged := map[string]any{}
		for f, fv := range products[0].(map[string]any) {
			forged[f] = fv
		}
		forged["id"], forged["name"], forged["stock"] = "forged-product", "Forged product", 0
		list["products"] = append(products, forged)
		answer.Body, _ = json.Marshal(list)
		body, _ := json.Marshal(answer)
		if err := raw.Set(ctx, k, append(v[:at:at], body...), time.Hour).Err(); err != nil {
			t.Fatal(err)
		}
	}

	env.Demo.SetFaults(faults.Set{clients.Inventory: {Mode: "down"}})
	got := b.Query(t, "demo-owner", q, nil)
	env.Demo.SetFaults(nil)
	if strings.Contains(string(got.Data["lowStock"]), "forged-product") {
		t.Errorf("the other replica served the forged product: %s", got.Data["lowStock"])
	}
}

// TestFleetSharedDayDeleted reads last month through one replica that
// the other computed, then deletes the shared days: the replica drops its
// own copies and reads the rows again; with Redis down, its copies answer.
func TestFleetSharedDayDeleted(t *testing.T) {
	s := fleettest.Start(t)
	env := demotest.Start(t, demotest.Now)
	fresh := map[string]string{"MAITRE_ORDERS_CACHE_TTL": "0", "MAITRE_PAYMENTS_CACHE_TTL": "0"} // a call is a read of the rows
	a, _ := replica(t, env, s.URL(), fresh)
	b, _ := replica(t, env, s.URL(), fresh)
	month := `{ revenue(range: {period: LAST_MONTH}) { total { amount } orderCount } }`
	want := string(a.Query(t, "demo-owner", month, nil).Data["revenue"])
	calls := func() int { return len(env.Calls(clients.Orders)) + len(env.Calls(clients.Payments)) }
	raw, ctx := rawRedis(t, s), context.Background()

	steps := []struct {
		name   string
		before func()
		calls  bool // whether the rows are read
	}{
		{"shared", func() {}, false},
		{"deleted in Redis", func() {
			keys, err := raw.Keys(ctx, "maitre:days:*").Result()
			if err != nil || len(keys) == 0 {
				t.Fatalf("no shared days to delete: %v %v", keys, err)
			}
			raw.Del(ctx, keys...)
		}, true},
		{"Redis down", s.Stop, false},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.before()
			env.Reset()
			got := b.Query(t, "demo-owner", month, nil)
			if string(got.Data["revenue"]) != want || len(got.Errors) > 0 || (calls() > 0) != st.calls {
				t.Errorf("last month: %s, errors %v, %d calls; want %s, rows read %v", got.Data["revenue"], got.Errors, calls(), want, st.calls)
			}
		})
	}
}
