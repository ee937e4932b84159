//! `pssc bank`: a settling bank confirms wires, pays withdrawals out and reports balances.

use super::{now_ms, submit, Global, Output, Result};
use clap::Subcommand;
use pssc_client::{api, Client};
use serde_json::Value as Json;
use std::process::ExitCode;

/// A settling bank's commands.
#[derive(Subcommand, Debug)]
pub enum Bank {
	/// A participant's wire arrived in the agency's account: credit its cash.
	ConfirmWire {
		/// The participant's id.
		#[arg(long)]
		participant: u32,
		/// The amount in cents.
		#[arg(long)]
		amount_cents: u128,
		/// The bank's reference of the wire (it credits once only).
		#[arg(long)]
		reference: String,
	},
	/// The bank paid a cash withdrawal out: burn the held cash.
	PayOut {
		/// The withdrawal's id (see `pssc bank withdrawals`).
		#[arg(long)]
		id: u64,
		/// The bank's reference of the payment.
		#[arg(long)]
		reference: String,
	},
	/// The bank refuses a cash withdrawal: release the held cash.
	RejectWithdrawal {
		/// The withdrawal's id.
		#[arg(long)]
		id: u64,
		/// Why.
		#[arg(long)]
		reason: String,
	},
	/// Report the balance of the agency's account at this bank; a mismatch with the
	/// ledger opens a break that stops the currency.
	ReportBalance {
		/// The balance in cents.
		#[arg(long)]
		amount_cents: u128,
		/// When the balance was taken (milliseconds since the Unix epoch); now by default.
		#[arg(long)]
		as_of: Option<u64>,
	},
	/// Cash withdrawals waiting for this bank (the signer's).
	Withdrawals,
}

/// Run a bank command.
pub async fn run(command: Bank, client: &Client, global: &Global, out: &Output) -> Result {
	match command {
		Bank::ConfirmWire {
			participant,
			amount_cents,
			reference,
		} => {
			let payload = api::tx().entitlements().confirm_cash_deposit(
				participant,
				amount_cents,
				reference.into_bytes(),
			);
			submit(client, global, out, payload).await
		},
		Bank::PayOut { id, reference } => {
			let payload = api::tx()
				.entitlements()
				.confirm_withdrawal(id, reference.into_bytes());
			submit(client, global, out, payload).await
		},
		Bank::RejectWithdrawal { id, reason } => {
			let payload = api::tx()
				.entitlements()
				.reject_withdrawal(id, reason.into_bytes());
			submit(client, global, out, payload).await
		},
		Bank::ReportBalance {
			amount_cents,
			as_of,
		} => {
			let payload = api::tx()
				.entitlements()
				.report_cash_balance(amount_cents, as_of.unwrap_or_else(now_ms));
			submit(client, global, out, payload).await
		},
		Bank::Withdrawals => {
			let me = pssc_client::account_of(&global.key()?).to_string();
			let all = client.query("pssc_pendingWithdrawals", vec![]).await?;
			let mine: Vec<Json> = all
				.as_array()
				.into_iter()
				.flatten()
				.filter(|w| w.get("bank").and_then(Json::as_str) == Some(me.as_str()))
				.cloned()
				.collect();
			out.value(&Json::Array(mine));
			Ok(ExitCode::SUCCESS)
		},
	}
}
