//! The chain itself, end to end: a real `pssc-node --dev` on free ports, driven over RPC
//! through `pssc-client` (subxt).

use pssc_client::Error;
use pssc_runtime::{RuntimeCall, RuntimeEvent};
use pssc_tests::Client;
use pssc_tests::{executed, motion, Node};
use sp_core::sr25519;
use sp_keyring::Sr25519Keyring;
use std::time::{Duration, Instant};

fn alice() -> sr25519::Pair {
	Sr25519Keyring::Alice.pair()
}

fn add_validator(who: Sr25519Keyring) -> RuntimeCall {
	RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
		validator: who.to_account_id(),
	})
}

#[tokio::test(flavor = "multi_thread")]
async fn dev_node_finalizes_runs_board_motions_and_keeps_its_head_across_a_restart() {
	let base = tempfile::tempdir().expect("temporary base path");
	let started = Instant::now();
	let mut node = Node::start_dev(base.path()).await.expect("node starts");
	let client = Client::connect(&node.ws_url())
		.await
		.expect("client connects");

	// A block is finalized within 60 s of the node answering. Beside the other end-to-end
	// tests, which start their nodes at the same time on two cores, building the genesis
	// state alone once took 13 s and the first finalization missed 30 s; on 2026-12-01 the
	// genesis took 43 s and left 17 s of a budget counted from the spawn.
	client
		.wait_for_finalized(1, Duration::from_secs(60))
		.await
		.unwrap_or_else(|e| {
			panic!(
				"no finalized block within 60 s of the node answering: {e}\n{}",
				node.log_tail()
			)
		});
	println!("first finalized block after {:?}", started.elapsed());

	// system_health answers: a lone dev node has no peers and is not syncing.
	let health = client.health().await.expect("system_health");
	assert_eq!(health.peers, 0);
	assert!(!health.is_syncing);

	// A board motion, signed and followed to finality by pssc-client, executes.
	let included = client
		.submit_and_watch(&alice(), motion(add_validator(Sr25519Keyring::Bob)))
		.await
		.expect("the motion is included");
	assert_eq!(executed(&included.events), Some(Ok(())));
	assert!(included.events.iter().any(|e| matches!(
		e,
		RuntimeEvent::ValidatorSet(pallet_validator_set::Event::ValidatorAdded { validator })
			if *validator == Sr25519Keyring::Bob.to_account_id()
	)));
	assert!(included.events.iter().any(|e| matches!(
		e,
		RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. })
	)));

	// The same motion again executes, but the call inside fails: the client reports the
	// motion as failed, with the inner call's error by name, and the events say the same.
	match client
		.submit_and_watch(&alice(), motion(add_validator(Sr25519Keyring::Bob)))
		.await
	{
		Err(Error::Dispatch { name, outcome }) => {
			assert_eq!(name, "ValidatorSet::ValidatorAlreadyAdded");
			let inner = executed(&Client::included(&outcome).events)
				.expect("the motion executed")
				.expect_err("a duplicate");
			assert_eq!(
				client.error_name(&inner).await,
				"ValidatorSet::ValidatorAlreadyAdded"
			);
		},
		other => panic!(
			"expected the motion to fail, got {:?}",
			other.map(|i| i.events)
		),
	}

	// Calling the validator set directly, without a motion, is refused by the pool: only a
	// motion may make that call, so no signer may.
	match client
		.submit_and_watch(&alice(), add_validator(Sr25519Keyring::Charlie))
		.await
	{
		Err(Error::Refused(message)) => assert!(
			message.contains("none of the signer's roles may sign this call (Custom error: 2)"),
			"the pool names why: {message}"
		),
		other => panic!(
			"expected the pool to refuse, got {:?}",
			other.map(|i| i.events)
		),
	}

	// A board member's own call that fails at dispatch comes back with the error's name:
	// closing a motion that does not exist.
	let close = RuntimeCall::Board(pallet_collective::Call::close {
		proposal_hash: Default::default(),
		index: 99,
		proposal_weight_bound: Default::default(),
		length_bound: 0,
	});
	match client.submit_and_watch(&alice(), close).await {
		Err(Error::Dispatch { name, outcome }) => {
			assert_eq!(name, "Board::ProposalMissing");
			assert!(outcome.block_number > 0);
		},
		other => panic!(
			"expected a dispatch error, got {:?}",
			other.map(|i| i.events)
		),
	}

	// Restart on the same base path: the finalized head survives.
	let (head_hash, head_number) = client.finalized_head().await.expect("finalized head");
	drop(client);
	node.stop().expect("node stops on SIGINT");
	let node = Node::start_dev(base.path()).await.expect("node restarts");
	let client = Client::connect(&node.ws_url())
		.await
		.expect("client reconnects");
	let (_, number_after) = client
		.finalized_head()
		.await
		.expect("finalized head after restart");
	assert!(
		number_after >= head_number,
		"finalized head went back from {head_number} to {number_after}"
	);
	assert_eq!(
		client.block_hash(head_number).await.expect("block hash"),
		Some(head_hash)
	);
	// And the chain goes on finalizing from there.
	client
		.wait_for_finalized(number_after + 1, Duration::from_secs(30))
		.await
		.unwrap_or_else(|e| panic!("no finality after restart: {e}\n{}", node.log_tail()));
}
