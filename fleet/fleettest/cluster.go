package fleettest

import (
	"context"
	"math/rand/v2"
	"net"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/maitre-pos/maitre/testenv"
)

// NodeTimeout is how long the test cluster waits for a silent master
// before its replica takes over: short, for failover tests.
const NodeTimeout = time.Second

// Cluster is a running Redis Cluster of three masters, each with a
// replica: Debian's redis-server with cluster mode on, joined by
// redis-cli --cluster create, nothing saved, stopped when the test ends.
type Cluster struct {
	t     testing.TB
	Nodes []*Node
}

// Node is one redis-server of a Cluster.
type Node struct {
	Addr string
	cmd  *exec.Cmd
	c    *redis.Client
}

// StartCluster runs a Redis Cluster until the test ends.
func StartCluster(t testing.TB) *Cluster {
	t.Helper()
	for _, bin := range []string{"redis-server", "redis-cli"} {
		if _, err := exec.LookPath(bin); err != nil {
			testenv.Missing(t, bin+" is not installed (apt-get install redis-server); .ci/run installs it")
		}
	}
	c := &Cluster{t: t}
	t.Cleanup(c.stop)
	args := []string{"--cluster", "create"}
	for _, port := range freePorts(t, 6) {
		n := &Node{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port))}
		dir := t.TempDir()
		n.cmd = exec.Command("redis-server", "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
			"--cluster-enabled", "yes", "--cluster-config-file", filepath.Join(dir, "nodes.conf"),
			"--cluster-node-timeout", strconv.Itoa(int(NodeTimeout.Milliseconds())), "--save", "", "--appendonly", "no", "--dir", dir, "--repl-diskless-sync-delay", "0")
		if err := n.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		c.Nodes = append(c.Nodes, n)
		waitListening(t, n.Addr)
		args = append(args, n.Addr)
	}
	out, err := exec.Command("redis-cli", append(args, "--cluster-replicas", "1", "--cluster-yes")...).CombinedOutput()
	if err != nil {
		t.Fatalf("redis-cli --cluster create: %v\n%s", err, out)
	}
	c.WaitHealthy()
	return c
}

// freePorts finds n loopback ports free with their cluster bus ports
// (each port plus 10000).
func freePorts(t testing.TB, n int) []int {
	var out []int
	for len(out) < n {
		p := 20000 + rand.IntN(30000)
		if free(p) && free(p+10000) {
			out = append(out, p)
		}
	}
	return out
}

func free(port int) bool {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return false
	}
	ln.Close()
	return true
}

func waitListening(t testing.TB, addr string) {
	for range 300 {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("redis-server did not listen on %s", addr)
}

// URL is the cluster's seeds as maitre takes them: comma-separated URLs.
func (c *Cluster) URL() string {
	urls := make([]string, len(c.Nodes))
	for i, n := range c.Nodes {
		urls[i] = "redis://" + n.Addr
	}
	return strings.Join(urls, ",")
}

// WaitHealthy waits until every running node reports cluster_state:ok
// and every slot served, and every replica is in sync with its master
// (until then it could not take over).
func (c *Cluster) WaitHealthy() {
	c.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ok := true
		for _, n := range c.Nodes {
			if n.cmd == nil {
				continue
			}
			info, err := n.client().ClusterInfo(context.Background()).Result()
			repl, rerr := n.client().Info(context.Background(), "replication").Result()
			if err != nil || rerr != nil || !strings.Contains(info, "cluster_state:ok") || !strings.Contains(info, "cluster_slots_ok:16384") ||
				strings.Contains(repl, "role:slave") && !strings.Contains(repl, "master_link_status:up") {
				ok = false
				break
			}
		}
		if ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.t.Fatal("the Redis Cluster did not become healthy in 20 s")
}

// MasterOf returns the master that serves key's slot, as the cluster
// sees it now.
func (c *Cluster) MasterOf(key string) *Node {
	c.t.Helper()
	ctx := context.Background()
	slot := c.any().ClusterKeySlot(ctx, key).Val()
	shards, err := c.any().ClusterShards(ctx).Result()
	must(c.t, err)
	for _, sh := range shards {
		for _, r := range sh.Slots {
			if slot < r.Start || slot > r.End {
				continue
			}
			for _, sn := range sh.Nodes {
				if sn.Role != "master" {
					continue
				}
				for _, n := range c.Nodes {
					if n.Addr == net.JoinHostPort(sn.IP, strconv.FormatInt(sn.Port, 10)) {
						return n
					}
				}
			}
		}
	}
	c.t.Fatalf("no master serves %q", key)
	return nil
}

// Kill kills a node, as a crash would.
func (c *Cluster) Kill(n *Node) {
	if n.cmd != nil && n.cmd.Process != nil {
		_ = n.cmd.Process.Kill()
		_ = n.cmd.Wait()
		n.cmd = nil
	}
	if n.c != nil {
		n.c.Close()
		n.c = nil
	}
}

// Migrate moves key's slot, with its keys, from the master serving it to
// another master, step by step as redis-cli --cluster reshard does:
// importing and migrating (clients get ASK), the keys moved, then the
// slot given to its new master (clients get MOVED).
func (c *Cluster) Migrate(key string) (from, to *Node) {
	c.t.Helper()
	ctx := context.Background()
	from = c.MasterOf(key)
	for _, n := range c.Nodes {
		if n != from && n.cmd != nil {
			if role, _ := n.client().Do(ctx, "ROLE").Slice(); len(role) > 0 && role[0] == "master" {
				to = n
				break
			}
		}
	}
	slot := c.any().ClusterKeySlot(ctx, key).Val()
	fromID, toID := from.client().ClusterMyID(ctx).Val(), to.client().ClusterMyID(ctx).Val()
	must(c.t, to.client().Do(ctx, "CLUSTER", "SETSLOT", slot, "IMPORTING", fromID).Err())
	must(c.t, from.client().Do(ctx, "CLUSTER", "SETSLOT", slot, "MIGRATING", toID).Err())
	host, port, _ := net.SplitHostPort(to.Addr)
	for {
		keys, err := from.client().ClusterGetKeysInSlot(ctx, int(slot), 100).Result()
		must(c.t, err)
		if len(keys) == 0 {
			break
		}
		args := []any{"MIGRATE", host, port, "", 0, 5000, "KEYS"}
		for _, k := range keys {
			args = append(args, k)
		}
		must(c.t, from.client().Do(ctx, args...).Err())
	}
	for _, n := range c.Nodes {
		if n.cmd != nil {
			_ = n.client().Do(ctx, "CLUSTER", "SETSLOT", slot, "NODE", toID).Err() // replicas refuse; they learn it by gossip
		}
	}
	return from, to
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (n *Node) client() *redis.Client {
	if n.c == nil {
		n.c = redis.NewClient(&redis.Options{Addr: n.Addr, MaxRetries: -1, DialTimeout: time.Second})
	}
	return n.c
}

func (c *Cluster) any() *redis.Client {
	for _, n := range c.Nodes {
		if n.cmd != nil {
			return n.client()
		}
	}
	c.t.Fatal("every node of the cluster is down")
	return nil
}

func (c *Cluster) stop() {
	for _, n := range c.Nodes {
		c.Kill(n)
	}
}
