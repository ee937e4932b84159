//! `pssc participant`: what a participant's admin and operator keys do, and what they read.

use super::{board::account, files, gateway::bar, submit, Failure, Global, Output, Result};
use clap::Subcommand;
use pssc_client::{
	api::{
		self,
		runtime_types::pssc_primitives::settlement::{NewInstruction, Side},
	},
	values::to_text,
	Client, Error, Outcome,
};
use serde_json::{json, Value as Json};
use std::{path::PathBuf, process::ExitCode};

/// A participant's commands. Approvals and operator keys need the admin key; instructions
/// and withdrawals an operator key.
#[derive(Subcommand, Debug)]
pub enum Participant {
	/// Approve a counterparty (admin key). A pair settles once both approved each other.
	Approve {
		/// The counterparty's participant id.
		#[arg(long)]
		counterparty: u32,
	},
	/// Revoke a counterparty's approval (admin key); the pair's open instructions are
	/// cancelled.
	Revoke {
		/// The counterparty's participant id.
		#[arg(long)]
		counterparty: u32,
	},
	/// Add an operator key (admin key).
	AddOperator {
		/// The key's account (SS58).
		#[arg(long)]
		account: String,
	},
	/// Remove an operator key (admin key).
	RemoveOperator {
		/// The key's account (SS58).
		#[arg(long)]
		account: String,
	},
	/// Instruct one side of a trade (operator key).
	Instruct {
		/// `deliver` (you sell) or `receive` (you buy).
		#[arg(long)]
		side: String,
		/// The counterparty's participant id.
		#[arg(long)]
		counterparty: u32,
		/// The security.
		#[arg(long)]
		cusip: String,
		/// Shares.
		#[arg(long)]
		quantity: u128,
		/// The settlement amount in cents.
		#[arg(long)]
		amount_cents: u128,
		/// The trade date (YYYY-MM-DD, or `today`: the chain's business date, the default).
		#[arg(long)]
		trade_date: Option<String>,
		/// The settlement date (YYYY-MM-DD, or `today` for T+0); by default the next
		/// weekday after the trade date (T+1).
		#[arg(long)]
		settlement_date: Option<String>,
		/// Your own reference, unique among your instructions (at most 35 characters).
		#[arg(long)]
		reference: String,
	},
	/// Instruct a file of trades (operator key): a CSV with the header
	/// `side,counterparty,cusip,quantity,amount_cents,trade_date,settlement_date,reference`.
	/// A file with a bad line is refused whole; the rest goes in batches of the runtime's
	/// largest, and each line refused on chain is reported with its line number.
	InstructFile {
		/// The CSV file.
		file: PathBuf,
	},
	/// Check a trade without submitting it: every reason it would be refused now.
	Check {
		/// `deliver` or `receive`.
		#[arg(long)]
		side: String,
		/// The counterparty's participant id.
		#[arg(long)]
		counterparty: u32,
		/// The security.
		#[arg(long)]
		cusip: String,
		/// Shares.
		#[arg(long)]
		quantity: u128,
		/// The settlement amount in cents.
		#[arg(long)]
		amount_cents: u128,
		/// The trade date (YYYY-MM-DD, or `today`, the default).
		#[arg(long)]
		trade_date: Option<String>,
		/// The settlement date (YYYY-MM-DD, or `today`); T+1 by default.
		#[arg(long)]
		settlement_date: Option<String>,
		/// The reference you would use.
		#[arg(long)]
		reference: String,
	},
	/// Cancel an instruction (operator key): at once if unmatched, when both sides asked if
	/// matched.
	Cancel {
		/// The instruction's id.
		#[arg(long)]
		id: u64,
	},
	/// Try a pending pair again now (operator key of either side).
	Retry {
		/// The instruction's id.
		#[arg(long)]
		id: u64,
	},
	/// Withdraw securities to DTC (operator key): held until DTC delivers them out.
	Withdraw {
		/// The security.
		#[arg(long)]
		cusip: String,
		/// Shares.
		#[arg(long)]
		quantity: u128,
	},
	/// Withdraw cash through a settling bank (operator key): held until the bank pays out.
	WithdrawCash {
		/// The bank's account (SS58).
		#[arg(long)]
		bank: String,
		/// The amount in cents.
		#[arg(long)]
		amount_cents: u128,
	},
	/// Securities and cash of a participant (yours by default).
	Positions {
		/// The participant's id; the signer's participant by default.
		#[arg(long)]
		participant: Option<u32>,
	},
	/// An instruction's status, reason and history.
	Status {
		/// The instruction's id.
		#[arg(long)]
		id: u64,
	},
	/// A participant's instructions by status.
	Instructions {
		/// `open`, `all`, or an ISO status code: NMAT, MACH, PEND, PENF, SETT, CAND.
		#[arg(long, default_value = "open")]
		status: String,
		/// The participant's id; the signer's participant by default.
		#[arg(long)]
		participant: Option<u32>,
		/// The most instructions to list.
		#[arg(long, default_value_t = 1_000)]
		limit: usize,
	},
	/// Why an instruction does not settle now: every reason, not only the first.
	WhyPending {
		/// The instruction's id.
		#[arg(long)]
		id: u64,
	},
	/// Fees accrued, per month, with the monthly minimum applied.
	Fees {
		/// The month (YYYY-MM); every month on record by default.
		#[arg(long)]
		month: Option<String>,
		/// The participant's id; the signer's participant by default.
		#[arg(long)]
		participant: Option<u32>,
	},
}

