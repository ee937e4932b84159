#!/usr/bin/env bash
# Builds a production chain spec from the runtime's `local_testnet` preset with the agency's
# own validators, board, nodes and session settings:
#
#   scripts/chain-spec.sh AGENCY.json OUT-raw.json
#
# AGENCY.json (SS58 addresses; each validator's Aura key is sr25519 and GRANDPA key ed25519):
#   {
#     "name": "PSSC", "id": "pssc", "protocolId": "pssc",
#     "bootNodes": ["/dns/v1.example.com/tcp/30333/p2p/12D3KooW..."],
#     "validators": [{"account": "5...", "aura": "5...", "grandpa": "5..."}, ...],
#     "board": ["5...", ...],
#     "nodes": [{"peerId": "12D3KooW...", "operator": "5..."}, ...],
#     "sessionLength": 600,
#     "minValidators": 4
#   }
#
# It writes OUT-raw.json and, beside it, the plain spec it was made from (OUT-raw.json with
# .plain.json) for review. Every node of the network starts with the same raw spec.
set -euo pipefail
[ $# -eq 2 ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2; }
agency=$(realpath "$1") out=$(realpath -m "$2")
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/pssc-target}
node=${PSSC_NODE:-$CARGO_TARGET_DIR/release/pssc-node}
plain="${out%.json}.plain.json"

"$node" build-spec --chain local 2>/dev/null >"$plain.template"
python3 - "$agency" "$plain.template" "$plain" <<'PY'
import json, sys

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
PREFIX = bytes([0x00, 0x24, 0x08, 0x01, 0x12, 0x20])  # identity multihash of an ed25519 key

def node_key(peer_id):
    n = 0
    for c in peer_id:
        if c not in ALPHABET:
            sys.exit(f"chain-spec: {peer_id!r} is not a PeerId")
        n = n * 58 + ALPHABET.index(c)
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    raw = b"\0" * (len(peer_id) - len(peer_id.lstrip("1"))) + raw
    if len(raw) != 38 or not raw.startswith(PREFIX):
        sys.exit(f"chain-spec: {peer_id!r} is not the PeerId of an ed25519 node key")
    return list(raw[6:])

agency_path, template_path, plain_path = sys.argv[1:]
agency = json.load(open(agency_path))
spec = json.load(open(template_path))
for field in ("validators", "board", "nodes"):
    if not agency.get(field):
        sys.exit(f"chain-spec: {agency_path} needs a non-empty {field!r}")
spec["name"] = agency.get("name", "PSSC")
spec["id"] = agency.get("id", "pssc")
spec["chainType"] = "Live"
spec["protocolId"] = agency.get("protocolId", spec["id"])
spec["bootNodes"] = agency.get("bootNodes", [])
patch = spec["genesis"]["runtimeGenesis"]["patch"]
patch["validatorSet"] = {
    "validators": [[v["account"], {"aura": v["aura"], "grandpa": v["grandpa"]}] for v in agency["validators"]],
    "sessionLength": agency.get("sessionLength"),
    "minValidators": agency.get("minValidators"),
    "nodes": [[node_key(n["peerId"]), n["operator"]] for n in agency["nodes"]],
}
patch["boardMembership"] = {"members": agency["board"]}
json.dump(spec, open(plain_path, "w"), indent=2)
PY
rm -f "$plain.template"
"$node" build-spec --chain "$plain" --raw 2>/dev/null >"$out"
echo "chain-spec: $out (from $plain): $(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); print(len(a["validators"]), "validators,", len(a["board"]), "board members,", len(a["nodes"]), "nodes")' "$agency")"
