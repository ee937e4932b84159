//! Weights of the participants pallet.
//!
//! Until generated from `benchmarking.rs`, each weight counts its call's storage reads and
//! writes with the runtime's `DbWeight`. `o` is the number of operator keys and `P` the cap on
//! participants.

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// The weight of each call.
pub trait WeightInfo {
	/// `onboard` with `o` operator keys.
	fn onboard(o: u32) -> Weight;
	/// `suspend`.
	fn suspend() -> Weight;
	/// `reinstate`.
	fn reinstate() -> Weight;
	/// `offboard` of a participant with `o` operator keys.
	fn offboard(o: u32) -> Weight;
	/// `add_operator`.
	fn add_operator() -> Weight;
	/// `remove_operator`.
	fn remove_operator() -> Weight;
	/// `approve_counterparty`.
	fn approve_counterparty() -> Weight;
	/// `revoke_counterparty`.
	fn revoke_counterparty() -> Weight;
}

/// Weights counted from storage accesses, for a runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: crate::Config> WeightInfo for SubstrateWeight<T> {
	// Reads: ParticipantCount, LeiIndex, DtcNumberIndex, NextParticipantId, per key Keys and
	// System::Account. Writes: per key Keys and System::Account, Participants, LeiIndex,
	// DtcNumberIndex, NextParticipantId, ParticipantCount.
	fn onboard(o: u32) -> Weight {
		let keys = u64::from(o).saturating_add(1);
		T::DbWeight::get().reads_writes(
			keys.saturating_mul(2).saturating_add(4),
			keys.saturating_mul(2).saturating_add(5),
		)
	}
	// Reads: Participants. Writes: Participants.
	fn suspend() -> Weight {
		T::DbWeight::get().reads_writes(1, 1)
	}
	// Reads: Participants. Writes: Participants.
	fn reinstate() -> Weight {
		T::DbWeight::get().reads_writes(1, 1)
	}
	// Reads: Participants, per key System::Account, approvals given (P) and received (P, one
	// per participant). Writes: per key Keys and System::Account, the approvals, LeiIndex,
	// DtcNumberIndex, Participants, ParticipantCount.
	fn offboard(o: u32) -> Weight {
		let keys = u64::from(o).saturating_add(1);
		let p = u64::from(T::MaxParticipants::get());
		T::DbWeight::get().reads_writes(
			keys.saturating_add(p.saturating_mul(2)).saturating_add(2),
			keys.saturating_mul(2)
				.saturating_add(p.saturating_mul(2))
				.saturating_add(4),
		)
	}
	// Reads: Keys (signer), Participants, Keys (new key). Writes: Keys, System::Account,
	// Participants.
	fn add_operator() -> Weight {
		T::DbWeight::get().reads_writes(4, 3)
	}
	// Reads: Keys, Participants, System::Account. Writes: Keys, System::Account, Participants.
	fn remove_operator() -> Weight {
		T::DbWeight::get().reads_writes(3, 3)
	}
	// Reads: Keys, Participants (both), Approvals (both directions). Writes: Approvals.
	fn approve_counterparty() -> Weight {
		T::DbWeight::get().reads_writes(5, 1)
	}
	// Reads: Keys, Participants, Approvals. Writes: Approvals.
	fn revoke_counterparty() -> Weight {
		T::DbWeight::get().reads_writes(3, 1)
	}
}