/// A trade side as the runtime takes it.
fn new_instruction(trade: &files::Trade) -> NewInstruction<Vec<u8>> {
	NewInstruction {
		side: if trade.deliver {
			Side::Deliver
		} else {
			Side::Receive
		},
		counterparty: trade.counterparty,
		cusip: trade.cusip,
		quantity: trade.quantity,
		amount: trade.amount_cents,
		trade_date: trade.trade_date,
		settlement_date: trade.settlement_date,
		reference: trade.reference.clone().into_bytes(),
	}
}

/// The next weekday after `date` (1970-01-01, day 0, was a Thursday).
fn next_weekday(date: u32) -> u32 {
	let mut next = date + 1;
	while (next + 3) % 7 >= 5 {
		next += 1;
	}
	next
}

/// A trade from the command line, with today and T+1 as default dates.
#[allow(clippy::too_many_arguments)]
async fn trade(
	client: &Client,
	side: &str,
	counterparty: u32,
	cusip: &str,
	quantity: u128,
	amount_cents: u128,
	trade_date: Option<String>,
	settlement_date: Option<String>,
	reference: String,
) -> Result<files::Trade> {
	let input = Failure::Input;
	let today = async {
		let today = client.query("pssc_businessDate", vec![]).await?;
		let today = today
			.as_str()
			.ok_or_else(|| Failure::Input("the chain has no business date yet".into()))?;
		files::date(today).map_err(Failure::Input)
	};
	let trade_date = match trade_date.as_deref() {
		Some(d) if d != "today" => files::date(d).map_err(input)?,
		_ => today.await?,
	};
	let settlement_date = match settlement_date.as_deref() {
		Some("today") => trade_date,
		Some(d) => files::date(d).map_err(input)?,
		None => next_weekday(trade_date),
	};
	Ok(files::Trade {
		line: 0,
		deliver: files::side(side).map_err(input)?,
		counterparty,
		cusip: files::cusip(cusip).map_err(input)?,
		quantity,
		amount_cents,
		trade_date,
		settlement_date,
		reference,
	})
}

/// `participant`, or the signer's participant.
async fn participant_or_mine(
	client: &Client,
	global: &Global,
	participant: Option<u32>,
) -> Result<u32> {
	if let Some(p) = participant {
		return Ok(p);
	}
	let me = pssc_client::account_of(&global.key()?).to_string();
	let owner = client.query("pssc_keyOwner", vec![json!(me)]).await?;
	owner
		.get("participant")
		.and_then(Json::as_u64)
		.map(|p| p as u32)
		.ok_or_else(|| {
			Failure::Input(format!(
				"{me} is not a participant's key: pass --participant"
			))
		})
}

