package fleet

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/maitre-pos/maitre/admit"
	"github.com/maitre-pos/maitre/clients/cache"
	"github.com/maitre-pos/maitre/days"
	"github.com/maitre-pos/maitre/fleet/fleettest"
)

var k1, k2 = []byte("k1: sixteen bytes or more"), []byte("k2: sixteen bytes or more")

// TestSeal opens what seal wrote, under the key it was written to and
// before it expires, and nothing else.
func TestSeal(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	signed := (keyring{k1}).seal("maitre:chat:a", []byte(`{"N":1}`), time.Minute, now)
	tests := []struct {
		name string
		keys keyring
		key  string
		raw  []byte
		at   time.Time
		want error
	}{
		{"as written", keyring{k1}, "maitre:chat:a", signed, now, nil},
		{"at its expiry", keyring{k1}, "maitre:chat:a", signed, now.Add(time.Minute), nil},
		{"past its expiry", keyring{k1}, "maitre:chat:a", signed, now.Add(time.Minute + time.Second), errExpired},
		{"under another key", keyring{k1}, "maitre:chat:b", signed, now, errForged},
		{"with another expiry", keyring{k1}, "maitre:chat:a", bytes.Replace(signed, []byte(".1800000060."), []byte(".1900000060."), 1), now, errForged},
		{"changed", keyring{k1}, "maitre:chat:a", bytes.Replace(signed, []byte(`"N":1`), []byte(`"N":9`), 1), now, errForged},
		{"unsigned", keyring{k1}, "maitre:chat:a", []byte(`{"N":1}`), now, errForged},
		{"cut short", keyring{k1}, "maitre:chat:a", signed[:20], now, errForged},
		{"signed by the previous key", keyring{k2, k1}, "maitre:chat:a", signed, now, nil},
		{"signed by a key not known", keyring{k2}, "maitre:chat:a", signed, now, errForged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.keys.open(tt.key, tt.raw, tt.at)
			if !errors.Is(err, tt.want) || err == nil && string(got) != `{"N":1}` {
				t.Errorf("open: %q, %v; want %v", got, err, tt.want)
			}
		})
	}
	if got := (keyring{k1}).seal("maitre:chat:a", []byte(`{"N":1}`), 0, now); !bytes.HasSuffix(got, []byte(".0.{\"N\":1}")) {
		t.Errorf("without a TTL: %s; want an expiry of 0", got)
	}
}

// TestKeys refuses keys too short, and a previous key alone.
func TestKeys(t *testing.T) {
	tests := []struct {
		name          string
		key, previous string
		ok            bool
	}{
		{"none", "", "", true},
		{"a key", string(k1), "", true},
		{"a key and a previous one", string(k2), string(k1), true},
		{"a short key", "fifteen bytes!!", "", false},
		{"a short previous key", string(k2), "fifteen bytes!!", false},
		{"a previous key alone", "", string(k1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open("redis://127.0.0.1:1/0", Options{Timeout: DefaultTimeout, Key: []byte(tt.key), PreviousKey: []byte(tt.previous)})
			if (err == nil) != tt.ok {
				t.Errorf("Open: %v; want ok %v", err, tt.ok)
			}
		})
	}
}

// counted opens a Redis with o whose rejections are counted by use.
func counted(t *testing.T, s *fleettest.Server, o Options) (*Redis, func() map[string]int64) {
	t.Helper()
	reader := sdkmetric.NewManualReader()
	o.Meter = sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	o.Timeout = DefaultTimeout
	r := openWith(t, s.URL(), o)
	return r, func() map[string]int64 {
		var rm metricdata.ResourceMetrics
		if err := reader.Collect(context.Background(), &rm); err != nil {
			t.Fatal(err)
		}
		out := map[string]int64{}
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				if sum, ok := m.Data.(metricdata.Sum[int64]); ok && m.Name == "maitre.redis.rejected" {
					for _, p := range sum.DataPoints {
						use, _ := p.Attributes.Value(attribute.Key("use"))
						out[use.AsString()] += p.Value
					}
				}
			}
		}
		return out
	}
}

