//! Who and what may settle, end to end against a real `pssc-node --dev`: the board registers
//! and accepts a security, the DTC gateway makes it eligible, two participants are onboarded
//! and approve each other; an operator key may sign instructions but not a remark, and a
//! stranger's transaction is refused by the node's pool.

use pssc_primitives::{Cusip, Lei};
use pssc_runtime::{RuntimeCall, RuntimeEvent};
use pssc_tests::Client;
use pssc_tests::{board, eligible_security, Node};
use sp_keyring::Sr25519Keyring::{self, Bob, Charlie, Dave, Eve, Ferdie};

const APPLE: [u8; 9] = *b"037833100";

fn has(events: &[RuntimeEvent], pick: impl Fn(&RuntimeEvent) -> bool) -> bool {
	events.iter().any(pick)
}

fn onboard(
	lei: &[u8; 20],
	dtc_number: u32,
	admin: Sr25519Keyring,
	operator: Sr25519Keyring,
) -> RuntimeCall {
	let name = format!("{admin:?} Securities LLC");
	pssc_tests::onboard(name.as_bytes(), *lei, dtc_number, admin, operator)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_board_admits_a_security_and_two_participants_and_strangers_are_refused() {
	let base = tempfile::tempdir().expect("temporary base path");
	let node = Node::start_dev(base.path()).await.expect("node starts");
	let client = Client::connect(&node.ws_url())
		.await
		.expect("client connects");
	let cusip = Cusip::new(&APPLE).unwrap();

	// The board registers and accepts the security and appoints Dave as DTC gateway, who
	// relays DTC's eligibility: the security becomes eligible.
	let (registered, eligible) =
		eligible_security(&client, APPLE, Some(*b"US0378331005"), Dave).await;
	assert!(has(&registered, |e| matches!(e,
		RuntimeEvent::Securities(pallet_securities::Event::SecurityRegistered { cusip: c, .. }) if *c == cusip)));
	assert!(has(&eligible, |e| matches!(e,
		RuntimeEvent::Securities(pallet_securities::Event::EligibilityChanged { cusip: c, eligible: true }) if *c == cusip)));

	// Two participants: Bob (operator Eve) and Charlie (operator Ferdie).
	let events = board(&client, onboard(b"5493000IBP32UQZ0KL24", 1001, Bob, Eve)).await;
	assert!(has(&events, |e| matches!(e,
		RuntimeEvent::Participants(pallet_participants::Event::Onboarded { id: 0, lei, .. })
			if *lei == Lei::new(b"5493000IBP32UQZ0KL24").unwrap())));
	board(
		&client,
		onboard(b"529900T8BM49AURSDO55", 1002, Charlie, Ferdie),
	)
	.await;

	// They approve each other; the second approval makes the pair mutual.
	let first = client
		.submit_and_watch(
			&Bob.pair(),
			RuntimeCall::Participants(pallet_participants::Call::approve_counterparty {
				counterparty: 1,
			}),
		)
		.await
		.expect("Bob's approval");
	assert!(has(&first.events, |e| matches!(
		e,
		RuntimeEvent::Participants(pallet_participants::Event::CounterpartyApproved {
			by: 0,
			counterparty: 1,
			mutual: false
		})
	)));
	let second = client
		.submit_and_watch(
			&Charlie.pair(),
			RuntimeCall::Participants(pallet_participants::Call::approve_counterparty {
				counterparty: 0,
			}),
		)
		.await
		.expect("Charlie's approval");
	assert!(has(&second.events, |e| matches!(
		e,
		RuntimeEvent::Participants(pallet_participants::Event::CounterpartyApproved {
			by: 1,
			counterparty: 0,
			mutual: true
		})
	)));

	// An operator key signs its participant's business: the call is admitted and runs (there
	// is no instruction 0 to cancel). It may not sign what another role does: the pool
	// refuses a remark, which only the board may post, and names why.
	let cancel: RuntimeCall = pallet_settlement::Call::cancel { id: 0 }.into();
	match client.submit_and_watch(&Eve.pair(), cancel).await {
		Err(pssc_client::Error::Dispatch { name, .. }) => {
			assert_eq!(name, "Settlement::UnknownInstruction")
		},
		other => panic!(
			"expected the cancellation to run and fail, got {:?}",
			other.map(|i| i.events)
		),
	}
	let remark: RuntimeCall = frame_system::Call::remark {
		remark: b"operator".to_vec(),
	}
	.into();
	let xt = client
		.sign(&pssc_tests::keypair(&Eve.pair()), &remark, None)
		.await
		.expect("signed");
	match client.watch(xt).await {
		Err(pssc_client::Error::Refused(message)) => assert!(
			message.contains("none of the signer's roles may sign this call (Custom error: 2)"),
			"the pool names why: {message}"
		),
		other => panic!(
			"expected the pool to refuse, got {:?}",
			other.map(|i| i.events)
		),
	}

	// A stranger (not a participant, board member, validator or role account) is refused by
	// the pool: error 1010 (invalid transaction), "Invalid signing address".
	let stranger = pssc_client::keypair("//Stranger").expect("dev seed");
	let remark: RuntimeCall = frame_system::Call::remark { remark: vec![1] }.into();
	let xt = client
		.sign(&stranger, &remark, Some(0))
		.await
		.expect("signed");
	match client.watch(xt).await {
		Err(pssc_client::Error::Refused(message)) => {
			assert!(
				message.contains("Invalid signing address"),
				"the pool names why: {message}"
			);
		},
		other => panic!(
			"expected the pool to refuse, got {:?}",
			other.map(|i| i.events)
		),
	}
}

#[test]
fn the_client_names_each_of_admissions_refusal_codes() {
	use pallet_admission::refusal::*;
	use pssc_client::admission_refusal;
	assert_eq!(
		admission_refusal(PARTICIPANT_SUSPENDED),
		Some("the signer is a key of a suspended participant")
	);
	assert_eq!(
		admission_refusal(CALL_NOT_PERMITTED),
		Some("none of the signer's roles may sign this call")
	);
	assert_eq!(
		admission_refusal(DAILY_QUOTA_EXHAUSTED),
		Some("the signer has used its allowance for the business day")
	);
	assert_eq!(
		admission_refusal(BEYOND_BLOCK_ALLOWANCE),
		Some("the transaction alone is heavier than the signer's allowance for a block")
	);
	assert_eq!(
		admission_refusal(POOL_DEPTH_EXCEEDED),
		Some("the signer already has as many transactions waiting in the pool as its quota allows")
	);
	assert_eq!(
		admission_refusal(IMMORTAL_TRANSACTION),
		Some("a signed transaction must be mortal")
	);
	assert_eq!(admission_refusal(0), None);
	assert_eq!(admission_refusal(IMMORTAL_TRANSACTION + 1), None);
}
