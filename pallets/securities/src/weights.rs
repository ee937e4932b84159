//! Weights of the eligible-security registry.
//!
//! Until generated from `benchmarking.rs`, each weight counts its call's storage reads and
//! writes with the runtime's `DbWeight`. An eligibility change also runs the
//! `OnEligibilityChanged` hook, whose cost the hook's own pallet adds when it exists.

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// The weight of each call.
pub trait WeightInfo {
	/// `register_security`.
	fn register_security() -> Weight;
	/// `set_agency_acceptance`.
	fn set_agency_acceptance() -> Weight;
	/// `set_dtc_gateway`.
	fn set_dtc_gateway() -> Weight;
	/// `set_dtc_eligibility`.
	fn set_dtc_eligibility() -> Weight;
	/// `set_dtc_eligibility_batch` with `n` entries.
	fn set_dtc_eligibility_batch(n: u32) -> Weight;
}

/// Weights counted from storage accesses, for a runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	// Reads: Securities, IsinIndex. Writes: Securities, IsinIndex.
	fn register_security() -> Weight {
		T::DbWeight::get().reads_writes(2, 2)
	}
	// Reads: Securities. Writes: Securities.
	fn set_agency_acceptance() -> Weight {
		T::DbWeight::get().reads_writes(1, 1)
	}
	// Reads: DtcGateway, the old and new gateway's System::Account. Writes: the same.
	fn set_dtc_gateway() -> Weight {
		T::DbWeight::get().reads_writes(3, 3)
	}
	// Reads: DtcGateway, Securities (checked, then read to update). Writes: Securities.
	fn set_dtc_eligibility() -> Weight {
		T::DbWeight::get().reads_writes(3, 1)
	}
	// Reads: DtcGateway, and per entry Securities twice. Writes: per entry Securities.
	fn set_dtc_eligibility_batch(n: u32) -> Weight {
		let n = u64::from(n);
		T::DbWeight::get().reads_writes(n.saturating_mul(2).saturating_add(1), n)
	}
}
