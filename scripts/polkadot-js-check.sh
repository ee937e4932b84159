#!/usr/bin/env bash
# Opt-in: shows that polkadot.js (@polkadot/api, pinned in scripts/polkadot-js/package-lock.json)
# signs and submits to the chain unmodified, CheckPermittedSigner included, and that the
# node refuses a stranger. Starts its own `pssc-node --dev` on a free port with a temporary
# base path. Needs Node.js 20 and npm (Debian's nodejs and npm packages), and the node built
# (scripts/setup-and-run.sh or scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/pssc-target}
node_bin="$CARGO_TARGET_DIR/release/pssc-node"
[ -x "$node_bin" ] || { echo "build the node first: $node_bin is missing" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is missing: apt-get install nodejs npm" >&2; exit 1; }

(cd scripts/polkadot-js && npm ci --no-audit --no-fund --silent)

base=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$node_bin" --dev --base-path "$base" --rpc-port "$port" --port 0 --prometheus-port 0 \
	--no-mdns --no-telemetry >"$base/node.log" 2>&1 &
node_pid=$!
trap 'kill "$node_pid" 2>/dev/null; wait "$node_pid" 2>/dev/null; rm -rf "$base"' EXIT
for _ in $(seq 60); do
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
	sleep 1
done
sleep 6 # the first block
(cd scripts/polkadot-js && timeout 120 node check.mjs "ws://127.0.0.1:$port")
