//! Cancelling: by the owner, by both sides of a pair, by the agency, and by the hooks.

use crate::{features::qkey, *};
use frame_support::{ensure, pallet_prelude::*};
use pssc_primitives::ParticipantId;

impl<T: Config> Pallet<T> {
	/// The owner cancels `id`: at once if unmatched; a matched pair once both sides asked.
	pub(crate) fn do_cancel(
		participant: ParticipantId,
		id: InstructionId,
		today: Date,
	) -> DispatchResult {
		let mut instruction = Instructions::<T>::get(id).ok_or(Error::<T>::UnknownInstruction)?;
		ensure!(
			instruction.participant == participant,
			Error::<T>::NotYourInstruction
		);
		ensure!(!instruction.status.is_final(), Error::<T>::AlreadyFinal);
		if instruction.status == Status::Unmatched {
			Self::cancel_unmatched(id, instruction, CancelReason::Parties, None, today);
			return Ok(());
		}
		ensure!(
			!instruction.cancel_requested,
			Error::<T>::CancellationAlreadyRequested
		);
		let (pair, deliver, receive) = Self::load_pair(id, instruction.clone())?;
		let (other_id, other) = if id == pair.deliver {
			(pair.receive, &receive)
		} else {
			(pair.deliver, &deliver)
		};
		if other.cancel_requested {
			Self::cancel_pair(pair, deliver, receive, CancelReason::Parties, None, today);
		} else {
			let refs = Self::refs(id, &instruction, Some((other_id, other)));
			instruction.cancel_requested = true;
			instruction.record(Code::CANP, None, Self::block());
			Instructions::<T>::insert(id, instruction);
			Self::deposit_event(Event::CancellationRequested {
				instruction: refs,
				by: participant,
				status: Code::CANP,
			});
		}
		Ok(())
	}

	/// The agency cancels `id`, and its counterpart if matched, recording `reason`.
	pub(crate) fn do_cancel_by_agency(
		id: InstructionId,
		reason: BoundedVec<u8, T::MaxReasonLen>,
		today: Date,
	) -> DispatchResult {
		let instruction = Instructions::<T>::get(id).ok_or(Error::<T>::UnknownInstruction)?;
		ensure!(!instruction.status.is_final(), Error::<T>::AlreadyFinal);
		Self::cancel_any(id, instruction, CancelReason::Agency, Some(reason), today)
	}

	/// Cancel `id` and, if matched, its counterpart.
	pub(crate) fn cancel_any(
		id: InstructionId,
		instruction: InstructionOf<T>,
		reason: CancelReason,
		detail: Option<BoundedVec<u8, T::MaxReasonLen>>,
		today: Date,
	) -> DispatchResult {
		if instruction.status == Status::Unmatched {
			Self::cancel_unmatched(id, instruction, reason, detail, today);
		} else {
			let (pair, deliver, receive) = Self::load_pair(id, instruction)?;
			Self::cancel_pair(pair, deliver, receive, reason, detail, today);
		}
		Ok(())
	}

	/// Cancel a matched pair.
	pub(crate) fn cancel_pair(
		pair: PairIds,
		mut deliver: InstructionOf<T>,
		mut receive: InstructionOf<T>,
		reason: CancelReason,
		detail: Option<BoundedVec<u8, T::MaxReasonLen>>,
		today: Date,
	) {
		if let Some(pending) = deliver.status.pending_reason() {
			Waiting::<T>::remove(Self::wait_key(&deliver, pending), qkey(pair.id()));
		}
		let block = Self::block();
		deliver.set_status(Status::Cancelled(reason), block);
		receive.set_status(Status::Cancelled(reason), block);
		Self::close(pair.deliver, &deliver, today);
		Self::close(pair.receive, &receive, today);
		Self::deposit_event(Event::Cancelled {
			instruction: Self::refs(pair.deliver, &deliver, Some((pair.receive, &receive))),
			status: Code::CAND,
			reason: reason.code(),
			cause: reason,
			detail,
		});
		Self::put_pair(pair, &deliver, &receive);
	}

	/// Cancel an unmatched instruction. Cancelled on the business day it was submitted, its
	/// trade no longer counts against the pair's limits of that day; cancelled later, it
	/// stays counted in a day that is over.
	pub(crate) fn cancel_unmatched(
		id: InstructionId,
		mut instruction: InstructionOf<T>,
		reason: CancelReason,
		detail: Option<BoundedVec<u8, T::MaxReasonLen>>,
		today: Date,
	) {
		let key = instruction.match_key();
		// It no longer expires (a no-op when its expiry is what cancels it).
		Queue::<T>::remove(
			date_key(instruction.settlement_date.saturating_add(1)),
			qkey(id),
		);
		let mut waiting = Unmatched::<T>::get(key);
		let submitted_on = waiting
			.iter()
			.find(|side| side.id == id)
			.map(|side| side.submitted_on);
		waiting.retain(|side| side.id != id);
		Self::put_unmatched(key, waiting);
		if submitted_on == Some(today) {
			let (lo, hi) = instruction.pair();
			let date = date_key(today);
			match PairTrades::<T>::get(date, (lo, hi)).saturating_sub(1) {
				0 => PairTrades::<T>::remove(date, (lo, hi)),
				n => PairTrades::<T>::insert(date, (lo, hi), n),
			}
			let shares_key = (lo, hi, instruction.cusip);
			match PairShares::<T>::get(date, shares_key).saturating_sub(instruction.quantity) {
				0 => PairShares::<T>::remove(date, shares_key),
				n => PairShares::<T>::insert(date, shares_key, n),
			}
		}
		let block = Self::block();
		instruction.set_status(Status::Cancelled(reason), block);
		Self::close(id, &instruction, today);
		Self::deposit_event(Event::Cancelled {
			instruction: Self::refs(id, &instruction, None),
			status: Code::CAND,
			reason: reason.code(),
			cause: reason,
			detail,
		});
		Instructions::<T>::insert(id, instruction);
	}
}
