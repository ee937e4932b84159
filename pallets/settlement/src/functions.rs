//! The settlement engine: instructing, matching, settling, pending, cancelling, and the
//! metered work of `on_initialize` and `on_idle`.

use crate::{
	cursor::{metered_walk, Walk},
	*,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::Time,
	weights::{Weight, WeightMeter},
};
use frame_system::{ensure_signed, pallet_prelude::OriginFor};
use pssc_primitives::{
	traits::{EligibilityProvider, EntitlementTransfer, Line, ParticipantRegistry},
	Cusip, ParticipantId,
};
use sp_runtime::{traits::UniqueSaturatedInto, DispatchError};

/// The queue position of instruction (or pair) `id`.
pub(crate) fn qkey(id: InstructionId) -> QueueKey {
	id.to_be_bytes()
}

impl<T: Config> Pallet<T> {
	/// The participant whose operator key signed `origin`.
	pub(crate) fn ensure_operator(origin: OriginFor<T>) -> Result<ParticipantId, DispatchError> {
		let who = ensure_signed(origin)?;
		Ok(T::Registry::operator_of(&who).ok_or(Error::<T>::NotAnOperator)?)
	}

	/// Today's business date, or `None` before the first timestamp.
	pub fn today() -> Option<Date> {
		let now: u64 = T::Time::now().unique_saturated_into();
		(now > 0).then(|| business_date(now, T::DayBoundaryShift::get()))
	}

	/// The current block's number, for the instructions' histories.
	pub(crate) fn block() -> pssc_primitives::BlockNumber {
		frame_system::Pallet::<T>::block_number().unique_saturated_into()
	}

	pub(crate) fn current_date() -> Result<Date, DispatchError> {
		Ok(Self::today().ok_or(Error::<T>::NoBusinessDate)?)
	}

	/// Every reason `new`, instructed by `participant` today, would be refused, in the order
	/// [`Self::do_instruct`] checks them: the first is the error it reports. Reads only.
	/// The pilot's limits and the matching index's bound are checked only when no
	/// counterpart waits, as the call does: a matching side does not count again.
	/// On success, the instruction as it would be stored.
	pub fn can_instruct(
		participant: ParticipantId,
		new: &NewInstruction<alloc::vec::Vec<u8>>,
		today: Date,
	) -> Result<InstructionOf<T>, alloc::vec::Vec<Error<T>>> {
		let (instruction, mut errors) = Self::instruction_checks(participant, new, today);
		let Some(instruction) = instruction else {
			return Err(errors);
		};
		let counter_key = MatchKey {
			side: new.side.opposite(),
			..instruction.match_key()
		};
		if Unmatched::<T>::decode_len(counter_key).unwrap_or(0) == 0 {
			if let Err(error) = Self::pilot_counts(&instruction) {
				errors.push(error);
			}
			if Unmatched::<T>::decode_len(instruction.match_key()).unwrap_or(0)
				>= T::MaxIdenticalUnmatched::get() as usize
			{
				errors.push(Error::<T>::TooManyIdenticalUnmatched);
			}
		}
		if errors.is_empty() {
			Ok(instruction)
		} else {
			Err(errors)
		}
	}

