//! Internal functions of the entitlements pallet.

use crate::{pallet::*, Amount, Bank, Issuer, Line, Withdrawal, WithdrawalId};
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::{ensure, pallet_prelude::*};
use frame_system::{ensure_signed, pallet_prelude::OriginFor};
use pssc_primitives::api::CustodianReport;
use pssc_primitives::{
	traits::{CurrencyCode, DtcGatewayRole, EligibilityProvider, ParticipantRegistry},
	Cusip, ParticipantId, RawCusip,
};

impl<T: Config> Pallet<T> {
	pub(crate) fn cusip(raw: RawCusip) -> Result<Cusip, Error<T>> {
		Cusip::new(&raw).map_err(|_| Error::<T>::InvalidCusip)
	}

	pub(crate) fn ensure_gateway(origin: OriginFor<T>) -> Result<T::AccountId, DispatchError> {
		let who = ensure_signed(origin)?;
		ensure!(
			T::DtcGateway::is_dtc_gateway(&who),
			Error::<T>::NotDtcGateway
		);
		Ok(who)
	}

	/// The settling bank whose key signed `origin`, by the account it was appointed as, and
	/// its record.
	pub(crate) fn ensure_bank(
		origin: OriginFor<T>,
	) -> Result<(T::AccountId, Bank<T::AccountId>), DispatchError> {
		let who = ensure_signed(origin)?;
		let bank = BankKeys::<T>::get(&who).ok_or(Error::<T>::NotSettlingBank)?;
		let record = SettlingBanks::<T>::get(&bank).ok_or(Error::<T>::NotSettlingBank)?;
		Ok((bank, record))
	}

	/// Replace the key that signs for `bank` with `new`; see
	/// [`Pallet::replace_settling_bank_key`].
	pub(crate) fn do_replace_bank_key(bank: T::AccountId, new: T::AccountId) -> DispatchResult {
		let mut record = SettlingBanks::<T>::get(&bank).ok_or(Error::<T>::NotSettlingBank)?;
		ensure!(
			!BankKeys::<T>::contains_key(&new) && !SettlingBanks::<T>::contains_key(&new),
			Error::<T>::BankKeyInUse
		);

		let old = core::mem::replace(&mut record.key, new.clone());
		BankKeys::<T>::remove(&old);
		BankKeys::<T>::insert(&new, &bank);
		SettlingBanks::<T>::insert(&bank, record);
		frame_system::Pallet::<T>::inc_providers(&new);
		Self::release_key(&bank, &old);
		Self::deposit_event(Event::SettlingBankKeyReplaced { bank, old, new });
		Ok(())
	}

	/// A key that no longer signs for `bank` gives up the provider reference it got for the
	/// role, unless it is the bank's own account (which keeps its reference while the bank
	/// exists) or something else still needs its account.
	pub(crate) fn release_key(bank: &T::AccountId, key: &T::AccountId) {
		if key != bank && frame_system::Pallet::<T>::can_dec_provider(key) {
			let _ = frame_system::Pallet::<T>::dec_providers(key);
		}
	}

	/// The participant whose key (admin or operator) signed `origin`.
	pub(crate) fn ensure_participant(origin: OriginFor<T>) -> Result<ParticipantId, DispatchError> {
		let who = ensure_signed(origin)?;
		Ok(T::Registry::participant_of(&who).ok_or(Error::<T>::NotAParticipant)?)
	}

	/// `who` is the custodian that answers `withdrawal`: the DTC gateway for securities, the
	/// key that signs for the paying bank now for cash.
	pub(crate) fn ensure_custodian(
		who: &T::AccountId,
		withdrawal: &Withdrawal<T::AccountId>,
	) -> DispatchResult {
		let is_custodian = match (&withdrawal.line, &withdrawal.bank) {
			(Line::Security(_), _) => T::DtcGateway::is_dtc_gateway(who),
			(Line::Cash(_), Some(bank)) => BankKeys::<T>::get(who).as_ref() == Some(bank),
			(Line::Cash(_), None) => false,
		};
		ensure!(is_custodian, Error::<T>::NotTheCustodian);
		Ok(())
	}

	pub(crate) fn ensure_open(line: Line) -> DispatchResult {
		ensure!(!Breaks::<T>::contains_key(line), Error::<T>::LineStopped);
		Ok(())
	}

