//! The whole lifecycle through the `pssc` command line, as its users would drive it, against
//! a real `pssc-node --dev`; every step is checked through the node's `pssc_*` RPC and the
//! command's exit code and `--json` output.
//!
//! 1. The board onboards three participants, registers two securities, appoints a settling
//!    bank and the DTC gateway (and raises the pilot's per-pair limit for the file of step 5).
//! 2. The gateway loads DTC's eligibility file; a file with a bad CUSIP on line 3 is refused
//!    whole.
//! 3. Deposits of securities and cash.
//! 4. Approvals: participant 0 does not approve participant 2.
//! 5. Files of 1,000 trades (both sides) are instructed and all settle.
//! 6. A trade with the participant that was not approved is refused.
//! 7. A cash shortfall: why-pending names MONY and the missing amount; after a wire it
//!    settles.
//! 8. DTC drops a security: its open instructions are cancelled.
//! 9. A withdrawal of that security after all.
//! 10. A custody report that breaks; the break shows over RPC.
//! 11. Fees accrued.

use pssc_tests::{cli_binary, Node};
use serde_json::{json, Value};
use std::{
	path::Path,
	process::Command,
	time::{Duration, Instant},
};

const APPLE: &str = "037833100";
const MSFT: &str = "594918104";
const LEIS: [&str; 3] = [
	"5493000IBP32UQZ0KL24",
	"529900T8BM49AURSDO55",
	"7LTWFZYICNSX8D621K86",
];
const ELIGIBILITY_HEADER: &str =
	"cusip,dtc_eligible,deposit_chill,withdrawal_chill,delivery_chill,global_lock";
const TRADES_HEADER: &str =
	"side,counterparty,cusip,quantity,amount_cents,trade_date,settlement_date,reference";

/// What one `pssc` run returned.
struct Run {
	code: i32,
	json: Value,
	stderr: String,
}

/// The command line against one node.
struct Pssc {
	url: String,
}

impl Pssc {
	/// Run `pssc --json args...` with `suri` as the key (none if empty).
	fn run(&self, suri: &str, args: &[&str]) -> Run {
		let mut command = Command::new(cli_binary().expect("the pssc binary"));
		command.args(["--url", &self.url, "--json"]);
		if !suri.is_empty() {
			command.args(["--suri", suri]);
		}
		let output = command.args(args).output().expect("pssc runs");
		let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
		let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
		let json = serde_json::from_str(stdout.trim()).unwrap_or(Value::Null);
		Run {
			code: output.status.code().unwrap_or(-1),
			json,
			stderr,
		}
	}

	/// Run and expect success; returns the JSON.
	fn ok(&self, suri: &str, args: &[&str]) -> Value {
		let run = self.run(suri, args);
		assert_eq!(
			run.code, 0,
			"pssc {args:?} failed: {}\n{}",
			run.json, run.stderr
		);
		run.json
	}

	/// Run and expect the chain to refuse with `error`; returns the JSON.
	fn refused(&self, suri: &str, args: &[&str], error: &str) -> Value {
		let run = self.run(suri, args);
		assert_eq!(run.code, 1, "pssc {args:?}: {}\n{}", run.json, run.stderr);
		assert_eq!(run.json["ok"], json!(false));
		assert_eq!(run.json["error"], json!(error), "pssc {args:?}");
		run.json
	}
}

fn account(suri: &str) -> String {
	pssc_client::account_of(&pssc_client::keypair(suri).unwrap()).to_string()
}

/// The events of a submission's outcome named `pallet.name`.
fn events<'a>(json: &'a Value, pallet: &'a str, name: &'a str) -> Vec<&'a Value> {
	json["outcome"]["events"]
		.as_array()
		.into_iter()
		.flatten()
		.filter(|e| e["pallet"] == pallet && e["name"] == name)
		.map(|e| &e["fields"])
		.collect()
}