	/// The checks of a new instruction that do not depend on matching, every failing one in
	/// order, and the instruction as it would be stored if its CUSIP and reference are valid.
	fn instruction_checks(
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
		if let Some(cusip) = &cusip {
			check(
				T::Eligibility::is_eligible(cusip),
				Error::<T>::SecurityNotEligible,
			);
			check(
				!T::Eligibility::restrictions(cusip).is_none_or(|r| r.delivery_chill),
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

	/// The pair's trades and shares of the security for `instruction`'s trade date with it
	/// counted, or the pilot limit it would break.
	fn pilot_counts(instruction: &InstructionOf<T>) -> Result<(u32, Amount), Error<T>> {
		let params = Params::<T>::get();
		let date = date_key(instruction.trade_date);
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

	/// Check one side of a trade, store it, match it and, if due today, settle it. Checks
	/// everything before it writes; returns the new instruction's id and whether a settlement
	/// was attempted.
	pub(crate) fn do_instruct(
		participant: ParticipantId,
		new: NewInstruction<alloc::vec::Vec<u8>>,
		today: Date,
	) -> Result<(InstructionId, bool), DispatchError> {
		let (instruction, errors) = Self::instruction_checks(participant, &new, today);
		if let Some(error) = errors.into_iter().next() {
			return Err(error.into());
		}
		let mut instruction = instruction.ok_or(Error::<T>::Inconsistent)?;
		let id = NextInstructionId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let block = Self::block();
		instruction.record(Code::PACK, None, block);
		let own_key = instruction.match_key();
		let counter_key = MatchKey {
			side: new.side.opposite(),
			..own_key
		};
		let mut waiting = Unmatched::<T>::get(counter_key);

		if let Some(&other_id) = waiting.first() {
			let mut other = Instructions::<T>::get(other_id).ok_or(Error::<T>::Inconsistent)?;
			ensure!(other.status == Status::Unmatched, Error::<T>::Inconsistent);
			waiting.remove(0);
			Self::put_unmatched(counter_key, waiting);
			other.set_status(Status::Matched, block);
			other.counterpart = Some(id);
			instruction.set_status(Status::Matched, block);
			instruction.counterpart = Some(other_id);
			NextInstructionId::<T>::put(next);
			References::<T>::insert(participant, &instruction.reference, id);
			Self::open(id, &instruction);
			let (pair, deliver, receive) = Self::deliver_first(id, instruction, other_id, other);
			Self::deposit_event(Event::Matched {
				instruction: Self::refs(pair.deliver, &deliver, Some((pair.receive, &receive))),
				settlement_date: deliver.settlement_date,
				status: Code::MACH,
			});
			if deliver.settlement_date == today {
				Self::attempt(pair, deliver, receive, today);
				return Ok((id, true));
			} else {
				Queue::<T>::insert(
					date_key(deliver.settlement_date),
					qkey(pair.id()),
					Due::Settle(pair),
				);
				Self::put_pair(pair, &deliver, &receive);
			}
		} else {
			let (trades, shares) = Self::pilot_counts(&instruction)?;
			let (lo, hi) = instruction.pair();
			let (date, cusip) = (date_key(instruction.trade_date), instruction.cusip);
			let mut own = Unmatched::<T>::get(own_key);
			own.try_push(id)
				.map_err(|_| Error::<T>::TooManyIdenticalUnmatched)?;

			Unmatched::<T>::insert(own_key, own);
			PairTrades::<T>::insert(date, (lo, hi), trades);
			PairShares::<T>::insert(date, (lo, hi, cusip), shares);
			NextInstructionId::<T>::put(next);
			References::<T>::insert(participant, &instruction.reference, id);
			Self::open(id, &instruction);
			Queue::<T>::insert(
				date_key(instruction.settlement_date.saturating_add(1)),
				qkey(id),
				Due::Expire(id),
			);
			instruction.record(Code::NMAT, None, block);
			Self::deposit_event(Event::Unmatched {
				instruction: Self::refs(id, &instruction, None),
				side: instruction.side,
				status: Code::NMAT,
			});
			Instructions::<T>::insert(id, instruction);
		}
		Ok((id, false))
	}

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

	/// The pair `instruction` (with id `id`) belongs to, deliver side first.
	pub(crate) fn load_pair(
		id: InstructionId,
		instruction: InstructionOf<T>,
	) -> Result<(PairIds, InstructionOf<T>, InstructionOf<T>), DispatchError> {
		let other_id = instruction.counterpart.ok_or(Error::<T>::Inconsistent)?;
		let other = Instructions::<T>::get(other_id).ok_or(Error::<T>::Inconsistent)?;
		Ok(Self::deliver_first(id, instruction, other_id, other))
	}

	/// Two matched instructions as a pair, the deliver side first.
	fn deliver_first(
		id: InstructionId,
		instruction: InstructionOf<T>,
		other_id: InstructionId,
		other: InstructionOf<T>,
	) -> (PairIds, InstructionOf<T>, InstructionOf<T>) {
		match instruction.side {
			Side::Deliver => (
				PairIds {
					deliver: id,
					receive: other_id,
				},
				instruction,
				other,
			),
			Side::Receive => (
				PairIds {
					deliver: other_id,
					receive: id,
				},
				other,
				instruction,
			),
		}
	}

	/// Both bodies of `pair`, if neither was pruned.
	fn pair_bodies(pair: PairIds) -> Option<(InstructionOf<T>, InstructionOf<T>)> {
		Some((
			Instructions::<T>::get(pair.deliver)?,
			Instructions::<T>::get(pair.receive)?,
		))
	}

	/// Try to settle a due pair now: settle it, leave it pending with the reason, or cancel
	/// it if the pair may no longer settle at all.
	pub(crate) fn attempt(
		pair: PairIds,
		deliver: InstructionOf<T>,
		receive: InstructionOf<T>,
		today: Date,
	) {
		let (seller, buyer) = (deliver.participant, receive.participant);
		if !T::Registry::are_mutually_approved(seller, buyer) {
			let reason = CancelReason::CounterpartyRevoked;
			return Self::cancel_pair(pair, deliver, receive, reason, None, today);
		}
		if !T::Eligibility::is_eligible(&deliver.cusip) {
			let reason = CancelReason::EligibilityLost;
			return Self::cancel_pair(pair, deliver, receive, reason, None, today);
		}
		let reason = if !T::Registry::is_active(seller) {
			Some(PendingReason::Bloc(seller))
		} else if !T::Registry::is_active(buyer) {
			Some(PendingReason::Bloc(buyer))
		} else if T::Eligibility::restrictions(&deliver.cusip).is_none_or(|r| r.delivery_chill) {
			Some(PendingReason::Sblo)
		} else {
			Self::exchange(
				seller,
				buyer,
				&deliver.cusip,
				deliver.quantity,
				deliver.amount,
			)
			.err()
			.map(|_| Self::shortfall(&deliver))
		};
		match reason {
			None => Self::settled(pair, deliver, receive, today),
			Some(reason) => Self::pend(pair, deliver, receive, reason, today),
		}
	}

	/// Both legs in one storage transaction: securities from seller to buyer, cash from
	/// buyer to seller. If either fails, nothing at all is changed.
	pub fn exchange(
		seller: ParticipantId,
		buyer: ParticipantId,
		cusip: &Cusip,
		quantity: Amount,
		amount: Amount,
	) -> DispatchResult {
		frame_support::storage::with_storage_layer(|| {
			T::Entitlements::transfer_securities(seller, buyer, cusip, quantity)?;
			T::Entitlements::transfer_cash(buyer, seller, &T::SettlementCurrency::get(), amount)
		})
	}

	/// Why the exchange of `deliver`'s pair failed.
	fn shortfall(deliver: &InstructionOf<T>) -> PendingReason {
		let currency = T::SettlementCurrency::get();
		if T::Entitlements::free_securities(deliver.participant, &deliver.cusip) < deliver.quantity
		{
			PendingReason::Lack
		} else if T::Entitlements::free_cash(deliver.counterparty, &currency) < deliver.amount {
			PendingReason::Mony
		} else if !T::Entitlements::is_line_open(&Line::Security(deliver.cusip)) {
			PendingReason::Sblo
		} else {
			PendingReason::Cblo
		}
	}

	/// What a pair pending for `reason` waits for.
	pub(crate) fn wait_key(deliver: &InstructionOf<T>, reason: PendingReason) -> WaitKey {
		let currency = T::SettlementCurrency::get();
		match reason {
			PendingReason::Lack => WaitKey::Securities(deliver.participant, deliver.cusip),
			PendingReason::Mony => WaitKey::Cash(deliver.counterparty, currency),
			PendingReason::Bloc(p) => WaitKey::Participant(p),
			PendingReason::Sblo => WaitKey::Line(Line::Security(deliver.cusip)),
			PendingReason::Cblo => WaitKey::Line(Line::Cash(currency)),
		}
	}

	/// The pair settled: record it, charge the fees, retry what waits for what it credited.
	fn settled(
		pair: PairIds,
		mut deliver: InstructionOf<T>,
		mut receive: InstructionOf<T>,
		today: Date,
	) {
		if let Some(reason) = deliver.status.pending_reason() {
			Waiting::<T>::remove(Self::wait_key(&deliver, reason), qkey(pair.id()));
		}
		let block = Self::block();
		deliver.set_status(Status::Settled, block);
		receive.set_status(Status::Settled, block);
		let (seller, buyer) = (deliver.participant, receive.participant);
		let params = Params::<T>::get();
		Self::accrue(seller, deliver.quantity, today, &params);
		Self::accrue(buyer, deliver.quantity, today, &params);
		Self::close(pair.deliver, &deliver, today);
		Self::close(pair.receive, &receive, today);
		Self::note_credit(WaitKey::Securities(buyer, deliver.cusip));
		Self::note_credit(WaitKey::Cash(seller, T::SettlementCurrency::get()));
		Self::deposit_event(Event::Settled {
			instruction: Self::refs(pair.deliver, &deliver, Some((pair.receive, &receive))),
			seller,
			buyer,
			cusip: deliver.cusip,
			quantity: deliver.quantity,
			amount: deliver.amount,
			status: Code::SETT,
		});
		Self::put_pair(pair, &deliver, &receive);
	}

	/// The pair did not settle for `reason`: PEND on its settlement date, PENF after. Files
	/// it under what it waits for. Nothing is written when nothing changed.
	pub(crate) fn pend(
		pair: PairIds,
		mut deliver: InstructionOf<T>,
		mut receive: InstructionOf<T>,
		reason: PendingReason,
		today: Date,
	) {
		let status = if today > deliver.settlement_date {
			Status::Failing(reason)
		} else {
			Status::Pending(reason)
		};
		if deliver.status == status {
			return;
		}
		let key = qkey(pair.id());
		let old = deliver
			.status
			.pending_reason()
			.map(|r| Self::wait_key(&deliver, r));
		let new = Self::wait_key(&deliver, reason);
		if old != Some(new) {
			if let Some(old) = old {
				Waiting::<T>::remove(old, key);
			}
			Waiting::<T>::insert(new, key, pair);
		}
		if deliver.status == Status::Matched && matches!(status, Status::Pending(_)) {
			Queue::<T>::insert(
				date_key(deliver.settlement_date.saturating_add(1)),
				key,
				Due::Fail(pair),
			);
		}
		let block = Self::block();
		deliver.set_status(status, block);
		receive.set_status(status, block);
		Self::deposit_event(Event::SettlementPending {
			instruction: Self::refs(pair.deliver, &deliver, Some((pair.receive, &receive))),
			status: status.code(),
			reason: reason.code(),
		});
		Self::put_pair(pair, &deliver, &receive);
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
			detail,
		});
		Self::put_pair(pair, &deliver, &receive);
	}

	/// Cancel an unmatched instruction; its trade no longer counts against the pair's limits.
	pub(crate) fn cancel_unmatched(
		id: InstructionId,
		mut instruction: InstructionOf<T>,
		reason: CancelReason,
		detail: Option<BoundedVec<u8, T::MaxReasonLen>>,
		today: Date,
	) {
		let key = instruction.match_key();
		let mut waiting = Unmatched::<T>::get(key);
		waiting.retain(|other| *other != id);
		Self::put_unmatched(key, waiting);
		let (lo, hi) = instruction.pair();
		let date = date_key(instruction.trade_date);
		match PairTrades::<T>::get(date, (lo, hi)).saturating_sub(1) {
			0 => PairTrades::<T>::remove(date, (lo, hi)),
			n => PairTrades::<T>::insert(date, (lo, hi), n),
		}
		let shares_key = (lo, hi, instruction.cusip);
		match PairShares::<T>::get(date, shares_key).saturating_sub(instruction.quantity) {
			0 => PairShares::<T>::remove(date, shares_key),
			n => PairShares::<T>::insert(date, shares_key, n),
		}
		let block = Self::block();
		instruction.set_status(Status::Cancelled(reason), block);
		Self::close(id, &instruction, today);
		Self::deposit_event(Event::Cancelled {
			instruction: Self::refs(id, &instruction, None),
			status: Code::CAND,
			reason: reason.code(),
			detail,
		});
		Instructions::<T>::insert(id, instruction);
	}

	fn put_unmatched(key: MatchKey, list: BoundedVec<InstructionId, T::MaxIdenticalUnmatched>) {
		if list.is_empty() {
			Unmatched::<T>::remove(key);
		} else {
			Unmatched::<T>::insert(key, list);
		}
	}

	fn put_pair(pair: PairIds, deliver: &InstructionOf<T>, receive: &InstructionOf<T>) {
		Instructions::<T>::insert(pair.deliver, deliver);
		Instructions::<T>::insert(pair.receive, receive);
	}

	/// File a new instruction in the open indices.
	fn open(id: InstructionId, instruction: &InstructionOf<T>) {
		OpenByParticipant::<T>::insert(instruction.participant, id, ());
		OpenBySecurity::<T>::insert(instruction.cusip, id, ());
	}

	/// Take a final instruction out of the open indices and file it for pruning.
	fn close(id: InstructionId, instruction: &InstructionOf<T>, today: Date) {
		OpenByParticipant::<T>::remove(instruction.participant, id);
		OpenBySecurity::<T>::remove(instruction.cusip, id);
		Finished::<T>::insert(date_key(today), id, ());
	}

	/// The references of `id` and, if given, its counterpart.
	pub(crate) fn refs(
		id: InstructionId,
		instruction: &InstructionOf<T>,
		other: Option<(InstructionId, &InstructionOf<T>)>,
	) -> RefsOf<T> {
		Refs {
			id,
			participant: instruction.participant,
			reference: instruction.reference.clone(),
			counterpart: other.map(|(other_id, _)| other_id),
			counterpart_reference: other.map(|(_, o)| o.reference.clone()),
		}
	}

	fn accrue(participant: ParticipantId, quantity: Amount, today: Date, params: &Parameters) {
		Fees::<T>::mutate(participant, month_of(today), |fees| {
			fees.trades = fees.trades.saturating_add(1);
			fees.shares = fees.shares.saturating_add(quantity);
			fees.accrued = fees.accrued.saturating_add(
				params
					.fee_per_trade
					.saturating_add(params.fee_per_share.saturating_mul(quantity)),
			);
		});
	}

	/// `key` grew: if pairs wait for it, retry them from the first.
	pub(crate) fn note_credit(key: WaitKey) {
		if Waiting::<T>::iter_key_prefix(key).next().is_some() {
			Retry::<T>::insert(key, None::<QueueKey>);
		}
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

	/// Work off the date queue, earliest date first, up to today.
	fn process_queue(today: Date, meter: &mut WeightMeter) {
		let read = T::WeightInfo::scheduler_read();
		metered_walk(
			Queue::<T>::iter(),
			meter,
			read,
			|(date, key, due), meter| {
				if Date::from_be_bytes(date) > today
					|| meter.try_consume(T::WeightInfo::scheduled_item()).is_err()
				{
					return false;
				}
				Queue::<T>::remove(date, key);
				Self::handle_due(due, today);
				true
			},
		);
	}

	fn handle_due(due: Due, today: Date) {
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
	fn sweep_holds(sweep: Sweep) -> bool {
		match sweep {
			Sweep::EligibilityLost(cusip) => !T::Eligibility::is_eligible(&cusip),
			Sweep::Revoked(a, b) => !T::Registry::are_mutually_approved(a, b),
			Sweep::Suspended(p) => !T::Registry::is_active(p),
		}
	}

	/// The next open instruction `sweep` looks at, after `after`.
	fn sweep_next(sweep: Sweep, after: Option<InstructionId>) -> Option<InstructionId> {
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

	/// Work off the hooks' sweeps, each from where it got to, and keep the cursor of the one
	/// the meter stops in.
	fn process_sweeps(today: Date, meter: &mut WeightMeter) {
		let read = T::WeightInfo::scheduler_read();
		metered_walk(
			Sweeps::<T>::iter(),
			meter,
			read,
			|(sweep, mut after), meter| {
				let holds = Self::sweep_holds(sweep);
				let mut first = true;
				loop {
					// The sweep's own entry was charged by the walk; every later look is charged here.
					if !first && meter.try_consume(read).is_err() {
						Sweeps::<T>::insert(sweep, after);
						return false;
					}
					first = false;
					let next = if holds {
						Self::sweep_next(sweep, after)
					} else {
						None
					};
					let Some(id) = next else {
						Sweeps::<T>::remove(sweep);
						return true;
					};
					if meter.try_consume(T::WeightInfo::scheduled_item()).is_err() {
						Sweeps::<T>::insert(sweep, after);
						return false;
					}
					after = Some(id);
					Self::sweep_one(sweep, id, today);
				}
			},
		);
	}

	fn sweep_one(sweep: Sweep, id: InstructionId, today: Date) {
		let Some(instruction) = Instructions::<T>::get(id) else {
			return;
		};
		if instruction.status.is_final() {
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
	fn process_retries(today: Date, meter: &mut WeightMeter) {
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
				if meter.try_consume(T::WeightInfo::scheduled_item()).is_err() {
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
					Retry::<T>::remove(key);
					true
				},
				Walk::Stopped => {
					Retry::<T>::insert(key, position);
					false
				},
			}
		});
	}

	/// Prune, within `limit`, the bodies of instructions final for more than
	/// [`Config::RetentionDays`], keeping their [`Outcome`].
	pub(crate) fn prune(limit: Weight) -> Weight {
		let mut meter = WeightMeter::with_limit(limit);
		if meter
			.try_consume(T::WeightInfo::scheduler_read().saturating_mul(2))
			.is_err()
		{
			return meter.consumed();
		}
		let Some(today) = Self::today() else {
			return meter.consumed();
		};
		let read = T::WeightInfo::scheduler_read();
		metered_walk(
			Finished::<T>::iter(),
			&mut meter,
			read,
			|(key, id, ()), meter| {
				let date = Date::from_be_bytes(key);
				if date.saturating_add(T::RetentionDays::get()) >= today
					|| meter.try_consume(T::WeightInfo::prune_item()).is_err()
				{
					return false;
				}
				Finished::<T>::remove(key, id);
				if let Some(instruction) = Instructions::<T>::take(id) {
					Outcomes::<T>::insert(
						id,
						Outcome {
							status: instruction.status,
							date,
						},
					);
				}
				true
			},
		);
		// No new instruction may carry a trade date before `oldest`: its counters can go.
		let oldest = today.saturating_sub(T::MaxSettlementHorizon::get());
		let stale = |key: DateKey| Date::from_be_bytes(key) < oldest;
		let item = T::WeightInfo::prune_item();
		metered_walk(
			PairTrades::<T>::iter_keys(),
			&mut meter,
			item,
			|(key, pair), _| {
				stale(key) && {
					PairTrades::<T>::remove(key, pair);
					true
				}
			},
		);
		metered_walk(
			PairShares::<T>::iter_keys(),
			&mut meter,
			item,
			|(key, line), _| {
				stale(key) && {
					PairShares::<T>::remove(key, line);
					true
				}
			},
		);
		meter.consumed()
	}

	/// Where instruction `id` stands, also after its body was pruned.
	pub fn status_of(id: InstructionId) -> Option<Status> {
		Instructions::<T>::get(id)
			.map(|i| i.status)
			.or_else(|| Outcomes::<T>::get(id).map(|o| o.status))
	}
}
