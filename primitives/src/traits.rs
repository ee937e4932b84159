//! Traits through which pallets and the runtime's glue talk. A pallet never reads another
//! pallet's storage: it asks through one of these.

use crate::{Cusip, ParticipantId};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Receives the authority set that the validator-set pallet decides.
///
/// The validator-set pallet owns the set of validators and their session keys;
/// the block-production engine (Aura) keeps its own copy of the authorities.
/// The runtime implements this trait to hand the set over.
pub trait AuthoritySetHandler<AccountId, Keys> {
	/// The authorities of the genesis block.
	fn on_genesis_authorities(authorities: &[(AccountId, Keys)]);
	/// The authorities that take over from this block on.
	fn on_new_authorities(authorities: &[(AccountId, Keys)]);
}

impl<AccountId, Keys> AuthoritySetHandler<AccountId, Keys> for () {
	fn on_genesis_authorities(_: &[(AccountId, Keys)]) {}
	fn on_new_authorities(_: &[(AccountId, Keys)]) {}
}

/// The restrictions DTC puts on a security.
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
pub struct DtcRestrictions {
	/// Deposits into DTC are chilled: no new entitlements may be minted.
	pub deposit_chill: bool,
	/// Withdrawals are chilled: entitlements may not be delivered out.
	pub withdrawal_chill: bool,
	/// Deliveries are chilled: entitlements may not move between participants.
	pub delivery_chill: bool,
	/// Global lock: all DTC services stop. The security is not eligible while locked, and
	/// its open business waits (SBLO) until the lock is lifted.
	pub global_lock: bool,
}

/// Answers whether a security may be used, and under which restrictions.
pub trait EligibilityProvider {
	/// Whether `cusip` is an Eligible Security now: accepted by the agency, DTC-eligible and
	/// not globally locked. Unknown securities are not eligible.
	fn is_eligible(cusip: &Cusip) -> bool;
	/// DTC's restrictions on `cusip`, or `None` for an unknown security.
	fn restrictions(cusip: &Cusip) -> Option<DtcRestrictions>;
	/// Whether deliveries of `cusip` may settle now: it is eligible and DTC has not chilled
	/// its deliveries. A provider that keeps both in one record answers with one read.
	fn is_deliverable(cusip: &Cusip) -> bool {
		Self::is_eligible(cusip) && Self::restrictions(cusip).is_some_and(|r| !r.delivery_chill)
	}
	/// Whether `cusip` was dropped: the agency no longer accepts it, DTC no longer gives it
	/// book-entry services, or it is unknown. Its open business is wound down. A security
	/// that is not eligible only because DTC globally locked it is not dropped: its business
	/// waits for the lock to be lifted.
	fn is_dropped(cusip: &Cusip) -> bool;
}

/// Told, in the same call, when a security is dropped or restored, or its deliveries may
/// settle again.
pub trait OnEligibilityChanged {
	/// `cusip` was dropped: the agency stopped accepting it or DTC stopped its book-entry
	/// services. A global lock alone is not a drop.
	fn on_dropped(cusip: &Cusip);

	/// `cusip`, dropped before, is accepted by the agency and DTC-eligible again. Told
	/// before [`Self::on_deliverable`] when both happen.
	fn on_restored(_cusip: &Cusip) {}

	/// Deliveries of `cusip` may settle again: it is eligible and DTC has not chilled its
	/// deliveries, where before it was not (DTC lifted a delivery chill or a global lock, or
	/// the security was restored).
	fn on_deliverable(_cusip: &Cusip) {}

	/// The most the hooks may cost for one security that changes, which the call that
	/// changes it declares: [`Self::on_restored`] and [`Self::on_deliverable`] together, or
	/// [`Self::on_dropped`].
	fn weight_per_change() -> sp_runtime::Weight {
		sp_runtime::Weight::zero()
	}
}

impl OnEligibilityChanged for () {
	fn on_dropped(_: &Cusip) {}
}

/// The standing of a participant.
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
pub enum ParticipantStatus {
	/// May transact.
	Active,
	/// Suspended by the agency: its keys may do only what the pallets allow a suspended
	/// participant to do.
	Suspended,
}

/// What a key may do for its participant.
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
pub enum KeyRole {
	/// Manages operator keys and counterparty approvals.
	Admin,
	/// Submits the participant's business (instructions, withdrawals).
	Operator,
}

