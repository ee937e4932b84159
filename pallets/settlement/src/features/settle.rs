//! Settling a due pair: both legs atomically, or pending with the reason it waits for.

use crate::{features::qkey, *};
use frame_support::{ensure, pallet_prelude::*};
use pssc_primitives::{
	traits::{EligibilityProvider, EntitlementTransfer, Line, ParticipantRegistry},
	Cusip, ParticipantId,
};

impl<T: Config> Pallet<T> {
	/// Try to settle a due pair now: settle it, leave it pending with the reason, or cancel
	/// it if the pair may no longer settle at all (an approval withdrawn, the security
	/// dropped). A security DTC globally locked or chilled holds the pair (SBLO).
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
		// One read when the security may be delivered, which is the common case.
		let deliverable = T::Eligibility::is_deliverable(&deliver.cusip);
		if !deliverable && T::Eligibility::is_dropped(&deliver.cusip) {
			let reason = CancelReason::EligibilityLost;
			return Self::cancel_pair(pair, deliver, receive, reason, None, today);
		}
		let reason = if !T::Registry::is_active(seller) {
			Some(PendingReason::Bloc(seller))
		} else if !T::Registry::is_active(buyer) {
			Some(PendingReason::Bloc(buyer))
		} else if !deliverable {
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
			None => Self::settled(pair, deliver, receive, today, None),
			Some(reason) => Self::pend(pair, deliver, receive, reason, today),
		}
	}

	/// Settle a pair that matched in this call and is due today. The call has just checked
	/// everything [`Self::attempt`] checks (both sides active and mutually approved, the
	/// security eligible, its deliveries not chilled), so only the exchange is left. The new
	/// side `fresh` is filed in the open indices only if the pair stays pending.
	pub(crate) fn settle_matched_now(
		pair: PairIds,
		deliver: InstructionOf<T>,
		receive: InstructionOf<T>,
		fresh: InstructionId,
		today: Date,
	) {
		let exchanged = Self::exchange(
			deliver.participant,
			receive.participant,
			&deliver.cusip,
			deliver.quantity,
			deliver.amount,
		);
		match exchanged {
			Ok(()) => Self::settled(pair, deliver, receive, today, Some(fresh)),
			Err(_) => {
				let reason = Self::shortfall(&deliver);
				let new = if fresh == pair.deliver {
					&deliver
				} else {
					&receive
				};
				Self::open(fresh, new);
				Self::pend(pair, deliver, receive, reason, today)
			},
		}
	}

	/// A party to the pending or failing pair of `id` asks to try it again now.
	pub(crate) fn do_retry(
		participant: ParticipantId,
		id: InstructionId,
		today: Date,
	) -> DispatchResult {
		let instruction = Instructions::<T>::get(id).ok_or(Error::<T>::UnknownInstruction)?;
		ensure!(
			instruction.participant == participant || instruction.counterparty == participant,
			Error::<T>::NotYourInstruction
		);
		ensure!(
			instruction.status.pending_reason().is_some(),
			Error::<T>::NotPending
		);
		let (pair, deliver, receive) = Self::load_pair(id, instruction)?;
		Self::attempt(pair, deliver, receive, today);
		Ok(())
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
	pub(crate) fn shortfall(deliver: &InstructionOf<T>) -> PendingReason {
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
	/// `fresh` names a side instructed in this call and never filed in the open indices.
	pub(crate) fn settled(
		pair: PairIds,
		mut deliver: InstructionOf<T>,
		mut receive: InstructionOf<T>,
		today: Date,
		fresh: Option<InstructionId>,
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
		for (id, instruction) in [(pair.deliver, &deliver), (pair.receive, &receive)] {
			if fresh == Some(id) {
				Finished::<T>::insert(date_key(today), id, ());
			} else {
				Self::close(id, instruction, today);
			}
		}
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

	pub(crate) fn accrue(
		participant: ParticipantId,
		quantity: Amount,
		today: Date,
		params: &Parameters,
	) {
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

	/// `key` grew: if pairs wait for it, retry them from the first. A retry of `key` already
	/// under way goes on from where it got to, then runs once more from the first
	/// ([`RetryAgain`]), so credits arriving every block cannot keep it from the end of a
	/// long list.
	pub(crate) fn note_credit(key: WaitKey) {
		if Waiting::<T>::iter_key_prefix(key).next().is_none() {
			return;
		}
		match Retry::<T>::get(key) {
			None => Retry::<T>::insert(key, None::<QueueKey>),
			Some(None) => {},
			Some(Some(_)) => RetryAgain::<T>::insert(key, ()),
		}
	}
}
