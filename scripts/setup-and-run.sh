#!/usr/bin/env bash
# Sets up a fresh Debian machine (scripts/setup.sh), builds the node and starts a
# development chain: one validator and a one-member board (Alice), RPC on
# ws://127.0.0.1:9944, state in a temporary directory. Extra arguments go to pssc-node.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/pssc-target}

cargo build --release --locked --workspace
exec "$CARGO_TARGET_DIR/release/pssc-node" --dev --rpc-port 9944 "$@"
