//! What the entitlements pallet answers to other pallets and to generic tooling.

use crate::{pallet::*, Amount, Line};
use frame_support::{
	ensure,
	traits::tokens::{
		fungibles, DepositConsequence, Fortitude, Preservation, Provenance, WithdrawConsequence,
	},
};
use pssc_primitives::{
	traits::{
		CurrencyCode, EligibilityProvider, EntitlementTransfer, HoldingsInspect,
		ParticipantRegistry,
	},
	Cusip, ParticipantId,
};
use sp_runtime::DispatchResult;

impl<T: Config> HoldingsInspect for Pallet<T> {
	fn holds_anything(id: ParticipantId) -> bool {
		// Zero balances are removed, so any stored key is a holding. One read per map.
		SecurityBalances::<T>::iter_prefix(id).next().is_some()
			|| CashBalances::<T>::iter_prefix(id).next().is_some()
	}
}

impl<T: Config> EntitlementTransfer for Pallet<T> {
	fn free_securities(who: ParticipantId, cusip: &Cusip) -> u128 {
		Self::security_balance(who, cusip).free
	}

	fn free_cash(who: ParticipantId, currency: &CurrencyCode) -> u128 {
		Self::cash_balance(who, currency).free
	}

	fn is_line_open(line: &Line) -> bool {
		!Breaks::<T>::contains_key(line)
	}

	fn transfer_securities(
		from: ParticipantId,
		to: ParticipantId,
		cusip: &Cusip,
		quantity: u128,
	) -> DispatchResult {
		Self::ensure_open(Line::Security(*cusip))?;
		if from == to || quantity == 0 {
			return Ok(());
		}
		let mut source = Self::security_balance(from, cusip);
		let mut target = Self::security_balance(to, cusip);
		source.free = source
			.free
			.checked_sub(quantity)
			.ok_or(Error::<T>::InsufficientEntitlement)?;
		target.free = target
			.free
			.checked_add(quantity)
			.ok_or(Error::<T>::Overflow)?;
		ensure!(target.total().is_some(), Error::<T>::Overflow);

		Self::put_security(from, *cusip, source);
		Self::put_security(to, *cusip, target);
		Ok(())
	}

	fn transfer_cash(
		from: ParticipantId,
		to: ParticipantId,
		currency: &CurrencyCode,
		amount: u128,
	) -> DispatchResult {
		Self::ensure_open(Line::Cash(*currency))?;
		if from == to || amount == 0 {
			return Ok(());
		}
		let mut source = Self::cash_balance(from, currency);
		let mut target = Self::cash_balance(to, currency);
		source.free = source
			.free
			.checked_sub(amount)
			.ok_or(Error::<T>::InsufficientCash)?;
		target.free = target
			.free
			.checked_add(amount)
			.ok_or(Error::<T>::Overflow)?;
		ensure!(target.total().is_some(), Error::<T>::Overflow);

		Self::put_cash(from, *currency, source);
		Self::put_cash(to, *currency, target);
		Ok(())
	}
}

/// Securities entitlements seen through frame-support's `fungibles::Inspect`, so generic
/// tooling can read them. An account sees the balance of the participant it is a key of;
/// an account that is no participant's key holds nothing.
impl<T: Config> fungibles::Inspect<T::AccountId> for Pallet<T> {
	type AssetId = Cusip;
	type Balance = Amount;

	fn total_issuance(asset: Cusip) -> Amount {
		SecurityIssuance::<T>::get(asset)
	}

	fn minimum_balance(_: Cusip) -> Amount {
		0
	}

	fn total_balance(asset: Cusip, who: &T::AccountId) -> Amount {
		T::Registry::participant_of(who)
			.and_then(|p| Self::security_balance(p, &asset).total())
			.unwrap_or_default()
	}

	fn balance(asset: Cusip, who: &T::AccountId) -> Amount {
		T::Registry::participant_of(who)
			.map(|p| Self::security_balance(p, &asset).free)
			.unwrap_or_default()
	}

	fn reducible_balance(
		asset: Cusip,
		who: &T::AccountId,
		_: Preservation,
		_: Fortitude,
	) -> Amount {
		Self::balance(asset, who)
	}

	fn can_deposit(
		asset: Cusip,
		who: &T::AccountId,
		amount: Amount,
		_: Provenance,
	) -> DepositConsequence {
		let Some(p) = T::Registry::participant_of(who) else {
			return DepositConsequence::CannotCreate;
		};
		if !Self::asset_exists(asset) {
			return DepositConsequence::UnknownAsset;
		}
		let total_ok = SecurityIssuance::<T>::get(asset)
			.checked_add(amount)
			.is_some();
		let balance_ok = Self::security_balance(p, &asset)
			.total()
			.and_then(|t| t.checked_add(amount))
			.is_some();
		if total_ok && balance_ok {
			DepositConsequence::Success
		} else {
			DepositConsequence::Overflow
		}
	}

	fn can_withdraw(
		asset: Cusip,
		who: &T::AccountId,
		amount: Amount,
	) -> WithdrawConsequence<Amount> {
		if !Self::asset_exists(asset) {
			return WithdrawConsequence::UnknownAsset;
		}
		if Self::balance(asset, who) < amount {
			WithdrawConsequence::BalanceLow
		} else {
			WithdrawConsequence::Success
		}
	}

	fn asset_exists(asset: Cusip) -> bool {
		T::Eligibility::restrictions(&asset).is_some()
	}
}
