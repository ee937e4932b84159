//! The runtime APIs through which the node's `pssc_*` RPC and clients read the ledger, and
//! the types they answer with. Clients never build storage keys: they call these.
//!
//! Every API is versioned; a new method or a changed answer bumps the version, so a client
//! can tell what a node offers (`Core::version().apis`).

use crate::{
	settlement::{
		Amount, Code, Date, InstructionId, Month, NewInstruction, Side, Status, StatusChange,
	},
	traits::{CurrencyCode, DtcRestrictions, KeyRole, Line, ParticipantStatus},
	BlockNumber, Cusip, Isin, Lei, Moment, NodeId, ParticipantId, SessionIndex,
};
use alloc::vec::Vec;
use codec::{Codec, Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::DispatchError;

/// A participant's entitlement to one security.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct SecurityPosition {
	/// Whose.
	pub participant: ParticipantId,
	/// Which security.
	pub cusip: Cusip,
	/// Usable now.
	pub free: Amount,
	/// Held for a pending withdrawal.
	pub held: Amount,
}

/// A participant's cash in one currency, in minor units (cents).
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct CashPosition {
	/// Whose.
	pub participant: ParticipantId,
	/// ISO 4217 code.
	pub currency: CurrencyCode,
	/// Usable now.
	pub free: Amount,
	/// Held for a pending withdrawal.
	pub held: Amount,
}

/// Everything a participant holds on the ledger.
#[derive(Clone, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct Positions {
	/// Its securities, one entry per CUSIP it holds.
	pub securities: Vec<SecurityPosition>,
	/// Its cash, one entry per currency it holds.
	pub cash: Vec<CashPosition>,
}

/// A withdrawal waiting for its custodian (DTC or a settling bank) to confirm or reject it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct PendingWithdrawal<AccountId> {
	/// Its id, which the custodian confirms.
	pub id: u64,
	/// Who withdraws.
	pub participant: ParticipantId,
	/// The security or currency.
	pub line: Line,
	/// How much is held for it.
	pub amount: Amount,
	/// The settling bank that pays cash out; `None` for securities (DTC).
	pub bank: Option<AccountId>,
}

/// An instruction with its whole story.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct InstructionDetails {
	/// Its id.
	pub id: InstructionId,
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
	/// The settlement amount in cents.
	pub amount: Amount,
	/// The trade date.
	pub trade_date: Date,
	/// The settlement date.
	pub settlement_date: Date,
	/// Its owner's reference.
	pub reference: Vec<u8>,
	/// Where it stands, with its reason.
	pub status: Status,
	/// The counterpart instruction, once matched.
	pub counterpart: Option<InstructionId>,
	/// Whether its owner asked to cancel the matched pair (CANP).
	pub cancel_requested: bool,
	/// Its status changes, oldest first (see [`crate::settlement::MAX_HISTORY`]).
	pub history: Vec<StatusChange>,
}

/// What the ledger knows of an instruction.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub enum InstructionRecord {
	/// The instruction is kept in full.
	Live(InstructionDetails),
	/// Its body was pruned after the retention period; its final status remains.
	Pruned {
		/// Settled or cancelled, and why.
		status: Status,
		/// The business date it became final.
		date: Date,
	},
}

/// Which instructions a listing returns, by ISO status code.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub enum StatusFilter {
	/// Every instruction not yet settled or cancelled (NMAT, MACH, PEND, PENF).
	Open,
	/// Only those whose status has this code (NMAT, MACH, PEND, PENF, SETT or CAND).
	Code(crate::settlement::Code),
	/// Every instruction kept in full.
	All,
}

/// One page of a participant's instructions.
#[derive(Clone, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct InstructionPage {
	/// The instructions found, at most the page's limit.
	pub items: Vec<InstructionDetails>,
	/// Pass this as `after` for the next page; `None` when the listing is complete.
	pub next: Option<InstructionId>,
}

/// One reason an instruction does not settle now. A dry run lists every one that applies,
/// not only the first; each names its ISO 20022 code where one exists.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub enum Obstacle {
	/// Settled or cancelled: nothing more will happen.
	Final(Status),
	/// No counterpart instruction has matched it yet (NMAT).
	Unmatched,
	/// Matched, and its settlement date has not come yet (MACH).
	NotDue {
		/// The settlement date.
		settlement_date: Date,
	},
	/// One party has not approved the other (NCRR).
	CounterpartyNotApproved {
		/// The participant whose approval is missing.
		by: ParticipantId,
		/// The participant it has not approved.
		counterparty: ParticipantId,
	},
	/// A party is suspended or gone (BLOC).
	ParticipantNotActive(ParticipantId),
	/// The security was dropped: the agency or DTC no longer accepts it (DSEC).
	SecurityNotEligible,
	/// DTC has chilled deliveries of the security (SBLO).
	DeliveriesChilled,
	/// The security's line has an open reconciliation break (SBLO).
	SecuritiesLineStopped,
	/// The cash line has an open reconciliation break (CBLO, proprietary).
	CashLineStopped,
	/// The seller lacks securities (LACK).
	LacksSecurities {
		/// The seller.
		participant: ParticipantId,
		/// What the trade needs.
		needed: Amount,
		/// What the seller has free.
		free: Amount,
		/// How many shares are missing.
		short: Amount,
	},
	/// The buyer lacks cash (MONY).
	LacksCash {
		/// The buyer.
		participant: ParticipantId,
		/// What the trade needs, in cents.
		needed: Amount,
		/// What the buyer has free.
		free: Amount,
		/// How many cents are missing.
		short: Amount,
	},
	/// DTC has globally locked the security: the pair waits until the lock is lifted (SBLO).
	SecurityGloballyLocked,
}

