//! The metered work of `on_initialize`: the date queue, the hooks' sweeps and the retries.

use crate::{
	cursor::{metered_walk, Walk},
	*,
};
use frame_support::{
	traits::Get,
	weights::{Weight, WeightMeter},
};
use pssc_primitives::traits::{EligibilityProvider, ParticipantRegistry};

impl<T: Config> Pallet<T> {
	/// The weight of one item of scheduled work at its worst, a queued pair that settles:
	/// the slope of [`WeightInfo::scheduled_items`].
	pub fn scheduled_item() -> Weight {
		T::WeightInfo::scheduled_items(1).saturating_sub(T::WeightInfo::scheduled_items(0))
	}

	/// The scheduled work of a block, within `limit`: the date queue first (FIFO), then the
	/// hooks' sweeps, then the retries.
	pub(crate) fn run_scheduler(limit: Weight) -> Weight {
		let mut meter = WeightMeter::with_limit(limit);
		if meter.try_consume(T::WeightInfo::scheduler_read()).is_err() {
			return meter.consumed();
		}
		if let Some(today) = Self::today() {
			Self::process_queue(today, &mut meter);
			Self::process_sweeps(today, &mut meter);
			Self::process_retries(today, &mut meter);
		}
		meter.consumed()
	}

	/// Recording that today's queue is done ([`QueueDoneThrough`]): one read and one write,
	/// counted with the runtime's `DbWeight`.
	pub fn queue_done_weight() -> Weight {
		T::DbWeight::get().reads_writes(1, 1)
	}

	/// Work off the date queue, earliest date first, up to today. Once nothing dated today
	/// or earlier is left, record that today's work is done ([`QueueDoneThrough`]).
	pub(crate) fn process_queue(today: Date, meter: &mut WeightMeter) {
		let read = T::WeightInfo::scheduler_read();
		let mut reached_later = false;
		let walk = metered_walk(
			Queue::<T>::iter(),
			meter,
			read,
			|(date, key, due), meter| {
				if Date::from_be_bytes(date) > today {
					reached_later = true;
					return false;
				}
				if meter.try_consume(Self::scheduled_item()).is_err() {
					return false;
				}
				Queue::<T>::remove(date, key);
				Self::handle_due(due, today);
				true
			},
		);
		if (walk == Walk::Done || reached_later)
			&& meter.try_consume(Self::queue_done_weight()).is_ok()
			&& QueueDoneThrough::<T>::get() < today
		{
			QueueDoneThrough::<T>::put(today);
		}
	}

	pub(crate) fn handle_due(due: Due, today: Date) {
		match due {
			Due::Settle(pair) => {
				if let Some((deliver, receive)) = Self::pair_bodies(pair) {
					if deliver.status == Status::Matched {
						Self::attempt(pair, deliver, receive, today);
					}
				}
			},
			Due::Fail(pair) => {
				if let Some((mut deliver, mut receive)) = Self::pair_bodies(pair) {
					if let Status::Pending(reason) = deliver.status {
						let block = Self::block();
						deliver.set_status(Status::Failing(reason), block);
						receive.set_status(Status::Failing(reason), block);
						Self::deposit_event(Event::SettlementPending {
							instruction: Self::refs(
								pair.deliver,
								&deliver,
								Some((pair.receive, &receive)),
							),
							status: Code::PENF,
							reason: reason.code(),
						});
						Self::put_pair(pair, &deliver, &receive);
					}
				}
			},
			Due::Expire(id) => {
				if let Some(instruction) = Instructions::<T>::get(id) {
					if instruction.status == Status::Unmatched {
						let reason = CancelReason::Expired;
						Self::cancel_unmatched(id, instruction, reason, None, today);
					}
				}
			},
		}
	}

	/// Whether the hook that queued `sweep` still holds.
	pub(crate) fn sweep_holds(sweep: Sweep) -> bool {
		match sweep {
			Sweep::EligibilityLost(cusip) => T::Eligibility::is_dropped(&cusip),
			Sweep::Revoked(a, b) => !T::Registry::are_mutually_approved(a, b),
			Sweep::Suspended(p) => !T::Registry::is_active(p),
		}
	}

	/// The next open instruction `sweep` looks at, after `after`.
	pub(crate) fn sweep_next(sweep: Sweep, after: Option<InstructionId>) -> Option<InstructionId> {
		match sweep {
			Sweep::EligibilityLost(cusip) => match after {
				None => OpenBySecurity::<T>::iter_key_prefix(cusip).next(),
				Some(last) => OpenBySecurity::<T>::iter_key_prefix_from(
					cusip,
					OpenBySecurity::<T>::hashed_key_for(cusip, last),
				)
				.next(),
			},
			Sweep::Revoked(p, _) | Sweep::Suspended(p) => match after {
				None => OpenByParticipant::<T>::iter_key_prefix(p).next(),
				Some(last) => OpenByParticipant::<T>::iter_key_prefix_from(
					p,
					OpenByParticipant::<T>::hashed_key_for(p, last),
				)
				.next(),
			},
		}
	}

