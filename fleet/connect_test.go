package fleet

import (
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

func TestConnect(t *testing.T) {
	tests := []struct {
		url     string
		cluster bool
		addrs   string
		err     string
	}{
		{url: "redis://127.0.0.1:6379/2", addrs: "127.0.0.1:6379"},
		{url: "redis://:pw@127.0.0.1:7001,redis://:pw@127.0.0.1:7002", cluster: true, addrs: "127.0.0.1:7001 127.0.0.1:7002"},
		{url: "rediss://a:pw@h1:7001, rediss://a:pw@h2:7001", cluster: true, addrs: "h1:7001 h2:7001"},
		{url: "redis://127.0.0.1:7001,redis://127.0.0.1:7002/3", err: "only database 0"},
		{url: "redis://:a@127.0.0.1:7001,redis://:b@127.0.0.1:7002", err: "user, password or scheme"},
		{url: "redis://127.0.0.1:7001,rediss://127.0.0.1:7002", err: "user, password or scheme"},
		{url: "redis://127.0.0.1:7001,http://127.0.0.1:7002", err: "seed 2"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			c, err := connect(tt.url, DefaultTimeout)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v; want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			var addrs []string
			switch c := c.(type) {
			case *redis.ClusterClient:
				addrs = c.Options().Addrs
			case *redis.Client:
				addrs = []string{c.Options().Addr}
			}
			_, isCluster := c.(*redis.ClusterClient)
			if isCluster != tt.cluster || strings.Join(addrs, " ") != tt.addrs {
				t.Errorf("cluster %v, addrs %v; want %v, %s", isCluster, addrs, tt.cluster, tt.addrs)
			}
		})
	}
}
