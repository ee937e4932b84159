//! What the settlement pallet answers to the other pallets' hooks, and its invariants.

use crate::{features::qkey, *};
use alloc::collections::BTreeSet;
use frame_support::{ensure, traits::Get, weights::Weight};
use pssc_primitives::{
	traits::{Line, OnCredit, OnEligibilityChanged, OnParticipantChanged},
	Cusip, ParticipantId,
};

impl<T: Config> OnCredit for Pallet<T> {
	fn on_credit(who: ParticipantId, line: Line) {
		Self::note_credit(match line {
			Line::Security(cusip) => WaitKey::Securities(who, cusip),
			Line::Cash(currency) => WaitKey::Cash(who, currency),
		});
	}

	fn on_line_reopened(line: Line) {
		Self::note_credit(WaitKey::Line(line));
	}
}

impl<T: Config> OnEligibilityChanged for Pallet<T> {
	/// Queue the cancellation of the security's unsettled instructions.
	fn on_dropped(cusip: &Cusip) {
		Self::queue_sweep(Sweep::EligibilityLost(*cusip));
	}

	/// Drop the cancellation if it has not begun; one that has begun runs to the end.
	fn on_restored(cusip: &Cusip) {
		Self::end_sweep(Sweep::EligibilityLost(*cusip));
	}

	/// Retry, from the next block, the pairs held for the security's line (SBLO): those a
	/// delivery chill or a global lock held, and those a break holds, which simply wait
	/// again.
	fn on_deliverable(cusip: &Cusip) {
		Self::note_credit(WaitKey::Line(Line::Security(*cusip)));
	}

	/// The larger of a drop (the next id and the sweep read, the sweep written) and a
	/// restoration with deliveries resuming (the sweep read and written; then `note_credit`:
	/// whether any pair waits, the line's retry, and queuing it), counted with `DbWeight`.
	fn weight_per_change() -> Weight {
		T::DbWeight::get().reads_writes(3, 2)
	}
}

impl<T: Config> OnParticipantChanged for Pallet<T> {
	/// Queue the cancellation of the pair's unsettled instructions, on both sides.
	fn on_counterparty_revoked(by: ParticipantId, counterparty: ParticipantId) {
		Self::queue_sweep(Sweep::Revoked(by, counterparty));
		Self::queue_sweep(Sweep::Revoked(counterparty, by));
	}

	/// Queue the holding (BLOC) of the participant's due pairs.
	fn on_suspended(id: ParticipantId) {
		Self::queue_sweep(Sweep::Suspended(id));
	}

	/// End the suspension's hold and retry the pairs held for it.
	fn on_reinstated(id: ParticipantId) {
		Self::end_sweep(Sweep::Suspended(id));
		Self::note_credit(WaitKey::Participant(id));
	}
}

