#!/usr/bin/env bash
# Installs what building the chain needs on a fresh Debian machine:
# the system packages (faketime for the end-to-end test that crosses a
# business day; Node.js and npm for the zombienet tests), and the Rust targets and
# components that rust-toolchain.toml names. Safe to run again: it only adds what is
# missing.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

packages=(protobuf-compiler clang libclang-dev pkg-config git curl ca-certificates faketime)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node.js and npm run the zombienet CLI (pinned in zombienet/package-lock.json). A machine
# that already has them (from Debian or NodeSource) keeps its own.
if ! command -v npm >/dev/null 2>&1; then
	missing+=(nodejs npm)
fi
if ((${#missing[@]})); then
	echo "setup: installing ${missing[*]}"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

if ! command -v rustup >/dev/null 2>&1; then
	echo "setup: rustup is required (https://rustup.rs); it is not installed" >&2
	exit 1
fi

# rust-toolchain.toml pins the channel. RUSTUP_AUTO_INSTALL=0 machines do not
# install its targets and components on first use, so add them explicitly.
channel=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
rustup toolchain list | grep -q "^${channel}" || rustup toolchain install "$channel" --profile minimal
rustup component add --toolchain "$channel" rust-src clippy rustfmt
rustup target add --toolchain "$channel" wasm32v1-none wasm32-unknown-unknown

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/pssc-target}
mkdir -p "$CARGO_TARGET_DIR"
echo "setup: toolchain $channel ready; target dir $CARGO_TARGET_DIR"
