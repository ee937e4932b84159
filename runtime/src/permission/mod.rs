//! Who may sign what: the roles of an account, and the roles that may sign each call.
//!
//! The chain has no fees, so payment cannot keep strangers out or limit what an admitted key
//! does; `pallet-admission` does, with these two answers:
//! - [`Signers`]: the roles an account holds, each from the pallet that appoints it: the
//!   board's membership, the validator set, the DTC gateway (securities), the settling banks
//!   (entitlements), and participants' admin and operator keys while the participant is active.
//!   A suspended participant's keys hold no participant role: the pool refuses all their
//!   transactions. Only the pallets of the roles asked about are read: an operator's
//!   instruction costs the participants pallet's two reads, not all five lookups.
//! - [`Calls`]: the roles that may sign each call, and its lane. A call not listed here, such
//!   as those only a board motion may make, may be signed by nobody.

use crate::{AccountId, Board, Entitlements, Participants, RuntimeCall, Securities, ValidatorSet};
use frame_support::{dispatch::GetDispatchInfo, weights::Weight};
use pallet_admission::{CallPolicy, Lane};
use pssc_primitives::traits::{KeyRole, ParticipantRegistry, Role, Roles, Signer, SignerRoles};

/// The roles of an account, from the pallets that appoint them.
pub struct Signers;

/// Whether an account holds a role, as the pallet that appoints it answers.
type HoldsRole = fn(&AccountId) -> bool;

impl SignerRoles<AccountId> for Signers {
	fn signer(who: &AccountId, among: Roles) -> Signer {
		let mut signer = Signer::default();
		if !among.and(Roles::PARTICIPANT_KEYS).is_empty() {
			if let Some((id, key)) = Participants::key_of(who) {
				if Participants::is_active(id) {
					signer.roles = signer.roles.with(match key {
						KeyRole::Admin => Role::ParticipantAdmin,
						KeyRole::Operator => Role::ParticipantOperator,
					});
				} else {
					signer.suspended_participant = true;
				}
			}
		}
		let others: [(Role, HoldsRole); 4] = [
			(Role::Board, Board::is_member),
			(Role::Validator, ValidatorSet::is_validator),
			(Role::DtcGateway, Securities::is_dtc_gateway),
			(Role::SettlingBank, Entitlements::is_settling_bank),
		];
		for (role, holds) in others {
			if among.contains(role) && holds(who) {
				signer.roles = signer.roles.with(role);
			}
		}
		signer.roles = signer.roles.and(among);
		signer
	}
}

const BOARD: Roles = Roles::of(&[Role::Board]);
const VALIDATOR: Roles = Roles::of(&[Role::Validator]);
const GATEWAY: Roles = Roles::of(&[Role::DtcGateway]);
const BANK: Roles = Roles::of(&[Role::SettlingBank]);
const CUSTODIAN: Roles = Roles::of(&[Role::DtcGateway, Role::SettlingBank]);
const ADMIN: Roles = Roles::of(&[Role::ParticipantAdmin]);
const OPERATOR: Roles = Roles::of(&[Role::ParticipantOperator]);
const ANY_KEY: Roles = Roles::of(&[Role::ParticipantAdmin, Role::ParticipantOperator]);

/// The roles that may sign each call of the runtime, and its lane.
pub struct Calls;