/// Run a participant command.
pub async fn run(command: Participant, client: &Client, global: &Global, out: &Output) -> Result {
	match command {
		Participant::Approve { counterparty } => {
			let payload = api::tx().participants().approve_counterparty(counterparty);
			submit(client, global, out, payload).await
		},
		Participant::Revoke { counterparty } => {
			let payload = api::tx().participants().revoke_counterparty(counterparty);
			submit(client, global, out, payload).await
		},
		Participant::AddOperator { account: a } => {
			let payload = api::tx().participants().add_operator(account(&a)?);
			submit(client, global, out, payload).await
		},
		Participant::RemoveOperator { account: a } => {
			let payload = api::tx().participants().remove_operator(account(&a)?);
			submit(client, global, out, payload).await
		},
		Participant::Instruct {
			side,
			counterparty,
			cusip,
			quantity,
			amount_cents,
			trade_date,
			settlement_date,
			reference,
		} => {
			let t = trade(
				client,
				&side,
				counterparty,
				&cusip,
				quantity,
				amount_cents,
				trade_date,
				settlement_date,
				reference,
			)
			.await?;
			let payload = api::tx().settlement().instruct(new_instruction(&t));
			submit(client, global, out, payload).await
		},
		Participant::InstructFile { file } => instruct_file(client, global, out, &file).await,
		Participant::Check {
			side,
			counterparty,
			cusip,
			quantity,
			amount_cents,
			trade_date,
			settlement_date,
			reference,
		} => {
			let t = trade(
				client,
				&side,
				counterparty,
				&cusip,
				quantity,
				amount_cents,
				trade_date,
				settlement_date,
				reference,
			)
			.await?;
			let participant = participant_or_mine(client, global, None).await?;
			let instruction = json!({
				"side": if t.deliver { "deliver" } else { "receive" },
				"counterparty": t.counterparty,
				"cusip": String::from_utf8_lossy(&t.cusip),
				"quantity": t.quantity.to_string(),
				"amountCents": t.amount_cents.to_string(),
				"tradeDate": files::date_text(t.trade_date),
				"settlementDate": files::date_text(t.settlement_date),
				"reference": t.reference,
			});
			let errors = client
				.query(
					"pssc_checkInstruction",
					vec![json!(participant), instruction],
				)
				.await?;
			let refused = errors.as_array().is_some_and(|e| !e.is_empty());
			if out.is_json() {
				out.value(&errors);
			} else if refused {
				for e in errors.as_array().into_iter().flatten() {
					match e["reason"].as_str() {
						Some(reason) => println!(
							"would be refused: {} (REJT, {reason})",
							to_text(&e["error"])
						),
						None => println!("would be refused: {}", to_text(&e["error"])),
					}
				}
			} else {
				println!("would be accepted");
			}
			Ok(if refused {
				ExitCode::FAILURE
			} else {
				ExitCode::SUCCESS
			})
		},
		Participant::Cancel { id } => {
			submit(client, global, out, api::tx().settlement().cancel(id)).await
		},
		Participant::Retry { id } => {
			submit(client, global, out, api::tx().settlement().retry(id)).await
		},
		Participant::Withdraw { cusip, quantity } => {
			let cusip = files::cusip(&cusip).map_err(Failure::Input)?;
			let payload = api::tx().entitlements().request_withdrawal(cusip, quantity);
			submit(client, global, out, payload).await
		},
		Participant::WithdrawCash { bank, amount_cents } => {
			let payload = api::tx()
				.entitlements()
				.request_cash_withdrawal(account(&bank)?, amount_cents);
			submit(client, global, out, payload).await
		},
		Participant::Positions { participant } => {
			let p = participant_or_mine(client, global, participant).await?;
			let positions = client.query("pssc_positions", vec![json!(p)]).await?;
			if out.is_json() {
				out.value(&positions);
			} else {
				print_positions(&positions);
			}
			Ok(ExitCode::SUCCESS)
		},
		Participant::Status { id } => {
			let record = client.query("pssc_instruction", vec![json!(id)]).await?;
			if record.is_null() {
				return Err(Failure::Chain(Error::Other(format!("no instruction {id}"))));
			}
			out.value(&record);
			Ok(ExitCode::SUCCESS)
		},
		Participant::Instructions {
			status,
			participant,
			limit,
		} => {
			let p = participant_or_mine(client, global, participant).await?;
			let mut items = Vec::new();
			let mut after = Json::Null;
			while items.len() < limit {
				let page = client
					.query(
						"pssc_instructions",
						vec![json!(p), json!(status), after, json!(500)],
					)
					.await?;
				items.extend(page["items"].as_array().into_iter().flatten().cloned());
				after = page["next"].clone();
				if after.is_null() {
					break;
				}
			}
			items.truncate(limit);
			if out.is_json() {
				out.value(&Json::Array(items));
			} else if items.is_empty() {
				println!("(none)");
			} else {
				for i in &items {
					println!(
						"#{} {} {} {} x{} for {} cents with {} on {} ({}): {} {}",
						i["id"],
						i["reference"].as_str().unwrap_or_default(),
						i["side"].as_str().unwrap_or_default(),
						i["cusip"].as_str().unwrap_or_default(),
						i["quantity"].as_str().unwrap_or_default(),
						i["amountCents"].as_str().unwrap_or_default(),
						i["counterparty"],
						i["settlementDate"].as_str().unwrap_or_default(),
						i["tradeDate"].as_str().unwrap_or_default(),
						i["status"]["code"].as_str().unwrap_or_default(),
						i["reason"]["code"].as_str().unwrap_or_default(),
					);
				}
			}
			Ok(ExitCode::SUCCESS)
		},
		Participant::WhyPending { id } => {
			let obstacles = client.query("pssc_whyPending", vec![json!(id)]).await?;
			if obstacles.is_null() {
				return Err(Failure::Chain(Error::Other(format!(
					"no instruction {id} (or its body was pruned)"
				))));
			}
			if out.is_json() {
				out.value(&obstacles);
			} else {
				let list = obstacles.as_array().cloned().unwrap_or_default();
				if list.is_empty() {
					println!("nothing stands in the way: it settles at its next attempt");
				}
				for o in list {
					println!(
						"{} {}{}",
						o["code"].as_str().unwrap_or("----"),
						o["text"].as_str().unwrap_or_default(),
						match &o["detail"] {
							Json::Null => String::new(),
							d => format!(" {}", to_text(d)),
						}
					);
				}
			}
			Ok(ExitCode::SUCCESS)
		},
		Participant::Fees { month, participant } => {
			let p = participant_or_mine(client, global, participant).await?;
			let fees = client
				.query("pssc_fees", vec![json!(p), json!(month)])
				.await?;
			if out.is_json() {
				out.value(&fees);
			} else {
				for f in fees.as_array().into_iter().flatten() {
					println!(
						"{}: {} trades, {} shares, ${} accrued, ${} due",
						f["month"].as_str().unwrap_or_default(),
						f["trades"],
						f["shares"].as_str().unwrap_or_default(),
						f["accruedUsd"].as_str().unwrap_or_default(),
						f["dueUsd"].as_str().unwrap_or_default(),
					);
				}
			}
			Ok(ExitCode::SUCCESS)
		},
	}
}

