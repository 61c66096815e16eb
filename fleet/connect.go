package fleet

import (
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// connect returns the client of one Redis, or of a Redis Cluster when url
// lists several seeds. Every use falls back at once when it fails, so
// neither client retries a command; the cluster client still follows
// MOVED and ASK, and reloads its map of slots when a node fails or a slot
// moves.
func connect(url string, timeout time.Duration) (redis.UniversalClient, error) {
	seeds := strings.Split(url, ",")
	if len(seeds) == 1 {
		opts, err := redis.ParseURL(url)
		if err != nil {
			return nil, err
		}
		opts.DialTimeout, opts.ReadTimeout, opts.WriteTimeout, opts.PoolTimeout = timeout, timeout, timeout, timeout
		opts.MaxRetries = -1
		return redis.NewClient(opts), nil
	}
	co := &redis.ClusterOptions{DialTimeout: timeout, ReadTimeout: timeout, WriteTimeout: timeout, PoolTimeout: timeout, MaxRetries: -1}
	for i, seed := range seeds {
		opts, err := redis.ParseURL(strings.TrimSpace(seed))
		if err != nil {
			return nil, fmt.Errorf("fleet: seed %d of the cluster: %w", i+1, err)
		}
		if opts.DB != 0 {
			return nil, fmt.Errorf("fleet: seed %d of the cluster names database %d: a Redis Cluster has only database 0", i+1, opts.DB)
		}
		if i > 0 && (opts.Username != co.Username || opts.Password != co.Password || (opts.TLSConfig == nil) != (co.TLSConfig == nil)) {
			return nil, fmt.Errorf("fleet: seed %d of the cluster differs from the first in user, password or scheme: a cluster's seeds share them", i+1)
		}
		if i == 0 { // TLS names the first seed's host, as go-redis's own cluster URLs do
			co.Username, co.Password, co.TLSConfig = opts.Username, opts.Password, opts.TLSConfig
		}
		co.Addrs = append(co.Addrs, opts.Addr)
	}
	return redis.NewClusterClient(co), nil
}