impl<T: Config> Pallet<T> {
	/// Check the queues and indices against the instructions:
	/// - every instruction is below the next id and indexed by its reference;
	/// - an instruction is in both open indices exactly while it is not final, and a final
	///   one is filed for pruning;
	/// - an unmatched one waits in the matching index under its own key and is queued to
	///   expire the day after its settlement date, and every matching entry is such an
	///   instruction;
	/// - a matched, pending or failing one has a counterpart that names it back, agrees on
	///   every term, takes the other side and has the same status;
	/// - a matched pair is queued for its settlement date, a pending or failing one waits
	///   under what it waits for, and every waiting and queued entry names such a pair;
	/// - an unmatched side was submitted on or after its trade date, and not after today;
	/// - a sweep names only instructions already made;
	/// - no work is queued for a day whose queue is recorded as done;
	/// - a line marked to retry again has a retry under way, with a cursor;
	/// - pruned outcomes are final and have no body;
	/// - a history starts with acceptance (PACK) and ends with the current status, or with
	///   the cancellation request (CANP) that followed it.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let next = NextInstructionId::<T>::get();
		let finished: BTreeSet<InstructionId> =
			Finished::<T>::iter().map(|(_, id, ())| id).collect();
		for (id, i) in Instructions::<T>::iter() {
			ensure!(id < next, "instruction id not below the next id");
			ensure!(
				References::<T>::get(i.participant, &i.reference) == Some(id),
				"reference index broken"
			);
			let open = !i.status.is_final();
			ensure!(
				OpenByParticipant::<T>::contains_key(i.participant, id) == open,
				"participant index broken"
			);
			ensure!(
				OpenBySecurity::<T>::contains_key(i.cusip, id) == open,
				"security index broken"
			);
			ensure!(
				open || finished.contains(&id),
				"a final instruction is not filed for pruning"
			);
			let latest = i.history.last().map(|c| (c.code, c.reason));
			ensure!(
				i.history.first().map(|c| c.code) == Some(Code::PACK)
					&& (latest == Some((i.status.code(), i.status.reason_code_for(i.side)))
						|| (i.cancel_requested && latest == Some((Code::CANP, None)))),
				"the history does not start at acceptance and end at the status"
			);
			if i.status == Status::Unmatched {
				ensure!(
					Unmatched::<T>::get(i.match_key())
						.iter()
						.any(|side| side.id == id),
					"an unmatched instruction is not in the matching index"
				);
				ensure!(
					Queue::<T>::get(date_key(i.settlement_date.saturating_add(1)), qkey(id))
						== Some(Due::Expire(id)),
					"an unmatched instruction is not queued to expire"
				);
			}
			let Some(other_id) = i.counterpart else {
				ensure!(
					matches!(i.status, Status::Unmatched | Status::Cancelled(_)),
					"a matched instruction has no counterpart"
				);
				continue;
			};
			ensure!(
				i.status != Status::Unmatched,
				"an unmatched instruction has a counterpart"
			);
			let Some(other) = Instructions::<T>::get(other_id) else {
				ensure!(
					Outcomes::<T>::contains_key(other_id) && !open,
					"a counterpart is missing"
				);
				continue;
			};
			ensure!(
				other.counterpart == Some(id),
				"counterparts do not name each other"
			);
			ensure!(
				other.side == i.side.opposite()
					&& other.participant == i.counterparty
					&& other.counterparty == i.participant
					&& other.cusip == i.cusip
					&& other.quantity == i.quantity
					&& other.amount == i.amount
					&& other.trade_date == i.trade_date
					&& other.settlement_date == i.settlement_date,
				"counterparts disagree on the trade"
			);
			ensure!(
				other.status == i.status,
				"counterparts have different statuses"
			);
			if i.side == Side::Receive {
				continue;
			}
			let pair = PairIds {
				deliver: id,
				receive: other_id,
			};
			match i.status {
				Status::Matched => ensure!(
					Queue::<T>::get(date_key(i.settlement_date), qkey(pair.id()))
						== Some(Due::Settle(pair)),
					"a matched pair is not queued for its settlement date"
				),
				Status::Pending(reason) | Status::Failing(reason) => ensure!(
					Waiting::<T>::get(Self::wait_key(&i, reason), qkey(pair.id())) == Some(pair),
					"a pending pair does not wait under its reason"
				),
				_ => {},
			}
		}
		let today = Self::today();
		for (key, list) in Unmatched::<T>::iter() {
			ensure!(!list.is_empty(), "an empty matching entry is stored");
			let mut seen = BTreeSet::new();
			for side in list.iter() {
				ensure!(seen.insert(side.id), "an instruction waits twice");
				let i = Instructions::<T>::get(side.id)
					.ok_or("the matching index names a missing instruction")?;
				ensure!(
					i.status == Status::Unmatched && i.match_key() == key,
					"the matching index names a wrong instruction"
				);
				ensure!(
					side.submitted_on >= i.trade_date
						&& today.is_none_or(|today| side.submitted_on <= today),
					"an unmatched side was submitted before its trade date or after today"
				);
			}
		}
		for (_, state) in Sweeps::<T>::iter() {
			ensure!(
				state.before <= next && state.cursor.is_none_or(|c| c < next),
				"a sweep names an instruction not yet made"
			);
			ensure!(
				state.begun || state.cursor.is_none(),
				"a sweep has a cursor but has not begun"
			);
		}
		for (participant, id, ()) in OpenByParticipant::<T>::iter() {
			let i = Instructions::<T>::get(id)
				.ok_or("the participant index names a missing instruction")?;
			ensure!(
				i.participant == participant,
				"the participant index names another's"
			);
		}
		for (cusip, id, ()) in OpenBySecurity::<T>::iter() {
			let i = Instructions::<T>::get(id)
				.ok_or("the security index names a missing instruction")?;
			ensure!(
				i.cusip == cusip,
				"the security index names another security"
			);
		}
		for (key, position, pair) in Waiting::<T>::iter() {
			ensure!(
				position == qkey(pair.id()),
				"a waiting pair is out of place"
			);
			let i = Instructions::<T>::get(pair.deliver).ok_or("a waiting pair is missing")?;
			let reason = i
				.status
				.pending_reason()
				.ok_or("a waiting pair is not pending")?;
			ensure!(
				Self::wait_key(&i, reason) == key,
				"a pair waits under the wrong key"
			);
		}
		for (key, ()) in RetryAgain::<T>::iter() {
			ensure!(
				matches!(Retry::<T>::get(key), Some(Some(_))),
				"a line is marked to retry again with no retry under way"
			);
		}
		let done_through = QueueDoneThrough::<T>::get();
		for (date, position, due) in Queue::<T>::iter() {
			let id = match due {
				Due::Settle(pair) | Due::Fail(pair) => pair.id(),
				Due::Expire(id) => id,
			};
			ensure!(position == qkey(id), "queued work is out of place");
			ensure!(
				Date::from_be_bytes(date) > done_through,
				"work is queued for a day whose queue is recorded as done"
			);
		}
		for (id, outcome) in Outcomes::<T>::iter() {
			ensure!(
				outcome.status.is_final(),
				"a pruned instruction was not final"
			);
			ensure!(
				!Instructions::<T>::contains_key(id),
				"a pruned instruction has a body"
			);
		}
		Ok(())
	}
}

impl<T: Config> pssc_primitives::traits::BusinessCalendar for Pallet<T> {
	fn today() -> Option<Date> {
		Pallet::<T>::today()
	}
}