fn print_positions(positions: &Json) {
	println!("participant {}", positions["participant"]);
	let securities = positions["securities"]
		.as_array()
		.cloned()
		.unwrap_or_default();
	let cash = positions["cash"].as_array().cloned().unwrap_or_default();
	if securities.is_empty() && cash.is_empty() {
		println!("  holds nothing");
	}
	for s in securities {
		println!(
			"  {} free {} held {}",
			s["cusip"].as_str().unwrap_or_default(),
			s["free"].as_str().unwrap_or_default(),
			s["held"].as_str().unwrap_or_default()
		);
	}
	for c in cash {
		println!(
			"  {} free {} held {} (cents)",
			c["currency"].as_str().unwrap_or_default(),
			c["freeCents"].as_str().unwrap_or_default(),
			c["heldCents"].as_str().unwrap_or_default()
		);
	}
}

/// What a file of trades came to.
#[derive(Default, serde::Serialize)]
struct Summary {
	lines: usize,
	transactions: usize,
	unmatched: usize,
	matched: usize,
	settled: usize,
	pending: usize,
	rejected: Vec<Json>,
}

/// Check the whole file, then sign every batch with consecutive nonces and submit them at
/// once, so they share blocks; follow each to finality.
async fn instruct_file(
	client: &Client,
	global: &Global,
	out: &Output,
	path: &std::path::Path,
) -> Result {
	let trades = files::trades_file(path).map_err(Failure::Input)?;
	let key = global.key()?;
	let at = client
		.subxt()
		.at_current_block()
		.await
		.map_err(Error::other)?;
	let batch = at
		.constants()
		.entry(api::constants().settlement().max_batch())
		.map_err(Error::other)?
		.max(1) as usize;
	let nonce = client.next_nonce(&pssc_client::account_of(&key)).await?;
	let chunks: Vec<&[files::Trade]> = trades.chunks(batch).collect();
	let mut signed = Vec::new();
	for (i, chunk) in chunks.iter().enumerate() {
		let payload = api::tx()
			.settlement()
			.instruct_batch(chunk.iter().map(new_instruction).collect());
		signed.push(client.sign(&payload, &key, Some(nonce + i as u64)).await?);
	}
	let progress = bar(out, trades.len() as u64, "instructions");
	let results = futures::future::join_all(signed.into_iter().zip(&chunks).map(|(tx, chunk)| {
		let progress = progress.clone();
		async move {
			let result = client.submit_signed(tx, global.wait()).await;
			progress.inc(chunk.len() as u64);
			result
		}
	}))
	.await;
	progress.finish_and_clear();
	let mut summary = Summary {
		lines: trades.len(),
		transactions: chunks.len(),
		..Default::default()
	};
	let mut outcomes: Vec<Outcome> = Vec::new();
	for (result, chunk) in results.into_iter().zip(&chunks) {
		let outcome = result?;
		for event in &outcome.events {
			match (event.pallet.as_str(), event.name.as_str()) {
				("Settlement", "Unmatched") => summary.unmatched += 1,
				("Settlement", "Matched") => summary.matched += 1,
				("Settlement", "Settled") => summary.settled += 1,
				("Settlement", "SettlementPending") => summary.pending += 1,
				("Settlement", "Rejected") => {
					let index = event.field("index").and_then(Json::as_u64).unwrap_or(0);
					let trade = chunk.get(index as usize);
					summary.rejected.push(json!({
						"line": trade.map(|t| t.line),
						"reference": trade.map(|t| t.reference.clone()),
						"error": event.field("error"),
					}));
				},
				_ => {},
			}
		}
		outcomes.push(outcome);
	}
	let failed = !summary.rejected.is_empty();
	if out.is_json() {
		println!("{}", json!({ "ok": !failed, "summary": summary }));
	} else {
		for r in &summary.rejected {
			println!(
				"line {}: {} refused: {}",
				r["line"],
				r["reference"].as_str().unwrap_or_default(),
				r["error"].as_str().unwrap_or_default()
			);
		}
		let last = outcomes
			.iter()
			.map(|o| o.block_number)
			.max()
			.unwrap_or_default();
		println!(
			"{} lines in {} transaction(s), up to block #{last}: {} unmatched, {} matched, {} \
			 settled, {} pending, {} refused",
			summary.lines,
			summary.transactions,
			summary.unmatched,
			summary.matched,
			summary.settled,
			summary.pending,
			summary.rejected.len()
		);
	}
	Ok(if failed {
		ExitCode::FAILURE
	} else {
		ExitCode::SUCCESS
	})
}
