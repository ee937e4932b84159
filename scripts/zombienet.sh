#!/usr/bin/env bash
# Runs the zombienet tests on local networks of pssc-node (stock zombienet CLI, native
# provider; pinned in zombienet/package-lock.json):
#
#   scripts/zombienet.sh [smoke|governance|faults|cross-node|peering|ci|all]...
#
# `ci` (the default) is smoke and governance, which scripts/test.sh runs; `all` is every
# test. Needs Node.js and npm (scripts/setup.sh installs them) and the built node and CLI
# (scripts/test.sh or scripts/setup-and-run.sh build them). Each network's files and logs
# are kept in $CARGO_TARGET_DIR/zombienet/<test>/.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/pssc-target}
bin="$CARGO_TARGET_DIR/release"
for b in pssc-node pssc; do
	[ -x "$bin/$b" ] || { echo "zombienet: build first, $bin/$b is missing" >&2; exit 1; }
done
export PATH="$bin:$PATH"

tests=()
for arg in "${@:-ci}"; do
	case "$arg" in
		ci) tests+=(smoke governance) ;;
		all) tests+=(smoke governance faults cross-node peering) ;;
		smoke | governance | faults | cross-node | peering) tests+=("$arg") ;;
		*) echo "zombienet: unknown test $arg" >&2; exit 2 ;;
	esac
done

(cd zombienet && npm ci --no-audit --no-fund --silent)

logs="$CARGO_TARGET_DIR/zombienet"
mkdir -p "$logs"
failed=()
for t in "${tests[@]}"; do
	rm -rf "${logs:?}/$t"
	started=$(date +%s)
	printf '\n==> zombienet %s\n' "$t"
	if (cd zombienet && npx zombienet -p native -l text -d "$logs/$t" test "tests/$t.zndsl") 2>&1 | tee "$logs/$t.log"; [ "${PIPESTATUS[0]}" -eq 0 ]; then
		echo "zombienet $t passed in $(( $(date +%s) - started )) s"
	else
		echo "zombienet $t FAILED after $(( $(date +%s) - started )) s (log: $logs/$t.log, nodes: $logs/$t/)" >&2
		failed+=("$t")
	fi
done
if ((${#failed[@]})); then
	echo "zombienet: failed: ${failed[*]}" >&2
	exit 1
fi
