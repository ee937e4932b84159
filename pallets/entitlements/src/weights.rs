//! Weights of the entitlements pallet.
//!
//! Until generated from `benchmarking.rs`, each weight counts its call's storage reads and
//! writes with the runtime's `DbWeight`, including the reads of the registry, eligibility and
//! gateway answers it asks for. A call that credits a free balance or reopens a line also
//! counts two reads (what waits, and the retry under way) and one write for the settlement hook
//! it tells ([`crate::Config::OnCredit`]).

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// The weight of each call.
pub trait WeightInfo {
	/// `confirm_deposit`.
	fn confirm_deposit() -> Weight;
	/// `request_withdrawal`.
	fn request_withdrawal() -> Weight;
	/// `confirm_withdrawal`.
	fn confirm_withdrawal() -> Weight;
	/// `reject_withdrawal`.
	fn reject_withdrawal() -> Weight;
	/// `appoint_settling_bank`.
	fn appoint_settling_bank() -> Weight;
	/// `remove_settling_bank`.
	fn remove_settling_bank() -> Weight;
	/// `confirm_cash_deposit`.
	fn confirm_cash_deposit() -> Weight;
	/// `request_cash_withdrawal`.
	fn request_cash_withdrawal() -> Weight;
	/// `report_custody_position`.
	fn report_custody_position() -> Weight;
	/// `report_cash_balance`.
	fn report_cash_balance() -> Weight;
	/// `resolve_break`.
	fn resolve_break() -> Weight;
}

/// Weights counted from storage accesses, for a runtime's `DbWeight`.
pub struct SubstrateWeight<T>(PhantomData<T>);

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	// Reads: gateway, security (twice), participant, Breaks, UsedReferences, SecurityIssuance,
	// SecurityBalances, hook (two). Writes: UsedReferences, SecurityIssuance, SecurityBalances,
	// hook.
	fn confirm_deposit() -> Weight {
		T::DbWeight::get().reads_writes(10, 4)
	}
	// Reads: participant key, security, Breaks, SecurityBalances, NextWithdrawalId.
	// Writes: SecurityBalances, Withdrawals, NextWithdrawalId.
	fn request_withdrawal() -> Weight {
		T::DbWeight::get().reads_writes(5, 3)
	}
	// Reads: Withdrawals, gateway or bank, Breaks, the balance, SecurityIssuance or the bank.
	// Writes: the balance, SecurityIssuance or the bank, Withdrawals.
	fn confirm_withdrawal() -> Weight {
		T::DbWeight::get().reads_writes(5, 3)
	}
	// Reads: Withdrawals, gateway or bank, the balance, the bank, hook (two). Writes: the balance,
	// the bank, Withdrawals, hook.
	fn reject_withdrawal() -> Weight {
		T::DbWeight::get().reads_writes(6, 4)
	}
	// Reads: SettlingBanks, System::Account. Writes: the same.
	fn appoint_settling_bank() -> Weight {
		T::DbWeight::get().reads_writes(2, 2)
	}
	// Reads: SettlingBanks, System::Account. Writes: the same, BankReports.
	fn remove_settling_bank() -> Weight {
		T::DbWeight::get().reads_writes(2, 3)
	}
	// Reads: SettlingBanks, participant, Breaks, UsedReferences, CashBalances, hook (two).
	// Writes: UsedReferences, SettlingBanks, CashBalances, hook.
	fn confirm_cash_deposit() -> Weight {
		T::DbWeight::get().reads_writes(7, 4)
	}
	// Reads: participant key, SettlingBanks, Breaks, CashBalances, NextWithdrawalId. Writes:
	// CashBalances, SettlingBanks, Withdrawals, NextWithdrawalId.
	fn request_cash_withdrawal() -> Weight {
		T::DbWeight::get().reads_writes(5, 4)
	}
	// Reads: gateway, security, SecurityIssuance. Writes: Breaks, CustodyReports.
	fn report_custody_position() -> Weight {
		T::DbWeight::get().reads_writes(3, 2)
	}
	// Reads: SettlingBanks. Writes: Breaks, BankReports.
	fn report_cash_balance() -> Weight {
		T::DbWeight::get().reads_writes(1, 2)
	}
	// Reads: Breaks, hook (two). Writes: Breaks, hook.
	fn resolve_break() -> Weight {
		T::DbWeight::get().reads_writes(3, 2)
	}
}
