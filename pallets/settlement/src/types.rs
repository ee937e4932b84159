//! Types of the settlement pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, PartialEqNoBound};
use pssc_primitives::{
	traits::{CurrencyCode, Line},
	Cusip, ParticipantId, RawCusip,
};
use scale_info::TypeInfo;

/// Quantities of securities (shares) and amounts of cash (minor units: US cents).
pub type Amount = u128;

/// The id of an instruction. Ids increase with every instruction and are never reused.
pub type InstructionId = u64;

/// A business date: whole days since 1970-01-01, counted at the business-day boundary (see
/// [`crate::Config::DayBoundaryShift`]).
pub type Date = u32;

/// A calendar month, as `YYYYMM` (e.g. `202611`).
pub type Month = u32;

/// Milliseconds in a day.
pub const MILLIS_PER_DAY: u64 = 86_400_000;

/// The ISO 20022 / ISO 15022 codes the pallet reports. Processing: PACK, REJT, CAND, CANP.
/// Matching: MACH, NMAT. Settlement: PEND, PENF, SETT. Pending reasons: LACK, MONY, BLOC,
/// SBLO, and the proprietary CBLO (the cash line is stopped). Cancellation reasons: CANI (by
/// the instructing parties), CSUB (by the agency), CANS (by the system, for a lost
/// eligibility, a revoked approval or a missing counterpart), with DSEC, NCRR and CMIS naming
/// which.
#[allow(clippy::upper_case_acronyms)]
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
pub enum Code {
	/// Accepted for processing.
	PACK,
	/// Rejected at submission.
	REJT,
	/// Cancelled.
	CAND,
	/// Cancellation pending: one side asked, the other has not yet.
	CANP,
	/// Matched.
	MACH,
	/// Unmatched: no counterpart instruction yet.
	NMAT,
	/// Pending: due, but not settled yet.
	PEND,
	/// Failing: pending past its settlement date.
	PENF,
	/// Settled.
	SETT,
	/// Lack of securities.
	LACK,
	/// Lack of cash.
	MONY,
	/// A participant's account is blocked (suspended).
	BLOC,
	/// The securities are blocked: DTC chilled deliveries, or the line has a break.
	SBLO,
	/// Proprietary: the cash line has a reconciliation break.
	CBLO,
	/// Cancelled by the instructing parties.
	CANI,
	/// Cancelled by the agency.
	CSUB,
	/// Cancelled by the system.
	CANS,
	/// The security is no longer eligible.
	DSEC,
	/// The pair is no longer mutually approved.
	NCRR,
	/// No counterpart instruction arrived.
	CMIS,
}

/// Which side of a trade an instruction is.
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
pub enum Side {
	/// Deliver versus payment: the seller delivers securities and receives cash.
	Deliver,
	/// Receive versus payment: the buyer receives securities and pays cash.
	Receive,
}

impl Side {
	/// The other side.
	pub fn opposite(self) -> Self {
		match self {
			Side::Deliver => Side::Receive,
			Side::Receive => Side::Deliver,
		}
	}
}

/// Why a due pair has not settled.
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
pub enum PendingReason {
	/// The seller's free entitlement is short (LACK).
	Lack,
	/// The buyer's free cash is short (MONY).
	Mony,
	/// This participant is suspended (BLOC).
	Bloc(ParticipantId),
	/// DTC chilled deliveries of the security, or its line has a break (SBLO).
	Sblo,
	/// The cash line has a break (CBLO).
	Cblo,
}

impl PendingReason {
	/// The reason's code.
	pub fn code(&self) -> Code {
		match self {
			PendingReason::Lack => Code::LACK,
			PendingReason::Mony => Code::MONY,
			PendingReason::Bloc(_) => Code::BLOC,
			PendingReason::Sblo => Code::SBLO,
			PendingReason::Cblo => Code::CBLO,
		}
	}
}

/// Why an instruction was cancelled.
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
pub enum CancelReason {
	/// Its owner cancelled it while unmatched, or both sides cancelled the pair (CANI).
	Parties,
	/// The agency cancelled it (CSUB); the event carries the agency's reason.
	Agency,
	/// The security stopped being eligible (CANS, DSEC).
	EligibilityLost,
	/// The pair is no longer mutually approved (CANS, NCRR).
	CounterpartyRevoked,
	/// No counterpart arrived by the end of the settlement date (CANS, CMIS).
	Expired,
}

