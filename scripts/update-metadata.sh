#!/usr/bin/env bash
# Rewrites client/metadata/pssc.scale from the runtime's own metadata (V16), which the
# client's typed interface (subxt) is generated from. Run it after any change to the
# runtime's calls, events, storage, errors or runtime APIs, and commit the file; the test
# `metadata` in tests/ fails until then.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/pssc-target}
PSSC_UPDATE_METADATA=1 cargo test --release -p pssc-tests --test metadata
echo "client/metadata/pssc.scale: $(stat -c %s client/metadata/pssc.scale) bytes"