/// Which participant an account acts for, and who may settle with whom.
pub trait ParticipantRegistry<AccountId> {
	/// The participant `who` is a key of (admin or operator).
	fn participant_of(who: &AccountId) -> Option<ParticipantId>;
	/// The status of participant `id`, or `None` if there is no such participant.
	fn status(id: ParticipantId) -> Option<ParticipantStatus>;
	/// The DTC participant number of participant `id`, or `None` if there is no such
	/// participant: the account at DTC its deposits come from and its withdrawals go to.
	fn dtc_number(id: ParticipantId) -> Option<u32>;
	/// Whether `id` exists and is active.
	fn is_active(id: ParticipantId) -> bool {
		Self::status(id) == Some(ParticipantStatus::Active)
	}
	/// Whether `by` has approved `counterparty` as a counterparty.
	fn has_approved(by: ParticipantId, counterparty: ParticipantId) -> bool;
	/// Whether `a` and `b` are distinct and have each approved the other as counterparty.
	fn are_mutually_approved(a: ParticipantId, b: ParticipantId) -> bool {
		a != b && Self::has_approved(a, b) && Self::has_approved(b, a)
	}
	/// The participant `who` is an operator key of. Admin keys are not operators.
	fn operator_of(who: &AccountId) -> Option<ParticipantId>;
	/// The participant `who` is a key of, and what kind of key.
	fn key_of(who: &AccountId) -> Option<(ParticipantId, KeyRole)> {
		let id = Self::participant_of(who)?;
		let role = if Self::operator_of(who).is_some() {
			KeyRole::Operator
		} else {
			KeyRole::Admin
		};
		Some((id, role))
	}
}

/// Whether a participant still holds anything on the ledger (entitlements, cash, holds).
/// The entitlements pallet answers; offboarding is refused while it says yes.
pub trait HoldingsInspect {
	/// Whether `id` holds any entitlement.
	fn holds_anything(id: ParticipantId) -> bool;
}

impl HoldingsInspect for () {
	fn holds_anything(_: ParticipantId) -> bool {
		false
	}
}

/// Told when a participant's relations change, so open business can be wound down.
pub trait OnParticipantChanged {
	/// `by` revoked its approval of `counterparty`: the pair may no longer settle.
	fn on_counterparty_revoked(by: ParticipantId, counterparty: ParticipantId);
	/// `id` was suspended.
	fn on_suspended(id: ParticipantId);
	/// `id` was reinstated.
	fn on_reinstated(id: ParticipantId);
}

impl OnParticipantChanged for () {
	fn on_counterparty_revoked(_: ParticipantId, _: ParticipantId) {}
	fn on_suspended(_: ParticipantId) {}
	fn on_reinstated(_: ParticipantId) {}
}

/// Whether an account is the DTC gateway role account. The registry answers.
pub trait DtcGatewayRole<AccountId> {
	/// Whether `who` is the DTC gateway now.
	fn is_dtc_gateway(who: &AccountId) -> bool;
}

/// An ISO 4217 currency code, upper case (`*b"USD"`). Cash is kept per currency, so a second
/// currency is a matter of appointing a settling bank for it, not of new code.
pub type CurrencyCode = [u8; 3];

/// A line of the ledger: one security, or one currency's cash. A reconciliation break stops
/// the line until the agency resolves it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Line {
	/// Entitlements to a security held at DTC in the agency's account.
	Security(Cusip),
	/// Cash held at the settling banks in one currency.
	Cash(CurrencyCode),
}

/// Told when entitlements grow outside settlement, so that settlement can retry the pairs
/// that wait for them, without rescanning its queue. The entitlements pallet calls it.
pub trait OnCredit {
	/// `who`'s free balance of `line` grew (a deposit, or a refused withdrawal).
	fn on_credit(who: ParticipantId, line: Line);
	/// `line`'s reconciliation break was resolved: it moves again.
	fn on_line_reopened(line: Line);
}

impl OnCredit for () {
	fn on_credit(_: ParticipantId, _: Line) {}
	fn on_line_reopened(_: Line) {}
}

