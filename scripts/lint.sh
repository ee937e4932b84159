#!/usr/bin/env bash
# Lints the workspace as the acceptance rules ask: rustfmt, and clippy with no warnings on
# all targets. Clippy checks every dependency once more (check mode), so it is kept out of
# scripts/test.sh, which CI runs within its time limit.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/pssc-target}
export SKIP_WASM_BUILD=1

cargo fmt --all --check
cargo clippy --release --locked --workspace --all-targets -- -D warnings

# The benchmarks compile only with `runtime-benchmarks`: lint them too, in the pallets and in
# the runtime and node (the runtime's benchmark list and API, the node's `benchmark`
# subcommands).
source scripts/bench-pallets.sh
cargo clippy --release --locked "${bench_args[@]}" --all-targets -- -D warnings
cargo clippy --release --locked --workspace --all-targets --features pssc-node/runtime-benchmarks \
	-- -D warnings
