//! Settlement throughput on a real `pssc-node --dev`, measured, not asserted: it is a
//! measurement for the README, not part of `scripts/test.sh`. Run it with
//!
//! ```sh
//! cargo test --release --workspace --test throughput -- --ignored --nocapture
//! ```
//!
//! Two participants (the agency lifts the pilot's per-pair limits for the run) send files of
//! same-day trades, `FILE` instructions per `instruct_batch`, the buyer's and the seller's
//! files all at once. Each trade settles in the extrinsic of its second side. The test counts
//! the `Settled` events and the normal-class weight of every block.

use pallet_settlement::{Parameters, Side};
use pssc_runtime::{RuntimeCall, RuntimeEvent};
use pssc_tests::Client;
use pssc_tests::{
	approve_all, board_all, eligible_security, onboard, submit_all, trade_side, Node,
};
use sp_keyring::Sr25519Keyring::{Bob, Charlie, Dave, Eve, Ferdie};
use std::time::Instant;

const APPLE: [u8; 9] = *b"037833100";
/// Instructions per file, and files per side.
const FILE: u32 = 250;
const FILES: u32 = 12;

fn file(side: Side, counterparty: u32, today: u32, first: u32) -> RuntimeCall {
	let instructions = (first..first + FILE)
		.map(|n| {
			let amount = 10_000 + u128::from(n);
			trade_side(
				side,
				counterparty,
				APPLE,
				1,
				amount,
				(today, today),
				&format!("T{n}"),
			)
		})
		.collect();
	RuntimeCall::Settlement(pallet_settlement::Call::instruct_batch { instructions })
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a measurement; run it by name"]
async fn settled_trades_per_block() {
	// `PSSC_THROUGHPUT_BASE=<dir>` keeps the node's database in `<dir>`, for example for
	// `scripts/benchmark-weights.sh --db-state <dir>`.
	let temp = tempfile::tempdir().expect("temporary base path");
	let base = std::env::var_os("PSSC_THROUGHPUT_BASE")
		.map(std::path::PathBuf::from)
		.unwrap_or_else(|| temp.path().to_path_buf());
	// Midday, far from the day boundary.
	let node = Node::start_dev_at(&base, "2026-11-24 12:00:00")
		.await
		.expect("node starts");
	let client = Client::connect(&node.ws_url())
		.await
		.expect("client connects");
	let bank = pssc_tests::dev_pair("//SettlingBank");
	let trades = u128::from(FILE * FILES);
	eligible_security(&client, APPLE, None, Dave).await;
	board_all(
		&client,
		vec![
			onboard(b"Seller", *b"5493000IBP32UQZ0KL24", 901, Bob, Eve),
			onboard(b"Buyer", *b"529900T8BM49AURSDO55", 902, Charlie, Ferdie),
			RuntimeCall::Entitlements(pallet_entitlements::Call::appoint_settling_bank {
				bank: pssc_runtime::AccountId::from(sp_core::Pair::public(&bank)),
				currency: *b"USD",
			}),
			RuntimeCall::Settlement(pallet_settlement::Call::set_parameters {
				parameters: Parameters {
					max_trades_per_pair_per_day: u32::MAX,
					share_limit_per_security_per_pair_per_day: u128::MAX,
					..Default::default()
				},
			}),
		],
	)
	.await;
	approve_all(&client, &[(Bob, 1), (Charlie, 0)]).await;
	for step in futures::future::join_all([
		client.submit_and_watch(
			&Dave.pair(),
			RuntimeCall::Entitlements(pallet_entitlements::Call::confirm_deposit {
				participant: 0,
				cusip: APPLE,
				quantity: trades,
				dtc_reference: b"DO-1".to_vec(),
			}),
		),
		client.submit_and_watch(
			&bank,
			RuntimeCall::Entitlements(pallet_entitlements::Call::confirm_cash_deposit {
				participant: 1,
				amount: trades * 20_000,
				bank_reference: b"W-1".to_vec(),
			}),
		),
	])
	.await
	{
		step.expect("funding");
	}

	let today = client.business_date().await.unwrap();
	let (_, first_block) = client.finalized_head().await.unwrap();
	let buys = (0..FILES)
		.map(|f| file(Side::Receive, 0, today, f * FILE))
		.collect();
	let sells = (0..FILES)
		.map(|f| file(Side::Deliver, 1, today, f * FILE))
		.collect();
	let started = Instant::now();
	let (buyer, seller) = (Ferdie.pair(), Eve.pair());
	let (bought, sold) = futures::join!(
		submit_all(&client, &buyer, buys),
		submit_all(&client, &seller, sells)
	);
	let elapsed = started.elapsed();
	for result in bought.into_iter().chain(sold) {
		result.expect("every file is included");
	}
	let (_, last_block) = client.finalized_head().await.unwrap();

	let mut settled_total = 0usize;
	let mut busy = Vec::new();
	for number in first_block + 1..=last_block {
		let hash = client.block_hash(number).await.unwrap().unwrap();
		let settled = client
			.events_at(hash)
			.await
			.unwrap()
			.iter()
			.filter(|r| {
				matches!(
					r.event,
					RuntimeEvent::Settlement(pallet_settlement::Event::Settled { .. })
				)
			})
			.count();
		let weight = client.block_weight(hash).await.unwrap();
		let normal_s = weight
			.get(frame_support::dispatch::DispatchClass::Normal)
			.ref_time() as f64
			/ 1e12;
		if settled > 0 {
			busy.push(settled);
		}
		settled_total += settled;
		eprintln!("block #{number}: {settled:>4} settled, normal weight {normal_s:.3} s");
	}
	assert_eq!(settled_total as u128, trades, "every trade settled");
	let max = busy.iter().max().copied().unwrap_or_default();
	let mean = settled_total as f64 / busy.len().max(1) as f64;
	eprintln!(
		"{trades} trades ({} instructions in files of {FILE}) settled in {} blocks with settlements; \
		 at most {max} and on average {mean:.0} per block; {:.1} s from the first submission to \
		 the last finalized file",
		2 * trades,
		busy.len(),
		elapsed.as_secs_f64()
	);
}
