//! Storage migrations of entitlements.

/// To storage version 1 (spec 115): a settling bank's key can be replaced, so the bank's
/// record names the key that signs for it and [`crate::BankKeys`] finds the bank of a key.
/// Until now each bank signed with the account it was appointed as: that account becomes its
/// first key. Withdrawals, used references and reports stay under the bank's account, which
/// still names it. The agency appoints banks one by one (one or two per currency), so one
/// pass over them fits in a block.
pub mod v1 {
	use crate::{Amount, Bank, BankKeys, Config, Pallet, SettlingBanks};
	use codec::{Decode, Encode};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	use pssc_primitives::traits::CurrencyCode;

	/// A settling bank's record at version 0, which its own account signed for.
	#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode)]
	pub struct OldBank {
		/// The currency it settles.
		pub currency: CurrencyCode,
		/// Cash on the ledger that this bank holds.
		pub total: Amount,
		/// Cash held for withdrawals this bank is to pay out.
		pub pending_out: Amount,
	}

	/// The migration, run only when entitlements' storage is at version 0.
	pub type BanksHaveKeys<T> =
		VersionedMigration<0, 1, Unchecked<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;

	/// The migration's steps, without the version check: use [`BanksHaveKeys`].
	pub struct Unchecked<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for Unchecked<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut banks: u64 = 0;
			SettlingBanks::<T>::translate::<OldBank, _>(|account, old| {
				banks = banks.saturating_add(1);
				BankKeys::<T>::insert(&account, &account);
				Some(Bank {
					key: account,
					currency: old.currency,
					total: old.total,
					pending_out: old.pending_out,
				})
			});
			T::DbWeight::get().reads_writes(banks, banks.saturating_mul(2))
		}
	}
}
