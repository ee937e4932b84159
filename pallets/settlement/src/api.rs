//! What the runtime APIs read: instructions with their history, a participant's listing,
//! dry runs and fee statements. Reads only.

use crate::*;
use alloc::vec::Vec;
use frame_support::traits::Get;
use pssc_primitives::{
	api::{
		BlockActivity, FeeStatement, InstructionDetails, InstructionPage, InstructionRecord,
		Obstacle, OpenInstructions, StatusFilter,
	},
	settlement::Code,
	traits::{EligibilityProvider, EntitlementTransfer, Line, ParticipantRegistry},
	ParticipantId,
};
use sp_runtime::DispatchError;
use sp_runtime::Saturating;

/// The most instructions one page returns.
pub const MAX_PAGE: u32 = 500;

/// The most instructions one page examines when the listing must scan every instruction
/// (settled or cancelled ones, which no per-participant index holds). A page that stops
/// there returns fewer items and a cursor to go on from.
pub const MAX_SCAN: u32 = 20_000;

impl<T: Config> Pallet<T> {
	/// `instruction` (with id `id`) as the APIs show it.
	pub fn details(id: InstructionId, instruction: InstructionOf<T>) -> InstructionDetails {
		InstructionDetails {
			id,
			participant: instruction.participant,
			side: instruction.side,
			counterparty: instruction.counterparty,
			cusip: instruction.cusip,
			quantity: instruction.quantity,
			amount: instruction.amount,
			trade_date: instruction.trade_date,
			settlement_date: instruction.settlement_date,
			reference: instruction.reference.into_inner(),
			status: instruction.status,
			counterpart: instruction.counterpart,
			cancel_requested: instruction.cancel_requested,
			history: instruction.history.into_inner(),
		}
	}

	/// Instruction `id` in full, or its outcome once pruned.
	pub fn instruction_record(id: InstructionId) -> Option<InstructionRecord> {
		match Instructions::<T>::get(id) {
			Some(instruction) => Some(InstructionRecord::Live(Self::details(id, instruction))),
			None => Outcomes::<T>::get(id).map(|o| InstructionRecord::Pruned {
				status: o.status,
				date: o.date,
			}),
		}
	}

	/// A page of `participant`'s instructions that pass `filter`, after `after`, at most
	/// `limit` (capped at [`MAX_PAGE`]). Open instructions come from the participant's
	/// index; settled and cancelled ones from a scan of at most [`MAX_SCAN`] instructions.
	/// The order is the storage's, the same on every call, so the cursor resumes exactly.
	pub fn instructions_of(
		participant: ParticipantId,
		filter: StatusFilter,
		after: Option<InstructionId>,
		limit: u32,
	) -> InstructionPage {
		let limit = limit.clamp(1, MAX_PAGE) as usize;
		let wanted = |status: &Status| match filter {
			StatusFilter::Open => !status.is_final(),
			StatusFilter::Code(code) => status.code() == code,
			StatusFilter::All => true,
		};
		let open_only = match filter {
			StatusFilter::Open => true,
			StatusFilter::Code(code) => !matches!(code, Code::SETT | Code::CAND),
			StatusFilter::All => false,
		};
		let mut page = InstructionPage::default();
		if open_only {
			let ids = match after {
				None => OpenByParticipant::<T>::iter_key_prefix(participant),
				Some(last) => OpenByParticipant::<T>::iter_key_prefix_from(
					participant,
					OpenByParticipant::<T>::hashed_key_for(participant, last),
				),
			};
			let mut more = false;
			for id in ids {
				let Some(instruction) = Instructions::<T>::get(id) else {
					continue;
				};
				if wanted(&instruction.status) {
					if page.items.len() == limit {
						more = true;
						break;
					}
					page.items.push(Self::details(id, instruction));
					page.next = Some(id);
				}
			}
			if !more {
				page.next = None;
			}
			return page;
		}
		let all = match after {
			None => Instructions::<T>::iter(),
			Some(last) => Instructions::<T>::iter_from(Instructions::<T>::hashed_key_for(last)),
		};
		let mut complete = true;
		for (scanned, (id, instruction)) in all.enumerate() {
			if scanned as u32 >= MAX_SCAN || page.items.len() == limit {
				complete = false;
				break;
			}
			page.next = Some(id);
			if instruction.participant == participant && wanted(&instruction.status) {
				page.items.push(Self::details(id, instruction));
			}
		}
		if complete {
			page.next = None;
		}
		page
	}

