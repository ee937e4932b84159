//! Instructing: the checks of a new instruction, matching it against a waiting counterpart,
//! and settling it at once when it is due today.

use crate::{features::qkey, *};
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use pssc_primitives::{
	settlement::rejection_reason,
	traits::{EligibilityProvider, ParticipantRegistry},
	Cusip, ParticipantId,
};
use sp_runtime::{traits::Saturating, DispatchError};

/// Where an accepted instruction goes, as its checks found it.
pub(crate) enum Placement<T: Config> {
	/// The oldest waiting counterpart matches it; the rest of that list stays waiting.
	Match {
		other_id: InstructionId,
		other: InstructionOf<T>,
		rest: BoundedVec<UnmatchedSide, T::MaxIdenticalUnmatched>,
	},
	/// No counterpart waits: it waits under its own key, and counts against the pair's
	/// limits of today with these totals.
	Wait {
		own: BoundedVec<UnmatchedSide, T::MaxIdenticalUnmatched>,
		trades: u32,
		shares: Amount,
	},
}

/// A new instruction that passed every check, with what the checks read.
pub(crate) struct Admission<T: Config> {
	/// The instruction as it will be stored.
	pub instruction: InstructionOf<T>,
	/// Where it goes.
	pub placement: Placement<T>,
}

impl<T: Config> Pallet<T> {
	/// Every reason `new`, instructed by `participant` today, would be refused, in the order
	/// [`Self::do_instruct`] reports them: the first is the error it returns. Reads only.
	/// On success, the instruction as it would be stored.
	pub fn can_instruct(
		participant: ParticipantId,
		new: &NewInstruction<Vec<u8>>,
		today: Date,
	) -> Result<InstructionOf<T>, Vec<Error<T>>> {
		Self::admit(participant, new, today, false).map(|a| a.instruction)
	}

	/// All the checks of a new instruction, in one place, reading each thing once:
	/// - its terms: the CUSIP, non-zero figures, the reference (valid and never used), both
	///   participants active and mutually approved, the security eligible with deliveries
	///   not chilled, and the dates within the horizon;
	/// - where it goes: if a counterpart waits, it matches the oldest; if none does, the
	///   pilot's per-pair limits of today, the business day of submission, and the bound of
	///   identical unmatched instructions apply (a matching side does not count again).
	///
	/// Every failing check is listed, in order; with `fail_fast`, the placement is not looked
	/// at once a term fails. Reads only.
	pub(crate) fn admit(
		participant: ParticipantId,
		new: &NewInstruction<Vec<u8>>,
		today: Date,
		fail_fast: bool,
	) -> Result<Admission<T>, Vec<Error<T>>> {
		let (instruction, mut errors) = Self::terms_checks(participant, new, today);
		let Some(instruction) = instruction else {
			return Err(errors);
		};
		if fail_fast && !errors.is_empty() {
			return Err(errors);
		}
		let own_key = instruction.match_key();
		let counter_key = MatchKey {
			side: new.side.opposite(),
			..own_key
		};
		let mut waiting = Unmatched::<T>::get(counter_key);
		let placement = if let Some(other_id) = waiting.first().map(|side| side.id) {
			match Instructions::<T>::get(other_id).filter(|o| o.status == Status::Unmatched) {
				Some(other) => {
					waiting.remove(0);
					Some(Placement::Match {
						other_id,
						other,
						rest: waiting,
					})
				},
				None => {
					errors.push(Error::<T>::Inconsistent);
					None
				},
			}
		} else {
			let counts = match Self::pilot_counts(&instruction, today) {
				Ok(counts) => Some(counts),
				Err(error) => {
					errors.push(error);
					None
				},
			};
			let mut own = Unmatched::<T>::get(own_key);
			// Its place in the list; `do_instruct` writes the new id in it.
			let place = UnmatchedSide {
				id: InstructionId::MAX,
				submitted_on: today,
			};
			if own.try_push(place).is_err() {
				errors.push(Error::<T>::TooManyIdenticalUnmatched);
			}
			counts.map(|(trades, shares)| Placement::Wait {
				own,
				trades,
				shares,
			})
		};
		match placement {
			Some(placement) if errors.is_empty() => Ok(Admission {
				instruction,
				placement,
			}),
			_ => Err(errors),
		}
	}

