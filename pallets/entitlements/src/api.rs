//! What the runtime APIs read: positions, and the reconciliation of every line. Reads only.

use crate::{pallet::*, Line};
use alloc::vec::Vec;
use pssc_primitives::{
	api::{
		BankReconciliation, CashPosition, CustodianReport, PendingWithdrawal, Positions,
		SecurityPosition, SecurityReconciliation,
	},
	Cusip, ParticipantId,
};

impl<T: Config> Pallet<T> {
	/// Every security and cash position of `participant`.
	pub fn positions(participant: ParticipantId) -> Positions {
		Positions {
			securities: SecurityBalances::<T>::iter_prefix(participant)
				.map(|(cusip, b)| SecurityPosition {
					participant,
					cusip,
					free: b.free,
					held: b.held,
				})
				.collect(),
			cash: CashBalances::<T>::iter_prefix(participant)
				.map(|(currency, b)| CashPosition {
					participant,
					currency,
					free: b.free,
					held: b.held,
				})
				.collect(),
		}
	}

	/// Every participant's position in `cusip`, by participant id. Scans the balances of
	/// every participant, which the registry bounds.
	pub fn holders(cusip: &Cusip) -> Vec<SecurityPosition> {
		let mut holders: Vec<_> = SecurityBalances::<T>::iter()
			.filter(|(_, c, _)| c == cusip)
			.map(|(participant, cusip, b)| SecurityPosition {
				participant,
				cusip,
				free: b.free,
				held: b.held,
			})
			.collect();
		holders.sort_by_key(|p| p.participant);
		holders
	}

	/// Every withdrawal waiting for its custodian, oldest first.
	pub fn pending_withdrawals() -> Vec<PendingWithdrawal<T::AccountId>> {
		let mut all: Vec<_> = Withdrawals::<T>::iter()
			.map(|(id, w)| PendingWithdrawal {
				id,
				participant: w.participant,
				line: w.line,
				amount: w.amount,
				bank: w.bank,
			})
			.collect();
		all.sort_by_key(|w| w.id);
		all
	}

	/// `cusip`'s ledger total, DTC's last report and its break.
	pub fn security_reconciliation(cusip: Cusip) -> SecurityReconciliation {
		SecurityReconciliation {
			cusip,
			ledger: SecurityIssuance::<T>::get(cusip),
			last_report: CustodyReports::<T>::get(cusip),
			open_break: Breaks::<T>::get(Line::Security(cusip)),
		}
	}

	/// Every settling bank's ledger total, last report and its currency's break.
	pub fn bank_reconciliations() -> Vec<BankReconciliation<T::AccountId>> {
		SettlingBanks::<T>::iter()
			.map(|(bank, record)| BankReconciliation {
				last_report: BankReports::<T>::get(&bank),
				open_break: Breaks::<T>::get(Line::Cash(record.currency)),
				bank,
				key: record.key,
				currency: record.currency,
				ledger: record.total,
				pending_out: record.pending_out,
			})
			.collect()
	}

	/// Every open break, by line.
	pub fn open_breaks() -> Vec<(Line, CustodianReport)> {
		let mut breaks: Vec<_> = Breaks::<T>::iter().collect();
		breaks.sort_by_key(|(line, _)| *line);
		breaks
	}
}