/// A `pssc_*` method's answer.
async fn rpc(client: &pssc_client::Client, method: &str, params: Vec<Value>) -> Value {
	client
		.query(method, params)
		.await
		.unwrap_or_else(|e| panic!("{method}: {e}"))
}

/// Poll `method` until `done` holds, at most `timeout`.
async fn until(
	client: &pssc_client::Client,
	method: &str,
	params: Vec<Value>,
	timeout: Duration,
	done: impl Fn(&Value) -> bool,
) -> Value {
	let deadline = Instant::now() + timeout;
	loop {
		let value = rpc(client, method, params.clone()).await;
		if done(&value) {
			return value;
		}
		assert!(
			Instant::now() < deadline,
			"{method} {params:?} did not come to pass in {timeout:?}: {value}"
		);
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

fn write(dir: &Path, name: &str, text: &str) -> String {
	let path = dir.join(name);
	std::fs::write(&path, text).expect("file written");
	path.display().to_string()
}

fn free(positions: &Value, cusip: &str) -> u128 {
	positions["securities"]
		.as_array()
		.into_iter()
		.flatten()
		.find(|s| s["cusip"] == cusip)
		.map(|s| s["free"].as_str().unwrap().parse().unwrap())
		.unwrap_or_default()
}

fn cash(positions: &Value) -> u128 {
	positions["cash"]
		.as_array()
		.into_iter()
		.flatten()
		.find(|c| c["currency"] == "USD")
		.map(|c| c["freeCents"].as_str().unwrap().parse().unwrap())
		.unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_whole_lifecycle_through_the_pssc_command_line() {
	let started = Instant::now();
	let base = tempfile::tempdir().expect("temporary base path");
	let node = Node::start_dev(base.path()).await.expect("node starts");
	let client = pssc_client::Client::connect(&node.ws_url())
		.await
		.expect("client connects");
	client
		.wait_for_finalized(1, Duration::from_secs(60))
		.await
		.expect("the chain finalizes");
	let pssc = Pssc { url: node.ws_url() };
	let files = base.path();
	let alice = "//Alice";
	let (gateway, bank) = ("//Gateway", "//Bank");
	let admins = ["//P0-admin", "//P1-admin", "//P2-admin"];
	let operators = ["//P0-op", "//P1-op", "//P2-op"];

	// 1. The board's motions (a board of one: each executes at once).
	let fast = "--no-finality";
	for (cusip, name) in [(APPLE, "Apple Inc."), (MSFT, "Microsoft Corp.")] {
		let out = pssc.ok(
			alice,
			&[
				fast,
				"board",
				"propose",
				"register-security",
				"--cusip",
				cusip,
				"--description",
				name,
			],
		);
		assert_eq!(events(&out, "Board", "Executed")[0]["result"], json!("Ok"));
		pssc.ok(
			alice,
			&[
				fast,
				"board",
				"propose",
				"accept-security",
				"--cusip",
				cusip,
			],
		);
	}
	let (gateway_account, bank_account) = (account(gateway), account(bank));
	pssc.ok(
		alice,
		&[
			fast,
			"board",
			"propose",
			"set-dtc-gateway",
			"--account",
			&gateway_account,
		],
	);
	pssc.ok(
		alice,
		&[
			fast,
			"board",
			"propose",
			"appoint-bank",
			"--account",
			&bank_account,
		],
	);
	for i in 0..3 {
		let out = pssc.ok(
			alice,
			&[
				fast,
				"board",
				"propose",
				"onboard",
				"--name",
				&format!("Participant {i} LLC"),
				"--lei",
				LEIS[i],
				"--dtc-number",
				&(901 + i).to_string(),
				"--admin",
				&account(admins[i]),
				"--operator",
				&account(operators[i]),
			],
		);
		assert_eq!(events(&out, "Participants", "Onboarded").len(), 1, "{out}");
	}
	// The file of step 5 has 500 trades per pair in one day: above the pilot's 300.
	pssc.ok(
		alice,
		&[
			"board",
			"propose",
			"set-parameters",
			"--max-trades-per-pair",
			"1000",
		],
	);
	let participants = rpc(&client, "pssc_participants", vec![]).await;
	assert_eq!(participants.as_array().unwrap().len(), 3);
	assert_eq!(participants[2]["lei"], LEIS[2]);
	assert_eq!(participants[1]["operators"], json!([account(operators[1])]));
	assert_eq!(
		rpc(&client, "pssc_dtcGateway", vec![]).await,
		json!(gateway_account)
	);
	assert_eq!(
		rpc(&client, "pssc_banks", vec![]).await[0]["bank"],
		json!(bank_account)
	);
	eprintln!("1. board done after {:?}", started.elapsed());

	// 2. DTC's eligibility file; one with a bad CUSIP on line 3 is refused whole.
	let bad = write(
		files,
		"bad-eligibility.csv",
		&format!(
			"{ELIGIBILITY_HEADER}\n{APPLE},true,false,false,false,false\n\
			 037833101,true,false,false,false,false\n"
		),
	);
	let run = pssc.run(gateway, &["gateway", "load-eligibility", &bad]);
	assert_eq!(run.code, 2, "{}", run.json);
	let error = run.json["error"].as_str().unwrap();
	assert!(
		error.ends_with("line 3: invalid CUSIP \"037833101\" (CheckDigit)"),
		"{error}"
	);
	let apple = rpc(&client, "pssc_security", vec![json!(APPLE)]).await;
	assert_eq!(
		(apple["dtcEligible"].clone(), apple["eligible"].clone()),
		(json!(false), json!(false)),
		"nothing of the refused file was loaded"
	);
	let good = write(
		files,
		"eligibility.csv",
		&format!(
			"{ELIGIBILITY_HEADER}\n{APPLE},true,false,false,false,false\n\
			 {MSFT},true,false,false,false,false\n"
		),
	);
	let out = pssc.ok(gateway, &["gateway", "load-eligibility", &good]);
	assert_eq!(out["lines"], json!(2));
	for cusip in [APPLE, MSFT] {
		let security = rpc(&client, "pssc_security", vec![json!(cusip)]).await;
		assert_eq!(security["eligible"], json!(true), "{security}");
	}
	eprintln!("2. eligibility done after {:?}", started.elapsed());

	// 3. Deposits: participant 0 holds Apple, 1 holds Microsoft, 1 and 2 hold cash. The
	// gateway and the bank sign with their own keys, so they go at the same time.
	std::thread::scope(|scope| {
		scope.spawn(|| {
			let deposits = [("0", "901", APPLE, "DO-1"), ("1", "902", MSFT, "DO-2")];
			for (participant, dtc_number, cusip, reference) in deposits {
				let out = pssc.ok(
					gateway,
					&[
						fast,
						"gateway",
						"confirm-deposit",
						"--participant",
						participant,
						"--dtc-number",
						dtc_number,
						"--cusip",
						cusip,
						"--quantity",
						"10000",
						"--reference",
						reference,
					],
				);
				assert_eq!(events(&out, "Entitlements", "Deposited").len(), 1, "{out}");
			}
		});
		scope.spawn(|| {
			for (participant, reference) in [("1", "W-1"), ("2", "W-2")] {
				pssc.ok(
					bank,
					&[
						fast,
						"bank",
						"confirm-wire",
						"--participant",
						participant,
						"--amount-cents",
						"10000000",
						"--reference",
						reference,
					],
				);
			}
		});
	});
	// A DTC reference mints once only.
	pssc.refused(
		gateway,
		&[
			"gateway",
			"confirm-deposit",
			"--participant",
			"0",
			"--dtc-number",
			"901",
			"--cusip",
			APPLE,
			"--quantity",
			"1",
			"--reference",
			"DO-1",
		],
		"Entitlements::ReferenceAlreadyUsed",
	);
	// A deliver order from another firm's DTC account credits nobody.
	pssc.refused(
		gateway,
		&[
			"gateway",
			"confirm-deposit",
			"--participant",
			"0",
			"--dtc-number",
			"902",
			"--cusip",
			APPLE,
			"--quantity",
			"1",
			"--reference",
			"DO-3",
		],
		"Entitlements::DtcNumberMismatch",
	);
	let p0 = rpc(&client, "pssc_positions", vec![json!(0)]).await;
	assert_eq!(free(&p0, APPLE), 10_000);
	assert_eq!(
		cash(&rpc(&client, "pssc_positions", vec![json!(2)]).await),
		10_000_000
	);

	// 4. Approvals: 0 and 1 approve each other, 1 and 2 too; 0 does not approve 2. Each
	// admin signs its own, at the same time as the others.
	let approvals: [&[&str]; 3] = [&["1"], &["0", "2"], &["1", "0"]];
	std::thread::scope(|scope| {
		for (admin, counterparties) in admins.iter().zip(approvals) {
			let pssc = &pssc;
			scope.spawn(move || {
				for counterparty in counterparties {
					pssc.ok(
						admin,
						&[
							fast,
							"participant",
							"approve",
							"--counterparty",
							counterparty,
						],
					);
				}
			});
		}
	});
	let p0_info = rpc(&client, "pssc_participant", vec![json!(0)]).await;
	assert_eq!(
		(p0_info["approves"].clone(), p0_info["approvedBy"].clone()),
		(json!([1]), json!([1, 2]))
	);
	eprintln!(
		"3-4. deposits and approvals done after {:?}",
		started.elapsed()
	);

	// 5. 1,000 trades: 0 sells Apple to 1, 1 sells Microsoft to 2, 500 each, settling today.
	let today = rpc(&client, "pssc_businessDate", vec![]).await;
	let today = today.as_str().unwrap();
	let mut files_text = [
		TRADES_HEADER.to_string(),
		TRADES_HEADER.into(),
		TRADES_HEADER.into(),
	];
	let mut shares = [0u128; 2];
	for n in 0..500u32 {
		let quantity = 1 + u128::from(n % 5);
		let amount = 100 * quantity;
		shares[0] += quantity;
		shares[1] += quantity;
		for (seller, buyer, cusip) in [(0usize, 1usize, APPLE), (1, 2, MSFT)] {
			let line = |side: &str, counterparty: usize, who: usize| {
				format!(
					"\n{side},{counterparty},{cusip},{quantity},{amount},{today},{today},T{who}-{cusip}-{n}"
				)
			};
			files_text[seller].push_str(&line("deliver", buyer, seller));
			files_text[buyer].push_str(&line("receive", seller, buyer));
		}
	}
	let mut settled = 0;
	for (p, text) in files_text.iter().enumerate() {
		let path = write(files, &format!("trades-{p}.csv"), text);
		let out = pssc.ok(operators[p], &["participant", "instruct-file", &path]);
		let summary = &out["summary"];
		assert_eq!(summary["rejected"], json!([]), "{summary}");
		settled += summary["settled"].as_u64().unwrap();
		eprintln!("   file of participant {p}: {summary}");
	}
	assert_eq!(settled, 1_000, "every trade settled");
	let p1 = rpc(&client, "pssc_positions", vec![json!(1)]).await;
	assert_eq!(free(&p1, APPLE), shares[0]);
	assert_eq!(free(&p1, MSFT), 10_000 - shares[1]);
	let apple_holders = rpc(&client, "pssc_holders", vec![json!(APPLE)]).await;
	assert_eq!(apple_holders.as_array().unwrap().len(), 2);
	let settled_list = rpc(
		&client,
		"pssc_instructions",
		vec![json!(2), json!("SETT"), Value::Null, json!(500)],
	)
	.await;
	assert_eq!(settled_list["items"].as_array().unwrap().len(), 500);
	eprintln!("5. 1,000 trades settled after {:?}", started.elapsed());

	// 6. A trade with the participant 0 did not approve is refused, from either side.
	for (p, side, counterparty, reference) in
		[(0, "deliver", "2", "X-0"), (2, "receive", "0", "X-2")]
	{
		let out = pssc.refused(
			operators[p],
			&[
				"participant",
				"instruct",
				"--side",
				side,
				"--counterparty",
				counterparty,
				"--cusip",
				APPLE,
				"--quantity",
				"1",
				"--amount-cents",
				"100",
				"--settlement-date",
				today,
				"--reference",
				reference,
			],
			"Settlement::CounterpartyNotApproved",
		);
		assert!(out["outcome"]["finalized"].as_bool().unwrap());
	}
	let check = pssc.run(
		operators[0],
		&[
			"participant",
			"check",
			"--side",
			"deliver",
			"--counterparty",
			"2",
			"--cusip",
			APPLE,
			"--quantity",
			"0",
			"--amount-cents",
			"100",
			"--settlement-date",
			today,
			"--reference",
			"X-0",
		],
	);
	assert_eq!(check.code, 1);
	assert_eq!(
		check.json,
		json!([
			{ "error": "Settlement::ZeroQuantity", "reason": null },
			{ "error": "Settlement::CounterpartyNotApproved", "reason": "NCRR" }
		])
	);

	// 7. Participant 1 buys more Apple than its cash pays for: pending MONY.
	let p1_cash = cash(&rpc(&client, "pssc_positions", vec![json!(1)]).await);
	let price = p1_cash + 250_000;
	let trade = |p: usize, side: &str, counterparty: &str, reference: &str| {
		pssc.ok(
			operators[p],
			&[
				"participant",
				"instruct",
				"--side",
				side,
				"--counterparty",
				counterparty,
				"--cusip",
				APPLE,
				"--quantity",
				"10",
				"--amount-cents",
				&price.to_string(),
				"--settlement-date",
				today,
				"--reference",
				reference,
			],
		)
	};
	let buy = trade(1, "receive", "0", "BIG-B");
	let buy_id = events(&buy, "Settlement", "Unmatched")[0]["instruction"]["id"].clone();
	let sell = trade(0, "deliver", "1", "BIG-S");
	assert_eq!(events(&sell, "Settlement", "Matched").len(), 1);
	let pending = events(&sell, "Settlement", "SettlementPending");
	assert_eq!(
		(pending[0]["status"].clone(), pending[0]["reason"].clone()),
		(json!("PEND"), json!("MONY"))
	);
	let why = pssc.ok(
		operators[1],
		&["participant", "why-pending", "--id", &buy_id.to_string()],
	);
	assert_eq!(why[0]["code"], json!("MONY"), "{why}");
	assert_eq!(why[0]["detail"]["shortCents"], json!("250000"));
	assert_eq!(
		rpc(&client, "pssc_whyPending", vec![buy_id.clone()]).await,
		why
	);
	pssc.ok(
		bank,
		&[
			"bank",
			"confirm-wire",
			"--participant",
			"1",
			"--amount-cents",
			"250000",
			"--reference",
			"W-3",
		],
	);
	let status = until(
		&client,
		"pssc_instruction",
		vec![buy_id.clone()],
		Duration::from_secs(60),
		|i| i["status"]["code"] == "SETT",
	)
	.await;
	let history: Vec<_> = status["history"]
		.as_array()
		.unwrap()
		.iter()
		.map(|c| c["status"]["code"].as_str().unwrap().to_string())
		.collect();
	assert_eq!(history, ["PACK", "NMAT", "MACH", "PEND", "SETT"]);
	eprintln!(
		"6-7. refusal and shortfall done after {:?}",
		started.elapsed()
	);

	// 8. An open instruction in Microsoft; DTC drops Microsoft; the system cancels it (CANS),
	// for the lost eligibility.
	let open = pssc.ok(
		operators[1],
		&[
			"participant",
			"instruct",
			"--side",
			"deliver",
			"--counterparty",
			"2",
			"--cusip",
			MSFT,
			"--quantity",
			"5",
			"--amount-cents",
			"500",
			"--reference",
			"OPEN-1",
		],
	);
	let open_id = events(&open, "Settlement", "Unmatched")[0]["instruction"]["id"].clone();
	let dropped = write(
		files,
		"eligibility-2.csv",
		&format!("{ELIGIBILITY_HEADER}\n{MSFT},false,false,false,false,false\n"),
	);
	pssc.ok(gateway, &["gateway", "load-eligibility", &dropped]);
	let msft = rpc(&client, "pssc_security", vec![json!(MSFT)]).await;
	assert_eq!(msft["eligible"], json!(false));
	let cancelled = until(
		&client,
		"pssc_instruction",
		vec![open_id.clone()],
		Duration::from_secs(60),
		|i| i["status"]["code"] == "CAND",
	)
	.await;
	assert_eq!(cancelled["reason"]["code"], json!("CANS"));
	assert_eq!(cancelled["cause"], json!("EligibilityLost"));
	eprintln!("8. eligibility loss done after {:?}", started.elapsed());

	// 9. Participant 1 still withdraws its Microsoft to DTC.
	let holding = free(&rpc(&client, "pssc_positions", vec![json!(1)]).await, MSFT);
	let out = pssc.ok(
		operators[1],
		&[
			"participant",
			"withdraw",
			"--cusip",
			MSFT,
			"--quantity",
			&holding.to_string(),
		],
	);
	assert_eq!(events(&out, "Entitlements", "WithdrawalRequested").len(), 1);
	let waiting = pssc.ok(gateway, &["gateway", "withdrawals"]);
	assert_eq!(waiting[0]["cusip"], json!(MSFT), "{waiting}");
	let id = waiting[0]["id"].to_string();
	pssc.ok(
		gateway,
		&[
			"gateway",
			"confirm-withdrawal",
			"--id",
			&id,
			"--reference",
			"DLV-1",
		],
	);
	assert_eq!(
		free(&rpc(&client, "pssc_positions", vec![json!(1)]).await, MSFT),
		0
	);
	assert_eq!(
		rpc(&client, "pssc_pendingWithdrawals", vec![]).await,
		json!([])
	);

	// 10. DTC's custody report for Apple disagrees with the ledger: a break.
	let line = rpc(&client, "pssc_securityLine", vec![json!(APPLE)]).await;
	assert_eq!(line["ledger"], json!("10000"));
	let out = pssc.ok(
		gateway,
		&[
			"gateway",
			"report-position",
			"--cusip",
			APPLE,
			"--quantity",
			"9999",
			"--as-of",
			"1000",
		],
	);
	assert_eq!(events(&out, "Entitlements", "ReconciliationBreak").len(), 1);
	let breaks = rpc(&client, "pssc_breaks", vec![]).await;
	assert_eq!(
		breaks,
		json!([{
			"line": { "security": APPLE },
			"break": { "ledger": "10000", "reported": "9999", "asOf": 1000 },
		}])
	);
	let line = rpc(&client, "pssc_securityLine", vec![json!(APPLE)]).await;
	assert_eq!(line["break"]["reported"], json!("9999"));

	// 11. Fees: participant 0 settled 501 trades this month.
	let fees = pssc.ok(operators[0], &["participant", "fees"]);
	let month = &fees.as_array().unwrap()[0];
	assert_eq!(month["trades"], json!(501), "{fees}");
	let expected_units = 501 * 22_500 + (shares[0] + 10) * 225;
	assert_eq!(
		month["accruedUsd"],
		json!(format!(
			"{}.{:07}",
			expected_units / 10_000_000,
			expected_units % 10_000_000
		))
	);
	assert_eq!(month["dueUsd"], json!("5000.0000000"));
	eprintln!("done after {:?}", started.elapsed());
}
