//! The settlement vocabulary shared by the settlement pallet, the runtime APIs and clients:
//! instruction ids, business dates, sides, and the ISO 20022 / ISO 15022 status and reason
//! codes.

use crate::{ParticipantId, RawCusip};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Quantities of securities (shares) and amounts of cash (minor units: US cents).
pub type Amount = u128;

/// The id of an instruction. Ids increase with every instruction and are never reused.
pub type InstructionId = u64;

/// A business date: whole days since 1970-01-01, counted at the business-day boundary (see
/// the settlement pallet's `DayBoundaryShift`).
pub type Date = u32;

/// A calendar month, as `YYYYMM` (e.g. `202611`).
pub type Month = u32;

/// Milliseconds in a day.
pub const MILLIS_PER_DAY: u64 = 86_400_000;

/// The ISO 20022 / ISO 15022 codes the pallet reports. Processing: PACK, REJT, CAND, CANP.
/// Matching: MACH, NMAT, with the unmatched reason CMIS (no counterpart instruction).
/// Settlement: PEND, PENF, SETT. Pending reasons, from each side's own view: LACK and MONY
/// (its own securities or cash short), CLAC and CMON (the counterparty's), BLOC, SBLO, and the
/// proprietary CBLO (the cash line is stopped). Cancellation reasons: CANI (by the instructing
/// parties), CSUB (by the agency), CANS (by the system: a dropped security, a revoked approval
/// or no counterpart; the [`CancelReason`] says which). Rejection reasons ([`rejection_reason`]):
/// REFE (a reference used before), DSEC (the security is not eligible) and NCRR (the
/// counterparty is not approved, a proprietary code: ISO has none for it); DSEC and NCRR also
/// name why a check of an instruction finds it could not settle. New codes are added at the
/// end, so that no code's encoding changes.
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
	/// The security is not eligible (a rejection reason).
	DSEC,
	/// The counterparty is not approved (a rejection reason).
	NCRR,
	/// No counterpart instruction (an unmatched reason).
	CMIS,
	/// The reference was used before (a rejection reason).
	REFE,
	/// The counterparty lacks securities (the buyer's view of LACK).
	CLAC,
	/// The counterparty lacks cash (the seller's view of MONY).
	CMON,
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
	/// The security stopped being eligible (CANS).
	EligibilityLost,
	/// The pair is no longer mutually approved (CANS).
	CounterpartyRevoked,
	/// No counterpart arrived by the end of the settlement date (CANS).
	Expired,
}

impl CancelReason {
	/// The reason's code.
	pub fn code(&self) -> Code {
		match self {
			CancelReason::Parties => Code::CANI,
			CancelReason::Agency => Code::CSUB,
			CancelReason::EligibilityLost
			| CancelReason::CounterpartyRevoked
			| CancelReason::Expired => Code::CANS,
		}
	}

	/// The reason's name, as clients show it.
	pub fn as_str(&self) -> &'static str {
		match self {
			CancelReason::Parties => "Parties",
			CancelReason::Agency => "Agency",
			CancelReason::EligibilityLost => "EligibilityLost",
			CancelReason::CounterpartyRevoked => "CounterpartyRevoked",
			CancelReason::Expired => "Expired",
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

impl Code {
	/// The four-letter code, as ISO writes it.
	pub fn as_str(&self) -> &'static str {
		match self {
			Code::PACK => "PACK",
			Code::REJT => "REJT",
			Code::CAND => "CAND",
			Code::CANP => "CANP",
			Code::MACH => "MACH",
			Code::NMAT => "NMAT",
			Code::PEND => "PEND",
			Code::PENF => "PENF",
			Code::SETT => "SETT",
			Code::LACK => "LACK",
			Code::MONY => "MONY",
			Code::BLOC => "BLOC",
			Code::SBLO => "SBLO",
			Code::CBLO => "CBLO",
			Code::CANI => "CANI",
			Code::CSUB => "CSUB",
			Code::CANS => "CANS",
			Code::DSEC => "DSEC",
			Code::NCRR => "NCRR",
			Code::CMIS => "CMIS",
			Code::REFE => "REFE",
			Code::CLAC => "CLAC",
			Code::CMON => "CMON",
		}
	}

	/// A short text for people.
	pub fn description(&self) -> &'static str {
		match self {
			Code::PACK => "accepted",
			Code::REJT => "rejected",
			Code::CAND => "cancelled",
			Code::CANP => "cancellation pending",
			Code::MACH => "matched",
			Code::NMAT => "unmatched",
			Code::PEND => "pending",
			Code::PENF => "failing",
			Code::SETT => "settled",
			Code::LACK => "lack of securities",
			Code::MONY => "lack of cash",
			Code::BLOC => "account blocked",
			Code::SBLO => "securities blocked",
			Code::CBLO => "cash line blocked (proprietary)",
			Code::CANI => "cancelled by the instructing parties",
			Code::CSUB => "cancelled by the agency",
			Code::CANS => "cancelled by the system",
			Code::DSEC => "security not eligible",
			Code::NCRR => "counterparty not approved",
			Code::CMIS => "no counterpart instruction",
			Code::REFE => "reference used before",
			Code::CLAC => "counterparty lacks securities",
			Code::CMON => "counterparty lacks cash",
		}
	}

	/// The code named by its four letters.
	pub fn parse(code: &str) -> Option<Self> {
		ALL_CODES.iter().copied().find(|c| c.as_str() == code)
	}
}

