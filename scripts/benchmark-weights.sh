#!/usr/bin/env bash
# Generates every weight of the runtime on this machine, from its benchmarks:
# - each of our pallets' `weights.rs` (pallets/*/src/weights.rs; admission's includes its
#   transaction extension), with scripts/weights/pallet-weights.hbs;
# - the weights of the FRAME pallets the runtime uses, frame-system's and its transaction
#   extensions' (runtime/src/weights/);
# - `ExtrinsicBaseWeight` and `BlockExecutionWeight` (`benchmark overhead`);
# - ParityDB's read and write costs, `DbWeight` (`benchmark storage`), measured on the
#   database of a dev node that has settled trades, given with --db-state DIR (its base path),
#   for example the one `scripts/bench-settlement.sh --base-path DIR` leaves.
#
# It builds the node with the `runtime-benchmarks` feature (a second build of the node and
# runtime beside the normal one, about 20 minutes warm); scripts/test.sh never does.
#
# Usage: scripts/benchmark-weights.sh [--steps N] [--repeat N] [--only PALLET] [--db-state DIR]
#        scripts/benchmark-weights.sh --check
# --check runs every benchmark of the runtime once, in the real runtime, and writes nothing.
# --only paritydb (with --db-state) measures the database alone.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/pssc-target}

steps=50
repeat=20
only=
db_state=
check=
while [ $# -gt 0 ]; do
	case $1 in
	--check) check=1; shift ;;
	--steps) steps=$2; shift 2 ;;
	--repeat) repeat=$2; shift 2 ;;
	--only) only=$2; shift 2 ;;
	--db-state) db_state=$2; shift 2 ;;
	*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done

step() { printf '\n==> %s\n' "$*"; }

step "build the benchmarking node"
# The whole workspace, so that shared dependencies keep the features of the normal build
# and only what `runtime-benchmarks` touches is compiled again.
cargo build --release --locked --workspace --features pssc-node/runtime-benchmarks
dir="$CARGO_TARGET_DIR/benchmark"
node="$dir/pssc-node"
wasm="$dir/pssc_runtime.compact.wasm"
mkdir -p "$dir"
cp "$CARGO_TARGET_DIR/release/pssc-node" "$node"
cp "$CARGO_TARGET_DIR/release/wbuild/pssc-runtime/pssc_runtime.compact.wasm" "$wasm"
# Put the normal node back (its build is still fresh: no compiling).
cargo build --release --locked --workspace

header=scripts/weights/header.txt
template=scripts/weights/pallet-weights.hbs
# The runtime's own genesis (the `development` preset), as the benchmarks' starting state.
bench() {
	"$node" benchmark pallet --runtime "$wasm" --genesis-builder runtime \
		--genesis-builder-preset development --wasm-execution compiled "$@"
}

if [ -n "$check" ]; then
	step "run every benchmark once"
	bench --pallet '*' --extrinsic '*' --steps 2 --repeat 1 --min-duration 0
	exit 0
fi

# pallet  output  [template]
weights=(
	"pallet_securities pallets/securities/src/weights.rs pallet"
	"pallet_participants pallets/participants/src/weights.rs pallet"
	"pallet_entitlements pallets/entitlements/src/weights.rs pallet"
	"pallet_settlement pallets/settlement/src/weights.rs pallet"
	"pallet_validator_set pallets/validator-set/src/weights.rs pallet"
	"pallet_runtime_upgrade pallets/runtime-upgrade/src/weights.rs pallet"
	"pallet_admission pallets/admission/src/weights.rs pallet"
	"frame_system runtime/src/weights/frame_system.rs runtime"
	"frame_system_extensions runtime/src/weights/frame_system_extensions.rs runtime"
	"pallet_timestamp runtime/src/weights/pallet_timestamp.rs runtime"
	"pallet_collective runtime/src/weights/pallet_collective.rs runtime"
	"pallet_membership runtime/src/weights/pallet_membership.rs runtime"
)
for entry in "${weights[@]}"; do
	read -r pallet output kind <<<"$entry"
	[ -z "$only" ] || [ "$only" = "$pallet" ] || continue
	step "benchmark $pallet -> $output"
	if [ "$kind" = pallet ]; then
		bench --pallet "$pallet" --extrinsic '*' --steps "$steps" --repeat "$repeat" \
			--header "$header" --output "$output" --template "$template"
	else
		bench --pallet "$pallet" --extrinsic '*' --steps "$steps" --repeat "$repeat" \
			--header "$header" --output "$output"
	fi
done
if [ -z "$only" ]; then
	step "block and extrinsic overhead -> runtime/src/weights/"
	"$node" benchmark overhead --chain dev --wasm-execution compiled \
		--header "$header" --weight-path runtime/src/weights/
elif [ "$only" != paritydb ]; then
	exit 0
fi

step "ParityDB reads and writes -> runtime/src/weights/paritydb_weights.rs"
if [ -n "$db_state" ]; then
	# The database was written by the normal node, whose dev genesis holds the normal
	# runtime's code: open it with that genesis, not the benchmarking runtime's.
	"$CARGO_TARGET_DIR/release/pssc-node" build-spec --chain dev --raw >"$dir/dev-raw.json" \
		2>/dev/null
	# Writes are timed in batches of 10,000 keys, about a full block's writes (a block of
	# 1,100 single instructions writes some 13,000): the default 100,000 spreads the storage
	# root's cost over more keys than a block has, and gave 14.6 µs rather than 23.8 µs.
	"$node" benchmark storage --chain "$dir/dev-raw.json" --base-path "$db_state" \
		--database paritydb --state-version 1 --batch-size 10000 --header "$header" \
		--weight-path runtime/src/weights/
	# The generator's text is for other chains (it calls ParityDB experimental), and its doc
	# comments on struct fields are ones rustc warns about: make them plain comments.
	sed -i \
		-e 's|^\t\t/// `ParityDB` can be enabled with a feature flag, but is still experimental. These weights|\t\t/// ParityDB, the node'"'"'s only database: its costs measured on this machine by|' \
		-e 's|^\t\t/// are available for brave runtime engineers who may want to try this out as default.|\t\t/// `benchmark storage` (scripts/benchmark-weights.sh).|' \
		-e 's|^\t\t\t///|\t\t\t//|' \
		runtime/src/weights/paritydb_weights.rs
else
	# A fresh chain's few keys would make reads look cheaper than they are.
	echo "skipped: give --db-state with the base path of a dev node that has settled trades" >&2
fi

cargo fmt --all
echo
echo "weights written; review the diff, then run scripts/test.sh"