/// The transfers of entitlements that settlement needs. Entitlements move only through
/// these, through deposits and through withdrawals: there is no public transfer call.
pub trait EntitlementTransfer {
	/// The free quantity of `cusip` that `who` holds.
	fn free_securities(who: ParticipantId, cusip: &Cusip) -> u128;
	/// The free cash `who` holds in `currency`, in minor units.
	fn free_cash(who: ParticipantId, currency: &CurrencyCode) -> u128;
	/// Whether `line` moves: it has no open reconciliation break.
	fn is_line_open(line: &Line) -> bool;
	/// Move `quantity` of `cusip` from `from`'s free balance to `to`'s. Fails, changing
	/// nothing, if `from` has too little free or the security's line is stopped.
	fn transfer_securities(
		from: ParticipantId,
		to: ParticipantId,
		cusip: &Cusip,
		quantity: u128,
	) -> sp_runtime::DispatchResult;
	/// Move `amount` of `currency` from `from`'s free cash to `to`'s. Fails, changing nothing,
	/// if `from` has too little free cash or the currency's line is stopped.
	fn transfer_cash(
		from: ParticipantId,
		to: ParticipantId,
		currency: &CurrencyCode,
		amount: u128,
	) -> sp_runtime::DispatchResult;
}

/// A role in which an account signs transactions. Each is appointed by its own pallet: the
/// board's membership, the validator set, the registry (the DTC gateway), the entitlements
/// (settling banks) and the participants' keys.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Role {
	/// A member of the clearing agency's board: proposes and votes on motions.
	Board,
	/// An admitted validator: manages its session keys.
	Validator,
	/// The DTC gateway: DTC's eligibility, deposits, withdrawals and custody positions.
	DtcGateway,
	/// A settling bank: cash deposits, withdrawals and balance reports.
	SettlingBank,
	/// An active participant's admin key: its operators and counterparty approvals.
	ParticipantAdmin,
	/// An active participant's operator key: its instructions and withdrawals.
	ParticipantOperator,
}

impl Role {
	/// Every role, in declaration order.
	pub const ALL: [Role; 6] = [
		Role::Board,
		Role::Validator,
		Role::DtcGateway,
		Role::SettlingBank,
		Role::ParticipantAdmin,
		Role::ParticipantOperator,
	];

	const fn bit(self) -> u8 {
		1 << (self as u8)
	}
}

/// A set of [`Role`]s.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Roles(u8);

impl Roles {
	/// No role.
	pub const NONE: Roles = Roles(0);

	/// Every role.
	pub const ALL: Roles = Roles::of(&Role::ALL);

	/// A participant's keys: its admin key and its operators.
	pub const PARTICIPANT_KEYS: Roles =
		Roles::of(&[Role::ParticipantAdmin, Role::ParticipantOperator]);

	/// The set of `roles`.
	pub const fn of(roles: &[Role]) -> Roles {
		let mut bits = 0;
		let mut i = 0;
		while i < roles.len() {
			bits |= roles[i].bit();
			i += 1;
		}
		Roles(bits)
	}

	/// This set with `role` added.
	pub const fn with(self, role: Role) -> Roles {
		Roles(self.0 | role.bit())
	}

	/// Whether `role` is in the set.
	pub const fn contains(self, role: Role) -> bool {
		self.0 & role.bit() != 0
	}

	/// The roles in both sets.
	pub const fn and(self, other: Roles) -> Roles {
		Roles(self.0 & other.0)
	}

	/// Whether the set is empty.
	pub const fn is_empty(self) -> bool {
		self.0 == 0
	}

	/// Whether every role of this set is also in `other`.
	pub const fn within(self, other: Roles) -> bool {
		self.0 & !other.0 == 0
	}

	/// The roles in the set, in declaration order.
	pub fn iter(self) -> impl Iterator<Item = Role> {
		Role::ALL.into_iter().filter(move |r| self.contains(*r))
	}
}

impl core::fmt::Debug for Roles {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		f.debug_set().entries(self.iter()).finish()
	}
}

/// What an account is, for what it may sign.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Signer {
	/// The roles it holds now, among those asked about. A suspended participant's keys hold
	/// no participant role.
	pub roles: Roles,
	/// Whether it is a key of a suspended participant; known only when participant roles
	/// were asked about.
	pub suspended_participant: bool,
}

/// Who an account signs as. The runtime answers from the pallets that appoint each role.
pub trait SignerRoles<AccountId> {
	/// The roles among `among` that `who` holds now, and, when `among` holds a participant
	/// role, whether it is a suspended participant's key. Only the pallets appointing the
	/// roles in `among` are asked, so a narrow question costs fewer reads.
	fn signer(who: &AccountId, among: Roles) -> Signer;
}

/// The business date, as settlement keeps it: the day turns after the settlement cut-off.
pub trait BusinessCalendar {
	/// Today's business date, or `None` before the chain has a time.
	fn today() -> Option<crate::settlement::Date>;
}
