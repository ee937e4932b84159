//! # Admission: who may sign what, and how much
//!
//! The chain charges no fees, so neither payment nor a balance keeps an admitted key from
//! filling the pool and the blocks. This pallet does, with two transaction extensions that the
//! runtime puts in every signed transaction:
//!
//! - [`CheckAdmission`] takes the signer's roles ([`Config::Signers`]) and the roles that may
//!   sign the call ([`Config::Calls`]):
//!   - a signer with no role is refused (`BadSigner`), a suspended participant's key with
//!     [`refusal::PARTICIPANT_SUSPENDED`], and a call none of the signer's roles may sign with
//!     [`refusal::CALL_NOT_PERMITTED`];
//!   - the call's [`Lane`] sets its priority: the agency's operations go ahead of single
//!     instructions, and those ahead of instruction files;
//!   - each signer has a [`Quota`] per role, which the board sets ([`Pallet::set_quota`]):
//!     transactions and weight per block and per business day. A transaction beyond the
//!     day's allowance is refused ([`refusal::DAILY_QUOTA_EXHAUSTED`]), so it never reaches
//!     a block; one heavier than a block's allowance is refused
//!     ([`refusal::BEYOND_BLOCK_ALLOWANCE`]); one that does not fit what is left of the
//!     block's allowance waits for the next block (`ExhaustsResources`), and the others'
//!     transactions go in ahead of it.
//! - [`BoundedNonce`] wraps frame-system's `CheckNonce` (clients see it as `CheckNonce`). In
//!   the pool it refuses a transaction whose nonce is [`Quota::pool_depth`] or more ahead of
//!   the signer's next ([`refusal::POOL_DEPTH_EXCEEDED`]), so that one key cannot fill the
//!   pool. In a block it is `CheckNonce`.
//! - [`MortalOnly`] wraps frame-system's `CheckMortality` (clients see it as
//!   `CheckMortality`) and refuses a signed transaction that never expires
//!   ([`refusal::IMMORTAL_TRANSACTION`]).
//!
//! A key's account outlives its roles: from its first admitted transaction admission holds a
//! provider reference on it, so frame-system never reaps it and its nonce is kept. A key that
//! loses its role and is later given one again cannot have its old transactions replayed.
//!
//! A signer holding several roles may sign what any of them may, within the largest of their
//! quotas. The extensions run both when the pool validates a transaction and when a block
//! applies it, so a role lost in between refuses it in the block too.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod extension;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use extension::{BoundedNonce, CheckAdmission, MortalOnly};
pub use types::*;
pub use weights::WeightInfo;

/// The codes of `InvalidTransaction::Custom` with which the extensions refuse a transaction.
/// The client names them.
pub mod refusal {
	/// The signer is a key of a suspended participant.
	pub const PARTICIPANT_SUSPENDED: u8 = 1;
	/// None of the signer's roles may sign this call.
	pub const CALL_NOT_PERMITTED: u8 = 2;
	/// The signer has used its allowance for the business day.
	pub const DAILY_QUOTA_EXHAUSTED: u8 = 3;
	/// The transaction alone is heavier than the signer's allowance for a block.
	pub const BEYOND_BLOCK_ALLOWANCE: u8 = 4;
	/// The signer already has as many transactions waiting in the pool as its quota allows.
	pub const POOL_DEPTH_EXCEEDED: u8 = 5;
	/// A signed transaction must be mortal: it names the block it was signed after and
	/// expires when its era ends.
	pub const IMMORTAL_TRANSACTION: u8 = 6;
}

