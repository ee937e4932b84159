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

step "unit and runtime tests"
# The test binaries are built once for the whole workspace (building a subset would change
# the features of shared dependencies and rebuild them). Each runs from its package's
# directory, as `cargo test` runs it.
tests_list=$(mktemp)
cargo test --release --locked --workspace --no-run --message-format=json 2>/dev/null |
	python3 -c 'import json, os, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
        e2e = "/tests/tests/" in m["target"]["src_path"]
        print("e2e" if e2e else "unit", os.path.dirname(m["manifest_path"]), m["executable"], sep="\t")' >"$tests_list"
grep -q "^e2e" "$tests_list" || { echo "no end-to-end test binary was built" >&2; exit 1; }
while IFS=$'\t' read -r kind dir bin; do
	[ "$kind" = unit ] || continue
	(cd "$dir" && "$bin")
done <"$tests_list"
cargo test --release --locked --workspace --doc

# The pallets' benchmarks run as tests in their mocks, with the pallets' `runtime-benchmarks`
# features: a build of its own (the feature set differs from the workspace's, so most crates
# are compiled again: about 8 minutes cold, nothing warm). It is compiled, at the lowest
# priority, while the end-to-end tests below mostly wait for blocks.
source scripts/bench-pallets.sh
bench_tests() { cargo test --release --locked "${bench_args[@]}" "$@"; }
bench_log=$(mktemp)
nice -n 19 bash -c "$(declare -f bench_tests); $(declare -p bench_args); bench_tests --no-run" \
	>"$bench_log" 2>&1 &
bench_build=$!
trap 'pkill -P "$bench_build" 2>/dev/null || true' EXIT

step "end-to-end tests, side by side"
# Each end-to-end test binary starts its own pssc-node on free ports and mostly waits for
# blocks and finality, so the binaries run at the same time; each one's output is printed
# when it ends.
e2e_logs=$(mktemp -d)
e2e=() pids=()
while IFS=$'\t' read -r kind dir bin; do
	[ "$kind" = e2e ] || continue
	(cd "$dir" && "$bin" >"$e2e_logs/$(basename "$bin").log" 2>&1) &
	e2e+=("$bin") pids+=($!)
done <"$tests_list"
e2e_failed=0
for i in "${!pids[@]}"; do
	name=$(basename "${e2e[$i]}")
	if wait "${pids[$i]}"; then status=ok; else status=FAILED; e2e_failed=1; fi
	printf '\n--- %s: %s\n' "${name%-*}" "$status"
	cat "$e2e_logs/$name.log"
done
rm -rf "$e2e_logs" "$tests_list"
((e2e_failed == 0)) || { echo "an end-to-end test failed" >&2; exit 1; }

step "pallet benchmarks, run as tests"
wait "$bench_build" || { cat "$bench_log" >&2; echo "building the pallet benchmarks failed" >&2; exit 1; }
rm -f "$bench_log"
bench_tests

step "supply-chain rules"
bash scripts/supply-chain.sh --self-test
bash scripts/supply-chain.sh

step "chain specs"
node="$CARGO_TARGET_DIR/release/pssc-node"
"$node" build-spec --chain local --raw > "$CARGO_TARGET_DIR/pssc-local-raw.json" 2>/dev/null
"$node" export-chain-spec --chain dev > "$CARGO_TARGET_DIR/pssc-dev.json" 2>/dev/null
echo "build-spec --chain local --raw and export-chain-spec --chain dev work"

step "zombienet: smoke (poa-3) and governance (poa-4)"
bash scripts/zombienet.sh ci

echo
echo "all tests passed in $(( $(date +%s) - started )) s"