/// A custodian's report on a line: what it reported, as of when, and the ledger's total at
/// the time. A break is the report that disagreed.
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
pub struct CustodianReport {
	/// The ledger's total when the report arrived.
	pub ledger: Amount,
	/// What the custodian reported.
	pub reported: Amount,
	/// When the custodian took the position (milliseconds since the Unix epoch).
	pub as_of: Moment,
}

/// One security's reconciliation with DTC.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct SecurityReconciliation {
	/// The security.
	pub cusip: Cusip,
	/// The ledger's total entitlements (free + held, all participants).
	pub ledger: Amount,
	/// DTC's last custody report.
	pub last_report: Option<CustodianReport>,
	/// The open break that stops the line, if any.
	pub open_break: Option<CustodianReport>,
}

/// One settling bank's reconciliation.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct BankReconciliation<AccountId> {
	/// The account the bank was appointed as, which names it.
	pub bank: AccountId,
	/// The key that signs for the bank now.
	pub key: AccountId,
	/// The currency it settles.
	pub currency: CurrencyCode,
	/// The cash on the ledger the bank holds.
	pub ledger: Amount,
	/// Cash held for withdrawals the bank is to pay out.
	pub pending_out: Amount,
	/// The bank's last balance report.
	pub last_report: Option<CustodianReport>,
	/// The open break of the bank's currency line, if any.
	pub open_break: Option<CustodianReport>,
}

/// A registered security and what follows from it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct SecurityInfo {
	/// Its CUSIP.
	pub cusip: Cusip,
	/// Its ISIN, if registered with one.
	pub isin: Option<Isin>,
	/// Its description.
	pub description: Vec<u8>,
	/// The agency has accepted it.
	pub agency_accepted: bool,
	/// DTC gives it book-entry services.
	pub dtc_eligible: bool,
	/// DTC's restrictions.
	pub restrictions: DtcRestrictions,
	/// Derived: accepted, DTC-eligible and not globally locked.
	pub eligible: bool,
}

/// A participant, its keys and its counterparty approvals.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct ParticipantInfo<AccountId> {
	/// Its id.
	pub id: ParticipantId,
	/// Its legal name.
	pub legal_name: Vec<u8>,
	/// Its LEI.
	pub lei: Lei,
	/// Its DTC participant number.
	pub dtc_number: u32,
	/// Its admin key.
	pub admin: AccountId,
	/// Its operator keys.
	pub operators: Vec<AccountId>,
	/// Active or suspended.
	pub status: ParticipantStatus,
	/// The participants it has approved as counterparties.
	pub approves: Vec<ParticipantId>,
	/// The participants that have approved it.
	pub approved_by: Vec<ParticipantId>,
}

/// A participant's fees of one month, in fee units of $0.0000001.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct FeeStatement {
	/// The month, `YYYYMM`.
	pub month: Month,
	/// Trades settled.
	pub trades: u32,
	/// Shares settled.
	pub shares: Amount,
	/// Fees accrued by the schedule.
	pub accrued: Amount,
	/// What is owed: the accrued fees or the monthly minimum, whichever is more.
	pub due: Amount,
}

/// What one block did to instructions, counted from its events: what an operations desk
/// graphs per block.
#[derive(Clone, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct BlockActivity {
	/// Instructions accepted (each side counts once): unmatched on arrival, or matched with
	/// their counterpart at once.
	pub received: u32,
	/// Instructions refused: rejected within a batch, or a failed settlement call.
	pub rejected: u32,
	/// Pairs matched.
	pub matched: u32,
	/// Pairs settled.
	pub settled: u32,
	/// Instructions or pairs cancelled.
	pub cancelled: u32,
	/// Pairs that came due and did not settle, by status (PEND or PENF) and reason.
	pub pending: Vec<(Code, Code, u32)>,
}

/// How many unsettled instructions there are, by status and reason.
#[derive(Clone, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct OpenInstructions {
	/// `(status, reason, count)`: NMAT and MACH have no reason; PEND and PENF have one.
	pub counts: Vec<(Code, Option<Code>, u32)>,
	/// Whether every open instruction was counted (`false` past the scan bound).
	pub complete: bool,
}

