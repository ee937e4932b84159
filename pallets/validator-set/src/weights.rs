//! Weights of the validator-set pallet.
//!
//! Until they are generated from the benchmarks in `benchmarking.rs`, each weight counts the
//! storage reads and writes of its call with the runtime's `DbWeight`. `k` below is the number
//! of session key types and `V` the bound on validators.

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};
use sp_runtime::traits::OpaqueKeys;

/// The weight of each call.
pub trait WeightInfo {
	/// `add_validator`.
	fn add_validator() -> Weight;
	/// `remove_validator`.
	fn remove_validator() -> Weight;
	/// `set_keys`.
	fn set_keys() -> Weight;
	/// `purge_keys`.
	fn purge_keys() -> Weight;
	/// `register_node`.
	fn register_node() -> Weight;
	/// `deregister_node`.
	fn deregister_node() -> Weight;
}

fn key_count<T: crate::Config>() -> u64 {
	T::Keys::key_ids().len() as u64
}

fn max_validators<T: crate::Config>() -> u64 {
	u64::from(T::MaxValidators::get())
}

/// Weights counted from storage accesses, for a runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: crate::Config> WeightInfo for SubstrateWeight<T> {
	// Reads: Validators, System::Account. Writes: the same.
	fn add_validator() -> Weight {
		T::DbWeight::get().reads_writes(2, 2)
	}
	// Reads: Validators, NextKeys of every remaining validator, System::Account, the removed
	// validator's NextKeys. Writes: Validators, NextKeys, k KeyOwner, System::Account.
	fn remove_validator() -> Weight {
		T::DbWeight::get().reads_writes(
			max_validators::<T>().saturating_add(3),
			key_count::<T>().saturating_add(3),
		)
	}
	// Reads: Validators, k KeyOwner, the old NextKeys. Writes: NextKeys, k old and k new
	// KeyOwner entries.
	fn set_keys() -> Weight {
		let k = key_count::<T>();
		T::DbWeight::get().reads_writes(k.saturating_add(2), k.saturating_mul(2).saturating_add(1))
	}
	// Reads: NextKeys, Validators, NextKeys of every other validator. Writes: NextKeys, k
	// KeyOwner.
	fn purge_keys() -> Weight {
		T::DbWeight::get().reads_writes(
			max_validators::<T>().saturating_add(2),
			key_count::<T>().saturating_add(1),
		)
	}
	// Reads: Nodes, CounterForNodes. Writes: the same.
	fn register_node() -> Weight {
		T::DbWeight::get().reads_writes(2, 2)
	}
	// Reads: Nodes, CounterForNodes. Writes: the same.
	fn deregister_node() -> Weight {
		T::DbWeight::get().reads_writes(2, 2)
	}
}
