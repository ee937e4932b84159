#!/usr/bin/env bash
# The supply-chain rules, checked on what cargo would actually build (`cargo tree`), not on
# every name in Cargo.lock:
# - the runtime has no token, sudo or payment pallet in its dependency tree, with or without
#   its benchmarks;
# - RocksDB is compiled neither into the node of setup.sh and the tests, nor into the
#   benchmarking node of scripts/benchmark-weights.sh (ParityDB only).
# Cargo.lock may list such crates as dependencies of the benchmark runner
# (frame-benchmarking-cli pulls cumulus crates and, through them, pallet-balances); they are
# never compiled into the runtime.
#
# `scripts/supply-chain.sh --self-test` shows that each rule fails when its crate creeps in.
set -euo pipefail
cd "$(dirname "$0")/.."

runtime_forbidden='^(pallet-balances|pallet-assets|pallet-sudo|pallet-transaction-payment|pallet-asset-tx-payment|pallet-asset-conversion-tx-payment|pallet-skip-feeless-payment) '
db_forbidden='^(librocksdb-sys|rocksdb|kvdb-rocksdb) '

# check RULE PATTERN: reads `cargo tree --prefix none` lines on stdin and fails, naming the
# crates, if any matches PATTERN.
check() {
	local found
	found=$(grep -E "$2" | cut -d' ' -f1-2 | sort -u | tr '\n' ' ' || true)
	if [ -n "$found" ]; then
		echo "supply-chain rule broken: $1: $found" >&2
		return 1
	fi
}

if [ "${1:-}" = --self-test ]; then
	expect_fail() {
		if printf '%s\n' "$@" | check "self-test" "$pattern" 2>/dev/null; then
			echo "self-test: $* was not caught" >&2
			exit 1
		fi
	}
	pattern=$runtime_forbidden
	expect_fail "pssc-runtime v0.1.0" "pallet-balances v51.0.0"
	expect_fail "pssc-runtime v0.1.0" "pallet-sudo v45.0.0 (*)"
	expect_fail "pallet-transaction-payment v50.0.0"
	pattern=$db_forbidden
	expect_fail "pssc-node v0.1.0" "librocksdb-sys v0.17.3+9.10.0"
	expect_fail "kvdb-rocksdb v0.20.0"
	printf '%s\n' "pssc-runtime v0.1.0" "pallet-balances-extra v1.0.0" "frame-support v49.0.1" |
		check "self-test" "$runtime_forbidden"
	printf '%s\n' "pssc-node v0.1.0" "parity-db v0.5.4" | check "self-test" "$db_forbidden"
	echo "supply-chain self-test: every rule fails when its crate creeps in"
	exit 0
fi

tree() { cargo tree --locked -e normal,build --prefix none "$@"; }
tree -p pssc-runtime |
	check "a token, sudo or payment pallet in the runtime" "$runtime_forbidden"
tree -p pssc-runtime --features runtime-benchmarks |
	check "a token, sudo or payment pallet in the benchmarking runtime" "$runtime_forbidden"
tree -p pssc-node | check "RocksDB in the node" "$db_forbidden"
tree -p pssc-node --features runtime-benchmarks |
	check "RocksDB in the benchmarking node" "$db_forbidden"
echo "no token, sudo or payment pallet in the runtime (with and without benchmarks)," \
	"no RocksDB in the node (with and without benchmarks)"
