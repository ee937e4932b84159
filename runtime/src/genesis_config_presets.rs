//! Genesis presets: `development` (one validator and a one-member board, Alice) and
//! `local_testnet` (Alice, Bob and Charlie as validators and board).

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

/// A genesis where `validators` validate and `board` governs.
pub fn pssc_genesis(
	validators: Vec<(Sr25519Keyring, Ed25519Keyring)>,
	board: Vec<AccountId>,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		validator_set: pallet_validator_set::GenesisConfig {
			validators: validators
				.iter()
				.map(|(aura, grandpa)| (aura.to_account_id(), dev_session_keys(*aura, *grandpa)))
				.collect::<Vec<_>>(),
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
	)
}

/// A local test network of three validators, which are also the board.
pub fn local_config_genesis() -> Value {
	let three = vec![
		(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
	];
	let board = three.iter().map(|(k, _)| k.to_account_id()).collect();
	pssc_genesis(three, board)
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