	/// Queue `sweep` over what is open now. A sweep already queued starts a new pass from the
	/// first key, so that it also covers what was instructed since it was queued wherever
	/// that sorts; it stays begun if it had begun. What it already cancelled is no longer
	/// open, so the new pass does not look at it again.
	pub(crate) fn queue_sweep(sweep: Sweep) {
		let before = NextInstructionId::<T>::get();
		Sweeps::<T>::mutate(sweep, |state| {
			let begun = state.is_some_and(|s| s.begun);
			*state = Some(SweepState {
				cursor: None,
				before,
				begun,
			});
		});
	}

	/// What queued `sweep` no longer holds: drop it if it has not begun. A cancelling sweep
	/// that has begun runs to the end; a hold ends at once.
	pub(crate) fn end_sweep(sweep: Sweep) {
		Sweeps::<T>::mutate_exists(sweep, |state| {
			if state.is_some_and(|s| !s.begun || !sweep.cancels()) {
				*state = None;
			}
		});
	}

	/// Work off the hooks' sweeps, each from where it got to, and keep the cursor of the one
	/// the meter stops in. A sweep that has not begun, and a hold, stop when what queued them
	/// no longer holds; a cancelling sweep that has begun runs to the end.
	pub(crate) fn process_sweeps(today: Date, meter: &mut WeightMeter) {
		let read = T::WeightInfo::scheduler_read();
		metered_walk(
			Sweeps::<T>::iter(),
			meter,
			read,
			|(sweep, mut state), meter| {
				let holds = (sweep.cancels() && state.begun) || Self::sweep_holds(sweep);
				let mut first = true;
				loop {
					// The sweep's own entry was charged by the walk; every later look is charged here.
					if !first && meter.try_consume(read).is_err() {
						Sweeps::<T>::insert(sweep, state);
						return false;
					}
					first = false;
					let next = if holds {
						Self::sweep_next(sweep, state.cursor)
					} else {
						None
					};
					let Some(id) = next else {
						Sweeps::<T>::remove(sweep);
						return true;
					};
					if meter.try_consume(Self::scheduled_item()).is_err() {
						Sweeps::<T>::insert(sweep, state);
						return false;
					}
					state.cursor = Some(id);
					state.begun = true;
					Self::sweep_one(sweep, id, state.before, today);
				}
			},
		);
	}

	/// Apply `sweep` to open instruction `id`, unless it was instructed, or its pair
	/// matched, at or after `before`: that is business made after the sweep was queued.
	pub(crate) fn sweep_one(sweep: Sweep, id: InstructionId, before: InstructionId, today: Date) {
		let Some(instruction) = Instructions::<T>::get(id) else {
			return;
		};
		if instruction.status.is_final() || id.max(instruction.counterpart.unwrap_or(id)) >= before
		{
			return;
		}
		// Errors here mean a broken index, which try-state reports; the sweep goes on.
		let _ = match sweep {
			Sweep::EligibilityLost(_) => {
				let reason = CancelReason::EligibilityLost;
				Self::cancel_any(id, instruction, reason, None, today)
			},
			Sweep::Revoked(_, counterparty) if instruction.counterparty == counterparty => {
				let reason = CancelReason::CounterpartyRevoked;
				Self::cancel_any(id, instruction, reason, None, today)
			},
			Sweep::Revoked(..) => Ok(()),
			Sweep::Suspended(p) => match instruction.status.pending_reason() {
				Some(PendingReason::Bloc(_)) | None => Ok(()),
				Some(_) => Self::load_pair(id, instruction)
					.map(|(pair, d, r)| Self::pend(pair, d, r, PendingReason::Bloc(p), today)),
			},
		};
	}

	/// Retry the pairs waiting for what grew, each line from where its retry got to, and keep
	/// the cursor of the one the meter stops in.
	pub(crate) fn process_retries(today: Date, meter: &mut WeightMeter) {
		let read = T::WeightInfo::scheduler_read();
		metered_walk(Retry::<T>::iter(), meter, read, |(key, after), meter| {
			let pairs = match after {
				None => Waiting::<T>::iter_prefix(key),
				Some(last) => {
					Waiting::<T>::iter_prefix_from(key, Waiting::<T>::hashed_key_for(key, last))
				},
			};
			let mut position = after;
			let mut first = true;
			let walk = metered_walk(pairs, meter, Weight::zero(), |(at, pair), meter| {
				// The line's first look was charged with its entry; every later one here.
				if !first && meter.try_consume(read).is_err() {
					return false;
				}
				first = false;
				if meter.try_consume(Self::scheduled_item()).is_err() {
					return false;
				}
				position = Some(at);
				if let Some((deliver, receive)) = Self::pair_bodies(pair) {
					if deliver.status.pending_reason().is_some() {
						Self::attempt(pair, deliver, receive, today);
					}
				}
				true
			});
			match walk {
				Walk::Done => {
					// A credit during the pass may fund a pair it already passed: once more
					// from the first.
					if meter.try_consume(read).is_err() {
						Retry::<T>::insert(key, position);
						return false;
					}
					if RetryAgain::<T>::take(key).is_some() {
						Retry::<T>::insert(key, None::<QueueKey>);
					} else {
						Retry::<T>::remove(key);
					}
					true
				},
				Walk::Stopped => {
					Retry::<T>::insert(key, position);
					false
				},
			}
		});
	}
}
