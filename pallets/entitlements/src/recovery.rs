//! Recovery of a participant whose keys are lost: the board moves its holdings to a successor.
//! (Delivering them out goes through the withdrawal functions, in `functions.rs`.)

use crate::{pallet::*, Line};
use alloc::{collections::BTreeSet, vec::Vec};
use frame_support::{ensure, pallet_prelude::*};
use pssc_primitives::{
	traits::{OnCredit, ParticipantRegistry, ParticipantStatus},
	ParticipantId,
};

impl<T: Config> Pallet<T> {
	/// Move the free holdings of `from` in each of `lines` to `to`; see
	/// [`Pallet::transfer_holdings`]. Checks every line first, then writes.
	pub(crate) fn do_transfer_holdings(
		from: ParticipantId,
		to: ParticipantId,
		lines: Vec<Line>,
	) -> DispatchResult {
		ensure!(from != to, Error::<T>::SameParticipant);
		ensure!(
			T::Registry::status(from) == Some(ParticipantStatus::Suspended),
			Error::<T>::ParticipantNotSuspended
		);
		ensure!(T::Registry::is_active(to), Error::<T>::ParticipantNotActive);
		let distinct: BTreeSet<Line> = lines.iter().copied().collect();
		ensure!(
			!lines.is_empty()
				&& lines.len() <= T::MaxRecoveryLines::get() as usize
				&& distinct.len() == lines.len(),
			Error::<T>::InvalidLines
		);

		let mut moves = Vec::with_capacity(lines.len());
		for line in lines {
			Self::ensure_open(line)?;
			let (source, target) = match line {
				Line::Security(cusip) => (
					Self::security_balance(from, &cusip),
					Self::security_balance(to, &cusip),
				),
				Line::Cash(currency) => (
					Self::cash_balance(from, &currency),
					Self::cash_balance(to, &currency),
				),
			};
			let amount = source.free;
			ensure!(amount > 0, Error::<T>::NothingToMove);
			let mut target = target;
			target.free = target
				.free
				.checked_add(amount)
				.ok_or(Error::<T>::Overflow)?;
			ensure!(target.total().is_some(), Error::<T>::Overflow);
			let mut source = source;
			source.free = 0;
			moves.push((line, amount, source, target));
		}

		for (line, amount, source, target) in moves {
			match line {
				Line::Security(cusip) => {
					Self::put_security(from, cusip, source);
					Self::put_security(to, cusip, target);
				},
				Line::Cash(currency) => {
					Self::put_cash(from, currency, source);
					Self::put_cash(to, currency, target);
				},
			}
			T::OnCredit::on_credit(to, line);
			Self::deposit_event(Event::HoldingsTransferred {
				from,
				to,
				line,
				amount,
			});
		}
		Ok(())
	}
}
