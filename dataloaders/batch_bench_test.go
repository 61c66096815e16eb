package dataloaders_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/dataloaders"
	"github.com/maitre-pos/maitre/demo/demotest"
)

// BenchmarkPrefetch measures a request's worth of product lookups: 300
// loads of 60 distinct ids, prefetched in one batch.
func BenchmarkPrefetch(b *testing.B) {
	env := demotest.Start(b, demotest.Now)
	c := env.Client(b, time.Second)
	keys := make([]string, 300)
	for i := range keys {
		keys[i] = fmt.Sprintf("prd_bis_%03d", i%60+1)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		l := dataloaders.New(c, "bistro", nil, nil)
		l.Products().Prefetch(ctx, keys)
		for _, k := range keys {
			if _, err := l.Products().Load(ctx, k)(); err != nil {
				b.Fatal(err)
			}
		}
	}
}