impl CallPolicy<RuntimeCall> for Calls {
	fn policy(call: &RuntimeCall) -> (Roles, Lane) {
		use Lane::*;
		let nobody = (Roles::NONE, Operations);
		match call {
			// The board's members: motions, their own seat, notices, and applying runtime code
			// the board authorized (which anyone may also do unsigned).
			RuntimeCall::Board(c) => match c {
				pallet_collective::Call::propose { .. }
				| pallet_collective::Call::vote { .. }
				| pallet_collective::Call::close { .. } => (BOARD, Operations),
				_ => nobody,
			},
			RuntimeCall::BoardMembership(pallet_membership::Call::change_key { .. }) => {
				(BOARD, Operations)
			},
			RuntimeCall::System(c) => match c {
				frame_system::Call::remark { .. }
				| frame_system::Call::remark_with_event { .. }
				| frame_system::Call::apply_authorized_upgrade { .. } => (BOARD, Operations),
				_ => nobody,
			},
			// Validators: their session keys.
			RuntimeCall::ValidatorSet(c) => match c {
				pallet_validator_set::Call::set_keys { .. }
				| pallet_validator_set::Call::purge_keys { .. } => (VALIDATOR, Operations),
				_ => nobody,
			},
			// DTC's gateway: eligibility.
			RuntimeCall::Securities(c) => match c {
				pallet_securities::Call::set_dtc_eligibility { .. }
				| pallet_securities::Call::set_dtc_eligibility_batch { .. } => (GATEWAY, Operations),
				_ => nobody,
			},
			// Custody: the gateway for securities, the banks for cash; participants' requests.
			RuntimeCall::Entitlements(c) => match c {
				pallet_entitlements::Call::confirm_deposit { .. }
				| pallet_entitlements::Call::report_custody_position { .. } => (GATEWAY, Operations),
				pallet_entitlements::Call::confirm_cash_deposit { .. }
				| pallet_entitlements::Call::report_cash_balance { .. } => (BANK, Operations),
				pallet_entitlements::Call::confirm_withdrawal { .. }
				| pallet_entitlements::Call::reject_withdrawal { .. } => (CUSTODIAN, Operations),
				pallet_entitlements::Call::request_withdrawal { .. }
				| pallet_entitlements::Call::request_cash_withdrawal { .. } => (ANY_KEY, Instructions),
				_ => nobody,
			},
			// Participants' admin keys: their operators and approvals.
			RuntimeCall::Participants(c) => match c {
				pallet_participants::Call::add_operator { .. }
				| pallet_participants::Call::remove_operator { .. }
				| pallet_participants::Call::approve_counterparty { .. }
				| pallet_participants::Call::revoke_counterparty { .. } => (ADMIN, Instructions),
				_ => nobody,
			},
			// Participants' operator keys: instructions, single or in files.
			RuntimeCall::Settlement(c) => match c {
				pallet_settlement::Call::instruct { .. }
				| pallet_settlement::Call::cancel { .. }
				| pallet_settlement::Call::retry { .. } => (OPERATOR, Instructions),
				pallet_settlement::Call::instruct_batch { .. } => (OPERATOR, Files),
				_ => nobody,
			},
			// Timestamp is an inherent; the upgrade path and admission are the board's
			// motions.
			RuntimeCall::Timestamp(_)
			| RuntimeCall::RuntimeUpgrade(_)
			| RuntimeCall::Admission(_)
			| RuntimeCall::BoardMembership(_) => nobody,
		}
	}

	/// A motion put to a vote commits the chain to its proposal, run when the motion closes:
	/// it counts against the proposer's allowance at once, as if it ran now. A motion with a
	/// threshold of 1 runs in `propose`, whose own weight already includes it.
	fn committed_weight(call: &RuntimeCall) -> Weight {
		match call {
			RuntimeCall::Board(pallet_collective::Call::propose {
				threshold,
				proposal,
				..
			}) if *threshold >= 2 => proposal.get_dispatch_info().total_weight(),
			_ => Weight::zero(),
		}
	}
}

/// The benchmarks' signers: a settling bank, the last role [`Signers`] looks for, confirming a
/// withdrawal (which the gateway may also sign); and an operator key cancelling an
/// instruction.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_admission::BenchmarkHelper<AccountId, RuntimeCall> for BenchmarkHelper {
	fn worst_signer() -> (AccountId, RuntimeCall) {
		use crate::configs::ClearingAgencyOrigin;
		use frame_support::traits::EnsureOrigin;
		let bank: AccountId = frame_benchmarking::account("settling-bank", 0, 0);
		if let Ok(agency) = ClearingAgencyOrigin::try_successful_origin() {
			// A failure shows as the benchmark's own "not admitted".
			let _ = Entitlements::appoint_settling_bank(agency, bank.clone(), *b"USD");
		}
		// The gateway and the banks may sign it: both are looked up, the most reads of any
		// call outside participants'.
		let call = pallet_entitlements::Call::confirm_withdrawal {
			id: 0,
			reference: alloc::vec::Vec::new(),
		}
		.into();
		(bank, call)
	}

	fn participant_signer() -> (AccountId, RuntimeCall) {
		use pallet_settlement::BenchmarkHelper as _;
		let operator = crate::configs::SettlementSetup::participants(1)
			.pop()
			.map(|(_, operator)| operator)
			// No participant could be onboarded: the benchmark stops on "not admitted".
			.unwrap_or_else(|| frame_benchmarking::account("settlement-operator", 0, 0));
		(operator, pallet_settlement::Call::cancel { id: 0 }.into())
	}
}
