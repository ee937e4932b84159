//! Types of the entitlements pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use pssc_primitives::traits::Line;
use pssc_primitives::{traits::CurrencyCode, ParticipantId};
use scale_info::TypeInfo;

/// Quantities of securities (shares) and amounts of cash (minor units, e.g. cents).
pub type Amount = u128;

/// The id of a withdrawal request.
pub type WithdrawalId = u64;

/// A balance: what is free to use and what is held (for a pending withdrawal, later for
/// settlement). Both live in one record so a transfer reads and writes one entry per side.
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
pub struct Balance {
	/// Usable now.
	pub free: Amount,
	/// Held for a pending withdrawal.
	pub held: Amount,
}

impl Balance {
	/// Free plus held, or `None` on overflow.
	pub fn total(&self) -> Option<Amount> {
		self.free.checked_add(self.held)
	}

	/// Whether nothing is free or held.
	pub fn is_zero(&self) -> bool {
		self.free == 0 && self.held == 0
	}
}

/// A pending withdrawal: the amount is held until the custodian confirms or rejects it.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Withdrawal<AccountId> {
	/// Who withdraws.
	pub participant: ParticipantId,
	/// What.
	pub line: Line,
	/// How much.
	pub amount: Amount,
	/// For cash: the settling bank that pays out (and confirms). `None` for securities, which
	/// the DTC gateway confirms.
	pub bank: Option<AccountId>,
}

/// Who issued a reference: DTC, or one settling bank (by its account, which a new key does
/// not change). References are unique per issuer.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum Issuer<AccountId> {
	/// DTC (deliver orders, through the gateway).
	Dtc,
	/// A settling bank (wires).
	Bank(AccountId),
}

/// What the ledger recorded for a settling bank, stored under the bank's account: the
/// account it was appointed as, which names it for good (in withdrawals, its references,
/// its reports and events), whichever key signs for it.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Bank<AccountId> {
	/// The key that signs for the bank now: the bank's account at appointment, another
	/// after the agency replaced it.
	pub key: AccountId,
	/// The currency it settles.
	pub currency: CurrencyCode,
	/// Cash on the ledger that this bank holds: its confirmed deposits less its confirmed
	/// withdrawals.
	pub total: Amount,
	/// Cash held for withdrawals this bank is to pay out.
	pub pending_out: Amount,
}

/// A reconciliation break: the custodian's report that disagreed with the ledger.
pub type Break = pssc_primitives::api::CustodianReport;
