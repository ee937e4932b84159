//! Storage migrations of admission.

/// To storage version 1: admission takes a provider reference on every account that has
/// signed a transaction (each account in `SignerUsage`), so that its nonce outlives its roles.
/// Spec 108 recorded signers' usage without it. The map holds one entry per key the chain ever
/// admitted (tens to hundreds in the pilot), so one pass over it fits in a block.
pub mod v1 {
	use crate::{Config, Pallet, SignerUsage};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};

	/// The migration, run only when admission's storage is at version 0.
	pub type KeepSignersAccounts<T> =
		VersionedMigration<0, 1, Unchecked<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;

	/// The migration's steps, without the version check: use [`KeepSignersAccounts`].
	pub struct Unchecked<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for Unchecked<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut signers: u64 = 0;
			for who in SignerUsage::<T>::iter_keys() {
				frame_system::Pallet::<T>::inc_providers(&who);
				signers = signers.saturating_add(1);
			}
			T::DbWeight::get().reads_writes(signers.saturating_mul(2), signers)
		}
	}
}
