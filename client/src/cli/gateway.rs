//! `pssc gateway`: the DTC gateway relays DTC's confirmations, positions and eligibility.

use super::{files, now_ms, submit, Failure, Global, Output, Result};
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use pssc_client::{
	api::{self, runtime_types::pssc_primitives::traits::DtcRestrictions},
	Client,
};
use serde_json::{json, Value as Json};
use std::{path::PathBuf, process::ExitCode};

/// The DTC gateway's commands.
#[derive(Subcommand, Debug)]
pub enum Gateway {
	/// DTC confirmed a deliver order into the agency's account: credit the participant.
	ConfirmDeposit {
		/// The participant's id.
		#[arg(long)]
		participant: u32,
		/// The DTC participant number the deliver order came from, as DTC reports it: it
		/// must be the participant's.
		#[arg(long)]
		dtc_number: u32,
		/// The security.
		#[arg(long)]
		cusip: String,
		/// Shares delivered.
		#[arg(long)]
		quantity: u128,
		/// DTC's reference of the deliver order (it mints once only).
		#[arg(long)]
		reference: String,
	},
	/// DTC delivered a withdrawal out: burn the held entitlement.
	ConfirmWithdrawal {
		/// The withdrawal's id (see `pssc gateway withdrawals`).
		#[arg(long)]
		id: u64,
		/// DTC's reference of the delivery.
		#[arg(long)]
		reference: String,
	},
	/// DTC refused a withdrawal: release the held entitlement.
	RejectWithdrawal {
		/// The withdrawal's id.
		#[arg(long)]
		id: u64,
		/// Why.
		#[arg(long)]
		reason: String,
	},
	/// Report DTC's custody position of a security in the agency's account; a mismatch
	/// with the ledger opens a break that stops the line.
	ReportPosition {
		/// The security.
		#[arg(long)]
		cusip: String,
		/// Shares DTC holds for the agency.
		#[arg(long)]
		quantity: u128,
		/// When DTC took the position (milliseconds since the Unix epoch); now by default.
		#[arg(long)]
		as_of: Option<u64>,
	},
	/// Load DTC's daily eligibility file: a CSV with the header
	/// `cusip,dtc_eligible,deposit_chill,withdrawal_chill,delivery_chill,global_lock` and
	/// one line per CUSIP (flags true/false). A file with a bad line is refused whole.
	LoadEligibility {
		/// The CSV file.
		file: PathBuf,
	},
	/// Securities withdrawals waiting for DTC.
	Withdrawals,
}

/// Run a gateway command.
pub async fn run(command: Gateway, client: &Client, global: &Global, out: &Output) -> Result {
	let cusip = |c: &str| files::cusip(c).map_err(Failure::Input);
	match command {
		Gateway::ConfirmDeposit {
			participant,
			dtc_number,
			cusip: c,
			quantity,
			reference,
		} => {
			let payload = api::tx().entitlements().confirm_deposit(
				participant,
				dtc_number,
				cusip(&c)?,
				quantity,
				reference.into_bytes(),
			);
			submit(client, global, out, payload).await
		},
		Gateway::ConfirmWithdrawal { id, reference } => {
			let payload = api::tx()
				.entitlements()
				.confirm_withdrawal(id, reference.into_bytes());
			submit(client, global, out, payload).await
		},
		Gateway::RejectWithdrawal { id, reason } => {
			let payload = api::tx()
				.entitlements()
				.reject_withdrawal(id, reason.into_bytes());
			submit(client, global, out, payload).await
		},
		Gateway::ReportPosition {
			cusip: c,
			quantity,
			as_of,
		} => {
			let payload = api::tx().entitlements().report_custody_position(
				cusip(&c)?,
				quantity,
				as_of.unwrap_or_else(now_ms),
			);
			submit(client, global, out, payload).await
		},
		Gateway::LoadEligibility { file } => load_eligibility(client, global, out, &file).await,
		Gateway::Withdrawals => {
			let all = client.query("pssc_pendingWithdrawals", vec![]).await?;
			let mine: Vec<Json> = all
				.as_array()
				.into_iter()
				.flatten()
				.filter(|w| w.get("bank").is_some_and(Json::is_null))
				.cloned()
				.collect();
			out.value(&Json::Array(mine));
			Ok(ExitCode::SUCCESS)
		},
	}
}

/// Check the whole file, then submit it in batches of the runtime's largest.
async fn load_eligibility(
	client: &Client,
	global: &Global,
	out: &Output,
	path: &std::path::Path,
) -> Result {
	let entries = files::eligibility_file(path).map_err(Failure::Input)?;
	let key = global.key()?;
	let at = client
		.subxt()
		.at_current_block()
		.await
		.map_err(pssc_client::Error::other)?;
	let batch = at
		.constants()
		.entry(api::constants().securities().max_dtc_batch())
		.map_err(pssc_client::Error::other)?
		.max(1) as usize;
	let progress = bar(out, entries.len() as u64, "eligibility");
	let mut outcomes = Vec::new();
	for chunk in entries.chunks(batch) {
		let lines = chunk
			.iter()
			.map(|e| {
				(
					e.cusip,
					e.dtc_eligible,
					DtcRestrictions {
						deposit_chill: e.deposit_chill,
						withdrawal_chill: e.withdrawal_chill,
						delivery_chill: e.delivery_chill,
						global_lock: e.global_lock,
					},
				)
			})
			.collect();
		let payload = api::tx().securities().set_dtc_eligibility_batch(lines);
		let outcome = client.submit(&payload, &key, global.wait()).await?;
		progress.inc(chunk.len() as u64);
		outcomes.push(outcome);
	}
	progress.finish_and_clear();
	if out.is_json() {
		println!(
			"{}",
			json!({ "ok": true, "lines": entries.len(), "outcomes": outcomes })
		);
	} else {
		for outcome in &outcomes {
			out.outcome(outcome);
		}
		println!(
			"{} lines of {} loaded in {} transaction(s)",
			entries.len(),
			path.display(),
			outcomes.len()
		);
	}
	Ok(ExitCode::SUCCESS)
}

/// A progress bar on standard error, hidden for JSON output.
pub fn bar(out: &Output, length: u64, what: &str) -> ProgressBar {
	if out.is_json() {
		return ProgressBar::hidden();
	}
	let bar = ProgressBar::new(length);
	bar.set_style(
		ProgressStyle::with_template("{prefix} [{bar:40}] {pos}/{len} {elapsed}")
			.unwrap_or_else(|_| ProgressStyle::default_bar())
			.progress_chars("=> "),
	);
	bar.set_prefix(what.to_string());
	bar
}
