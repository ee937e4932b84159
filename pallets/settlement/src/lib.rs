//! # Atomic delivery-versus-payment settlement
//!
//! Two participants that have approved each other agree a trade; each sends its side as an
//! instruction (the seller *deliver versus payment*, the buyer *receive versus payment*). The
//! ledger matches them and exchanges the securities entitlement against the cash entitlement,
//! trade by trade (BIS DvP model 1): both legs move in one storage transaction, or neither
//! does. There is no central counterparty, no netting and no credit: a leg that is not funded
//! leaves the pair pending.
//!
//! ## Lifecycle (ISO 20022 codes)
//! - [`Pallet::instruct`] / [`Pallet::instruct_batch`] by a participant's operator key. Refused
//!   (REJT, with the error naming why) if the pair is not mutually approved, either side is not
//!   active, the security is not eligible (dropped, or globally locked by DTC) or its
//!   deliveries are chilled, the reference was used before, the dates are inconsistent, a
//!   figure is zero, or the pilot's per-pair limits ([`Parameters`]) would be exceeded. The
//!   limits count per pair and business day of submission, whatever the trade dates. In a
//!   batch each refused instruction is reported by a [`Event::Rejected`] and the others go on.
//! - **Matching** by a keyed lookup on everything both sides must agree on ([`MatchKey`]):
//!   NMAT until the counterpart arrives, then MACH. The owner alone cancels an unmatched
//!   instruction; a matched pair is cancelled only when both sides ask (CANP, then CAND). An
//!   instruction still unmatched when its settlement date ends is cancelled (CANS, CMIS).
//! - **Settlement** on the settlement date, in matching order: from the date queue in
//!   `on_initialize`, FIFO, in batches metered by [`Config::SchedulerWeight`]; or in the
//!   matching extrinsic if the pair is due today and nothing due today or earlier is still
//!   queued, so that no pair overtakes one that matched before it. A short leg leaves the
//!   pair pending (PEND with LACK or MONY);
//!   it is retried when the short side's free balance grows (the entitlements pallet tells
//!   [`pssc_primitives::traits::OnCredit`], and a settlement tells the parties it credits),
//!   never by rescanning the queue. When its business day ends a pending pair is failing
//!   (PENF) and stays queued until it settles or is cancelled.
//! - **Hooks.** A dropped security (no longer accepted by the agency or by DTC) cancels its
//!   unsettled instructions; a revoked approval cancels the pair's; a suspension holds the
//!   participant's due pairs (BLOC) until reinstatement. DTC's global lock cancels nothing:
//!   the security's due pairs wait (SBLO) and are retried when the lock is lifted. The hooks
//!   queue the work ([`Sweeps`]); it runs in the next blocks' `on_initialize`, metered. A
//!   cancelling sweep that has begun runs to the end over the instructions made before it
//!   was queued, even if the security is restored or the approval given again meanwhile, so
//!   a book is never left half cancelled; one that has not begun is dropped. A cause that
//!   comes back (dropped again) starts a begun sweep's walk again from the first key, over
//!   what was made in between too. Settlement
//!   itself checks approval, eligibility and status before every attempt, so nothing
//!   settles in between.
//! - **Fees** accrue per participant per month on every settled trade ([`Fees`]).
//! - Settled and cancelled instructions keep their final status. Their bodies are pruned
//!   [`Config::RetentionDays`] after, in `on_idle`, leaving an [`Outcome`].
//!
//! ## The business date
//! A business date is a count of days since 1970-01-01. The day turns
//! [`Config::DayBoundaryShift`] milliseconds before midnight UTC: with the runtime's two hours
//! it turns at 22:00 UTC (17:00 EST, 18:00 EDT), after the 16:30 ET settlement cut-off.
//! Extrinsics use the block's own timestamp; `on_initialize` runs before the timestamp
//! inherent and uses the previous block's, so scheduled work of a new day starts at most
//! one block after the boundary.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod api;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod cursor;
mod features;
mod impls;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use api::{MAX_PAGE, MAX_SCAN};
pub use types::*;
pub use weights::WeightInfo;

/// A queue position: an instruction id, big-endian, so that the keys of a queue iterate in
/// id order (FIFO) under the `Identity` hasher.
pub type QueueKey = [u8; 8];

/// A business date, big-endian, so that date-keyed maps iterate in date order under the
/// `Identity` hasher: the first entry is always the earliest date, and no cursor is needed.
pub type DateKey = [u8; 4];

