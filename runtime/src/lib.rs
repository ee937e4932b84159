//! # The PSSC runtime
//!
//! The state-transition function of the permissioned securities-settlement chain of the
//! clearing agency. It has no native token and no transaction fees: who may transact, what and
//! how much is a matter of roles and quotas ([`Admission`], with the roles and the call policy
//! in [`permission`]), not of payment.
//!
//! - Block production: Aura, with authorities set by [`ValidatorSet`].
//! - Finality: GRANDPA, whose authority set [`ValidatorSet`] keeps and announces.
//! - Governance: the clearing agency's [`Board`] (a collective), whose membership
//!   [`BoardMembership`] keeps. Its 2/3 motions ([`ClearingAgencyOrigin`]) manage validators
//!   and later the registry and participants; its 3/4 motions ([`BoardSuperMajority`]) authorize
//!   runtime upgrades through [`RuntimeUpgrade`].
//! - The eligible-security registry ([`Securities`]) and the participants with their
//!   counterparty approvals ([`Participants`]).
//! - DTC-backed securities entitlements and settling-bank cash, with reconciliation
//!   ([`Entitlements`]).
//! - Atomic delivery-versus-payment settlement of matched instructions, gross and without
//!   credit ([`Settlement`]).
//! - Admission of signed transactions by role, with priorities and per-signer quotas
//!   ([`Admission`]).

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` and `impl_runtime_apis` expand to large items.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;

pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod metrics;
pub mod permission;
#[cfg(test)]
mod tests;
pub mod weights;

use sp_runtime::{
	generic, impl_opaque_keys, traits::BlakeTwo256, BoundToRuntimeAppPublic, MultiAddress,
};
use sp_version::RuntimeVersion;

pub use configs::{BoardSuperMajority, ClearingAgencyOrigin};
pub use pssc_primitives::{AccountId, BlockNumber, Hash, Moment, Nonce, Signature};
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Types the node uses without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// The block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// A block with opaque extrinsics.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
}

/// Binds the GRANDPA key type of [`SessionKeys`]. GRANDPA's authority set is kept by
/// [`ValidatorSet`], not by `pallet-grandpa` (see that pallet's documentation for why).
pub struct GrandpaKey;
impl BoundToRuntimeAppPublic for GrandpaKey {
	type Public = sp_consensus_grandpa::AuthorityId;
}

impl_opaque_keys! {
	/// The session keys of a validator: one for block production and one for finality.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: GrandpaKey,
	}
}

// Session keys have a fixed size; the validator set stores them in bounded storage.
impl codec::MaxEncodedLen for SessionKeys {
	fn max_encoded_len() -> usize {
		<sp_consensus_aura::sr25519::AuthorityId as codec::MaxEncodedLen>::max_encoded_len()
			.saturating_add(
				<sp_consensus_grandpa::AuthorityId as codec::MaxEncodedLen>::max_encoded_len(),
			)
	}
}

/// The version of this runtime.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("pssc"),
	impl_name: alloc::borrow::Cow::Borrowed("pssc-node"),
	authoring_version: 1,
	spec_version: 117,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 3,
	system_version: 1,
};

/// Aura slot length: one block every 6 seconds.
pub const SLOT_DURATION: Moment = pssc_primitives::MILLI_SECS_PER_BLOCK;

/// Blocks in one minute.
pub const MINUTES: BlockNumber = 60_000 / (SLOT_DURATION as BlockNumber);

/// How many ancestors' hashes the chain keeps (transactions may be mortal for that long).
pub const BLOCK_HASH_COUNT: BlockNumber = 2400;

/// The address format of extrinsics.
pub type Address = MultiAddress<AccountId, ()>;

/// The block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// A block of this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The checks every signed transaction passes, in order.
///
/// - `CheckAdmission` (`pallet-admission`) refuses a signer with no role (`BadSigner`), a
///   suspended participant's key, and a call none of the signer's roles may sign
///   ([`permission`]), before any other check looks at the account. It gives the transaction
///   its lane's priority and counts it against the signer's quota for the block and the day.
/// - `MortalOnly` is frame-system's `CheckMortality` (and signs as it), which also refuses a
///   signed transaction that never expires.
/// - `BoundedNonce` is frame-system's `CheckNonce` (and signs as it), which in the pool also
///   refuses a nonce as far ahead of the signer's next as its quota's pool depth.
/// - The rest are frame-system's standard checks: spec and transaction version, genesis and
///   weight, and the weight reclaim after dispatch. There is no payment extension: the chain
///   has no fees.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	pallet_admission::CheckAdmission<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	pallet_admission::MortalOnly<Runtime>,
	pallet_admission::BoundedNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// An extrinsic as it arrives at the runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload a signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations to run at the next runtime upgrade, besides the pallets' own. Each checks its
/// pallet's storage version, so it runs once.
type Migrations = (
	pallet_admission::migrations::v1::KeepSignersAccounts<Runtime>,
	pallet_settlement::migrations::v1::DatedUnmatchedAndBoundedSweeps<Runtime>,
	pallet_settlement::migrations::v2::SweepsSayWhetherTheyBegan<Runtime>,
	pallet_entitlements::migrations::v1::BanksHaveKeys<Runtime>,
);

/// Dispatches calls to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type ValidatorSet = pallet_validator_set;

	#[runtime::pallet_index(4)]
	pub type Board = pallet_collective<Instance1>;

	#[runtime::pallet_index(5)]
	pub type BoardMembership = pallet_membership<Instance1>;

	#[runtime::pallet_index(6)]
	pub type RuntimeUpgrade = pallet_runtime_upgrade;

	#[runtime::pallet_index(7)]
	pub type Securities = pallet_securities;

	#[runtime::pallet_index(8)]
	pub type Participants = pallet_participants;

	#[runtime::pallet_index(9)]
	pub type Entitlements = pallet_entitlements;

	#[runtime::pallet_index(10)]
	pub type Settlement = pallet_settlement;

	#[runtime::pallet_index(11)]
	pub type Admission = pallet_admission;
}