	/// A non-empty reference of `issuer` that never minted before.
	pub(crate) fn new_reference(
		issuer: Issuer<T::AccountId>,
		reference: Vec<u8>,
	) -> Result<BoundedVec<u8, T::MaxReferenceLen>, DispatchError> {
		ensure!(!reference.is_empty(), Error::<T>::InvalidReference);
		let reference: BoundedVec<u8, T::MaxReferenceLen> = reference
			.try_into()
			.map_err(|_| Error::<T>::InvalidReference)?;
		ensure!(
			!UsedReferences::<T>::contains_key((issuer, reference.clone())),
			Error::<T>::ReferenceAlreadyUsed
		);
		Ok(reference)
	}

	/// Hold `quantity` of `participant`'s free `cusip` for a withdrawal to its DTC account;
	/// see [`Pallet::request_withdrawal`]. Checks first, then writes.
	pub(crate) fn do_request_withdrawal(
		participant: ParticipantId,
		cusip: RawCusip,
		quantity: Amount,
	) -> Result<WithdrawalId, DispatchError> {
		let cusip = Self::cusip(cusip)?;
		ensure!(quantity > 0, Error::<T>::ZeroAmount);
		let restrictions =
			T::Eligibility::restrictions(&cusip).ok_or(Error::<T>::UnknownSecurity)?;
		ensure!(
			!restrictions.global_lock,
			Error::<T>::SecurityGloballyLocked
		);
		ensure!(
			!restrictions.withdrawal_chill,
			Error::<T>::WithdrawalsChilled
		);
		Self::ensure_open(Line::Security(cusip))?;
		let mut balance = SecurityBalances::<T>::get(participant, cusip).unwrap_or_default();
		balance.free = balance
			.free
			.checked_sub(quantity)
			.ok_or(Error::<T>::InsufficientEntitlement)?;
		balance.held = balance
			.held
			.checked_add(quantity)
			.ok_or(Error::<T>::Overflow)?;
		let id = NextWithdrawalId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;

		SecurityBalances::<T>::insert(participant, cusip, balance);
		let line = Line::Security(cusip);
		Withdrawals::<T>::insert(
			id,
			Withdrawal {
				participant,
				line,
				amount: quantity,
				bank: None,
			},
		);
		NextWithdrawalId::<T>::put(next);
		Self::deposit_event(Event::WithdrawalRequested {
			id,
			participant,
			line,
			amount: quantity,
		});
		Ok(id)
	}

	/// Hold `amount` of `participant`'s free cash for `bank` to pay out; see
	/// [`Pallet::request_cash_withdrawal`]. Checks first, then writes.
	pub(crate) fn do_request_cash_withdrawal(
		participant: ParticipantId,
		bank: T::AccountId,
		amount: Amount,
	) -> Result<WithdrawalId, DispatchError> {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		let mut record = SettlingBanks::<T>::get(&bank).ok_or(Error::<T>::NotSettlingBank)?;
		let currency = record.currency;
		Self::ensure_open(Line::Cash(currency))?;
		let mut balance = CashBalances::<T>::get(participant, currency).unwrap_or_default();
		balance.free = balance
			.free
			.checked_sub(amount)
			.ok_or(Error::<T>::InsufficientCash)?;
		balance.held = balance
			.held
			.checked_add(amount)
			.ok_or(Error::<T>::Overflow)?;
		record.pending_out = record
			.pending_out
			.checked_add(amount)
			.ok_or(Error::<T>::Overflow)?;
		ensure!(
			record.pending_out <= record.total,
			Error::<T>::BankCashShort
		);
		let id = NextWithdrawalId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;

		CashBalances::<T>::insert(participant, currency, balance);
		SettlingBanks::<T>::insert(&bank, record);
		let line = Line::Cash(currency);
		Withdrawals::<T>::insert(
			id,
			Withdrawal {
				participant,
				line,
				amount,
				bank: Some(bank),
			},
		);
		NextWithdrawalId::<T>::put(next);
		Self::deposit_event(Event::WithdrawalRequested {
			id,
			participant,
			line,
			amount,
		});
		Ok(id)
	}

