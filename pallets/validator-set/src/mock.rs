//! A mock runtime with the validator set, real sr25519/ed25519 session keys and a
//! recording authority handler.

use crate as pallet_validator_set;
use codec::Encode;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use pssc_primitives::traits::AuthoritySetHandler;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{impl_opaque_keys, BoundToRuntimeAppPublic, BuildStorage};
use std::cell::RefCell;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		ValidatorSet: pallet_validator_set,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// Binds the Aura key type for the mock's session keys.
pub struct AuraKey;
impl BoundToRuntimeAppPublic for AuraKey {
	type Public = sp_consensus_aura::sr25519::AuthorityId;
}

/// Binds the GRANDPA key type for the mock's session keys.
pub struct GrandpaKey;
impl BoundToRuntimeAppPublic for GrandpaKey {
	type Public = sp_consensus_grandpa::AuthorityId;
}

impl_opaque_keys! {
	pub struct MockKeys {
		pub aura: AuraKey,
		pub grandpa: GrandpaKey,
	}
}

impl codec::MaxEncodedLen for MockKeys {
	fn max_encoded_len() -> usize {
		<sp_consensus_aura::sr25519::AuthorityId as codec::MaxEncodedLen>::max_encoded_len()
			+ <sp_consensus_grandpa::AuthorityId as codec::MaxEncodedLen>::max_encoded_len()
	}
}

thread_local! {
	/// Every authority set handed to the handler, genesis first.
	pub static HANDED_OVER: RefCell<Vec<Vec<u64>>> = const { RefCell::new(Vec::new()) };
}

/// Records the authority sets it is given.
pub struct RecordingHandler;
impl AuthoritySetHandler<u64, MockKeys> for RecordingHandler {
	fn on_genesis_authorities(authorities: &[(u64, MockKeys)]) {
		HANDED_OVER.with(|h| {
			h.borrow_mut()
				.push(authorities.iter().map(|a| a.0).collect())
		});
	}
	fn on_new_authorities(authorities: &[(u64, MockKeys)]) {
		HANDED_OVER.with(|h| {
			h.borrow_mut()
				.push(authorities.iter().map(|a| a.0).collect())
		});
	}
}

/// The authority sets handed over so far.
pub fn handed_over() -> Vec<Vec<u64>> {
	HANDED_OVER.with(|h| h.borrow().clone())
}

parameter_types! {
	pub const SessionPeriod: u64 = 10;
}

/// The account the mock's validator origin accepts.
pub const BOARD: u64 = 100;

impl pallet_validator_set::Config for Test {
	type ValidatorOrigin = pssc_test_support::EnsureAccount<BOARD>;
	type Keys = MockKeys;
	type AuthoritySetHandler = RecordingHandler;
	type MinValidators = ConstU32<2>;
	type MaxValidators = ConstU32<8>;
	type MaxNodes = ConstU32<3>;
	type SessionPeriod = SessionPeriod;
	type WeightInfo = crate::weights::SubstrateWeight<Test>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockKeysHelper;
}

/// Generates session keys in the test keystore.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockKeysHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<MockKeys> for MockKeysHelper {
	fn generate_keys(owner: &[u8]) -> (MockKeys, Vec<u8>) {
		let generated = MockKeys::generate(owner, None);
		(generated.keys, generated.proof.encode())
	}
}

/// Fixed, distinct session keys for genesis validator `n` (no proof is needed at genesis).
pub fn genesis_keys(n: u8) -> MockKeys {
	MockKeys {
		aura: sp_core::sr25519::Public::from_raw([n; 32]).into(),
		grandpa: sp_core::ed25519::Public::from_raw([n; 32]).into(),
	}
}

/// Fresh keys for `who`, generated in the keystore, with a valid proof of possession.
pub fn new_keys(who: u64) -> (MockKeys, Vec<u8>) {
	let generated = MockKeys::generate(&who.encode(), None);
	(generated.keys, generated.proof.encode())
}

/// Genesis: validators 1 and 2 with keys; the session period is 10 blocks and the minimum
/// of validators 2 (the runtime's defaults).
pub fn new_test_ext() -> sp_io::TestExternalities {
	new_test_ext_with(&[1, 2], None, None)
}

/// Genesis: `validators` with keys, and the session length and minimum the genesis sets.
pub fn new_test_ext_with(
	validators: &[u8],
	session_length: Option<u64>,
	min_validators: Option<u32>,
) -> sp_io::TestExternalities {
	new_test_ext_with_nodes(validators, session_length, min_validators, Vec::new())
}

/// Genesis as [`new_test_ext_with`], with `nodes` registered.
pub fn new_test_ext_with_nodes(
	validators: &[u8],
	session_length: Option<u64>,
	min_validators: Option<u32>,
	nodes: Vec<([u8; 32], u64)>,
) -> sp_io::TestExternalities {
	HANDED_OVER.with(|h| h.borrow_mut().clear());
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		validator_set: pallet_validator_set::GenesisConfig {
			validators: validators
				.iter()
				.map(|n| (u64::from(*n), genesis_keys(*n)))
				.collect(),
			session_length,
			min_validators,
			nodes,
		},
	}
	.build_storage()
	.expect("genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run blocks up to and including `n`, calling the hooks of each.
pub fn run_to_block(n: u64) {
	use frame_support::traits::Hooks;
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		System::reset_events();
		ValidatorSet::on_initialize(next);
	}
}
