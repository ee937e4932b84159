//! The chains `pssc-node` knows by name. Both come from the runtime's genesis presets.

use pssc_runtime::WASM_BINARY;
use sc_service::{ChainType, Properties};

/// The chain specification of this node.
pub type ChainSpec = sc_service::GenericChainSpec;

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| "the runtime wasm was not built (SKIP_WASM_BUILD set?)".to_string())
}

fn properties() -> Properties {
	// No native token: only the address format is announced.
	let mut properties = Properties::new();
	properties.insert("ss58Format".into(), 42.into());
	properties
}

/// `dev`: one validator (Alice), a one-member board (Alice). Used by `--dev`.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("PSSC Development")
		.with_id("pssc_dev")
		.with_chain_type(ChainType::Development)
		.with_properties(properties())
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.build())
}

/// `local`: validators and board Alice, Bob and Charlie.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("PSSC Local Testnet")
		.with_id("pssc_local")
		.with_chain_type(ChainType::Local)
		.with_properties(properties())
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.build())
}
