//! DTC-backed entitlements end to end against a real `pssc-node --dev`: a deposit, a partial
//! withdrawal confirmed, and custody reports that match and that break. Balances are read over
//! RPC after each step.

use pallet_entitlements::{Balance, Line};
use pssc_primitives::Cusip;
use pssc_runtime::{RuntimeCall, RuntimeEvent};
use pssc_tests::Client;
use pssc_tests::{board, eligible_security, refused, Node};
use sp_keyring::Sr25519Keyring::{Bob, Dave, Eve};

const APPLE: [u8; 9] = *b"037833100";

fn entitlements(call: pallet_entitlements::Call<pssc_runtime::Runtime>) -> RuntimeCall {
	RuntimeCall::Entitlements(call)
}

/// DTC's confirmation of a deposit for participant 0.
fn deposit(quantity: u128, reference: &[u8]) -> RuntimeCall {
	entitlements(pallet_entitlements::Call::confirm_deposit {
		participant: 0,
		dtc_number: 1001,
		cusip: APPLE,
		quantity,
		dtc_reference: reference.to_vec(),
	})
}

/// DTC's custody position.
fn report(quantity: u128, as_of: u64) -> RuntimeCall {
	entitlements(pallet_entitlements::Call::report_custody_position {
		cusip: APPLE,
		quantity,
		as_of,
	})
}

/// Participant 0's balance of the security, read over RPC.
async fn balance(client: &Client) -> (u128, u128) {
	let cusip = Cusip::new(&APPLE).unwrap();
	let Balance { free, held } = client.security_balance(0, &cusip).await.expect("balance");
	(free, held)
}

#[tokio::test(flavor = "multi_thread")]
async fn deposit_withdraw_and_reconcile_against_dtc() {
	let base = tempfile::tempdir().expect("temporary base path");
	let node = Node::start_dev(base.path()).await.expect("node starts");
	let client = Client::connect(&node.ws_url())
		.await
		.expect("client connects");
	let cusip = Cusip::new(&APPLE).unwrap();
	let gateway = Dave.pair();

	// Set-up by the board and the gateway: an eligible security, participant 0 (admin Bob,
	// operator Eve).
	eligible_security(&client, APPLE, None, Dave).await;
	board(
		&client,
		RuntimeCall::Participants(pallet_participants::Call::onboard {
			legal_name: b"Bob Securities LLC".to_vec(),
			lei: *b"5493000IBP32UQZ0KL24",
			dtc_number: 1001,
			admin: Bob.to_account_id(),
			operators: vec![Eve.to_account_id()],
		}),
	)
	.await;
	assert_eq!(balance(&client).await, (0, 0));

	// DTC confirms a deposit of 1,000 shares.
	let included = client
		.submit_and_watch(&gateway, deposit(1_000, b"DO-2026-0001"))
		.await
		.expect("deposit");
	assert!(included.events.iter().any(|e| matches!(
		e,
		RuntimeEvent::Entitlements(pallet_entitlements::Event::Deposited {
			participant: 0,
			dtc_number: 1001,
			quantity: 1_000,
			..
		})
	)));
	assert_eq!(balance(&client).await, (1_000, 0));
	assert_eq!(client.security_issuance(&cusip).await.unwrap(), 1_000);

	// The same DTC reference never mints twice.
	assert_eq!(
		refused(&client, &gateway, deposit(1_000, b"DO-2026-0001")).await,
		"Entitlements::ReferenceAlreadyUsed"
	);
	assert_eq!(client.security_issuance(&cusip).await.unwrap(), 1_000);

	// The operator asks to withdraw 400; the gateway confirms DTC's delivery out.
	client
		.submit_and_watch(
			&Eve.pair(),
			entitlements(pallet_entitlements::Call::request_withdrawal {
				cusip: APPLE,
				quantity: 400,
			}),
		)
		.await
		.expect("withdrawal requested");
	assert_eq!(balance(&client).await, (600, 400));
	client
		.submit_and_watch(
			&gateway,
			entitlements(pallet_entitlements::Call::confirm_withdrawal {
				id: 0,
				reference: b"DO-OUT-7".to_vec(),
			}),
		)
		.await
		.expect("withdrawal confirmed");
	assert_eq!(balance(&client).await, (600, 0));
	assert_eq!(client.security_issuance(&cusip).await.unwrap(), 600);

	// DTC's position matches the ledger: reconciled, nothing stops.
	let matching = client
		.submit_and_watch(&gateway, report(600, 1))
		.await
		.expect("report");
	assert!(matching.events.iter().any(|e| matches!(
		e,
		RuntimeEvent::Entitlements(pallet_entitlements::Event::Reconciled {
			ledger: 600,
			reported: 600,
			..
		})
	)));

	// A position that differs breaks the line: deposits stop.
	let breaking = client
		.submit_and_watch(&gateway, report(599, 2))
		.await
		.expect("report");
	assert!(breaking.events.iter().any(|e| matches!(e,
		RuntimeEvent::Entitlements(pallet_entitlements::Event::ReconciliationBreak { line: Line::Security(c), ledger: 600, reported: 599, .. }) if *c == cusip)));
	assert_eq!(
		refused(&client, &gateway, deposit(1, b"DO-2026-0002")).await,
		"Entitlements::LineStopped"
	);
	assert_eq!(balance(&client).await, (600, 0));
}
