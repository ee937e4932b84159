//! DvP settlement end to end against a real `pssc-node --dev` whose clock starts at 21:54 UTC,
//! six minutes before the business day turns (22:00 UTC): two approved participants trade for
//! today (T+0) and for tomorrow (T+1); one T+0 trade fails for cash and settles after the
//! bank's wire; the T+1 trade settles after the day boundary; a third participant that the
//! seller never approved is refused. Positions are read over RPC after each step.

use pallet_settlement::{Code, NewInstruction, PendingReason, Side, Status};
use pssc_primitives::Cusip;
use pssc_runtime::{RuntimeCall, RuntimeEvent};
use pssc_tests::Client;
use pssc_tests::{approve_all, board_all, eligible_security, onboard, refused, trade_side, Node};
use sp_core::sr25519;
use sp_keyring::Sr25519Keyring::{Bob, Charlie, Dave, Eve, Ferdie, One, Two};
use std::time::{Duration, Instant};

const APPLE: [u8; 9] = *b"037833100";
const USD: [u8; 3] = *b"USD";
/// The faked clock's start, and the moment the business day turns (milliseconds).
const START: &str = "2026-11-24 21:54:00";
const BOUNDARY_MS: u64 = (20_781 * 86_400 + 22 * 3_600) * 1_000;

fn bank() -> sr25519::Pair {
	pssc_tests::dev_pair("//SettlingBank")
}

fn settlement(call: pallet_settlement::Call<pssc_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Settlement(call)
}

fn entitlements(call: pallet_entitlements::Call<pssc_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Entitlements(call)
}

/// One side of an Apple trade traded on `date`, settling on `settles`.
fn side(
	side: Side,
	counterparty: u32,
	quantity: u128,
	amount: u128,
	dates: (u32, u32),
	reference: &str,
) -> NewInstruction<Vec<u8>> {
	trade_side(
		side,
		counterparty,
		APPLE,
		quantity,
		amount,
		dates,
		reference,
	)
}

/// (shares, cash) free of participants 0 and 1, read over RPC.
async fn positions(client: &Client) -> [(u128, u128); 2] {
	let cusip = Cusip::new(&APPLE).unwrap();
	let mut out = [(0, 0); 2];
	for (p, slot) in out.iter_mut().enumerate() {
		let p = p as u32;
		let shares = client
			.security_balance(p, &cusip)
			.await
			.expect("balance")
			.free;
		let cash = client.cash_balance(p, &USD).await.expect("cash").free;
		*slot = (shares, cash);
	}
	out
}

/// Wait until instruction `id` has `status` at the best block.
async fn wait_for_status(client: &Client, id: u64, status: Status, timeout: Duration) {
	let deadline = Instant::now() + timeout;
	loop {
		let now = client.instruction_status(id).await.expect("status read");
		if now == Some(status) {
			return;
		}
		assert!(
			Instant::now() < deadline,
			"instruction {id} is {now:?}, not {status:?}, after {timeout:?}"
		);
		tokio::time::sleep(Duration::from_secs(2)).await;
	}
}

