#!/usr/bin/env bash
# The orders page through maitre over one Redis and over a Redis Cluster (3
# masters, 3 replicas), alternating, in one run: wrk for the throughput, then
# vegeta at RATE req/s for the p50/p99. Rate limits on and never binding, so
# that every lease of tokens goes to Redis; answers shared as maitre runs.
# Needs redis-server, redis-cli, wrk, jq and vegeta. Run from the root:
#   bash bench/redis.sh
set -euo pipefail
cd "$(dirname "$0")/.."
T=$(mktemp -d); NOW=2026-11-26T19:30:00Z; DAY=${NOW%%T*}
VEGETA=${VEGETA:-$(command -v vegeta || echo "$(go env GOPATH)/bin/vegeta")}; DUR=${DUR:-15}; RATE=${RATE:-200}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 0.5; for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$T"; }
trap cleanup EXIT
wait_port() { for _ in $(seq 200); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }
go build -o $T/maitre .
MAITRE_NOW=$NOW $T/maitre demo > $T/demo.log 2>&1 & pids+=($!)
for p in 4001 4002 4003 4004 4005; do wait_port $p; done
redis-server --port 6390 --bind 127.0.0.1 --save '' --appendonly no > $T/single.log 2>&1 & pids+=($!)
for p in 7101 7102 7103 7104 7105 7106; do
  mkdir -p $T/c$p; (cd $T/c$p && exec redis-server --port $p --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file nodes.conf --save '' --appendonly no > log 2>&1) & pids+=($!)
done
for p in 6390 7101 7102 7103 7104 7105 7106; do wait_port $p; done
redis-cli --cluster create 127.0.0.1:7101 127.0.0.1:7102 127.0.0.1:7103 127.0.0.1:7104 127.0.0.1:7105 127.0.0.1:7106 --cluster-replicas 1 --cluster-yes > $T/create.log 2>&1
sleep 3
Q="{ orders(range: {from: \"$DAY\", to: \"$DAY\"}, first: 50) { nodes { items { product { name } } payments { amount { amount } } table { name } } } }"
jq -nc --arg q "$Q" '{query: $q}' > $T/q.json
AUTH='Authorization: Bearer demo-owner'
run() { # name redis-url
  env MAITRE_NOW=$NOW MAITRE_CLIENT_RATE=1000000 MAITRE_CLIENT_BURST=1000000 MAITRE_TENANT_RATE=1000000 MAITRE_TENANT_BURST=1000000 MAITRE_LOG_LEVEL=warn \
    MAITRE_REDIS_URL="$2" MAITRE_REDIS_KEY="a bench key of more than 16 bytes" ${EXTRA:-} \
    MAITRE_AUTH_URL=http://127.0.0.1:4001 MAITRE_ORDERS_URL=http://127.0.0.1:4002 MAITRE_PAYMENTS_URL=http://127.0.0.1:4003 \
    MAITRE_INVENTORY_URL=http://127.0.0.1:4004 MAITRE_RESTAURANT_URL=http://127.0.0.1:4005 MAITRE_LISTEN=127.0.0.1:4306 \
    $T/maitre >> $T/maitre.log 2>&1 & local pid=$!; wait_port 4306; sleep 1
  curl -sS http://127.0.0.1:4306/health/ready | jq -c . >&2
  BENCH_BODY_FILE=$T/q.json BENCH_AUTH="$AUTH" wrk -t2 -c32 -d3s -s ../shared/peers/bench.lua http://127.0.0.1:4306/query > /dev/null
  BENCH_BODY_FILE=$T/q.json BENCH_AUTH="$AUTH" wrk -t2 -c32 -d${DUR}s --timeout 5s -s ../shared/peers/bench.lua http://127.0.0.1:4306/query > $T/wrk.txt
  local max; max=$(sed -n 's/^WRKJSON //p' $T/wrk.txt); sleep 1
  jq -nc --rawfile b $T/q.json '{method:"POST", url:"http://127.0.0.1:4306/query", body:($b|@base64), header:{"Content-Type":["application/json"], "Authorization":["Bearer demo-owner"]}}' > $T/t.json
  $VEGETA attack -format=json -targets=$T/t.json -rate=$RATE/s -duration=${DUR}s -timeout=5s > $T/v.bin
  local fixed; fixed=$($VEGETA report -type=json $T/v.bin)
  kill $pid; wait $pid 2>/dev/null || true
  jq -nc --arg n "$1" --argjson max "$max" --argjson fixed "$fixed" '{redis:$n, rps:($max.rps|round), bad:($max.non200+$max.gql_errors+$max.no_data+$max.socket_errors+$max.timeouts), p50:($fixed.latencies["50th"]/1e4|round/100), p99:($fixed.latencies["99th"]/1e4|round/100), ok:$fixed.success}'
}
for round in 1 2; do
  run single redis://127.0.0.1:6390/0
  run cluster redis://127.0.0.1:7101,redis://127.0.0.1:7102,redis://127.0.0.1:7103
done