/// Every code, in declaration order.
pub const ALL_CODES: [Code; 23] = [
	Code::PACK,
	Code::REJT,
	Code::CAND,
	Code::CANP,
	Code::MACH,
	Code::NMAT,
	Code::PEND,
	Code::PENF,
	Code::SETT,
	Code::LACK,
	Code::MONY,
	Code::BLOC,
	Code::SBLO,
	Code::CBLO,
	Code::CANI,
	Code::CSUB,
	Code::CANS,
	Code::DSEC,
	Code::NCRR,
	Code::CMIS,
	Code::REFE,
	Code::CLAC,
	Code::CMON,
];

/// ISO's rejection reason for a refused instruction, by the settlement pallet's error name:
/// REFE, DSEC or NCRR, or `None` where ISO has no code that fits (the error names why).
pub fn rejection_reason(error: &str) -> Option<Code> {
	match error {
		"DuplicateReference" => Some(Code::REFE),
		"InvalidCusip" | "SecurityNotEligible" => Some(Code::DSEC),
		"CounterpartyNotApproved" => Some(Code::NCRR),
		_ => None,
	}
}

impl Status {
	/// The reason that goes with the status, if any: the unmatched reason of NMAT, the
	/// pending reason of PEND and PENF (what the pair lacks: LACK for the seller's
	/// securities, MONY for the buyer's cash), the cancellation reason of CAND.
	pub fn reason_code(&self) -> Option<Code> {
		match self {
			Status::Unmatched => Some(Code::CMIS),
			Status::Pending(r) | Status::Failing(r) => Some(r.code()),
			Status::Cancelled(r) => Some(r.code()),
			_ => None,
		}
	}

	/// The reason as ISO gives it to the instruction of `side`: a shortfall is LACK or MONY
	/// for the side that is short, CLAC or CMON for its counterparty.
	pub fn reason_code_for(&self, side: Side) -> Option<Code> {
		match (self, side) {
			(
				Status::Pending(PendingReason::Lack) | Status::Failing(PendingReason::Lack),
				Side::Receive,
			) => Some(Code::CLAC),
			(
				Status::Pending(PendingReason::Mony) | Status::Failing(PendingReason::Mony),
				Side::Deliver,
			) => Some(Code::CMON),
			_ => self.reason_code(),
		}
	}
}

/// One change in an instruction's history: in which block, to which status, and why.
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
pub struct StatusChange {
	/// The block in which it changed.
	pub block: crate::BlockNumber,
	/// The status code (NMAT, MACH, PEND, PENF, SETT, CAND) or CANP when one side asked to
	/// cancel a matched pair.
	pub code: Code,
	/// The reason code that goes with it, if any.
	pub reason: Option<Code>,
}

/// The most status changes an instruction keeps. When full, the oldest change after the
/// first (acceptance) is dropped, so the history always starts at acceptance and ends with
/// the latest change.
pub const MAX_HISTORY: u32 = 12;

/// The calendar date (year, month 1-12, day 1-31) of a business date, by the proleptic
/// Gregorian calendar.
pub fn civil(date: Date) -> (u32, u32, u32) {
	// Howard Hinnant's days-to-civil algorithm, on non-negative day counts only.
	let z = u64::from(date) + 719_468;
	let era = z / 146_097;
	let doe = z - era * 146_097;
	let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let day = doy - (153 * mp + 2) / 5 + 1;
	let month = if mp < 10 { mp + 3 } else { mp - 9 };
	let year = yoe + era * 400 + u64::from(month <= 2);
	(year as u32, month as u32, day as u32)
}

/// The business date of a calendar date, or `None` for an invalid date or one before
/// 1970-01-01.
pub fn from_civil(year: u32, month: u32, day: u32) -> Option<Date> {
	let days_in_month = match month {
		1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
		4 | 6 | 9 | 11 => 30,
		2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
			29
		},
		2 => 28,
		_ => return None,
	};
	if year < 1970 || day == 0 || day > days_in_month {
		return None;
	}
	// Howard Hinnant's days-from-civil algorithm.
	let y = u64::from(if month <= 2 { year - 1 } else { year });
	let era = y / 400;
	let yoe = y - era * 400;
	let m = u64::from(month);
	let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + u64::from(day) - 1;
	let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	Date::try_from(era * 146_097 + doe - 719_468).ok()
}

/// The month (`YYYYMM`) of a business date, by the proleptic Gregorian calendar.
pub fn month_of(date: Date) -> Month {
	let (year, month, _) = civil(date);
	year * 100 + month
}

/// The business date of a timestamp (milliseconds since the Unix epoch), the day turning
/// `shift` milliseconds before midnight UTC.
pub fn business_date(now_ms: u64, shift: u64) -> Date {
	(now_ms.saturating_add(shift) / MILLIS_PER_DAY) as Date
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn calendar_dates_round_trip() {
		assert_eq!(civil(0), (1970, 1, 1));
		assert_eq!(civil(20_781), (2026, 11, 24));
		assert_eq!(from_civil(2026, 11, 24), Some(20_781));
		assert_eq!(civil(from_civil(2028, 2, 29).unwrap()), (2028, 2, 29));
		assert_eq!(from_civil(2026, 2, 29), None);
		assert_eq!(from_civil(2026, 13, 1), None);
		assert_eq!(from_civil(1969, 12, 31), None);
		assert_eq!(month_of(20_781), 202611);
		for date in (0..80_000).step_by(7) {
			let (y, m, d) = civil(date);
			assert_eq!(from_civil(y, m, d), Some(date));
		}
	}

	#[test]
	fn codes_are_named_by_their_four_letters() {
		for code in ALL_CODES {
			assert_eq!(Code::parse(code.as_str()), Some(code));
			assert_eq!(code.as_str().len(), 4);
			assert!(!code.description().is_empty());
		}
		assert_eq!(Code::parse("XXXX"), None);
	}
}