	/// A dry run of instruction `id`: every reason it would not settle now, reading only.
	/// Empty when it would settle. `None` if there is no such instruction in full.
	pub fn why_pending(id: InstructionId) -> Option<Vec<Obstacle>> {
		let instruction = Instructions::<T>::get(id)?;
		let mut obstacles = Vec::new();
		match instruction.status {
			Status::Settled | Status::Cancelled(_) => {
				obstacles.push(Obstacle::Final(instruction.status));
				return Some(obstacles);
			},
			Status::Unmatched => obstacles.push(Obstacle::Unmatched),
			Status::Matched => {
				if Self::today().is_none_or(|today| today < instruction.settlement_date) {
					obstacles.push(Obstacle::NotDue {
						settlement_date: instruction.settlement_date,
					});
				}
			},
			Status::Pending(_) | Status::Failing(_) => {},
		}
		let (seller, buyer) = instruction.seller_buyer();
		for (by, counterparty) in [(seller, buyer), (buyer, seller)] {
			if !T::Registry::has_approved(by, counterparty) {
				obstacles.push(Obstacle::CounterpartyNotApproved { by, counterparty });
			}
		}
		for party in [seller, buyer] {
			if !T::Registry::is_active(party) {
				obstacles.push(Obstacle::ParticipantNotActive(party));
			}
		}
		let cusip = instruction.cusip;
		let restrictions = T::Eligibility::restrictions(&cusip);
		if T::Eligibility::is_dropped(&cusip) {
			obstacles.push(Obstacle::SecurityNotEligible);
		}
		if restrictions.is_some_and(|r| r.global_lock) {
			obstacles.push(Obstacle::SecurityGloballyLocked);
		}
		if restrictions.is_none_or(|r| r.delivery_chill) {
			obstacles.push(Obstacle::DeliveriesChilled);
		}
		if !T::Entitlements::is_line_open(&Line::Security(cusip)) {
			obstacles.push(Obstacle::SecuritiesLineStopped);
		}
		let currency = T::SettlementCurrency::get();
		if !T::Entitlements::is_line_open(&Line::Cash(currency)) {
			obstacles.push(Obstacle::CashLineStopped);
		}
		let free = T::Entitlements::free_securities(seller, &cusip);
		if free < instruction.quantity {
			obstacles.push(Obstacle::LacksSecurities {
				participant: seller,
				needed: instruction.quantity,
				free,
				short: instruction.quantity.saturating_sub(free),
			});
		}
		let free = T::Entitlements::free_cash(buyer, &currency);
		if free < instruction.amount {
			obstacles.push(Obstacle::LacksCash {
				participant: buyer,
				needed: instruction.amount,
				free,
				short: instruction.amount.saturating_sub(free),
			});
		}
		Some(obstacles)
	}

	/// A dry run of a new instruction by `participant`: every error it would be refused
	/// with now, in the order the call checks them. Empty if it would be accepted.
	pub fn check_instruction(
		participant: ParticipantId,
		instruction: NewInstruction<Vec<u8>>,
	) -> Vec<DispatchError> {
		let Some(today) = Self::today() else {
			return alloc::vec![Error::<T>::NoBusinessDate.into()];
		};
		match Self::can_instruct(participant, &instruction, today) {
			Ok(_) => Vec::new(),
			Err(errors) => errors.into_iter().map(Into::into).collect(),
		}
	}

	/// `participant`'s fee statements: for `month`, or for every month on record.
	pub fn fee_statements(participant: ParticipantId, month: Option<Month>) -> Vec<FeeStatement> {
		let minimum = Params::<T>::get().monthly_minimum;
		let statement = |month: Month, fees: FeeAccrual| FeeStatement {
			month,
			trades: fees.trades,
			shares: fees.shares,
			accrued: fees.accrued,
			due: fees.accrued.max(minimum),
		};
		match month {
			Some(month) => alloc::vec![statement(month, Fees::<T>::get(participant, month))],
			None => {
				let mut all: Vec<_> = Fees::<T>::iter_prefix(participant)
					.map(|(month, fees)| statement(month, fees))
					.collect();
				all.sort_by_key(|s| s.month);
				all
			},
		}
	}
}

/// Counting what a block and the open book hold, for the node's metrics.
impl<T: Config> Pallet<T> {
	/// What a block did to instructions, from its settlement `events` and the number of
	/// settlement calls that failed in it (`failed_calls`).
	pub fn block_activity<'a>(
		events: impl IntoIterator<Item = &'a Event<T>>,
		failed_calls: u32,
	) -> BlockActivity
	where
		T: 'a,
	{
		let mut activity = BlockActivity {
			rejected: failed_calls,
			..Default::default()
		};
		for event in events {
			match event {
				Event::Unmatched { .. } => activity.received.saturating_inc(),
				Event::Matched { .. } => {
					// The instruction that arrived matched its waiting counterpart.
					activity.received.saturating_inc();
					activity.matched.saturating_inc();
				},
				Event::Rejected { .. } => activity.rejected.saturating_inc(),
				Event::Settled { .. } => activity.settled.saturating_inc(),
				Event::Cancelled { .. } => activity.cancelled.saturating_inc(),
				Event::SettlementPending { status, reason, .. } => {
					match activity
						.pending
						.iter_mut()
						.find(|(s, r, _)| s == status && r == reason)
					{
						Some((_, _, count)) => count.saturating_inc(),
						None => activity.pending.push((*status, *reason, 1)),
					}
				},
				_ => {},
			}
		}
		activity
	}

	/// The unsettled instructions by status and reason, examining at most `limit` of them
	/// (bounded by [`MAX_SCAN`]).
	pub fn open_instructions(limit: u32) -> OpenInstructions {
		let limit = limit.min(MAX_SCAN) as usize;
		let mut counts: Vec<(Code, Option<Code>, u32)> = Vec::new();
		let mut examined = 0usize;
		let mut keys = OpenByParticipant::<T>::iter_keys();
		let complete = loop {
			let Some((_, id)) = keys.next() else {
				break true;
			};
			if examined >= limit {
				break false;
			}
			examined = examined.saturating_add(1);
			let Some(instruction) = Instructions::<T>::get(id) else {
				continue;
			};
			let key = (
				instruction.status.code(),
				instruction.status.reason_code_for(instruction.side),
			);
			match counts.iter_mut().find(|(s, r, _)| (*s, *r) == key) {
				Some((_, _, count)) => count.saturating_inc(),
				None => counts.push((key.0, key.1, 1)),
			}
		};
		OpenInstructions { counts, complete }
	}
}
