//! Weights of the settlement pallet.
//!
//! Until generated from `benchmarking.rs`, each weight counts its storage reads and writes
//! with the runtime's `DbWeight`, including what it asks the registry, the eligibility
//! provider and the entitlements for. A settlement attempt is counted at its worst, when it
//! settles:
//! - reads: both approvals, the security's record twice, both participants' statuses, four
//!   balances and two line breaks, the parameters, two fee records, two waiting probes;
//! - writes: four balances, both instructions, four open-index entries, two finished
//!   entries, two fee records, a waiting entry and two retry marks.

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

const SETTLE_READS: u64 = 19;
const SETTLE_WRITES: u64 = 17;
// Reads: the statuses, approvals and security record, References, NextInstructionId, both
// matching entries, the counterpart, Params, both pilot counters. Writes: the matching
// entries, both counters, NextInstructionId, References, two open-index entries, the queue,
// both instructions.
const INSTRUCT_READS: u64 = 14;
const INSTRUCT_WRITES: u64 = 10;

/// Weights counted from storage accesses, for a runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	// The operator key and the clock, one instruction and its settlement.
	fn instruct() -> Weight {
		T::DbWeight::get().reads_writes(
			2 + INSTRUCT_READS + SETTLE_READS,
			INSTRUCT_WRITES + SETTLE_WRITES,
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
			2 + n.saturating_mul(INSTRUCT_READS + SETTLE_READS),
			n.saturating_mul(INSTRUCT_WRITES + SETTLE_WRITES),
		)
	}
	// Reads: the operator key, the clock, both instructions, the matching entry, both pilot
	// counters. Writes: both instructions, the matching entry, both counters, four
	// open-index entries, two finished entries, a waiting entry.
	fn cancel() -> Weight {
		T::DbWeight::get().reads_writes(7, 12)
	}
	// As `cancel`, without the operator key.
	fn cancel_by_agency() -> Weight {
		T::DbWeight::get().reads_writes(6, 12)
	}
	// The operator key, the clock, both instructions, and a settlement.
	fn retry() -> Weight {
		T::DbWeight::get().reads_writes(4 + SETTLE_READS, SETTLE_WRITES)
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
		T::DbWeight::get().reads_writes(3 + SETTLE_READS, 1 + SETTLE_WRITES)
	}
	// Reads: the finished entry, the body. Writes: the finished entry, the body, the outcome.
	fn prune_item() -> Weight {
		T::DbWeight::get().reads_writes(2, 3)
	}
}
