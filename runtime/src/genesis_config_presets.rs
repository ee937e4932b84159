//! Genesis presets: `development` (one validator and a one-member board, Alice; an open
//! network) and `local_testnet` (Alice, Bob and Charlie as validators and board, and the
//! nodes of Alice, Bob, Charlie and Dave registered).

use crate::{AccountId, RuntimeGenesisConfig, SessionKeys};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// The session keys of a development validator: `aura` for Aura and `grandpa` for GRANDPA,
/// as the node's `--alice`, `--bob`, ... flags insert them into the keystore.
pub fn dev_session_keys(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> SessionKeys {
	SessionKeys {
		aura: aura.public().into(),
		grandpa: grandpa.public().into(),
	}
}

/// The network keys (ed25519 public keys) of the local network's nodes. Each node key is the
/// SHA-256 of the node's name (`printf alice | sha256sum`), as zombienet derives them and
/// `scripts/local-net.sh` passes them: Alice's node is
/// `12D3KooWQCkBm1BYtkHpocxCwMgR8yjitEeHGx8spzcDLGt2gkBm`, Bob's
/// `12D3KooWRkZhiRhsqmrQ28rt73K7V3aCBpqKrLGSXmZ99PTcTZby`, Charlie's
/// `12D3KooWPKzmmE2uYgF3z13xjpbFTp63g9dZFag8pG6MgnpSLF4S` and Dave's
/// `12D3KooWKM1HeSv61ryZwAiBTZnqmass5pYM48k9Z7obzhTbnphm`. Development keys only.
pub const LOCAL_NODES: [(Sr25519Keyring, [u8; 32]); 4] = [
	(
		Sr25519Keyring::Alice,
		[
			0xd5, 0xbf, 0x4a, 0x3f, 0xcc, 0xe7, 0x17, 0xb0, 0x38, 0x8b, 0xcc, 0x27, 0x49, 0xeb,
			0xc1, 0x48, 0xad, 0x99, 0x69, 0xb2, 0x3f, 0x45, 0xee, 0x1b, 0x60, 0x5f, 0xd5, 0x87,
			0x78, 0x57, 0x6a, 0xc4,
		],
	),
	(
		Sr25519Keyring::Bob,
		[
			0xec, 0xc1, 0xb5, 0x87, 0x27, 0xf3, 0xf1, 0x2b, 0x31, 0x94, 0x88, 0x1a, 0x9e, 0xcb,
			0x9d, 0xe0, 0xb2, 0x8c, 0xe7, 0xb2, 0x07, 0x23, 0x0d, 0x8e, 0x93, 0x0f, 0xe1, 0xbc,
			0xe7, 0x5e, 0x25, 0x6c,
		],
	),
	(
		Sr25519Keyring::Charlie,
		[
			0xc8, 0xbf, 0x29, 0x59, 0xa9, 0x6b, 0xd9, 0x9f, 0xfd, 0xe4, 0xe7, 0x27, 0x7b, 0x41,
			0xe5, 0x73, 0x31, 0xdb, 0xa7, 0xf7, 0x91, 0x81, 0x86, 0xc3, 0x59, 0xcf, 0x7d, 0xce,
			0x14, 0x9b, 0xb5, 0x67,
		],
	),
	(
		Sr25519Keyring::Dave,
		[
			0x8d, 0x92, 0x93, 0xc3, 0x27, 0x66, 0x2b, 0xe3, 0xc0, 0xfa, 0xeb, 0x57, 0x9b, 0x2a,
			0xed, 0xd3, 0xb2, 0xce, 0xc3, 0x3d, 0x74, 0xda, 0xde, 0xdc, 0xee, 0xa7, 0x6b, 0x7a,
			0x94, 0xdc, 0x90, 0xc0,
		],
	),
];

/// How a genesis runs its validator set: sessions, the minimum of validators and the nodes
/// that may peer (none: an open network).
pub struct NetworkSettings {
	/// Blocks per session; the runtime's default when `None`.
	pub session_length: Option<u32>,
	/// The fewest validators removals may leave; the runtime's floor when `None`.
	pub min_validators: Option<u32>,
	/// The registered nodes with their operators.
	pub nodes: Vec<([u8; 32], AccountId)>,
}

/// A genesis where `validators` validate and `board` governs.
pub fn pssc_genesis(
	validators: Vec<(Sr25519Keyring, Ed25519Keyring)>,
	board: Vec<AccountId>,
	network: NetworkSettings,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		validator_set: pallet_validator_set::GenesisConfig {
			validators: validators
				.iter()
				.map(|(aura, grandpa)| (aura.to_account_id(), dev_session_keys(*aura, *grandpa)))
				.collect::<Vec<_>>(),
			session_length: network.session_length,
			min_validators: network.min_validators,
			nodes: network.nodes,
		},
		board_membership: pallet_membership::GenesisConfig {
			members: board.try_into().expect("the preset board fits MaxMembers"),
		},
	})
}

/// The development chain: Alice validates, and is the whole board, so motions pass at once.
pub fn development_config_genesis() -> Value {
	pssc_genesis(
		vec![(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		vec![Sr25519Keyring::Alice.to_account_id()],
		NetworkSettings {
			session_length: None,
			min_validators: None,
			nodes: Vec::new(),
		},
	)
}

/// A local test network of three validators, which are also the board. Sessions last ten
/// blocks (a minute), at least three validators must stay, and the nodes of Alice, Bob,
/// Charlie and Dave may peer.
pub fn local_config_genesis() -> Value {
	let three = vec![
		(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
	];
	let board = three.iter().map(|(k, _)| k.to_account_id()).collect();
	pssc_genesis(
		three,
		board,
		NetworkSettings {
			session_length: Some(10),
			min_validators: Some(3),
			nodes: LOCAL_NODES
				.iter()
				.map(|(operator, node)| (*node, operator.to_account_id()))
				.collect(),
		},
	)
}

/// The JSON of the preset `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch)
		.ok()
		.map(alloc::string::String::into_bytes)
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
