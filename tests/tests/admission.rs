//! Admission end to end against a real `pssc-node --dev`: one operator key floods the pool
//! with instruction files, several blocks' worth; another participant's file, sent after
//! them in the same lane, is not held back by more than a block. Then the flooder's
//! participant is suspended, and the pool refuses its key.

use pallet_settlement::{NewInstruction, Side};
use pssc_runtime::{RuntimeCall, RuntimeEvent};
use pssc_tests::{approve_all, board, board_all, eligible_security, onboard, Client, Node};
use sp_keyring::Sr25519Keyring::{Bob, Charlie, Dave, Eve, Ferdie};

const APPLE: [u8; 9] = *b"037833100";
/// Flood files, of the largest size a file may have.
const FILES: usize = 30;
const LINES: usize = 500;
/// The other participant's file.
const OTHER_LINES: usize = 200;

/// A file of `LINES` lines that the pallet refuses one by one (the CUSIP's check digit is
/// wrong), each charged as a line that waits.
fn junk_file(counterparty: u32) -> RuntimeCall {
	let line = NewInstruction {
		side: Side::Deliver,
		counterparty,
		cusip: *b"037833101",
		quantity: 1,
		amount: 1,
		trade_date: 0,
		settlement_date: 0,
		reference: b"JUNK".to_vec(),
	};
	RuntimeCall::Settlement(pallet_settlement::Call::instruct_batch {
		instructions: vec![line; LINES],
	})
}

/// The best block's number.
async fn best(client: &Client) -> u64 {
	let header = client
		.inner
		.query("chain_getHeader", vec![])
		.await
		.expect("the best header");
	let number = header["number"].as_str().expect("a hex number");
	u64::from_str_radix(number.trim_start_matches("0x"), 16).expect("hex")
}

/// How many lines of participant `who` the block `number` refused.
async fn rejected_in(client: &Client, number: u64, who: u32) -> usize {
	let hash = client
		.block_hash(number as u32)
		.await
		.expect("the block's hash")
		.expect("the block exists");
	client
		.events_at(hash)
		.await
		.expect("the block's events")
		.iter()
		.filter(|r| {
			matches!(
				&r.event,
				RuntimeEvent::Settlement(pallet_settlement::Event::Rejected { participant, .. })
					if *participant == who
			)
		})
		.count()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flood_from_one_key_delays_another_participants_file_by_a_block_at_most() {
	let base = tempfile::tempdir().expect("temporary base path");
	let node = Node::start_dev(base.path()).await.expect("node starts");
	let client = Client::connect(&node.ws_url())
		.await
		.expect("client connects");
	eligible_security(&client, APPLE, None, Eve).await;
	board_all(
		&client,
		vec![
			onboard(
				b"Bob Securities LLC",
				*b"5493000IBP32UQZ0KL24",
				901,
				Bob,
				Charlie,
			),
			onboard(
				b"Dave Securities LLC",
				*b"529900T8BM49AURSDO55",
				902,
				Dave,
				Ferdie,
			),
		],
	)
	.await;
	approve_all(&client, &[(Bob, 1), (Dave, 0)]).await;

	// Charlie (participant 0) sends 30 files of 500 lines: about 8 s of weight, more than four
	// blocks' 1.875 s of normal transactions. Without its quota (a quarter of a block), seven
	// would go into each block and Ferdie's file would wait behind them for four blocks.
	let flooder = pssc_tests::keypair(&Charlie.pair());
	let nonce = client
		.inner
		.next_nonce(&pssc_client::account_of(&flooder))
		.await
		.expect("the nonce");
	for i in 0..FILES {
		let file = client
			.sign(&flooder, &junk_file(1), Some(nonce + i as u64))
			.await
			.expect("signed");
		let hex = format!("0x{}", hex::encode(&file));
		client
			.inner
			.query("author_submitExtrinsic", vec![hex.into()])
			.await
			.expect("the pool takes the flood");
	}
	let pending = client
		.inner
		.query("author_pendingExtrinsics", vec![])
		.await
		.expect("the pool's content");
	let waiting = pending.as_array().map_or(0, Vec::len);
	assert!(
		waiting >= FILES - 2,
		"the flood waits in the pool: {waiting}"
	);

	// Ferdie (participant 1) sends a file of 200 lines, in the same lane, after all of them.
	// It is too large for what seven flood files would leave of a block.
	let before = best(&client).await;
	let today = client.business_date().await.expect("a business date");
	let lines = (0..OTHER_LINES)
		.map(|i| {
			pssc_tests::trade_side(
				Side::Receive,
				0,
				APPLE,
				10,
				1_000,
				(today, today),
				&format!("F-{i}"),
			)
		})
		.collect();
	let file = RuntimeCall::Settlement(pallet_settlement::Call::instruct_batch {
		instructions: lines,
	});
	let included = client
		.submit_and_watch(&Ferdie.pair(), file)
		.await
		.expect("Ferdie's file is included");
	let waiting = included
		.events
		.iter()
		.filter(|e| {
			matches!(e,
				RuntimeEvent::Settlement(pallet_settlement::Event::Unmatched { instruction, .. })
					if instruction.participant == 1)
		})
		.count();
	assert_eq!(
		waiting, OTHER_LINES,
		"each of Ferdie's lines waits for its counterpart"
	);
	let landed = included.block_number;
	println!("Ferdie's file: sent at best block {before}, in block {landed}");
	assert!(
		landed <= before + 2,
		"sent at best block {before}, Ferdie's file landed in {landed}"
	);
	// The flooder had at most its one file's allowance in each of those blocks, and the rest
	// of its flood still waits: nothing of it was dropped.
	for number in before + 1..=landed {
		let junk = rejected_in(&client, number, 0).await;
		println!("block {number}: {junk} lines of the flood");
		assert!(junk <= LINES, "block {number} carried {junk} junk lines");
	}
	let included_so_far: u32 = client
		.state_call(
			"AccountNonceApi_account_nonce",
			pssc_runtime::AccountId::from(Charlie.public()),
		)
		.await;
	assert!(
		u64::from(included_so_far) < nonce + FILES as u64,
		"the flood is not all in yet at block {landed}: {included_so_far} of Charlie's transactions are"
	);

	// Suspended, Charlie's participant can send nothing: the pool refuses its key.
	board(
		&client,
		RuntimeCall::Participants(pallet_participants::Call::suspend { id: 0 }),
	)
	.await;
	let cancel = RuntimeCall::Settlement(pallet_settlement::Call::cancel { id: 0 });
	let signed = client
		.sign(&flooder, &cancel, Some(nonce + FILES as u64 + 1))
		.await
		.expect("signed");
	match client.watch(signed).await {
		Err(pssc_client::Error::Refused(message)) => assert!(
			message.contains("the signer is a key of a suspended participant (Custom error: 1)"),
			"the pool names why: {message}"
		),
		other => panic!(
			"expected the pool to refuse, got {:?}",
			other.map(|i| i.events)
		),
	}
	drop(node);
}