/// Sets up, for the benchmarks, what other pallets own.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, Call> {
	/// A signer whose roles take the most reads to find, and a call it may sign.
	fn worst_signer() -> (AccountId, Call);
	/// A participant's operator key, and a call only participants' keys may sign.
	fn participant_signer() -> (AccountId, Call);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		dispatch::DispatchResult,
		pallet_prelude::*,
		traits::{EnsureOrigin, Get},
	};
	use frame_system::pallet_prelude::*;
	use pssc_primitives::traits::{BusinessCalendar, Role, Roles, SignerRoles};
	use sp_runtime::{
		traits::UniqueSaturatedInto,
		transaction_validity::{InvalidTransaction, TransactionValidityError},
	};

	/// 1: admission holds a provider reference on every account in [`SignerUsage`].
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of admission.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The roles each account holds.
		type Signers: SignerRoles<Self::AccountId>;
		/// The roles that may sign each call, and its lane.
		type Calls: CallPolicy<<Self as frame_system::Config>::RuntimeCall>;
		/// The business date, on which daily allowances turn.
		type Calendar: BusinessCalendar;
		/// The origin that sets the quotas: the board's motion.
		type QuotaOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The quotas until the board sets others.
		type DefaultQuotas: Get<RoleQuotas>;
		/// The least the board may leave its own members, so that it can always pass the
		/// motion that corrects a quota.
		type MinBoardQuota: Get<Quota>;
		/// Weights of this pallet's calls and extensions.
		type WeightInfo: WeightInfo;
		/// Sets up, for the benchmarks, what other pallets own.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<
			Self::AccountId,
			<Self as frame_system::Config>::RuntimeCall,
		>;
	}

	/// Each role's quota.
	#[pallet::storage]
	pub type Quotas<T: Config> = StorageValue<_, RoleQuotas, ValueQuery, T::DefaultQuotas>;

	/// What each signer has used in its last block and business day. One entry per account
	/// that has signed a transaction: the chain admits only known accounts, so the map is as
	/// large as the set of keys ever admitted. Admission holds a provider reference on each
	/// of these accounts, so that their nonces outlive their roles.
	#[pallet::storage]
	pub type SignerUsage<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Usage>;

	/// Events of admission.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The board set `role`'s quota.
		QuotaSet { role: Role, quota: Quota },
	}

	/// Why a quota was refused.
	#[pallet::error]
	pub enum Error<T> {
		/// A block's allowance is larger than the day's, in transactions or weight.
		BlockAllowanceExceedsDaily,
		/// A pool depth of zero: the role could not sign any transaction.
		NoPoolDepth,
		/// The board's own quota would fall below [`Config::MinBoardQuota`].
		BelowBoardMinimum,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Set `role`'s quota. Needs [`Config::QuotaOrigin`]. Takes effect for the next
		/// transaction; what signers have used so far today counts against it.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_quota())]
		pub fn set_quota(origin: OriginFor<T>, role: Role, quota: Quota) -> DispatchResult {
			T::QuotaOrigin::ensure_origin(origin)?;
			Self::do_set_quota(role, quota)
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	impl<T: Config> Pallet<T> {
		/// Check `quota` for `role` and store it.
		pub(crate) fn do_set_quota(role: Role, quota: Quota) -> DispatchResult {
			Self::can_set_quota(role, &quota)?;
			Quotas::<T>::mutate(|q| *q.get_mut(role) = quota);
			Self::deposit_event(Event::QuotaSet { role, quota });
			Ok(())
		}

		/// Why `quota` may not be `role`'s, if it may not. Reads nothing.
		pub fn can_set_quota(role: Role, quota: &Quota) -> Result<(), Error<T>> {
			ensure!(
				quota.per_day.covers(&quota.per_block),
				Error::<T>::BlockAllowanceExceedsDaily
			);
			ensure!(quota.pool_depth > 0, Error::<T>::NoPoolDepth);
			if role == Role::Board {
				let floor = T::MinBoardQuota::get();
				ensure!(
					quota.per_block.covers(&floor.per_block)
						&& quota.per_day.covers(&floor.per_day)
						&& quota.pool_depth >= floor.pool_depth,
					Error::<T>::BelowBoardMinimum
				);
			}
			Ok(())
		}

		/// The roles in which `who` may sign `call`, and the call's lane; or why it may not
		/// sign it at all.
		pub fn permitted(
			who: &T::AccountId,
			call: &<T as frame_system::Config>::RuntimeCall,
		) -> Result<(Roles, Lane), TransactionValidityError> {
			let (allowed, lane) = T::Calls::policy(call);
			let roles = T::Signers::signer(who, allowed).roles.and(allowed);
			if !roles.is_empty() {
				return Ok((roles, lane));
			}
			// Refused: only now are all of the signer's roles looked up, to say why.
			let signer = T::Signers::signer(who, Roles::ALL);
			let participants_call = !allowed.and(Roles::PARTICIPANT_KEYS).is_empty();
			Err(
				if signer.suspended_participant && (participants_call || signer.roles.is_empty()) {
					InvalidTransaction::Custom(refusal::PARTICIPANT_SUSPENDED)
				} else if signer.roles.is_empty() {
					InvalidTransaction::BadSigner
				} else {
					InvalidTransaction::Custom(refusal::CALL_NOT_PERMITTED)
				}
				.into(),
			)
		}

		/// What admitting a transaction of `call` is charged: less when only participants'
		/// keys may sign it, as only their pallet is read. Both are a signer's first
		/// transaction; later ones are given [`Self::account_reference_weight`] back.
		pub fn admission_weight(call: &<T as frame_system::Config>::RuntimeCall) -> Weight {
			let (allowed, _) = T::Calls::policy(call);
			if allowed.within(Roles::PARTICIPANT_KEYS) {
				T::WeightInfo::check_participant_admission()
			} else {
				T::WeightInfo::check_admission()
			}
		}

		/// Admit `who`'s transaction of `call`, weighing `weight` in all, plus what it commits
		/// the chain to later ([`CallPolicy::committed_weight`]): its lane, what `who` will have
		/// used with it, and whether it is `who`'s first. Reads only.
		pub fn admit(
			who: &T::AccountId,
			call: &<T as frame_system::Config>::RuntimeCall,
			weight: Weight,
		) -> Result<(Lane, Usage, bool), TransactionValidityError> {
			let (roles, lane) = Self::permitted(who, call)?;
			let weight = weight.saturating_add(T::Calls::committed_weight(call));
			let quota = Quotas::<T>::get().of(roles);
			let one = Allowance {
				transactions: 1,
				weight,
			};
			if !quota.per_block.covers(&one) {
				return Err(InvalidTransaction::Custom(refusal::BEYOND_BLOCK_ALLOWANCE).into());
			}
			let block = frame_system::Pallet::<T>::block_number().unique_saturated_into();
			let day = T::Calendar::today().unwrap_or_default();
			let before = SignerUsage::<T>::get(who);
			let first = before.is_none();
			let usage = before
				.unwrap_or_default()
				.at(block, day)
				.plus(weight)
				.ok_or(InvalidTransaction::Custom(refusal::DAILY_QUOTA_EXHAUSTED))?;
			if !quota.per_day.covers(&usage.in_day) {
				return Err(InvalidTransaction::Custom(refusal::DAILY_QUOTA_EXHAUSTED).into());
			}
			if !quota.per_block.covers(&usage.in_block) {
				return Err(InvalidTransaction::ExhaustsResources.into());
			}
			Ok((lane, usage, first))
		}

		/// What taking the reference on a signer's account costs, on its first transaction:
		/// a read and a write of its account. Later transactions are given it back.
		pub fn account_reference_weight() -> Weight {
			T::DbWeight::get().reads_writes(1, 1)
		}

		/// Record what `who` will have used with the transaction being applied; on its first,
		/// take the provider reference that keeps its account, and nonce, from being reaped.
		pub(crate) fn record(who: &T::AccountId, usage: &Usage, first: bool) {
			if first {
				frame_system::Pallet::<T>::inc_providers(who);
			}
			SignerUsage::<T>::insert(who, usage);
		}

		/// How many transactions `who` may have waiting in the pool for `call`'s roles.
		pub fn pool_depth(
			who: &T::AccountId,
			call: &<T as frame_system::Config>::RuntimeCall,
		) -> Result<u32, TransactionValidityError> {
			let (roles, _) = Self::permitted(who, call)?;
			Ok(Quotas::<T>::get().of(roles).pool_depth)
		}

		/// The invariants: every role's quota could be set as it is, no signer has used more
		/// in a block than in the day that block is in, and no signer's account can be reaped.
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let quotas = Quotas::<T>::get();
			for role in Role::ALL {
				Self::can_set_quota(role, &quotas.get(role))
					.map_err(|_| "a role's quota could not be set as it is")?;
			}
			for (who, usage) in SignerUsage::<T>::iter() {
				ensure!(
					usage.in_day.covers(&usage.in_block),
					"a signer used more in a block than in its day"
				);
				ensure!(
					frame_system::Pallet::<T>::providers(&who) > 0,
					"a signer's account can be reaped, and its nonce with it"
				);
			}
			Ok(())
		}
	}
}