fn settled(events: &[RuntimeEvent]) -> Vec<(u64, u128, u128)> {
	events
		.iter()
		.filter_map(|e| match e {
			RuntimeEvent::Settlement(pallet_settlement::Event::Settled {
				instruction,
				quantity,
				amount,
				status: Code::SETT,
				..
			}) => Some((instruction.id, *quantity, *amount)),
			_ => None,
		})
		.collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_participants_settle_t0_and_t1_and_a_third_is_refused() {
	let started = Instant::now();
	let base = tempfile::tempdir().expect("temporary base path");
	let node = Node::start_dev_at(base.path(), START)
		.await
		.expect("node starts");
	let client = Client::connect(&node.ws_url())
		.await
		.expect("client connects");
	let (seller, buyer, third) = (Eve.pair(), Ferdie.pair(), Two.pair());
	let gateway = Dave.pair();

	// The agency's set-up: the security and its gateway, then in one go three participants
	// (0 the seller, 1 the buyer, 2 a third) and a USD settling bank. 0 and 1 approve each
	// other; 2 approves 0, who never approves 2.
	eligible_security(&client, APPLE, None, Dave).await;
	board_all(
		&client,
		vec![
			onboard(
				b"Seller Securities LLC",
				*b"5493000IBP32UQZ0KL24",
				901,
				Bob,
				Eve,
			),
			onboard(
				b"Buyer Capital Inc",
				*b"529900T8BM49AURSDO55",
				902,
				Charlie,
				Ferdie,
			),
			onboard(
				b"Third Markets LLC",
				*b"7LTWFZYICNSX8D621K86",
				903,
				One,
				Two,
			),
			entitlements(pallet_entitlements::Call::appoint_settling_bank {
				bank: pssc_runtime::AccountId::from(sp_core::Pair::public(&bank())),
				currency: USD,
			}),
		],
	)
	.await;
	approve_all(&client, &[(Bob, 1), (Charlie, 0), (One, 0)]).await;
	// DTC confirms 1,000 shares for the seller; the bank a wire of $500.00 for the buyer.
	let funded = futures::future::join_all([
		client.submit_and_watch(
			&gateway,
			entitlements(pallet_entitlements::Call::confirm_deposit {
				participant: 0,
				dtc_number: 901,
				cusip: APPLE,
				quantity: 1_000,
				dtc_reference: b"DO-1".to_vec(),
			}),
		),
		client.submit_and_watch(
			&bank(),
			entitlements(pallet_entitlements::Call::confirm_cash_deposit {
				participant: 1,
				amount: 50_000,
				bank_reference: b"FED-1".to_vec(),
			}),
		),
	])
	.await;
	for step in funded {
		step.expect("funding");
	}
	assert_eq!(positions(&client).await, [(1_000, 0), (0, 50_000)]);
	eprintln!("set-up done after {:?}", started.elapsed());

	// T+0: the buyer sends its file of two trades, the seller its own; the first settles in
	// the seller's extrinsic, the second is short of cash (MONY).
	let today = client.business_date().await.expect("business date");
	let t0 = (today, today);
	client
		.submit_and_watch(
			&buyer,
			settlement(pallet_settlement::Call::instruct_batch {
				instructions: vec![
					side(Side::Receive, 0, 100, 19_000, t0, "B-1"),
					side(Side::Receive, 0, 200, 40_000, t0, "B-2"),
				],
			}),
		)
		.await
		.expect("the buyer's file");
	let sells = client
		.submit_and_watch(
			&seller,
			settlement(pallet_settlement::Call::instruct_batch {
				instructions: vec![
					side(Side::Deliver, 1, 100, 19_000, t0, "S-1"),
					side(Side::Deliver, 1, 200, 40_000, t0, "S-2"),
				],
			}),
		)
		.await
		.expect("the seller's file");
	assert_eq!(settled(&sells.events), vec![(2, 100, 19_000)]);
	assert!(sells.events.iter().any(|e| matches!(e,
		RuntimeEvent::Settlement(pallet_settlement::Event::SettlementPending { instruction, status: Code::PEND, reason: Code::MONY })
			if instruction.id == 3 && instruction.counterpart == Some(1))));
	assert_eq!(
		client.instruction_status(3).await.unwrap(),
		Some(Status::Pending(PendingReason::Mony))
	);
	assert_eq!(positions(&client).await, [(900, 19_000), (100, 31_000)]);

	// The bank's second wire arrives: the pending pair is retried and settles.
	client
		.submit_and_watch(
			&bank(),
			entitlements(pallet_entitlements::Call::confirm_cash_deposit {
				participant: 1,
				amount: 10_000,
				bank_reference: b"FED-2".to_vec(),
			}),
		)
		.await
		.expect("second wire");
	wait_for_status(&client, 3, Status::Settled, Duration::from_secs(60)).await;
	assert_eq!(positions(&client).await, [(700, 59_000), (300, 1_000)]);

	// A participant the seller never approved is refused, whichever side instructs.
	assert_eq!(
		refused(
			&client,
			&third,
			settlement(pallet_settlement::Call::instruct {
				instruction: side(Side::Receive, 0, 10, 1_000, t0, "X-1"),
			})
		)
		.await,
		"Settlement::CounterpartyNotApproved"
	);
	assert_eq!(
		refused(
			&client,
			&seller,
			settlement(pallet_settlement::Call::instruct {
				instruction: side(Side::Deliver, 2, 10, 1_000, t0, "S-X"),
			})
		)
		.await,
		"Settlement::CounterpartyNotApproved"
	);

	// T+1: both sides at once; matched, queued, nothing moves today.
	let now = client.now().await.unwrap();
	// Room for both instructions to be included (two or three blocks) before the day turns,
	// with the set-up slowed by the tests that run beside this one.
	assert!(
		now < BOUNDARY_MS - 30_000,
		"the set-up took too long ({:?}): the day turned before the T+1 trade",
		started.elapsed()
	);
	let t1 = (today, today + 1);
	let both = futures::future::join_all([
		client.submit_and_watch(
			&buyer,
			settlement(pallet_settlement::Call::instruct {
				instruction: side(Side::Receive, 0, 50, 1_000, t1, "B-3"),
			}),
		),
		client.submit_and_watch(
			&seller,
			settlement(pallet_settlement::Call::instruct {
				instruction: side(Side::Deliver, 1, 50, 1_000, t1, "S-3"),
			}),
		),
	])
	.await;
	for step in both {
		step.expect("T+1 instruction");
	}
	for id in [4, 5] {
		assert_eq!(
			client.instruction_status(id).await.unwrap(),
			Some(Status::Matched)
		);
	}
	assert_eq!(positions(&client).await, [(700, 59_000), (300, 1_000)]);
	eprintln!("T+1 matched after {:?}", started.elapsed());

	// At 22:00 UTC the business date turns; the first blocks after it settle the pair.
	let wait = Duration::from_millis(BOUNDARY_MS.saturating_sub(now)) + Duration::from_secs(90);
	wait_for_status(&client, 5, Status::Settled, wait).await;
	assert!(client.now().await.unwrap() >= BOUNDARY_MS);
	assert_eq!(client.business_date().await.unwrap(), today + 1);
	assert_eq!(positions(&client).await, [(650, 60_000), (350, 0)]);

	// Each side accrued three trades and 350 shares of fees in November.
	let fees = client.fees(0, 202611).await.unwrap();
	assert_eq!((fees.trades, fees.shares), (3, 350));
	assert_eq!(fees.accrued, 3 * 22_500 + 350 * 225);
	assert_eq!(client.fees(1, 202611).await.unwrap(), fees);
	eprintln!("done after {:?}", started.elapsed());
}
