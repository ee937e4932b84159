//! Storage migrations of settlement.

/// To storage version 1 (spec 112):
///
/// - each unmatched side in [`crate::Unmatched`] carries the business day it was submitted
///   on, because the pilot's counters now count per day of submission. Spec 111 counted per
///   trade date, so a side's counts were kept under its trade date: that is the day the
///   migration gives it, and cancelling it on that day gives its counts back as before.
///   Counters of days before the upgrade's are pruned in the next blocks. Today's counters
///   hold the trades dated today; back-dated trades instructed earlier on the day of the
///   upgrade are not in them.
/// - each queued sweep in [`crate::Sweeps`] keeps its cursor and is bounded by the next
///   instruction id, so it covers exactly what it covered before ([`v1::SweepState`], which
///   [`v2`] turns into today's layout).
///
/// Both maps hold only open work: unmatched sides (which expire the day after their
/// settlement date) and the sweeps of the last hooks. One pass over them fits in a block.
pub mod v1 {
	use crate::{Config, NextInstructionId, Pallet, Sweep, Unmatched, UnmatchedSide};
	use codec::{Decode, Encode};
	use frame_support::{
		migrations::VersionedMigration,
		pallet_prelude::OptionQuery,
		storage_alias,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
		Blake2_128Concat, BoundedVec,
	};
	use pssc_primitives::settlement::InstructionId;

	/// The queued sweeps at version 1, in that version's layout.
	#[storage_alias]
	pub type Sweeps<T: Config> =
		StorageMap<Pallet<T>, Blake2_128Concat, Sweep, SweepState, OptionQuery>;

	/// A sweep's state at version 1: its cursor, and where it stops.
	#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode)]
	pub struct SweepState {
		/// The last instruction it looked at; `None` until it begins.
		pub cursor: Option<InstructionId>,
		/// The next instruction id when it was queued.
		pub before: InstructionId,
	}

	/// The migration, run only when settlement's storage is at version 0.
	pub type DatedUnmatchedAndBoundedSweeps<T> =
		VersionedMigration<0, 1, Unchecked<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;

	/// The migration's steps, without the version check: use
	/// [`DatedUnmatchedAndBoundedSweeps`].
	pub struct Unchecked<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for Unchecked<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut entries: u64 = 0;
			Unmatched::<T>::translate::<BoundedVec<InstructionId, T::MaxIdenticalUnmatched>, _>(
				|key, ids| {
					entries = entries.saturating_add(1);
					let sides = ids.into_iter().map(|id| UnmatchedSide {
						id,
						submitted_on: key.trade_date,
					});
					// As many sides as there were ids, under the same bound.
					BoundedVec::try_from(sides.collect::<alloc::vec::Vec<_>>()).ok()
				},
			);
			let before = NextInstructionId::<T>::get();
			Sweeps::<T>::translate::<Option<InstructionId>, _>(|_, cursor| {
				entries = entries.saturating_add(1);
				Some(SweepState { cursor, before })
			});
			T::DbWeight::get().reads_writes(entries.saturating_add(1), entries)
		}
	}
}

/// To storage version 2 (spec 114): each queued sweep in [`crate::Sweeps`] says whether it
/// has begun, which version 1 read from its cursor. A second drop or revocation now starts a
/// begun sweep's walk again from the first key (so that what was instructed since is visited
/// wherever its key sorts) without making it one that has not begun. A sweep with a cursor
/// has begun; one without has not. The map holds only the sweeps of the last hooks: one pass
/// fits in a block.
pub mod v2 {
	use crate::{Config, Pallet, SweepState, Sweeps};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};

	/// The migration, run only when settlement's storage is at version 1.
	pub type SweepsSayWhetherTheyBegan<T> =
		VersionedMigration<1, 2, Unchecked<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;

	/// The migration's steps, without the version check: use [`SweepsSayWhetherTheyBegan`].
	pub struct Unchecked<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for Unchecked<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut entries: u64 = 0;
			Sweeps::<T>::translate::<super::v1::SweepState, _>(|_, old| {
				entries = entries.saturating_add(1);
				Some(SweepState {
					cursor: old.cursor,
					before: old.before,
					begun: old.cursor.is_some(),
				})
			});
			T::DbWeight::get().reads_writes(entries, entries)
		}
	}
}
