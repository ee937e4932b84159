//! Types of the settlement pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, PartialEqNoBound};
pub use pssc_primitives::settlement::*;
use pssc_primitives::{
	traits::{CurrencyCode, Line},
	BlockNumber, Cusip, ParticipantId,
};
use scale_info::TypeInfo;
use sp_runtime::traits::ConstU32;

/// A participant's own reference to an instruction.
pub type Reference<T> = BoundedVec<u8, <T as crate::Config>::MaxReferenceLen>;

/// An instruction on the ledger.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(MaxRef))]
pub struct Instruction<MaxRef: Get<u32>> {
	/// Whose instruction it is.
	pub participant: ParticipantId,
	/// Deliver or receive.
	pub side: Side,
	/// The other participant.
	pub counterparty: ParticipantId,
	/// The security.
	pub cusip: Cusip,
	/// How many shares.
	pub quantity: Amount,
	/// The settlement amount in US cents.
	pub amount: Amount,
	/// The trade date.
	pub trade_date: Date,
	/// The settlement date.
	pub settlement_date: Date,
	/// The participant's own reference.
	pub reference: BoundedVec<u8, MaxRef>,
	/// Where it stands.
	pub status: Status,
	/// The counterpart instruction, once matched.
	pub counterpart: Option<InstructionId>,
	/// Whether its owner asked to cancel the matched pair (CANP until the other side asks).
	pub cancel_requested: bool,
	/// Its status changes, oldest first: acceptance, then at most [`MAX_HISTORY`] - 1 of
	/// the latest.
	pub history: BoundedVec<StatusChange, ConstU32<MAX_HISTORY>>,
}

/// An instruction as the runtime `T` stores it.
pub type InstructionOf<T> = Instruction<<T as crate::Config>::MaxReferenceLen>;

impl<MaxRef: Get<u32>> Instruction<MaxRef> {
	/// Move to `status` in `block`, and record it in the history.
	pub fn set_status(&mut self, status: Status, block: BlockNumber) {
		self.status = status;
		self.record(status.code(), status.reason_code_for(self.side), block);
	}

	/// Record a change (`code`, `reason`) in `block`. A full history drops its oldest change
	/// after the first.
	pub fn record(&mut self, code: Code, reason: Option<Code>, block: BlockNumber) {
		let change = StatusChange {
			block,
			code,
			reason,
		};
		if self.history.is_full() {
			self.history
				.remove(1.min(self.history.len().saturating_sub(1)));
		}
		// Cannot fail: there is room now.
		let _ = self.history.try_push(change);
	}

	/// The seller and the buyer of the trade.
	pub fn seller_buyer(&self) -> (ParticipantId, ParticipantId) {
		match self.side {
			Side::Deliver => (self.participant, self.counterparty),
			Side::Receive => (self.counterparty, self.participant),
		}
	}

	/// The key under which this instruction waits for its counterpart.
	pub fn match_key(&self) -> MatchKey {
		let (seller, buyer) = self.seller_buyer();
		MatchKey {
			side: self.side,
			seller,
			buyer,
			cusip: self.cusip,
			quantity: self.quantity,
			amount: self.amount,
			trade_date: self.trade_date,
			settlement_date: self.settlement_date,
		}
	}

	/// The unordered pair of participants.
	pub fn pair(&self) -> (ParticipantId, ParticipantId) {
		ordered(self.participant, self.counterparty)
	}
}

/// `(a, b)` with the smaller id first.
pub fn ordered(a: ParticipantId, b: ParticipantId) -> (ParticipantId, ParticipantId) {
	if a <= b {
		(a, b)
	} else {
		(b, a)
	}
}

/// Everything two instructions must agree on to match, and the side of the one that waits.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct MatchKey {
	/// The side of the waiting instruction.
	pub side: Side,
	/// Who delivers.
	pub seller: ParticipantId,
	/// Who receives.
	pub buyer: ParticipantId,
	/// The security.
	pub cusip: Cusip,
	/// How many shares.
	pub quantity: Amount,
	/// The settlement amount.
	pub amount: Amount,
	/// The trade date.
	pub trade_date: Date,
	/// The settlement date.
	pub settlement_date: Date,
}

/// What a pending pair waits for; it is retried when that changes.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum WaitKey {
	/// More free entitlement of the security for the seller (LACK).
	Securities(ParticipantId, Cusip),
	/// More free cash for the buyer (MONY).
	Cash(ParticipantId, CurrencyCode),
	/// The participant's reinstatement (BLOC).
	Participant(ParticipantId),
	/// The line's reopening (SBLO, CBLO).
	Line(Line),
}

/// A matched pair: the deliver instruction and the receive instruction.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct PairIds {
	/// The seller's instruction.
	pub deliver: InstructionId,
	/// The buyer's instruction.
	pub receive: InstructionId,
}

