# Sourced by scripts/test.sh and scripts/lint.sh: the cargo arguments that select our pallets
# with their `runtime-benchmarks` features, so that their benchmarks compile (and run as
# tests in the pallets' mocks). Sets the array `bench_args`.
bench_pallets=(validator-set runtime-upgrade securities participants entitlements settlement admission)
bench_args=() bench_features=()
for p in "${bench_pallets[@]}"; do
	bench_args+=(-p "pallet-$p")
	bench_features+=("pallet-$p/runtime-benchmarks")
done
bench_args+=(--features "$(IFS=,; echo "${bench_features[*]}")")