impl CancelReason {
	/// The reason's code.
	pub fn code(&self) -> Code {
		match self {
			CancelReason::Parties => Code::CANI,
			CancelReason::Agency => Code::CSUB,
			CancelReason::EligibilityLost => Code::DSEC,
			CancelReason::CounterpartyRevoked => Code::NCRR,
			CancelReason::Expired => Code::CMIS,
		}
	}
}

/// Where an instruction stands.
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
pub enum Status {
	/// No counterpart instruction yet (NMAT).
	Unmatched,
	/// Matched, waiting for its settlement date (MACH).
	Matched,
	/// Due and not settled, on its settlement date (PEND).
	Pending(PendingReason),
	/// Not settled after its settlement date (PENF).
	Failing(PendingReason),
	/// Settled (SETT). Final.
	Settled,
	/// Cancelled (CAND). Final.
	Cancelled(CancelReason),
}

impl Status {
	/// The status's code.
	pub fn code(&self) -> Code {
		match self {
			Status::Unmatched => Code::NMAT,
			Status::Matched => Code::MACH,
			Status::Pending(_) => Code::PEND,
			Status::Failing(_) => Code::PENF,
			Status::Settled => Code::SETT,
			Status::Cancelled(_) => Code::CAND,
		}
	}

	/// Whether nothing more can happen to the instruction.
	pub fn is_final(&self) -> bool {
		matches!(self, Status::Settled | Status::Cancelled(_))
	}

	/// Why a due pair waits, if it does.
	pub fn pending_reason(&self) -> Option<PendingReason> {
		match self {
			Status::Pending(r) | Status::Failing(r) => Some(*r),
			_ => None,
		}
	}
}

/// One side of a trade, as a participant's operator submits it.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct NewInstruction<Reference> {
	/// Deliver (seller) or receive (buyer).
	pub side: Side,
	/// The other participant.
	pub counterparty: ParticipantId,
	/// The security, checked for its check digit.
	pub cusip: RawCusip,
	/// How many shares.
	pub quantity: Amount,
	/// The settlement amount in US cents.
	pub amount: Amount,
	/// The trade date.
	pub trade_date: Date,
	/// The intended settlement date.
	pub settlement_date: Date,
	/// The participant's own reference, unique among its instructions for ever.
	pub reference: Reference,
}

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
}

/// An instruction as the runtime `T` stores it.
pub type InstructionOf<T> = Instruction<<T as crate::Config>::MaxReferenceLen>;

impl<MaxRef: Get<u32>> Instruction<MaxRef> {
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
	/// Cancel every unsettled instruction in the security.
	EligibilityLost(Cusip),
	/// Cancel every unsettled instruction between the pair.
	Revoked(ParticipantId, ParticipantId),
	/// Hold the participant's due pairs (BLOC).
	Suspended(ParticipantId),
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
	/// The most trades a pair may instruct per trade date (the pilot: 300).
	pub max_trades_per_pair_per_day: u32,
	/// A pair's shares of one security per trade date must stay below this (the pilot:
	/// fewer than 100,000).
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

/// The month (`YYYYMM`) of a business date, by the proleptic Gregorian calendar.
pub fn month_of(date: Date) -> Month {
	// Howard Hinnant's days-to-civil algorithm, on non-negative day counts only.
	let z = u64::from(date) + 719_468;
	let era = z / 146_097;
	let doe = z - era * 146_097;
	let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let month = if mp < 10 { mp + 3 } else { mp - 9 };
	let year = yoe + era * 400 + u64::from(month <= 2);
	(year * 100 + month) as Month
}

/// The business date of a timestamp (milliseconds since the Unix epoch), the day turning
/// `shift` milliseconds before midnight UTC.
pub fn business_date(now_ms: u64, shift: u64) -> Date {
	(now_ms.saturating_add(shift) / MILLIS_PER_DAY) as Date
}
