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
///   instruction id, so it covers exactly what it covered before.
///
/// Both maps hold only open work: unmatched sides (which expire the day after their
/// settlement date) and the sweeps of the last hooks. One pass over them fits in a block.
pub mod v1 {
	use crate::{Config, NextInstructionId, Pallet, SweepState, Sweeps, Unmatched, UnmatchedSide};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
		BoundedVec,
	};
	use pssc_primitives::settlement::InstructionId;

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