	/// The checks of a new instruction's terms, every failing one in order, and the
	/// instruction as it would be stored if its CUSIP and reference are valid.
	fn terms_checks(
		participant: ParticipantId,
		new: &NewInstruction<alloc::vec::Vec<u8>>,
		today: Date,
	) -> (Option<InstructionOf<T>>, alloc::vec::Vec<Error<T>>) {
		let mut errors = alloc::vec::Vec::new();
		let mut check = |ok: bool, error: Error<T>| {
			if !ok {
				errors.push(error);
			}
		};
		let cusip = Cusip::new(&new.cusip).ok();
		check(cusip.is_some(), Error::<T>::InvalidCusip);
		check(new.quantity > 0, Error::<T>::ZeroQuantity);
		check(new.amount > 0, Error::<T>::ZeroAmount);
		let reference = Reference::<T>::try_from(new.reference.clone())
			.ok()
			.filter(|r| !r.is_empty());
		check(reference.is_some(), Error::<T>::InvalidReference);
		check(
			T::Registry::is_active(participant),
			Error::<T>::ParticipantNotActive,
		);
		check(
			T::Registry::is_active(new.counterparty),
			Error::<T>::CounterpartyNotActive,
		);
		check(
			T::Registry::are_mutually_approved(participant, new.counterparty),
			Error::<T>::CounterpartyNotApproved,
		);
		// One read when the security may be delivered, which is the common case.
		if let Some(cusip) = cusip
			.as_ref()
			.filter(|c| !T::Eligibility::is_deliverable(c))
		{
			let restrictions = T::Eligibility::restrictions(cusip);
			check(
				!T::Eligibility::is_dropped(cusip),
				Error::<T>::SecurityNotEligible,
			);
			check(
				!restrictions.is_some_and(|r| r.global_lock),
				Error::<T>::SecurityGloballyLocked,
			);
			check(
				!restrictions.is_none_or(|r| r.delivery_chill),
				Error::<T>::DeliveriesChilled,
			);
		}
		let horizon = T::MaxSettlementHorizon::get();
		check(new.trade_date <= today, Error::<T>::TradeDateInFuture);
		check(
			new.trade_date >= today.saturating_sub(horizon),
			Error::<T>::TradeDateTooOld,
		);
		check(
			new.settlement_date >= new.trade_date,
			Error::<T>::SettlementBeforeTrade,
		);
		check(
			new.settlement_date >= today,
			Error::<T>::SettlementDateInPast,
		);
		check(
			new.settlement_date <= today.saturating_add(horizon),
			Error::<T>::SettlementDateTooFar,
		);
		if let Some(reference) = &reference {
			check(
				!References::<T>::contains_key(participant, reference),
				Error::<T>::DuplicateReference,
			);
		}
		let instruction = match (cusip, reference) {
			(Some(cusip), Some(reference)) => Some(InstructionOf::<T> {
				participant,
				side: new.side,
				counterparty: new.counterparty,
				cusip,
				quantity: new.quantity,
				amount: new.amount,
				trade_date: new.trade_date,
				settlement_date: new.settlement_date,
				reference,
				status: Status::Unmatched,
				counterpart: None,
				cancel_requested: false,
				history: Default::default(),
			}),
			_ => None,
		};
		(instruction, errors)
	}

	/// The pair's trades and shares of the security submitted `today` with `instruction`
	/// counted, or the pilot limit it would break.
	fn pilot_counts(
		instruction: &InstructionOf<T>,
		today: Date,
	) -> Result<(u32, Amount), Error<T>> {
		let params = Params::<T>::get();
		let date = date_key(today);
		let pair = instruction.pair();
		let trades = PairTrades::<T>::get(date, pair)
			.checked_add(1)
			.filter(|t| *t <= params.max_trades_per_pair_per_day)
			.ok_or(Error::<T>::PairTradeLimitExceeded)?;
		let shares = PairShares::<T>::get(date, (pair.0, pair.1, instruction.cusip))
			.checked_add(instruction.quantity)
			.filter(|s| *s < params.share_limit_per_security_per_pair_per_day)
			.ok_or(Error::<T>::PairShareLimitExceeded)?;
		Ok((trades, shares))
	}

	/// What a line of [`Pallet::instruct_batch`] that does not settle gives back: a settling
	/// line's weight in a batch (the slope of [`WeightInfo::instruct_batch`]) less the weight
	/// of an instruction that waits. A waiting line stays charged as an instruction that waits
	/// ([`WeightInfo::instruct_unmatched`]), or as a settling line where that is less.
	pub fn batch_line_settlement() -> Weight {
		T::WeightInfo::instruct_batch(1)
			.saturating_sub(T::WeightInfo::instruct_batch(0))
			.saturating_sub(T::WeightInfo::instruct_unmatched())
	}

	/// What finding out whether work due today or earlier is still queued costs: one read of
	/// [`QueueDoneThrough`], once per extrinsic. Counted with the runtime's `DbWeight`.
	pub fn queue_check_weight() -> Weight {
		T::DbWeight::get().reads(1)
	}

	/// Whether work due `today` or earlier may still be queued, asked once per extrinsic:
	/// `ahead` keeps the answer. A pair that matches while such work waits is queued behind
	/// it, so that pairs due on a date settle in the order they matched.
	fn due_work_queued(today: Date, ahead: &mut Option<bool>) -> bool {
		*ahead.get_or_insert_with(|| QueueDoneThrough::<T>::get() < today)
	}