impl PairIds {
	/// The pair's id in the queues: the later of the two instruction ids, i.e. the one that
	/// completed the match, so queue order is matching order.
	pub fn id(&self) -> InstructionId {
		self.deliver.max(self.receive)
	}
}

/// Work queued for a business date.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Due {
	/// Settle the pair: its settlement date has come.
	Settle(PairIds),
	/// The business day the pair was due has ended: if it is still pending, it is failing.
	Fail(PairIds),
	/// The instruction's settlement date has ended: if it is still unmatched, cancel it.
	Expire(InstructionId),
}

/// Open business to wind down after a hook, a batch at a time.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Sweep {
	/// Cancel every unsettled instruction in the security: it was dropped.
	EligibilityLost(Cusip),
	/// Cancel every unsettled instruction between the pair.
	Revoked(ParticipantId, ParticipantId),
	/// Hold the participant's due pairs (BLOC).
	Suspended(ParticipantId),
}

impl Sweep {
	/// Whether it cancels (and so, once begun, runs to the end) rather than holds.
	pub fn cancels(&self) -> bool {
		!matches!(self, Sweep::Suspended(_))
	}
}

/// How far a sweep got, and where it stops.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct SweepState {
	/// The last instruction it looked at in this pass; `None` before the pass's first. A
	/// cause that comes back (a second drop or revocation) starts a new pass from the first
	/// key, so what was instructed since is visited wherever its key sorts.
	pub cursor: Option<InstructionId>,
	/// The next instruction id when it was last queued: what was instructed from this id on,
	/// or matched by such an instruction, is new business the sweep leaves alone.
	pub before: InstructionId,
	/// Whether it has looked at any instruction yet. A sweep that cancels runs to the end
	/// once it has begun, even if what queued it no longer holds; one that has not begun is
	/// dropped when its cause goes away.
	pub begun: bool,
}

/// An unmatched instruction waiting for its counterpart.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct UnmatchedSide {
	/// The instruction.
	pub id: InstructionId,
	/// The business day it was submitted on, whose pilot counters it counts in.
	pub submitted_on: Date,
}

/// The pilot's limits and the fee schedule. The agency sets them.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Parameters {
	/// The most trades a pair may instruct per business day of submission, whatever their
	/// trade dates (the pilot: 300).
	pub max_trades_per_pair_per_day: u32,
	/// A pair's shares of one security instructed per business day of submission must stay
	/// below this (the pilot: fewer than 100,000).
	pub share_limit_per_security_per_pair_per_day: Amount,
	/// The fee per settled trade and participant, in fee units of $0.0000001 (the schedule:
	/// $0.00225 = 22,500).
	pub fee_per_trade: Amount,
	/// The fee per settled share and participant, in fee units ($0.0000225 = 225).
	pub fee_per_share: Amount,
	/// The monthly minimum, in fee units ($5,000 = 50,000,000,000).
	pub monthly_minimum: Amount,
}

/// Fee units per US dollar: a fee unit is $0.0000001.
pub const FEE_UNITS_PER_DOLLAR: Amount = 10_000_000;

impl Default for Parameters {
	/// The pilot's limits and the published fee schedule.
	fn default() -> Self {
		Self {
			max_trades_per_pair_per_day: 300,
			share_limit_per_security_per_pair_per_day: 100_000,
			fee_per_trade: 22_500,
			fee_per_share: 225,
			monthly_minimum: 5_000 * FEE_UNITS_PER_DOLLAR,
		}
	}
}

/// A participant's fees of one month.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct FeeAccrual {
	/// Trades settled.
	pub trades: u32,
	/// Shares settled.
	pub shares: Amount,
	/// Fees accrued, in fee units, before the monthly minimum.
	pub accrued: Amount,
}

/// The final state of an instruction whose body was pruned.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Outcome {
	/// Settled or cancelled, and why.
	pub status: Status,
	/// The business date it became final.
	pub date: Date,
}

/// An instruction's reference in an event, and the other side's when there is one.
#[derive(
	CloneNoBound, PartialEqNoBound, DebugNoBound, Encode, Decode, DecodeWithMemTracking, TypeInfo,
)]
#[scale_info(skip_type_params(MaxRef))]
pub struct Refs<MaxRef: Get<u32>> {
	/// The instruction.
	pub id: InstructionId,
	/// Its owner.
	pub participant: ParticipantId,
	/// Its owner's reference.
	pub reference: BoundedVec<u8, MaxRef>,
	/// The counterpart instruction, once matched.
	pub counterpart: Option<InstructionId>,
	/// The counterpart's reference, once matched.
	pub counterpart_reference: Option<BoundedVec<u8, MaxRef>>,
}

/// `Refs` for the runtime `T`.
pub type RefsOf<T> = Refs<<T as crate::Config>::MaxReferenceLen>;
