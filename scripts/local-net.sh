#!/usr/bin/env bash
# Starts the three validators of the `local` chain (Alice, Bob and Charlie) on this machine,
# without zombienet:
#
#   scripts/local-net.sh [--check] [BASE_DIR]
#
# Alice's RPC is ws://127.0.0.1:9944, Bob's 9945 and Charlie's 9946; Prometheus 9615-9617;
# peer-to-peer 30333-30335. Each node keeps its data in BASE_DIR/<name> (a new temporary
# directory by default) and logs to BASE_DIR/<name>.log. Ctrl-C stops all three. With
# --check, it waits until every node has two peers and has finalized block 3, then stops.
#
# A validator needs a node key (without one, pssc-node stops with NetworkKeyNotFound). The
# local chain registers the nodes whose node keys are sha256 of the node's name, so these
# are what this script passes: development keys, public, never for a real network.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/pssc-target}
node="$CARGO_TARGET_DIR/release/pssc-node"
[ -x "$node" ] || { echo "local-net: build first ($node is missing)" >&2; exit 1; }

check=false
if [ "${1:-}" = "--check" ]; then check=true; shift; fi
base=${1:-$(mktemp -d)}
mkdir -p "$base"

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT

names=(alice bob charlie)
for i in 0 1 2; do
	name=${names[$i]}
	mkdir -p "$base/$name"
	printf %s "$name" | sha256sum | cut -c1-64 | tr -d '\n' >"$base/$name/node-key"
	bootnodes=()
	if [ "$i" -gt 0 ]; then
		alice_peer=$("$node" key inspect-node-key --file "$base/alice/node-key" 2>/dev/null)
		bootnodes=(--bootnodes "/ip4/127.0.0.1/tcp/30333/p2p/$alice_peer")
	fi
	"$node" --chain local --"$name" --validator \
		--base-path "$base/$name" --node-key-file "$base/$name/node-key" \
		--port $((30333 + i)) --rpc-port $((9944 + i)) --prometheus-port $((9615 + i)) \
		--no-mdns "${bootnodes[@]}" >"$base/$name.log" 2>&1 &
	pids+=($!)
	echo "local-net: $name (PeerId $("$node" key inspect-node-key --file "$base/$name/node-key" 2>/dev/null)) ws://127.0.0.1:$((9944 + i)), log $base/$name.log"
done

rpc() {
	curl -s -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":[${3:-}]}" "http://127.0.0.1:$1"
}

if $check; then
	started=$(date +%s)
	for i in 0 1 2; do
		port=$((9944 + i))
		until peers=$(rpc $port system_health | sed -n 's/.*"peers":\([0-9]*\).*/\1/p') && [ "${peers:-0}" -ge 2 ] &&
			head=$(rpc $port chain_getFinalizedHead | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p') &&
			number=$(rpc $port chain_getHeader "\"$head\"" | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p') &&
			[ $((number)) -ge 3 ]; do
			if [ $(($(date +%s) - started)) -gt 180 ]; then
				echo "local-net: ${names[$i]} did not peer and finalize within 180 s" >&2
				exit 1
			fi
			sleep 2
		done
		echo "local-net: ${names[$i]} has $peers peers and finalized #$((number))"
	done
	echo "local-net: the three validators peer and finalize ($(($(date +%s) - started)) s)"
	exit 0
fi
echo "local-net: running; Ctrl-C stops the three nodes"
wait