	/// Check one side of a trade, store it, match it and, if due today with nothing due
	/// queued ahead of it, settle it. Checks everything before it writes ([`Self::admit`]);
	/// returns the new instruction's id and whether a settlement was attempted. `ahead`
	/// keeps, for the extrinsic, whether due work is queued ([`Self::due_work_queued`]).
	///
	/// A side that matches and settles at once is never filed in the open indices, and the
	/// counterpart's expiry is taken off the date queue when it matches.
	pub(crate) fn do_instruct(
		participant: ParticipantId,
		new: NewInstruction<Vec<u8>>,
		today: Date,
		ahead: &mut Option<bool>,
	) -> Result<(InstructionId, bool), DispatchError> {
		let Admission {
			mut instruction,
			placement,
		} = Self::admit(participant, &new, today, true).map_err(|errors| {
			errors
				.into_iter()
				.next()
				.unwrap_or(Error::<T>::Inconsistent)
		})?;
		let id = NextInstructionId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let block = Self::block();
		instruction.record(Code::PACK, None, block);
		NextInstructionId::<T>::put(next);
		References::<T>::insert(participant, &instruction.reference, id);

		match placement {
			Placement::Match {
				other_id,
				mut other,
				rest,
			} => {
				let counter_key = other.match_key();
				Self::put_unmatched(counter_key, rest);
				// The counterpart no longer expires unmatched.
				Queue::<T>::remove(
					date_key(other.settlement_date.saturating_add(1)),
					qkey(other_id),
				);
				other.set_status(Status::Matched, block);
				other.counterpart = Some(id);
				instruction.set_status(Status::Matched, block);
				instruction.counterpart = Some(other_id);
				let due_today =
					instruction.settlement_date == today && !Self::due_work_queued(today, ahead);
				if !due_today {
					Self::open(id, &instruction);
				}
				let (pair, deliver, receive) =
					Self::deliver_first(id, instruction, other_id, other);
				Self::deposit_event(Event::Matched {
					instruction: Self::refs(pair.deliver, &deliver, Some((pair.receive, &receive))),
					settlement_date: deliver.settlement_date,
					status: Code::MACH,
				});
				if due_today {
					Self::settle_matched_now(pair, deliver, receive, id, today);
					return Ok((id, true));
				}
				Queue::<T>::insert(
					date_key(deliver.settlement_date),
					qkey(pair.id()),
					Due::Settle(pair),
				);
				Self::put_pair(pair, &deliver, &receive);
			},
			Placement::Wait {
				mut own,
				trades,
				shares,
			} => {
				if let Some(place) = own.last_mut() {
					place.id = id;
				}
				let (lo, hi) = instruction.pair();
				let (date, cusip) = (date_key(today), instruction.cusip);
				Unmatched::<T>::insert(instruction.match_key(), own);
				PairTrades::<T>::insert(date, (lo, hi), trades);
				PairShares::<T>::insert(date, (lo, hi, cusip), shares);
				Self::open(id, &instruction);
				Queue::<T>::insert(
					date_key(instruction.settlement_date.saturating_add(1)),
					qkey(id),
					Due::Expire(id),
				);
				instruction.record(Code::NMAT, Some(Code::CMIS), block);
				Self::deposit_event(Event::Unmatched {
					instruction: Self::refs(id, &instruction, None),
					side: instruction.side,
					status: Code::NMAT,
				});
				Instructions::<T>::insert(id, instruction);
			},
		}
		Ok((id, false))
	}

	/// Instruct `instructions` in order, each in its own storage layer: a refused one is
	/// reported by [`Event::Rejected`] and changes nothing; the others go on. Returns how
	/// many did not settle at once (refused ones included). The call has checked the batch's
	/// size.
	pub(crate) fn do_instruct_batch(
		participant: ParticipantId,
		instructions: Vec<NewInstruction<Vec<u8>>>,
		today: Date,
	) -> Result<u32, DispatchError> {
		let mut not_settled = 0u32;
		let mut ahead = None;
		for (index, instruction) in instructions.into_iter().enumerate() {
			let reference = Reference::<T>::truncate_from(instruction.reference.clone());
			let result = frame_support::storage::with_storage_layer(|| {
				Self::do_instruct(participant, instruction, today, &mut ahead)
			});
			match result {
				Ok((_, true)) => {},
				Ok((_, false)) => not_settled.saturating_inc(),
				Err(error) => {
					not_settled.saturating_inc();
					let reason = match error {
						DispatchError::Module(sp_runtime::ModuleError {
							message: Some(name),
							..
						}) => rejection_reason(name),
						_ => None,
					};
					Self::deposit_event(Event::Rejected {
						participant,
						index: index as u32,
						reference,
						error,
						status: Code::REJT,
						reason,
					});
				},
			}
		}
		Ok(not_settled)
	}
}