// TestForged writes into a signing fleet's Redis what a replica would,
// but without its key, or a signed value changed or moved: none is
// found, each is counted by use, and Redis stays up.
func TestForged(t *testing.T) {
	s := fleettest.Start(t)
	ctx := context.Background()
	w := openWith(t, s.URL(), Options{Timeout: DefaultTimeout, Key: k1})
	r, rejected := counted(t, s, Options{Key: k1})
	raw := redis.NewClient(&redis.Options{Addr: s.Addr})
	t.Cleanup(func() { raw.Close() })
	set := func(key, value string) {
		t.Helper()
		if err := raw.Set(ctx, prefix+key, value, time.Hour).Err(); err != nil {
			t.Fatal(err)
		}
	}
	get := func(key string) string {
		t.Helper()
		v, err := raw.Get(ctx, prefix+key).Result()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	at := time.Now().Add(-time.Minute)
	w.Cache("orders").Put(ctx, "signed", cache.Answer{Status: 200, Body: []byte(`{"orders":[{"id":"o1"}]}`), At: at}, time.Hour)
	w.Values("chat").Put(ctx, "signed", []string{"revenue"}, time.Hour)
	apq := "{ me { name } }"

	tests := []struct {
		name, use string
		write     func()
		found     func() bool
	}{
		{"an unsigned answer", "cache", func() {
			set("cache:orders:a", `{"Status":200,"Body":"e30=","At":"2026-01-01T00:00:00Z"}`)
		}, func() bool { _, ok := r.Cache("orders").Get(ctx, "a"); return ok }},
		{"a row injected into a signed answer", "cache", func() {
			v := get("cache:orders:signed")
			set("cache:orders:signed", v[:len(sealTag)+macLen+1]+`0.{"Status":200,"Body":"eyJvcmRlcnMiOlt7ImlkIjoibzEifSx7ImlkIjoiZXZpbCJ9XX0=","At":"2026-01-01T00:00:00Z"}`)
		}, func() bool { _, ok := r.Cache("orders").Get(ctx, "signed"); return ok }},
		{"a signed answer moved to another key", "cache", func() {
			set("cache:orders:moved", get("cache:orders:signed"))
		}, func() bool { _, ok := r.Cache("orders").Get(ctx, "moved"); return ok }},
		{"an unsigned conversation", "chat", func() { set("chat:b", `["revenue"]`) }, func() bool {
			var v []string
			return r.Values("chat").Get(ctx, "b", &v)
		}},
		{"an unsigned persisted query of its hash", "apq", func() { set("apq:"+sha256Hex(apq), `"`+apq+`"`) }, func() bool {
			_, ok := r.PersistedQueries(admit.NewPersistedQueries(10, 1<<20), time.Hour).Get(ctx, sha256Hex(apq))
			return ok
		}},
		{"an unsigned closed day", "days", func() { set(dayKey("orders/bistro/2026-11-20"), `{"N":123000000000}`) }, func() bool {
			_, ok := Days(r, days.Memory[sum](1<<20, time.Hour), time.Hour).Get(ctx, "orders/bistro/2026-11-20")
			return ok
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := rejected()[tt.use]
			tt.write()
			if tt.found() {
				t.Error("it was trusted")
			}
			if n := rejected()[tt.use] - before; n != 1 {
				t.Errorf("%d rejected counted for %s; want 1", n, tt.use)
			}
		})
	}
	if _, ok := r.Cache("orders").Get(ctx, "absent"); ok || r.Status() != "ok" {
		t.Errorf("after the forgeries: found %v, status %s; want an absent key absent, Redis ok", ok, r.Status())
	}
	var v []string
	if !r.Values("chat").Get(ctx, "signed", &v) {
		t.Error("a conversation signed with the key was not found")
	}
}

// TestRotation reads values across replicas part-way through a rotation
// from k1 to k2: a replica reads what the keys it has signed, and only
// that.
func TestRotation(t *testing.T) {
	s := fleettest.Start(t)
	ctx := context.Background()
	type keyed struct{ key, previous []byte }
	tests := []struct {
		name           string
		writer, reader keyed
		found          bool
	}{
		{"k1's value, read with k2 to come", keyed{k1, nil}, keyed{k1, k2}, true},
		{"k1's value, read after the switch", keyed{k1, nil}, keyed{k2, k1}, true},
		{"k2's value, read before the switch", keyed{k2, k1}, keyed{k1, k2}, true},
		{"k2's value, read after the switch", keyed{k2, k1}, keyed{k2, k1}, true},
		{"k2's value, read with k1 alone", keyed{k2, k1}, keyed{k1, nil}, false},
		{"k1's value, read once k1 is retired", keyed{k1, nil}, keyed{k2, nil}, false},
		{"an unsigned value, read with a key", keyed{}, keyed{k1, nil}, false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := openWith(t, s.URL(), Options{Timeout: DefaultTimeout, Key: tt.writer.key, PreviousKey: tt.writer.previous})
			r, rejected := counted(t, s, Options{Key: tt.reader.key, PreviousKey: tt.reader.previous})
			key := string(rune('a' + i))
			w.Values("chat").Put(ctx, key, i, time.Hour)
			var got int
			if ok := r.Values("chat").Get(ctx, key, &got); ok != tt.found || ok && got != i {
				t.Errorf("found %v (%d); want %v", ok, got, tt.found)
			}
			if n, want := rejected()["chat"], map[bool]int64{true: 0, false: 1}[tt.found]; n != want {
				t.Errorf("%d rejected; want %d", n, want)
			}
		})
	}
}