	/// End withdrawal `id`: burn the held amount (`confirmed`) or free it again. Checks first,
	/// then writes.
	pub(crate) fn settle_withdrawal(
		id: WithdrawalId,
		withdrawal: &Withdrawal<T::AccountId>,
		confirmed: bool,
	) -> DispatchResult {
		let Withdrawal {
			participant,
			line,
			amount,
			bank,
		} = withdrawal;
		let mut balance = match line {
			Line::Security(cusip) => SecurityBalances::<T>::get(participant, cusip),
			Line::Cash(currency) => CashBalances::<T>::get(participant, currency),
		}
		.unwrap_or_default();
		balance.held = balance
			.held
			.checked_sub(*amount)
			.ok_or(Error::<T>::Overflow)?;
		if !confirmed {
			balance.free = balance
				.free
				.checked_add(*amount)
				.ok_or(Error::<T>::Overflow)?;
		}
		let issuance = match line {
			Line::Security(cusip) if confirmed => Some(
				SecurityIssuance::<T>::get(cusip)
					.checked_sub(*amount)
					.ok_or(Error::<T>::Overflow)?,
			),
			_ => None,
		};
		let bank_record = match bank {
			Some(bank) => {
				let mut record =
					SettlingBanks::<T>::get(bank).ok_or(Error::<T>::NotSettlingBank)?;
				record.pending_out = record
					.pending_out
					.checked_sub(*amount)
					.ok_or(Error::<T>::Overflow)?;
				if confirmed {
					record.total = record
						.total
						.checked_sub(*amount)
						.ok_or(Error::<T>::Overflow)?;
				}
				Some((bank, record))
			},
			None => None,
		};

		match line {
			Line::Security(cusip) => {
				Self::put_security(*participant, *cusip, balance);
				if let Some(issuance) = issuance {
					SecurityIssuance::<T>::insert(cusip, issuance);
				}
			},
			Line::Cash(currency) => Self::put_cash(*participant, *currency, balance),
		}
		if let Some((bank, record)) = bank_record {
			SettlingBanks::<T>::insert(bank, record);
		}
		Withdrawals::<T>::remove(id);
		Ok(())
	}

	/// Write a securities balance, removing it when it is zero.
	pub(crate) fn put_security(participant: ParticipantId, cusip: Cusip, balance: crate::Balance) {
		if balance.is_zero() {
			SecurityBalances::<T>::remove(participant, cusip);
		} else {
			SecurityBalances::<T>::insert(participant, cusip, balance);
		}
	}

	/// Write a cash balance, removing it when it is zero.
	pub(crate) fn put_cash(
		participant: ParticipantId,
		currency: CurrencyCode,
		balance: crate::Balance,
	) {
		if balance.is_zero() {
			CashBalances::<T>::remove(participant, currency);
		} else {
			CashBalances::<T>::insert(participant, currency, balance);
		}
	}

	/// Compare a custodian's report with the ledger; record a break on a mismatch. An open
	/// break is kept as it was first recorded: a later report (matching or not, from DTC or
	/// from another bank of the currency) is the custodian's last report and its event, and
	/// does not overwrite the break the agency is to resolve.
	pub(crate) fn reconcile(
		line: Line,
		ledger: Amount,
		reported: Amount,
		as_of: u64,
	) -> CustodianReport {
		let report = CustodianReport {
			ledger,
			reported,
			as_of,
		};
		if ledger == reported {
			Self::deposit_event(Event::Reconciled {
				line,
				ledger,
				reported,
				as_of,
			});
		} else {
			if !Breaks::<T>::contains_key(line) {
				Breaks::<T>::insert(line, report);
			}
			Self::deposit_event(Event::ReconciliationBreak {
				line,
				ledger,
				reported,
				as_of,
			});
		}
		report
	}

	/// Whether `who` signs for a settling bank now.
	pub fn is_settling_bank(who: &T::AccountId) -> bool {
		BankKeys::<T>::contains_key(who)
	}

	/// The free and held entitlement of `participant` to `cusip`.
	pub fn security_balance(participant: ParticipantId, cusip: &Cusip) -> crate::Balance {
		SecurityBalances::<T>::get(participant, cusip).unwrap_or_default()
	}

