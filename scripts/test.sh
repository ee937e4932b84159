#!/usr/bin/env bash
# Sets up a fresh Debian machine (scripts/setup.sh) and runs every test of the project:
# pallet unit tests, the pallets' benchmarks as tests, the runtime's tests, the
# end-to-end tests against a real pssc-node, and the zombienet smoke and governance tests
# on multi-validator networks (the fault, cross-node and peering tests are opt-in:
# scripts/zombienet.sh all).
#
# Everything is built once, in the release profile, into CARGO_TARGET_DIR (default
# ~/.cache/pssc-target), so a second run is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/pssc-target}

step() { printf '\n==> %s\n' "$*"; }
started=$(date +%s)

step "format check"
cargo fmt --all --check

step "build the workspace (node, runtime wasm, client, tests)"
cargo build --release --locked --workspace

step "unit, runtime and end-to-end tests"
cargo test --release --locked --workspace

step "pallet benchmarks, run as tests"
pallets=(validator-set runtime-upgrade securities participants entitlements settlement)
packages=() features=()
for p in "${pallets[@]}"; do
	packages+=(-p "pallet-$p")
	features+=("pallet-$p/runtime-benchmarks")
done
cargo test --release --locked "${packages[@]}" --features "$(IFS=,; echo "${features[*]}")"

step "supply-chain rules"
for crate in librocksdb-sys pallet-sudo pallet-balances pallet-transaction-payment; do
	if grep -q "^name = \"$crate\"$" Cargo.lock; then
		echo "Cargo.lock must not contain $crate" >&2
		exit 1
	fi
done
echo "none of librocksdb-sys, pallet-sudo, pallet-balances, pallet-transaction-payment in Cargo.lock"

step "chain specs"
node="$CARGO_TARGET_DIR/release/pssc-node"
"$node" build-spec --chain local --raw > "$CARGO_TARGET_DIR/pssc-local-raw.json" 2>/dev/null
"$node" export-chain-spec --chain dev > "$CARGO_TARGET_DIR/pssc-dev.json" 2>/dev/null
echo "build-spec --chain local --raw and export-chain-spec --chain dev work"

step "zombienet: smoke (poa-3) and governance (poa-4)"
bash scripts/zombienet.sh ci

echo
echo "all tests passed in $(( $(date +%s) - started )) s"