/// One admitted validator.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct ValidatorInfo<AccountId> {
	/// Its account.
	pub account: AccountId,
	/// Whether it registered session keys.
	pub has_keys: bool,
	/// Whether it is an authority of the current session.
	pub authority: bool,
}

/// The validator set and its sessions.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct ValidatorSetInfo<AccountId> {
	/// The current session.
	pub session: SessionIndex,
	/// Blocks per session.
	pub session_length: BlockNumber,
	/// The block at which the next session starts.
	pub next_session_at: BlockNumber,
	/// The fewest validators with keys that removals may leave.
	pub min_validators: u32,
	/// The admitted validators.
	pub validators: Vec<ValidatorInfo<AccountId>>,
}

/// A node that may peer on the network.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct NodeInfo<AccountId> {
	/// Its network key (the ed25519 public key behind its PeerId).
	pub node: NodeId,
	/// The operator who runs it.
	pub operator: AccountId,
}

sp_api::decl_runtime_apis! {
	/// Positions on the ledger, and withdrawals under way.
	#[api_version(1)]
	pub trait PositionsApi<AccountId> where AccountId: Codec {
		/// Every security and cash position of `participant`.
		fn positions(participant: ParticipantId) -> Positions;
		/// Every participant's position in `cusip`.
		fn holders(cusip: Cusip) -> Vec<SecurityPosition>;
		/// Every withdrawal waiting for its custodian, oldest first.
		fn pending_withdrawals() -> Vec<PendingWithdrawal<AccountId>>;
	}

	/// Instructions, their status and history, and why they do not settle.
	#[api_version(2)]
	pub trait SettlementApi {
		/// Today's business date, or `None` before the clock is set.
		fn business_date() -> Option<Date>;
		/// Instruction `id`, or `None` if there never was one.
		fn instruction(id: InstructionId) -> Option<InstructionRecord>;
		/// `participant`'s instructions that pass `filter`, in pages of at most `limit`
		/// (capped by the runtime), starting after `after`.
		fn instructions(
			participant: ParticipantId,
			filter: StatusFilter,
			after: Option<InstructionId>,
			limit: u32,
		) -> InstructionPage;
		/// A dry run of instruction `id` (and its counterpart): every reason it would not
		/// settle now. Empty if it would settle. `None` for an unknown or pruned id.
		fn why_pending(id: InstructionId) -> Option<Vec<Obstacle>>;
		/// A dry run of a new instruction by `participant`: every error it would be refused
		/// with now, in the order the call checks them; empty if it would be accepted.
		fn check_instruction(
			participant: ParticipantId,
			instruction: NewInstruction<Vec<u8>>,
		) -> Vec<DispatchError>;
		/// `participant`'s fees for `month`, or for every month on record if `None`.
		fn fees(participant: ParticipantId, month: Option<Month>) -> Vec<FeeStatement>;
		/// What this block did to instructions, from its events.
		#[api_version(2)]
		fn block_activity() -> BlockActivity;
		/// The unsettled instructions by status and reason, counting at most `limit`.
		#[api_version(2)]
		fn open_instructions(limit: u32) -> OpenInstructions;
	}

	/// Reconciliation of the ledger with DTC and the settling banks.
	#[api_version(1)]
	pub trait ReconciliationApi<AccountId> where AccountId: Codec {
		/// `cusip`'s ledger total, DTC's last report and the break state.
		fn security_line(cusip: Cusip) -> SecurityReconciliation;
		/// Every settling bank's ledger total, last report and break state.
		fn banks() -> Vec<BankReconciliation<AccountId>>;
		/// Every open break.
		fn breaks() -> Vec<(Line, CustodianReport)>;
	}

	/// The eligible-security registry and the participants.
	#[api_version(1)]
	pub trait RegistryApi<AccountId> where AccountId: Codec {
		/// Security `cusip`, with its derived eligibility, or `None` if not registered.
		fn security(cusip: Cusip) -> Option<SecurityInfo>;
		/// Participant `id`, or `None`.
		fn participant(id: ParticipantId) -> Option<ParticipantInfo<AccountId>>;
		/// Every participant.
		fn participants() -> Vec<ParticipantInfo<AccountId>>;
		/// The participant `key` belongs to, and its role there.
		fn key_owner(key: AccountId) -> Option<(ParticipantId, KeyRole)>;
		/// The DTC gateway's role account.
		fn dtc_gateway() -> Option<AccountId>;
	}

	/// The network: its validator set and the nodes that may peer.
	#[api_version(1)]
	pub trait NetworkApi<AccountId> where AccountId: Codec {
		/// The validator set, its session and the next boundary.
		fn validator_set() -> ValidatorSetInfo<AccountId>;
		/// The registered nodes. Empty: the network is open (a development chain).
		fn nodes() -> Vec<NodeInfo<AccountId>>;
	}
}