	/// The free and held cash of `participant` in `currency`.
	pub fn cash_balance(participant: ParticipantId, currency: &CurrencyCode) -> crate::Balance {
		CashBalances::<T>::get(participant, currency).unwrap_or_default()
	}

	/// Check the ledger's invariants:
	/// - per security, the issuance equals Σ (free + held) over participants;
	/// - per currency, the banks' totals equal Σ (free + held) over participants, and each
	///   bank's pending payouts are within its total;
	/// - every pending withdrawal is covered by held amounts, per line and participant;
	/// - no stored balance is zero (zero balances are removed);
	/// - only settling banks have a last report, and only they owe payouts;
	/// - each bank's key signs for it and for nothing else, and no key names another bank.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut securities: BTreeMap<Cusip, Amount> = BTreeMap::new();
		let mut held: BTreeMap<(ParticipantId, Line), Amount> = BTreeMap::new();
		for (p, cusip, balance) in SecurityBalances::<T>::iter() {
			ensure!(!balance.is_zero(), "a zero securities balance is stored");
			let total = balance.total().ok_or("balance overflows")?;
			let sum = securities.entry(cusip).or_default();
			*sum = sum.checked_add(total).ok_or("issuance overflows")?;
			held.insert((p, Line::Security(cusip)), balance.held);
		}
		for (cusip, issuance) in SecurityIssuance::<T>::iter() {
			ensure!(
				securities.remove(&cusip).unwrap_or_default() == issuance,
				"issuance differs from the sum of balances"
			);
		}
		ensure!(
			securities.values().all(|v| *v == 0),
			"balances of a security without issuance"
		);

		let mut cash: BTreeMap<CurrencyCode, Amount> = BTreeMap::new();
		for (p, currency, balance) in CashBalances::<T>::iter() {
			ensure!(!balance.is_zero(), "a zero cash balance is stored");
			let total = balance.total().ok_or("balance overflows")?;
			let sum = cash.entry(currency).or_default();
			*sum = sum.checked_add(total).ok_or("cash overflows")?;
			held.insert((p, Line::Cash(currency)), balance.held);
		}
		let mut banks: BTreeMap<CurrencyCode, Amount> = BTreeMap::new();
		for (account, bank) in SettlingBanks::<T>::iter() {
			ensure!(
				bank.pending_out <= bank.total,
				"a bank owes more than it holds"
			);
			ensure!(
				BankKeys::<T>::get(&bank.key).as_ref() == Some(&account),
				"a bank's key does not sign for it"
			);
			let sum = banks.entry(bank.currency).or_default();
			*sum = sum.checked_add(bank.total).ok_or("bank totals overflow")?;
		}
		for (currency, sum) in cash.iter() {
			ensure!(
				banks.get(currency).copied().unwrap_or_default() == *sum,
				"cash differs from the banks' totals"
			);
		}

		let mut pending: BTreeMap<(ParticipantId, Line), Amount> = BTreeMap::new();
		for (_, w) in Withdrawals::<T>::iter() {
			let sum = pending.entry((w.participant, w.line)).or_default();
			*sum = sum.checked_add(w.amount).ok_or("withdrawals overflow")?;
		}
		for (key, amount) in pending.iter() {
			ensure!(
				held.get(key).copied().unwrap_or_default() == *amount,
				"held ≠ pending"
			);
		}
		ensure!(
			held.iter().all(|(k, h)| *h == 0 || pending.contains_key(k)),
			"held without a pending withdrawal"
		);
		ensure!(
			BankReports::<T>::iter_keys().all(SettlingBanks::<T>::contains_key),
			"a report of a bank that is not a settling bank"
		);
		for (key, bank) in BankKeys::<T>::iter() {
			ensure!(
				SettlingBanks::<T>::get(&bank).is_some_and(|b| b.key == key),
				"a key signs for a bank that does not name it"
			);
			ensure!(
				key == bank || !SettlingBanks::<T>::contains_key(&key),
				"a bank's key names another bank"
			);
		}
		ensure!(
			Withdrawals::<T>::iter_values()
				.all(|w| w.bank.is_none_or(|b| SettlingBanks::<T>::contains_key(&b))),
			"a withdrawal is owed by a bank that is not a settling bank"
		);
		Ok(())
	}
}
