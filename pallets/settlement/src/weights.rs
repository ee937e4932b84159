//! Weights of the settlement pallet.
//!
//! Until generated from `benchmarking.rs`, each weight counts its storage reads and writes
//! with the runtime's `DbWeight`, including what it asks the registry, the eligibility
//! provider and the entitlements for.
//!
//! A side that matches a waiting counterpart due today ([`MATCH_NOW_READS`]) is settled at
//! once without checking again what its own checks just read ([`SETTLE_NOW_READS`]); a
//! queued or retried pair is checked again first ([`ATTEMPT_READS`]). Settlement is counted
//! at its worst, when it settles.

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// The weight of each call and of each step of the scheduled work.
pub trait WeightInfo {
	/// `instruct`, matching and settling at once.
	fn instruct() -> Weight;
	/// `instruct` that does not settle: it waits for its counterpart, matches a future-dated
	/// one, or is refused. The difference to [`WeightInfo::instruct`] is refunded.
	fn instruct_unmatched() -> Weight;
	/// `instruct_batch` of `n` instructions, each matching and settling at once.
	fn instruct_batch(n: u32) -> Weight;
	/// `cancel`.
	fn cancel() -> Weight;
	/// `cancel_by_agency`.
	fn cancel_by_agency() -> Weight;
	/// `retry`, settling.
	fn retry() -> Weight;
	/// `set_parameters`.
	fn set_parameters() -> Weight;
	/// One probe of the scheduled work: a cursor, a queue or an index.
	fn scheduler_read() -> Weight;
	/// One item of scheduled work at its worst: a queued pair that settles.
	fn scheduled_item() -> Weight;
	/// Pruning one instruction's body.
	fn prune_item() -> Weight;
}

/// Checking and matching a side whose counterpart waits, due today. Reads: both statuses,
/// both approvals, the security's record, the reference, the counterpart's matching entry, the
/// counterpart, the next id. Writes: the matching entry, the counterpart's expiry, the next
/// id, the reference.
pub const MATCH_NOW_READS: u64 = 9;
/// See [`MATCH_NOW_READS`].
pub const MATCH_NOW_WRITES: u64 = 4;
/// Checking and storing a side that does not settle at once. Reads: as [`MATCH_NOW_READS`]
/// without the counterpart, plus the parameters, both pilot counters and the own matching
/// entry. Writes: the matching entry, both counters (or the expiry and the queue entry), the
/// next id, the reference, two open-index entries, the queue entry, the bodies.
pub const INSTRUCT_READS: u64 = 12;
/// See [`INSTRUCT_READS`].
pub const INSTRUCT_WRITES: u64 = 9;
/// Settling a pair that matched in the same call. Reads: four balances, two line breaks, the
/// parameters, two fee records, and for each of the two credits a waiting probe and a retry
/// cursor. Writes: four balances, two fee records, both bodies, the counterpart's two
/// open-index entries, two finished entries, two retry marks.
pub const SETTLE_NOW_READS: u64 = 13;
/// See [`SETTLE_NOW_READS`].
pub const SETTLE_NOW_WRITES: u64 = 14;
/// Settling a queued or retried pair: [`SETTLE_NOW_READS`] after the checks again (both
/// approvals, the security's record, both statuses); the new side's open-index entries and
/// the waiting entry are written too.
pub const ATTEMPT_READS: u64 = SETTLE_NOW_READS + 5;
/// See [`ATTEMPT_READS`].
pub const ATTEMPT_WRITES: u64 = SETTLE_NOW_WRITES + 3;

/// Weights counted from storage accesses, for a runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	// The operator key and the clock, one instruction matching and settling at once.
	fn instruct() -> Weight {
		T::DbWeight::get().reads_writes(
			2 + MATCH_NOW_READS + SETTLE_NOW_READS,
			MATCH_NOW_WRITES + SETTLE_NOW_WRITES,
		)
	}
	// The operator key and the clock, one instruction.
	fn instruct_unmatched() -> Weight {
		T::DbWeight::get().reads_writes(2 + INSTRUCT_READS, INSTRUCT_WRITES)
	}
	// The operator key and the clock, then each instruction and its settlement.
	fn instruct_batch(n: u32) -> Weight {
		let n = u64::from(n);
		T::DbWeight::get().reads_writes(
			2 + n.saturating_mul(MATCH_NOW_READS + SETTLE_NOW_READS),
			n.saturating_mul(MATCH_NOW_WRITES + SETTLE_NOW_WRITES),
		)
	}
	// Reads: the operator key, the clock, both instructions, the matching entry, both pilot
	// counters. Writes: both instructions, the matching entry, both counters, the expiry,
	// four open-index entries, two finished entries, a waiting entry.
	fn cancel() -> Weight {
		T::DbWeight::get().reads_writes(7, 13)
	}
	// As `cancel`, without the operator key.
	fn cancel_by_agency() -> Weight {
		T::DbWeight::get().reads_writes(6, 13)
	}
	// The operator key, the clock, both instructions, and a settlement.
	fn retry() -> Weight {
		T::DbWeight::get().reads_writes(4 + ATTEMPT_READS, ATTEMPT_WRITES)
	}
	// Writes: Params.
	fn set_parameters() -> Weight {
		T::DbWeight::get().writes(1)
	}
	fn scheduler_read() -> Weight {
		T::DbWeight::get().reads(1)
	}
	// Reads: the queue entry, both instructions, a settlement. Writes: the queue entry (or
	// the sweep's or retry's cursor), a settlement.
	fn scheduled_item() -> Weight {
		T::DbWeight::get().reads_writes(3 + ATTEMPT_READS, 1 + ATTEMPT_WRITES)
	}
	// Reads: the finished entry, the body. Writes: the finished entry, the body, the outcome.
	fn prune_item() -> Weight {
		T::DbWeight::get().reads_writes(2, 3)
	}
}
