//! # DTC-backed entitlements and settling-bank cash
//!
//! The ledger's tokens are entitlements, not the assets themselves: DTC keeps the securities
//! in the clearing agency's DTC account, and settling banks keep the cash. Every unit here is
//! backed, and the ledger proves it by reconciliation.
//!
//! - **Securities**, per (participant, CUSIP). The DTC gateway confirms each deliver order that
//!   reached the agency's account ([`Pallet::confirm_deposit`]); a DTC reference mints at most
//!   once, ever. A participant's key requests a withdrawal ([`Pallet::request_withdrawal`]),
//!   which holds the quantity; the gateway confirms the delivery out (the held units are burnt)
//!   or rejects it (they are released). Withdrawals stay possible after a security loses
//!   eligibility: that is how holders get out.
//! - **Cash**, per (participant, currency), in minor units. Settling banks, appointed by the
//!   agency, confirm wires in and pay withdrawals out the same way.
//! - **Keys.** A settling bank is named for good by the account it was appointed as; the key
//!   that signs for it can be replaced by the agency ([`Pallet::replace_settling_bank_key`])
//!   without touching its cash, its pending payouts, its used references or its reports. The
//!   DTC gateway's key is replaced in the registry; DTC's references and the securities'
//!   withdrawals belong to DTC, not to a key.
//! - **Reconciliation.** The gateway reports DTC's custody position per security, each bank its
//!   balance. If the ledger's total (free + held) differs, the pallet records a break, emits
//!   [`Event::ReconciliationBreak`] and stops deposits, withdrawals and settlement in that line
//!   until the agency resolves it ([`Pallet::resolve_break`], with a reason). A matching report
//!   clears nothing by itself.
//!
//! - **Lost keys.** A participant's holdings belong to it, not to a key: the board replaces a
//!   lost admin key in the participants pallet. When that will not do, three quarters of the
//!   board move a suspended participant's free holdings to a successor participant
//!   ([`Pallet::transfer_holdings`]), or request their delivery out to its DTC account and
//!   bank ([`Pallet::force_withdrawal`], [`Pallet::force_cash_withdrawal`]), each with an
//!   audit event.
//!
//! There is no transfer call for participants: entitlements move only by settlement (through
//! [`pssc_primitives::traits::EntitlementTransfer`]), deposit, withdrawal and the board's
//! recovery.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod api;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
mod impls;
pub mod migrations;
#[cfg(test)]
mod mock;
mod recovery;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use pssc_primitives::api::CustodianReport;
	use pssc_primitives::{
		traits::{
			CurrencyCode, DtcGatewayRole, EligibilityProvider, OnCredit, ParticipantRegistry,
		},
		Cusip, ParticipantId, RawCusip,
	};

	/// Version 1: a settling bank's record names the key that signs for it ([`Bank`]), and
	/// [`BankKeys`] finds the bank of a key; see [`crate::migrations::v1`].
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the entitlements pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The clearing agency: appoints settling banks and resolves reconciliation breaks.
		type AgencyOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Participants and their keys.
		type Registry: ParticipantRegistry<Self::AccountId>;
		/// Which securities are eligible, and DTC's restrictions.
		type Eligibility: EligibilityProvider;
		/// Who the DTC gateway is.
		type DtcGateway: DtcGatewayRole<Self::AccountId>;
		/// Told when a participant's free balance grows outside settlement, and when a
		/// stopped line reopens, so settlement can retry what waits for it.
		type OnCredit: OnCredit;
		/// The longest custodian reference, in bytes.
		#[pallet::constant]
		type MaxReferenceLen: Get<u32>;
		/// The longest reason (rejection, resolution), in bytes.
		#[pallet::constant]
		type MaxReasonLen: Get<u32>;
		/// The board acting for a participant whose keys are lost: moves its holdings to a
		/// successor or delivers them out (three quarters of the board in the runtime).
		type RecoveryOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The most lines one transfer of holdings moves.
		#[pallet::constant]
		type MaxRecoveryLines: Get<u32>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
		/// Sets up what the benchmarks need from other pallets.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Securities entitlements: (participant, CUSIP) → free and held. Zero balances are removed.
	#[pallet::storage]
	pub type SecurityBalances<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ParticipantId,
		Blake2_128Concat,
		Cusip,
		Balance,
		OptionQuery,
	>;

	/// Cash: (participant, currency) → free and held, in minor units. Zero balances are removed.
	#[pallet::storage]
	pub type CashBalances<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ParticipantId,
		Twox64Concat,
		CurrencyCode,
		Balance,
		OptionQuery,
	>;

	/// The ledger's total of each security (free + held over all participants). Must equal
	/// DTC's custody position in the agency's account.
	#[pallet::storage]
	pub type SecurityIssuance<T: Config> =
		StorageMap<_, Blake2_128Concat, Cusip, Amount, ValueQuery>;

	/// The settling banks, by the account each was appointed as: the key that signs for it,
	/// its currency and the cash on the ledger it holds.
	#[pallet::storage]
	pub type SettlingBanks<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Bank<T::AccountId>, OptionQuery>;

	/// The bank each signing key signs for: one entry per settling bank.
	#[pallet::storage]
	pub type BankKeys<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

	/// Every custodian reference that minted, so none mints twice.
	#[pallet::storage]
	pub type UsedReferences<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		(Issuer<T::AccountId>, BoundedVec<u8, T::MaxReferenceLen>),
		(),
		OptionQuery,
	>;

	/// The id of the next withdrawal request.
	#[pallet::storage]
	pub type NextWithdrawalId<T: Config> = StorageValue<_, WithdrawalId, ValueQuery>;

	/// Pending withdrawals.
	#[pallet::storage]
	pub type Withdrawals<T: Config> =
		StorageMap<_, Twox64Concat, WithdrawalId, Withdrawal<T::AccountId>, OptionQuery>;

	/// Open reconciliation breaks: the report that first disagreed with the ledger, kept until
	/// the agency resolves it (a later report does not overwrite it). A line with a break is
	/// stopped.
	#[pallet::storage]
	pub type Breaks<T: Config> = StorageMap<_, Blake2_128Concat, Line, Break, OptionQuery>;

	/// DTC's last custody report of each security, matching or not.
	#[pallet::storage]
	pub type CustodyReports<T: Config> =
		StorageMap<_, Blake2_128Concat, Cusip, CustodianReport, OptionQuery>;

	/// Each settling bank's last balance report, matching or not.
	#[pallet::storage]
	pub type BankReports<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, CustodianReport, OptionQuery>;

	/// Events of the entitlements pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// DTC confirmed a deposit from the account of DTC participant `dtc_number` (the
		/// participant's): the participant is credited.
		Deposited {
			participant: ParticipantId,
			dtc_number: u32,
			cusip: Cusip,
			quantity: Amount,
			dtc_reference: BoundedVec<u8, T::MaxReferenceLen>,
		},
		/// A settling bank confirmed a wire in: the participant is credited.
		CashDeposited {
			participant: ParticipantId,
			currency: CurrencyCode,
			amount: Amount,
			bank: T::AccountId,
			bank_reference: BoundedVec<u8, T::MaxReferenceLen>,
		},
		/// A participant asked to withdraw; the amount is held.
		WithdrawalRequested {
			id: WithdrawalId,
			participant: ParticipantId,
			line: Line,
			amount: Amount,
		},
		/// The custodian delivered or paid out: the held amount is gone from the ledger.
		WithdrawalConfirmed {
			id: WithdrawalId,
			participant: ParticipantId,
			line: Line,
			amount: Amount,
			reference: BoundedVec<u8, T::MaxReferenceLen>,
		},
		/// The custodian refused the withdrawal: the held amount is free again.
		WithdrawalRejected {
			id: WithdrawalId,
			participant: ParticipantId,
			line: Line,
			amount: Amount,
			reason: BoundedVec<u8, T::MaxReasonLen>,
		},
		/// The agency appointed a settling bank for a currency.
		SettlingBankAppointed {
			bank: T::AccountId,
			currency: CurrencyCode,
		},
		/// The agency removed a settling bank.
		SettlingBankRemoved { bank: T::AccountId },
		/// The agency replaced the key that signs for a settling bank. The old key no longer
		/// signs for it; the bank's cash, payouts, references and reports stay the bank's.
		SettlingBankKeyReplaced {
			bank: T::AccountId,
			old: T::AccountId,
			new: T::AccountId,
		},
		/// The board moved a suspended participant's free holdings of a line to its successor
		/// (keys lost).
		HoldingsTransferred {
			from: ParticipantId,
			to: ParticipantId,
			line: Line,
			amount: Amount,
		},
		/// The withdrawal just requested was requested by the board for the participant (keys
		/// lost), not by one of its keys.
		WithdrawalForced {
			id: WithdrawalId,
			participant: ParticipantId,
		},
		/// A custodian's report matches the ledger.
		Reconciled {
			line: Line,
			ledger: Amount,
			reported: Amount,
			as_of: u64,
		},
		/// A custodian's report does not match the ledger: the line is stopped.
		ReconciliationBreak {
			line: Line,
			ledger: Amount,
			reported: Amount,
			as_of: u64,
		},
		/// The agency resolved a break: the line is open again.
		BreakResolved {
			line: Line,
			reason: BoundedVec<u8, T::MaxReasonLen>,
		},
	}

	/// Errors of the entitlements pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// Only the DTC gateway confirms DTC's movements and reports its positions.
		NotDtcGateway,
		/// Only a settling bank confirms wires and reports balances.
		NotSettlingBank,
		/// The CUSIP has a wrong length, character or check digit.
		InvalidCusip,
		/// No security with this CUSIP is registered.
		UnknownSecurity,
		/// The security is not eligible: nothing new may be deposited.
		SecurityNotEligible,
		/// DTC has chilled deposits of this security.
		DepositsChilled,
		/// DTC has chilled withdrawals of this security.
		WithdrawalsChilled,
		/// DTC has put a global lock on this security: all its services stop, withdrawals
		/// included, until DTC lifts it.
		SecurityGloballyLocked,
		/// The participant is unknown or not active.
		ParticipantNotActive,
		/// The signer is not a key of any participant.
		NotAParticipant,
		/// This custodian reference has already minted.
		ReferenceAlreadyUsed,
		/// The reference is empty or longer than [`Config::MaxReferenceLen`].
		InvalidReference,
		/// The reason is longer than [`Config::MaxReasonLen`].
		ReasonTooLong,
		/// The quantity or amount is zero.
		ZeroAmount,
		/// The participant's free entitlement is smaller than asked.
		InsufficientEntitlement,
		/// The participant's free cash is smaller than asked.
		InsufficientCash,
		/// The line has an open reconciliation break and is stopped.
		LineStopped,
		/// A total would overflow.
		Overflow,
		/// No pending withdrawal has this id.
		UnknownWithdrawal,
		/// Only the custodian of the withdrawal (the gateway, or the paying bank) may answer it.
		NotTheCustodian,
		/// The account is already a settling bank.
		AlreadySettlingBank,
		/// The currency code is not three upper-case letters.
		InvalidCurrency,
		/// The bank still holds cash on the ledger, or has withdrawals to pay.
		BankHoldsCash,
		/// The bank holds too little of the ledger's cash to pay this withdrawal.
		BankCashShort,
		/// The line has no open break.
		NoBreak,
		/// The account already signs for, or names, a settling bank: a bank's new key must be
		/// new to the banks.
		BankKeyInUse,
		/// Holdings move only from a suspended participant: the board suspends it first, so
		/// that nothing moves in between.
		ParticipantNotSuspended,
		/// A participant cannot be its own successor.
		SameParticipant,
		/// More lines than [`Config::MaxRecoveryLines`], none, or one line named twice.
		InvalidLines,
		/// The participant has nothing free in this line.
		NothingToMove,
		/// The deliver order came from another DTC participant's account than the
		/// participant's.
		DtcNumberMismatch,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// DTC confirms that `quantity` of `cusip` reached the agency's account from DTC
		/// participant `dtc_number`'s account under `dtc_reference`: credit `participant`. Only
		/// the DTC gateway. The security must be eligible and its deposits not chilled; the
		/// participant must be active and its DTC participant number `dtc_number`, so that a
		/// deliver order from one firm's account cannot credit another; the reference must be
		/// new. The event records the number, to check against DTC's records.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::confirm_deposit())]
		pub fn confirm_deposit(
			origin: OriginFor<T>,
			participant: ParticipantId,
			dtc_number: u32,
			cusip: RawCusip,
			quantity: Amount,
			dtc_reference: Vec<u8>,
		) -> DispatchResult {
			Self::ensure_gateway(origin)?;
			let cusip = Self::cusip(cusip)?;
			ensure!(quantity > 0, Error::<T>::ZeroAmount);
			ensure!(
				T::Eligibility::is_eligible(&cusip),
				Error::<T>::SecurityNotEligible
			);
			let restrictions =
				T::Eligibility::restrictions(&cusip).ok_or(Error::<T>::UnknownSecurity)?;
			ensure!(!restrictions.deposit_chill, Error::<T>::DepositsChilled);
			ensure!(
				T::Registry::is_active(participant),
				Error::<T>::ParticipantNotActive
			);
			ensure!(
				T::Registry::dtc_number(participant) == Some(dtc_number),
				Error::<T>::DtcNumberMismatch
			);
			Self::ensure_open(Line::Security(cusip))?;
			let reference = Self::new_reference(Issuer::Dtc, dtc_reference)?;
			let issuance = SecurityIssuance::<T>::get(cusip)
				.checked_add(quantity)
				.ok_or(Error::<T>::Overflow)?;
			let mut balance = SecurityBalances::<T>::get(participant, cusip).unwrap_or_default();
			balance.free = balance
				.free
				.checked_add(quantity)
				.ok_or(Error::<T>::Overflow)?;

			UsedReferences::<T>::insert((Issuer::Dtc, reference.clone()), ());
			SecurityIssuance::<T>::insert(cusip, issuance);
			SecurityBalances::<T>::insert(participant, cusip, balance);
			T::OnCredit::on_credit(participant, Line::Security(cusip));
			Self::deposit_event(Event::Deposited {
				participant,
				dtc_number,
				cusip,
				quantity,
				dtc_reference: reference,
			});
			Ok(())
		}

		/// Ask to withdraw `quantity` of `cusip` to the signer's participant's DTC account. The
		/// quantity moves from free to held until the gateway confirms or rejects. Any key of
		/// the participant, also when the security is no longer eligible or the participant is
		/// suspended; refused when DTC put the security under a global lock or chilled its
		/// withdrawals, or the line is stopped.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::request_withdrawal())]
		pub fn request_withdrawal(
			origin: OriginFor<T>,
			cusip: RawCusip,
			quantity: Amount,
		) -> DispatchResult {
			let participant = Self::ensure_participant(origin)?;
			Self::do_request_withdrawal(participant, cusip, quantity).map(|_| ())
		}

		/// The custodian confirms withdrawal `id` (DTC delivered out, or the bank paid): the
		/// held amount leaves the ledger. Only the gateway (securities) or the paying bank
		/// (cash); refused while the line is stopped.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::confirm_withdrawal())]
		pub fn confirm_withdrawal(
			origin: OriginFor<T>,
			id: WithdrawalId,
			reference: Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let withdrawal = Withdrawals::<T>::get(id).ok_or(Error::<T>::UnknownWithdrawal)?;
			Self::ensure_custodian(&who, &withdrawal)?;
			Self::ensure_open(withdrawal.line)?;
			let reference: BoundedVec<u8, T::MaxReferenceLen> = reference
				.try_into()
				.map_err(|_| Error::<T>::InvalidReference)?;
			Self::settle_withdrawal(id, &withdrawal, true)?;
			Self::deposit_event(Event::WithdrawalConfirmed {
				id,
				participant: withdrawal.participant,
				line: withdrawal.line,
				amount: withdrawal.amount,
				reference,
			});
			Ok(())
		}

		/// The custodian refuses withdrawal `id`: the held amount is free again. Only the
		/// gateway (securities) or the paying bank (cash).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::reject_withdrawal())]
		pub fn reject_withdrawal(
			origin: OriginFor<T>,
			id: WithdrawalId,
			reason: Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let withdrawal = Withdrawals::<T>::get(id).ok_or(Error::<T>::UnknownWithdrawal)?;
			Self::ensure_custodian(&who, &withdrawal)?;
			let reason: BoundedVec<u8, T::MaxReasonLen> =
				reason.try_into().map_err(|_| Error::<T>::ReasonTooLong)?;
			Self::settle_withdrawal(id, &withdrawal, false)?;
			T::OnCredit::on_credit(withdrawal.participant, withdrawal.line);
			Self::deposit_event(Event::WithdrawalRejected {
				id,
				participant: withdrawal.participant,
				line: withdrawal.line,
				amount: withdrawal.amount,
				reason,
			});
			Ok(())
		}

		/// Appoint `bank` as a settling bank for `currency`. Needs [`Config::AgencyOrigin`].
		/// The account names the bank for good and is its first signing key; it receives a
		/// provider reference. Refused if it already names a bank or signs for one.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::appoint_settling_bank())]
		pub fn appoint_settling_bank(
			origin: OriginFor<T>,
			bank: T::AccountId,
			currency: CurrencyCode,
		) -> DispatchResult {
			T::AgencyOrigin::ensure_origin(origin)?;
			ensure!(
				currency.iter().all(u8::is_ascii_uppercase),
				Error::<T>::InvalidCurrency
			);
			ensure!(
				!SettlingBanks::<T>::contains_key(&bank) && !BankKeys::<T>::contains_key(&bank),
				Error::<T>::AlreadySettlingBank
			);

			SettlingBanks::<T>::insert(
				&bank,
				Bank {
					key: bank.clone(),
					currency,
					total: 0,
					pending_out: 0,
				},
			);
			BankKeys::<T>::insert(&bank, &bank);
			frame_system::Pallet::<T>::inc_providers(&bank);
			Self::deposit_event(Event::SettlingBankAppointed { bank, currency });
			Ok(())
		}

		/// Remove settling bank `bank` (the account it was appointed as). Needs
		/// [`Config::AgencyOrigin`]. Its signing key signs for nothing any more. Refused while the
		/// bank holds any of the ledger's cash or has withdrawals to pay.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::remove_settling_bank())]
		pub fn remove_settling_bank(origin: OriginFor<T>, bank: T::AccountId) -> DispatchResult {
			T::AgencyOrigin::ensure_origin(origin)?;
			let record = SettlingBanks::<T>::get(&bank).ok_or(Error::<T>::NotSettlingBank)?;
			ensure!(
				record.total == 0 && record.pending_out == 0,
				Error::<T>::BankHoldsCash
			);
			ensure!(
				frame_system::Pallet::<T>::can_dec_provider(&bank),
				Error::<T>::BankHoldsCash
			);

			SettlingBanks::<T>::remove(&bank);
			BankKeys::<T>::remove(&record.key);
			BankReports::<T>::remove(&bank);
			let _ = frame_system::Pallet::<T>::dec_providers(&bank);
			Self::release_key(&bank, &record.key);
			Self::deposit_event(Event::SettlingBankRemoved { bank });
			Ok(())
		}

		/// The signing bank confirms a wire of `amount` (minor units of its currency) from
		/// `participant` under `bank_reference`: credit the participant. Only a settling bank;
		/// the participant must be active and the reference new for this bank.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::confirm_cash_deposit())]
		pub fn confirm_cash_deposit(
			origin: OriginFor<T>,
			participant: ParticipantId,
			amount: Amount,
			bank_reference: Vec<u8>,
		) -> DispatchResult {
			let (bank, mut record) = Self::ensure_bank(origin)?;
			ensure!(amount > 0, Error::<T>::ZeroAmount);
			ensure!(
				T::Registry::is_active(participant),
				Error::<T>::ParticipantNotActive
			);
			let currency = record.currency;
			Self::ensure_open(Line::Cash(currency))?;
			let reference = Self::new_reference(Issuer::Bank(bank.clone()), bank_reference)?;
			record.total = record
				.total
				.checked_add(amount)
				.ok_or(Error::<T>::Overflow)?;
			let mut balance = CashBalances::<T>::get(participant, currency).unwrap_or_default();
			balance.free = balance
				.free
				.checked_add(amount)
				.ok_or(Error::<T>::Overflow)?;

			UsedReferences::<T>::insert((Issuer::Bank(bank.clone()), reference.clone()), ());
			SettlingBanks::<T>::insert(&bank, record);
			CashBalances::<T>::insert(participant, currency, balance);
			T::OnCredit::on_credit(participant, Line::Cash(currency));
			Self::deposit_event(Event::CashDeposited {
				participant,
				currency,
				amount,
				bank,
				bank_reference: reference,
			});
			Ok(())
		}

		/// Ask `bank` to pay out `amount` of the signer's participant's cash in the bank's
		/// currency. The amount is held until the bank confirms or rejects. Any key of the
		/// participant; the bank must hold enough of the ledger's cash.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::request_cash_withdrawal())]
		pub fn request_cash_withdrawal(
			origin: OriginFor<T>,
			bank: T::AccountId,
			amount: Amount,
		) -> DispatchResult {
			let participant = Self::ensure_participant(origin)?;
			Self::do_request_cash_withdrawal(participant, bank, amount).map(|_| ())
		}

		/// DTC's custody position of `cusip` in the agency's account as of `as_of`. Only the
		/// DTC gateway. A mismatch with the ledger's total records a break and stops the line.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::report_custody_position())]
		pub fn report_custody_position(
			origin: OriginFor<T>,
			cusip: RawCusip,
			quantity: Amount,
			as_of: u64,
		) -> DispatchResult {
			Self::ensure_gateway(origin)?;
			let cusip = Self::cusip(cusip)?;
			ensure!(
				T::Eligibility::restrictions(&cusip).is_some(),
				Error::<T>::UnknownSecurity
			);
			let ledger = SecurityIssuance::<T>::get(cusip);
			let report = Self::reconcile(Line::Security(cusip), ledger, quantity, as_of);
			CustodyReports::<T>::insert(cusip, report);
			Ok(())
		}

		/// The signing bank's balance of the agency's account, as of `as_of`. A mismatch with
		/// the cash the ledger attributes to the bank records a break and stops the currency.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::report_cash_balance())]
		pub fn report_cash_balance(
			origin: OriginFor<T>,
			amount: Amount,
			as_of: u64,
		) -> DispatchResult {
			let (bank, record) = Self::ensure_bank(origin)?;
			let report = Self::reconcile(Line::Cash(record.currency), record.total, amount, as_of);
			BankReports::<T>::insert(bank, report);
			Ok(())
		}

		/// Replace the key that signs for settling bank `bank` (the account it was appointed
		/// as) with `new`. Needs [`Config::AgencyOrigin`]. The old key stops signing for the
		/// bank at once; the bank keeps its currency, the ledger cash it holds, the payouts it
		/// owes (which the new key confirms or rejects), the references it used (which the new
		/// key cannot use again) and its last report. `new` receives a provider reference and
		/// the old key, unless it is the bank's own account, gives its up. Refused if `new`
		/// already names or signs for a bank.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::replace_settling_bank_key())]
		pub fn replace_settling_bank_key(
			origin: OriginFor<T>,
			bank: T::AccountId,
			new: T::AccountId,
		) -> DispatchResult {
			T::AgencyOrigin::ensure_origin(origin)?;
			Self::do_replace_bank_key(bank, new)
		}

		/// Move the free holdings of suspended participant `from` in each of `lines` to
		/// participant `to`, its successor: the way out for a participant whose keys are all
		/// lost, when a new admin key will not do (the firm was succeeded). Needs
		/// [`Config::RecoveryOrigin`]. All or nothing: every line is checked first (open, with
		/// something free), then all move, each with [`Event::HoldingsTransferred`]. What is
		/// held for a pending withdrawal stays until the custodian answers; `from`'s open
		/// instructions stay as they are (held while it is suspended), for the board to cancel.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::transfer_holdings(lines.len() as u32))]
		pub fn transfer_holdings(
			origin: OriginFor<T>,
			from: ParticipantId,
			to: ParticipantId,
			lines: Vec<Line>,
		) -> DispatchResult {
			T::RecoveryOrigin::ensure_origin(origin)?;
			Self::do_transfer_holdings(from, to, lines)
		}

		/// Request, for `participant`, the withdrawal of all its free `cusip` to its DTC
		/// account, as its own key would (the gateway confirms or rejects): the way out for a
		/// participant whose keys are lost, active or suspended. Needs
		/// [`Config::RecoveryOrigin`]. Refused as the participant's own request would be
		/// (global lock, withdrawal chill, stopped line), or if it holds nothing free.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::force_withdrawal())]
		pub fn force_withdrawal(
			origin: OriginFor<T>,
			participant: ParticipantId,
			cusip: RawCusip,
		) -> DispatchResult {
			T::RecoveryOrigin::ensure_origin(origin)?;
			let cusip = Self::cusip(cusip)?;
			let free = Self::security_balance(participant, &cusip).free;
			ensure!(free > 0, Error::<T>::NothingToMove);
			let id = Self::do_request_withdrawal(participant, *cusip.as_bytes(), free)?;
			Self::deposit_event(Event::WithdrawalForced { id, participant });
			Ok(())
		}

		/// Request, for `participant`, that settling bank `bank` pay out its free cash in the
		/// bank's currency, as its own key would: the way out for a participant whose keys are
		/// lost. All of it, or as much as the bank holds of the ledger's cash beyond what it
		/// already owes (the rest through another bank). Needs [`Config::RecoveryOrigin`].
		/// Refused as the participant's own request would be (stopped line, the bank holding
		/// nothing more to pay), or if it holds nothing free.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::force_cash_withdrawal())]
		pub fn force_cash_withdrawal(
			origin: OriginFor<T>,
			participant: ParticipantId,
			bank: T::AccountId,
		) -> DispatchResult {
			T::RecoveryOrigin::ensure_origin(origin)?;
			let record = SettlingBanks::<T>::get(&bank).ok_or(Error::<T>::NotSettlingBank)?;
			let free = Self::cash_balance(participant, &record.currency).free;
			ensure!(free > 0, Error::<T>::NothingToMove);
			let payable = record.total.saturating_sub(record.pending_out);
			ensure!(payable > 0, Error::<T>::BankCashShort);
			let id = Self::do_request_cash_withdrawal(participant, bank, free.min(payable))?;
			Self::deposit_event(Event::WithdrawalForced { id, participant });
			Ok(())
		}

		/// Resolve the break of `line`, recording why: the line is open again. Needs
		/// [`Config::AgencyOrigin`].
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::resolve_break())]
		pub fn resolve_break(origin: OriginFor<T>, line: Line, reason: Vec<u8>) -> DispatchResult {
			T::AgencyOrigin::ensure_origin(origin)?;
			let reason: BoundedVec<u8, T::MaxReasonLen> =
				reason.try_into().map_err(|_| Error::<T>::ReasonTooLong)?;
			ensure!(Breaks::<T>::contains_key(line), Error::<T>::NoBreak);

			Breaks::<T>::remove(line);
			T::OnCredit::on_line_reopened(line);
			Self::deposit_event(Event::BreakResolved { line, reason });
			Ok(())
		}
	}
}

/// Sets up, for the benchmarks, what other pallets own.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// An active participant and one of its keys.
	fn participant() -> (pssc_primitives::ParticipantId, AccountId);
	/// An eligible security with no restrictions.
	fn eligible_security() -> pssc_primitives::RawCusip;
	/// The DTC gateway.
	fn dtc_gateway() -> AccountId;
	/// A second active participant, other than [`Self::participant`].
	fn successor() -> pssc_primitives::ParticipantId;
	/// Suspend participant `id`.
	fn suspend(id: pssc_primitives::ParticipantId);
	/// An eligible security numbered `n`, other than [`Self::eligible_security`].
	fn numbered_security(n: u32) -> pssc_primitives::RawCusip;
}