// TestSharedDays: while Redis answers, its copy of a closed day is the
// day. One deleted or forged there is dropped here too; while Redis is
// down, this replica's copies answer.
func TestSharedDays(t *testing.T) {
	s := fleettest.Start(t)
	ctx := context.Background()
	a := openWith(t, s.URL(), Options{Timeout: DefaultTimeout, Key: k1})
	b, rejected := counted(t, s, Options{Key: k1})
	lb := days.Memory[sum](1<<20, time.Hour)
	da, db := Days(a, days.Memory[sum](1<<20, time.Hour), time.Hour), Days(b, lb, time.Hour)
	raw := redis.NewClient(&redis.Options{Addr: s.Addr})
	t.Cleanup(func() { raw.Close() })
	d20, d21, d22 := "orders/bistro/2026-11-20", "orders/bistro/2026-11-21", "orders/bistro/2026-11-22"
	for i, k := range []string{d20, d21, d22} {
		da.Put(ctx, k, sum{20 + i})
	}
	if _, found := db.GetMany(ctx, []string{d20, d21, d22}); !found[0] || !found[1] || !found[2] {
		t.Fatalf("the other replica found %v of a's days; want all", found)
	}

	steps := []struct {
		name   string
		change func()
		key    string
		found  bool
	}{
		{"deleted in Redis", func() { raw.Del(ctx, prefix+dayKey(d20)) }, d20, false},
		{"forged in Redis", func() { raw.Set(ctx, prefix+dayKey(d21), `{"N":123000000000}`, time.Hour) }, d21, false},
		{"Redis down", s.Stop, d22, true},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.change()
			got, found := db.GetMany(ctx, []string{st.key})
			if found[0] != st.found {
				t.Errorf("found %v (%v); want %v", found[0], got[0], st.found)
			}
			if _, kept := lb.Get(ctx, st.key); kept != st.found {
				t.Errorf("kept here: %v; want %v", kept, st.found)
			}
		})
	}
	if n := rejected()["days"]; n != 1 {
		t.Errorf("%d days rejected; want the forged one", n)
	}
}
