#!/usr/bin/env bash
# Settlement throughput and finality latency on one `pssc-node --dev`, loaded as participants
# would load it: pre-signed instructions sent over RPC, single and in files. What it measures
# and how: tests/src/bin/pssc-bench.rs. It prints a Markdown table; BENCHMARKS.md keeps the
# one measured on this project's machine.
#
#   scripts/bench-settlement.sh                      every mode (1, 10, 100, 500 lines), 60 s
#                                                    each, then 100,000 pairs due at T+1
#   scripts/bench-settlement.sh --modes 500 --seconds 30 --t1-pairs 0
#   scripts/bench-settlement.sh --profile [options]  the same, with the node under `perf record`
#                                                    (sampled, 499 Hz); prints where its CPU
#                                                    time went, the runtime's wasm included.
#                                                    perf follows the first node only: give
#                                                    --t1-pairs 0, as the T+1 run restarts it
#
# Opt-in, not part of scripts/test.sh: with its defaults it took 29 minutes here.
#   scripts/bench-settlement.sh --validators 4 --t1-pairs 0   four validators, each its own
#                                                    node on this machine
set -euo pipefail
cd "$(dirname "$0")/.."

profile=0
args=()
for arg in "$@"; do
	if [ "$arg" = --profile ]; then profile=1; else args+=("$arg"); fi
done

bash scripts/setup.sh >/dev/null
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/pssc-target}
cargo build --release --locked --workspace
bench="$CARGO_TARGET_DIR/release/pssc-bench"

if ((profile == 0)); then
	exec "$bench" "${args[@]}"
fi

if ! command -v perf >/dev/null 2>&1; then
	echo "bench-settlement: installing linux-perf for --profile"
	as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf
fi
out=$(mktemp -d)
# The node's wasmtime writes /tmp/perf-<pid>.map, so that perf can name the runtime's
# compiled functions.
export WASMTIME_PROFILING_STRATEGY=perfmap
"$bench" "${args[@]}" &
bench_pid=$!
node_pid=""
for _ in $(seq 1 600); do
	node_pid=$(pgrep -P "$bench_pid" pssc-node || true)
	[ -n "$node_pid" ] && break
	sleep 0.2
done
if [ -z "$node_pid" ]; then
	echo "bench-settlement: the node did not start" >&2
	wait "$bench_pid"
	exit 1
fi
perf record -F 499 -p "$node_pid" -o "$out/perf.data" 2>"$out/perf.log" &
perf_pid=$!
sleep 1
if ! kill -0 "$perf_pid" 2>/dev/null; then
	echo "bench-settlement: perf record did not start:" >&2
	cat "$out/perf.log" >&2
	kill "$bench_pid"
	exit 1
fi
status=0
wait "$bench_pid" || status=$?
kill -INT "$perf_pid" 2>/dev/null || true
wait "$perf_pid" 2>/dev/null || true
echo
echo "Where the node's CPU time went (self time by thread and symbol, over 1 %):"
perf report -i "$out/perf.data" --stdio --no-children --sort comm,symbol --percent-limit 1 \
	2>/dev/null | grep -v '^$' | grep -v '^#' | grep -v '^ *|' | grep -v '^ *-' | head -40
echo "(perf data kept in $out/perf.data)"
exit "$status"