/// The key of business date `date`.
pub fn date_key(date: Date) -> DateKey {
	date.to_be_bytes()
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{dispatch::WithPostDispatchInfo, pallet_prelude::*, traits::Time};
	use frame_system::pallet_prelude::*;
	use pssc_primitives::{
		traits::{CurrencyCode, EligibilityProvider, EntitlementTransfer, ParticipantRegistry},
		Cusip, ParticipantId,
	};

	/// Version 1: unmatched sides carry their submission day ([`UnmatchedSide`]), and sweeps
	/// their bound; see [`crate::migrations::v1`]. Version 2: sweeps say whether they have
	/// begun ([`SweepState`]); see [`crate::migrations::v2`].
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the settlement pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The clearing agency: sets the parameters and cancels any instruction.
		type AgencyOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Participants, their keys and their counterparty approvals.
		type Registry: ParticipantRegistry<Self::AccountId>;
		/// Which securities are eligible, and DTC's restrictions.
		type Eligibility: EligibilityProvider;
		/// The entitlements both legs move through.
		type Entitlements: EntitlementTransfer;
		/// The clock: milliseconds since the Unix epoch.
		type Time: Time;
		/// Milliseconds added to a timestamp before cutting it into days: the business day
		/// turns this long before midnight UTC.
		#[pallet::constant]
		type DayBoundaryShift: Get<u64>;
		/// The currency of the cash leg (`USD`).
		#[pallet::constant]
		type SettlementCurrency: Get<CurrencyCode>;
		/// The longest participant reference, in bytes (ISO 20022 Max35Text: 35).
		#[pallet::constant]
		type MaxReferenceLen: Get<u32>;
		/// The longest agency reason, in bytes.
		#[pallet::constant]
		type MaxReasonLen: Get<u32>;
		/// The most instructions in one [`Pallet::instruct_batch`].
		#[pallet::constant]
		type MaxBatch: Get<u32>;
		/// The most identical unmatched instructions waiting at once.
		#[pallet::constant]
		type MaxIdenticalUnmatched: Get<u32>;
		/// How many days after today a settlement date may be, and before today a trade date.
		#[pallet::constant]
		type MaxSettlementHorizon: Get<u32>;
		/// Days a settled or cancelled instruction's body is kept before it is pruned.
		#[pallet::constant]
		type RetentionDays: Get<u32>;
		/// The weight `on_initialize` may always spend on queued settlement, retries and
		/// sweeps. `on_idle` goes on with the same work, within as much again, in the weight
		/// the block's transactions left.
		type SchedulerWeight: Get<Weight>;
		/// Weights of this pallet's calls and steps.
		type WeightInfo: WeightInfo;
		/// Sets up, for the benchmarks, what other pallets own.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The pilot's limits and the fee schedule.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, Parameters, ValueQuery>;

	/// The id of the next instruction.
	#[pallet::storage]
	pub type NextInstructionId<T: Config> = StorageValue<_, InstructionId, ValueQuery>;

	/// Instructions, until pruned.
	#[pallet::storage]
	pub type Instructions<T: Config> =
		StorageMap<_, Twox64Concat, InstructionId, InstructionOf<T>, OptionQuery>;

	/// The final status of instructions whose bodies were pruned.
	#[pallet::storage]
	pub type Outcomes<T: Config> = StorageMap<_, Twox64Concat, InstructionId, Outcome, OptionQuery>;

	/// Every reference a participant used, and its instruction. Kept for ever: a reference is
	/// never reused.
	#[pallet::storage]
	pub type References<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ParticipantId,
		Blake2_128Concat,
		Reference<T>,
		InstructionId,
		OptionQuery,
	>;

	/// Unmatched instructions by what their counterpart must carry, oldest first, each with
	/// the business day it was submitted on.
	#[pallet::storage]
	pub type Unmatched<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		MatchKey,
		BoundedVec<UnmatchedSide, T::MaxIdenticalUnmatched>,
		ValueQuery,
	>;

	/// Each participant's unsettled instructions.
	#[pallet::storage]
	pub type OpenByParticipant<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ParticipantId,
		Twox64Concat,
		InstructionId,
		(),
		OptionQuery,
	>;

	/// Each security's unsettled instructions.
	#[pallet::storage]
	pub type OpenBySecurity<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, Cusip, Twox64Concat, InstructionId, (), OptionQuery>;

	/// Trades instructed per (business day of submission, pair), for the pilot's limit,
	/// whatever their trade dates: back-dating a trade does not give it another day's
	/// allowance. Pruned in `on_idle` once the day is over.
	#[pallet::storage]
	pub type PairTrades<T: Config> = StorageDoubleMap<
		_,
		Identity,
		DateKey,
		Blake2_128Concat,
		(ParticipantId, ParticipantId),
		u32,
		ValueQuery,
	>;

	/// Shares instructed per (business day of submission, pair, security), for the pilot's
	/// limit. Pruned like [`PairTrades`].
	#[pallet::storage]
	pub type PairShares<T: Config> = StorageDoubleMap<
		_,
		Identity,
		DateKey,
		Blake2_128Concat,
		(ParticipantId, ParticipantId, Cusip),
		Amount,
		ValueQuery,
	>;

	/// Work due on a business date: earliest date first, then in matching order.
	#[pallet::storage]
	pub type Queue<T: Config> =
		StorageDoubleMap<_, Identity, DateKey, Identity, QueueKey, Due, OptionQuery>;

	/// The last business day whose queued work is all done: every item of the date queue
	/// dated on or before it has been handled. A pair due today settles in its matching
	/// extrinsic only when this is today; otherwise it is queued behind what is still due.
	/// Kept by the scheduler, so that an instruction asks one value instead of walking the
	/// queue (whose first keys a busy block deletes by the hundred).
	#[pallet::storage]
	pub type QueueDoneThrough<T: Config> = StorageValue<_, Date, ValueQuery>;

	/// Pending and failing pairs, by what they wait for, in matching order.
	#[pallet::storage]
	pub type Waiting<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, WaitKey, Identity, QueueKey, PairIds, OptionQuery>;

	/// What grew since its waiting pairs were last tried, with how far the retry got.
	#[pallet::storage]
	pub type Retry<T: Config> =
		StorageMap<_, Blake2_128Concat, WaitKey, Option<QueueKey>, OptionQuery>;

	/// Lines whose retry was under way when they grew again: once the retry reaches the end,
	/// it runs once more from the first.
	#[pallet::storage]
	pub type RetryAgain<T: Config> = StorageMap<_, Blake2_128Concat, WaitKey, (), OptionQuery>;

	/// Open business to wind down after a hook, with how far the sweep got.
	#[pallet::storage]
	pub type Sweeps<T: Config> = StorageMap<_, Blake2_128Concat, Sweep, SweepState, OptionQuery>;

	/// Instructions that became final on a business date, earliest date first, to prune
	/// after the retention.
	#[pallet::storage]
	pub type Finished<T: Config> =
		StorageDoubleMap<_, Identity, DateKey, Twox64Concat, InstructionId, (), OptionQuery>;

	/// Each participant's fees per month, for the agency to bill.
	#[pallet::storage]
	pub type Fees<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ParticipantId,
		Twox64Concat,
		Month,
		FeeAccrual,
		ValueQuery,
	>;

	/// The parameters at genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The pilot's limits and the fee schedule.
		pub parameters: Parameters,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Params::<T>::put(self.parameters);
		}
	}

	/// Events of the settlement pallet. Each names the instruction, both references (the
	/// counterpart's once matched) and the ISO status and reason.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An instruction was accepted and waits for its counterpart.
		Unmatched {
			instruction: RefsOf<T>,
			side: Side,
			status: Code,
		},
		/// In a batch, an instruction was refused (REJT); the error names why, and `reason`
		/// gives ISO's rejection reason where one fits (REFE, DSEC, NCRR).
		Rejected {
			participant: ParticipantId,
			index: u32,
			reference: Reference<T>,
			error: DispatchError,
			status: Code,
			reason: Option<Code>,
		},
		/// Two instructions matched (`instruction` is the deliver side).
		Matched {
			instruction: RefsOf<T>,
			settlement_date: Date,
			status: Code,
		},
		/// A due pair did not settle: PEND on its settlement date, PENF after.
		SettlementPending {
			instruction: RefsOf<T>,
			status: Code,
			reason: Code,
		},
		/// The pair settled: securities to the buyer, cash to the seller.
		Settled {
			instruction: RefsOf<T>,
			seller: ParticipantId,
			buyer: ParticipantId,
			cusip: Cusip,
			quantity: Amount,
			amount: Amount,
			status: Code,
		},
		/// One side asked to cancel a matched pair; the other has not yet.
		CancellationRequested {
			instruction: RefsOf<T>,
			by: ParticipantId,
			status: Code,
		},
		/// An instruction (and its counterpart, if matched) was cancelled: `reason` is ISO's
		/// cancellation reason (CANI, CSUB or CANS), `cause` says which of the system's reasons
		/// it is, and `detail` is the agency's text.
		Cancelled {
			instruction: RefsOf<T>,
			status: Code,
			reason: Code,
			cause: CancelReason,
			detail: Option<BoundedVec<u8, T::MaxReasonLen>>,
		},
		/// The agency set the limits and fees.
		ParametersSet { parameters: Parameters },
	}

	/// Errors of the settlement pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The signer is not an operator key of a participant.
		NotAnOperator,
		/// The CUSIP has a wrong length, character or check digit.
		InvalidCusip,
		/// The quantity is zero.
		ZeroQuantity,
		/// The settlement amount is zero.
		ZeroAmount,
		/// The reference is empty or longer than [`Config::MaxReferenceLen`].
		InvalidReference,
		/// The reason is longer than [`Config::MaxReasonLen`].
		ReasonTooLong,
		/// The instructing participant is not active.
		ParticipantNotActive,
		/// The counterparty is unknown or not active.
		CounterpartyNotActive,
		/// The two participants have not both approved each other.
		CounterpartyNotApproved,
		/// The security is not eligible.
		SecurityNotEligible,
		/// DTC has chilled deliveries of this security.
		DeliveriesChilled,
		/// The trade date is after today.
		TradeDateInFuture,
		/// The trade date is more than [`Config::MaxSettlementHorizon`] days before today.
		TradeDateTooOld,
		/// The settlement date is before the trade date.
		SettlementBeforeTrade,
		/// The settlement date has passed.
		SettlementDateInPast,
		/// The settlement date is beyond [`Config::MaxSettlementHorizon`].
		SettlementDateTooFar,
		/// The participant has used this reference before.
		DuplicateReference,
		/// The pair would exceed its trades for today, the business day of submission.
		PairTradeLimitExceeded,
		/// The pair would reach the share limit of the security for today, the business day
		/// of submission.
		PairShareLimitExceeded,
		/// Too many identical instructions already wait for their counterparts.
		TooManyIdenticalUnmatched,
		/// The batch is empty or longer than [`Config::MaxBatch`].
		BatchTooLarge,
		/// No instruction has this id (or its body was pruned).
		UnknownInstruction,
		/// The instruction belongs to another participant.
		NotYourInstruction,
		/// The instruction is settled or cancelled.
		AlreadyFinal,
		/// This side has already asked to cancel.
		CancellationAlreadyRequested,
		/// The pair is not pending or failing.
		NotPending,
		/// A limit is zero.
		InvalidParameters,
		/// The clock has not been set yet.
		NoBusinessDate,
		/// A counter would overflow.
		Overflow,
		/// The storage is inconsistent (an index names a missing instruction).
		Inconsistent,
		/// DTC has globally locked the security: no new instruction until the lock is lifted.
		SecurityGloballyLocked,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Settle the pairs due today, turn yesterday's pending pairs into failing ones,
		/// expire stale unmatched instructions, run the hooks' sweeps and retry what waits for
		/// a grown balance: FIFO, within [`Config::SchedulerWeight`].
		fn on_initialize(_: BlockNumberFor<T>) -> Weight {
			Self::run_scheduler(T::SchedulerWeight::get())
		}

		/// Go on with the scheduled work, within another [`Config::SchedulerWeight`], in the
		/// weight the block's transactions left: a queue due at a quiet day boundary drains at
		/// twice the share `on_initialize` always has. Then, with what is still left, prune the
		/// bodies of instructions final for longer than the retention, and the pilot's
		/// counters of the days before today.
		fn on_idle(_: BlockNumberFor<T>, remaining: Weight) -> Weight {
			let scheduled = Self::run_scheduler(remaining.min(T::SchedulerWeight::get()));
			scheduled.saturating_add(Self::prune(remaining.saturating_sub(scheduled)))
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Instruct one side of a trade for the signer's participant. Only an operator key.
		/// Matches a waiting counterpart if there is one, and settles the pair now if its
		/// settlement date is today and no pair due today or earlier is still queued (then it
		/// is queued behind them). An instruction that does not settle now is charged
		/// [`WeightInfo::instruct_unmatched`]. The weight charged first is the larger of the
		/// two in each dimension: an instruction that waits reads less but proves more. Both
		/// add the look at the date queue ([`Pallet::queue_check_weight`]).
		///
		/// A call refused before any check of the instruction is charged the reads it made
		/// ([`Pallet::first_checks_weight`]); a refused instruction is charged as one that
		/// waits, which reads all the checks read.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::instruct()
			.max(T::WeightInfo::instruct_unmatched())
			.saturating_add(Pallet::<T>::queue_check_weight()))]
		pub fn instruct(
			origin: OriginFor<T>,
			instruction: NewInstruction<Vec<u8>>,
		) -> DispatchResultWithPostInfo {
			let first = Self::first_checks_weight();
			let participant = Self::ensure_operator(origin).map_err(|e| e.with_weight(first))?;
			let today = Self::current_date().map_err(|e| e.with_weight(first))?;
			let waited =
				T::WeightInfo::instruct_unmatched().saturating_add(Self::queue_check_weight());
			let (_, attempted) = Self::do_instruct(participant, instruction, today, &mut None)
				.map_err(|e| e.with_weight(waited))?;
			Ok(if attempted { None } else { Some(waited) }.into())
		}

		/// Instruct up to [`Config::MaxBatch`] sides of trades, in order. A refused one is
		/// reported by [`Event::Rejected`] and changes nothing; the others go on. The
		/// settlement weight of the instructions that did not settle at once is refunded. A
		/// file refused as a whole (not an operator's, empty or too long, or no business date
		/// yet) is charged as an empty file.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::instruct_batch(
			(instructions.len() as u32).min(T::MaxBatch::get())
		).saturating_add(Pallet::<T>::queue_check_weight()))]
		pub fn instruct_batch(
			origin: OriginFor<T>,
			instructions: Vec<NewInstruction<Vec<u8>>>,
		) -> DispatchResultWithPostInfo {
			let empty = T::WeightInfo::instruct_batch(0);
			let participant = Self::ensure_operator(origin).map_err(|e| e.with_weight(empty))?;
			ensure!(
				!instructions.is_empty() && instructions.len() <= T::MaxBatch::get() as usize,
				Error::<T>::BatchTooLarge.with_weight(empty)
			);
			let today = Self::current_date().map_err(|e| e.with_weight(empty))?;
			let count = instructions.len() as u32;
			let not_settled = Self::do_instruct_batch(participant, instructions, today)?;
			let actual = T::WeightInfo::instruct_batch(count)
				.saturating_sub(
					Self::batch_line_settlement().saturating_mul(u64::from(not_settled)),
				)
				.saturating_add(Self::queue_check_weight());
			Ok(Some(actual).into())
		}

		/// Cancel instruction `id` of the signer's participant. Only an operator key. An
		/// unmatched instruction is cancelled at once; a matched one when both sides asked.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::cancel())]
		pub fn cancel(origin: OriginFor<T>, id: InstructionId) -> DispatchResult {
			let participant = Self::ensure_operator(origin)?;
			let today = Self::current_date()?;
			Self::do_cancel(participant, id, today)
		}

		/// Cancel instruction `id`, and its counterpart if matched, recording why. Needs
		/// [`Config::AgencyOrigin`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::cancel_by_agency())]
		pub fn cancel_by_agency(
			origin: OriginFor<T>,
			id: InstructionId,
			reason: Vec<u8>,
		) -> DispatchResult {
			T::AgencyOrigin::ensure_origin(origin)?;
			let reason: BoundedVec<u8, T::MaxReasonLen> =
				reason.try_into().map_err(|_| Error::<T>::ReasonTooLong)?;
			let today = Self::current_date()?;
			Self::do_cancel_by_agency(id, reason, today)
		}

		/// Try a pending or failing pair again now, e.g. after DTC lifted a chill. An operator
		/// key of either side.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::retry())]
		pub fn retry(origin: OriginFor<T>, id: InstructionId) -> DispatchResult {
			let participant = Self::ensure_operator(origin)?;
			let today = Self::current_date()?;
			Self::do_retry(participant, id, today)
		}

		/// Set the pilot's limits and the fee schedule. Needs [`Config::AgencyOrigin`]. Limits
		/// apply to instructions from now on.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_parameters())]
		pub fn set_parameters(origin: OriginFor<T>, parameters: Parameters) -> DispatchResult {
			T::AgencyOrigin::ensure_origin(origin)?;
			Self::do_set_parameters(parameters)
		}
	}
}

/// Sets up, for the benchmarks, what other pallets own.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// The first `n` active participants, or as many as the registry admits if fewer, every
	/// two of which approved each other, each with an operator key. The same participants,
	/// in the same order, on every call.
	fn participants(n: u32) -> alloc::vec::Vec<(pssc_primitives::ParticipantId, AccountId)>;
	/// Security number `n` (a valid CUSIP of its own for each `n`), made eligible with no
	/// restrictions if it is not yet.
	fn eligible_security(n: u32) -> pssc_primitives::RawCusip;
	/// Credit `quantity` of `cusip` to `seller` and `amount` of cash to `buyer`; a zero
	/// credits nothing.
	fn fund(
		seller: pssc_primitives::ParticipantId,
		buyer: pssc_primitives::ParticipantId,
		cusip: pssc_primitives::RawCusip,
		quantity: Amount,
		amount: Amount,
	);
	/// Set the clock to `ms` milliseconds since the Unix epoch.
	fn set_time(ms: u64);
}
