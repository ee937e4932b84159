//! Weights of the runtime-upgrade pallet.
//!
//! Until generated from `benchmarking.rs`, they count storage writes with the runtime's
//! `DbWeight`.

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// The weight of each call.
pub trait WeightInfo {
	/// `authorize_upgrade`.
	fn authorize_upgrade() -> Weight;
}

/// Weights counted from storage accesses, for a runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	// Writes: System::AuthorizedUpgrade.
	fn authorize_upgrade() -> Weight {
		T::DbWeight::get().writes(1)
	}
}
