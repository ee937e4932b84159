//! `pssc validator`: what a validator's operator does on chain (session keys), and what
//! anyone can read about the network (the validator set, its sessions and the registered
//! nodes).

use super::{Failure, Global, Output, Result};
use clap::Subcommand;
use codec::{Decode, Encode};
use pssc_client::{
	api::{self, runtime_types::pssc_runtime::SessionKeys},
	Client,
};
use serde_json::{json, Value as Json};
use std::process::ExitCode;

/// A validator operator's commands.
#[derive(Subcommand, Debug)]
pub enum Validator {
	/// Generate new session keys on the validator's own node and register them.
	///
	/// Calls `author_rotateKeysWithOwner` on the node at --url (it needs the node's unsafe
	/// RPC methods: reach it only from the operator's machine), then submits the keys with
	/// their proof of possession, signed by the validator's account (--suri). The node keeps
	/// its old keys and uses them until the next session boundary, then the new ones, so no
	/// slot is missed. A validator the board has admitted runs this once to join, and again
	/// to rotate its keys.
	SetKeys,
	/// The validator set: who is admitted, with keys and in office, the session and the next
	/// boundary, and the nodes that may peer.
	Status,
}

/// Run a validator command.
pub async fn run(command: Validator, client: &Client, global: &Global, out: &Output) -> Result {
	match command {
		Validator::SetKeys => set_keys(client, global, out).await,
		Validator::Status => {
			out.value(&status(client).await?);
			Ok(ExitCode::SUCCESS)
		},
	}
}

async fn set_keys(client: &Client, global: &Global, out: &Output) -> Result {
	let key = global.key()?;
	let owner = key.public_key().to_account_id();
	let generated = client
		.query(
			"author_rotateKeysWithOwner",
			vec![json!(format!("0x{}", hex::encode(owner.encode())))],
		)
		.await?;
	let bytes = |field: &str| -> std::result::Result<Vec<u8>, Failure> {
		generated[field]
			.as_str()
			.and_then(|h| hex::decode(h.trim_start_matches("0x")).ok())
			.ok_or_else(|| {
				Failure::Input(format!(
					"the node's author_rotateKeysWithOwner answered without {field}: {generated}"
				))
			})
	};
	let keys = SessionKeys::decode(&mut &bytes("keys")?[..])
		.map_err(|e| Failure::Input(format!("the node's session keys do not decode: {e}")))?;
	let proof = bytes("proof")?;
	let payload = api::tx().validator_set().set_keys(keys, proof);
	let outcome = client.submit(&payload, &key, global.wait()).await?;
	out.outcome(&outcome);
	Ok(ExitCode::SUCCESS)
}

/// The libp2p PeerId (`12D3KooW…`) of a node whose network key is `key`.
pub fn peer_id(key: &[u8; 32]) -> String {
	let mut bytes = PEER_ID_PREFIX.to_vec();
	bytes.extend_from_slice(key);
	bs58::encode(bytes).into_string()
}

/// An ed25519 PeerId is this identity-multihash prefix, then the 32-byte public key.
const PEER_ID_PREFIX: [u8; 6] = [0x00, 0x24, 0x08, 0x01, 0x12, 0x20];

/// A node's network key from its PeerId (`12D3KooW…`, as `pssc-node key inspect-node-key`
/// prints it) or from the key in hex (`0x` and 64 digits).
pub fn node_key(text: &str) -> std::result::Result<[u8; 32], Failure> {
	let bad = || {
		Failure::Input(format!(
			"{text:?} is not a node's PeerId (12D3KooW…, an ed25519 node key) nor 0x and 64 hex \
			 digits"
		))
	};
	let bytes = match text.strip_prefix("0x") {
		Some(hex_digits) => hex::decode(hex_digits).map_err(|_| bad())?,
		None => {
			let raw = bs58::decode(text).into_vec().map_err(|_| bad())?;
			match raw.strip_prefix(&PEER_ID_PREFIX[..]) {
				Some(key) => key.to_vec(),
				None => return Err(bad()),
			}
		},
	};
	bytes.try_into().map_err(|_| bad())
}

async fn status(client: &Client) -> std::result::Result<Json, Failure> {
	let set = client
		.runtime_api(api::runtime_apis().network_api().validator_set())
		.await?;
	let nodes = client
		.runtime_api(api::runtime_apis().network_api().nodes())
		.await?;
	Ok(json!({
		"session": set.session,
		"sessionLength": set.session_length,
		"nextSessionAt": set.next_session_at,
		"minValidators": set.min_validators,
		"validators": set.validators.iter().map(|v| json!({
			"account": v.account.to_string(),
			"hasKeys": v.has_keys,
			"authority": v.authority,
		})).collect::<Vec<_>>(),
		"nodes": nodes.iter().map(|n| json!({
			"peerId": peer_id(&n.node),
			"operator": n.operator.to_string(),
		})).collect::<Vec<_>>(),
	}))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn peer_ids_and_node_keys_convert_both_ways() {
		// Alice's node of the local chain (node key sha256("alice")), as pssc-node prints it.
		let alice = "12D3KooWQCkBm1BYtkHpocxCwMgR8yjitEeHGx8spzcDLGt2gkBm";
		let key = node_key(alice).expect("a PeerId");
		assert_eq!(
			hex::encode(key),
			"d5bf4a3fcce717b0388bcc2749ebc148ad9969b23f45ee1b605fd58778576ac4"
		);
		assert_eq!(peer_id(&key), alice);
		assert_eq!(node_key(&format!("0x{}", hex::encode(key))).ok(), Some(key));
	}

	#[test]
	fn a_bad_node_key_is_refused_with_what_was_expected() {
		for bad in [
			"12D3KooW",
			"0x1234",
			"QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N",
			"",
		] {
			match node_key(bad) {
				Err(Failure::Input(message)) => assert!(message.contains("PeerId"), "{message}"),
				other => panic!("{bad}: {other:?}"),
			}
		}
	}
}
