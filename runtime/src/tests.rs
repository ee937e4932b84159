//! Tests of the runtime as a whole: genesis presets, the board's thresholds, the validator
//! set driving Aura and GRANDPA, and admission: roles, lanes and quotas.

use crate::{
	configs::SessionPeriod, genesis_config_presets, AccountId, Aura, Board, Executive, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeGenesisConfig, RuntimeOrigin, SessionKeys, System,
	UncheckedExtrinsic, ValidatorSet,
};
use codec::Encode;
use frame_support::{assert_ok, dispatch::GetDispatchInfo, traits::Hooks};
use pallet_runtime_upgrade::types::VersionCheck;
use serde_json::Value;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{
	traits::{DispatchTransaction, TransactionExtension},
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
	DispatchError,
};

/// The code hash the board authorized, and whether its version is checked. frame-system keeps
/// the authorization in a private storage item, so it is read raw.
fn authorized_code_hash() -> Option<(sp_core::H256, bool)> {
	frame_support::storage::unhashed::get(&frame_support::storage::storage_prefix(
		b"System",
		b"AuthorizedUpgrade",
	))
}

/// Overlay `patch` on `base`, as the node does with a preset over the default config.
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// State built from the runtime's preset `id`, exactly as the node builds genesis.
fn ext_from_preset(id: &str) -> sp_io::TestExternalities {
	let patch: Value = serde_json::from_slice(
		&genesis_config_presets::get_preset(&id.into()).expect("the preset exists"),
	)
	.expect("the preset is JSON");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("default");
	merge(&mut config, patch);
	let json = serde_json::to_vec(&config).expect("serializes");
	let mut ext = sp_io::TestExternalities::new_empty();
	ext.execute_with(|| {
		frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(json)
			.expect("the preset builds")
	});
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

fn account(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

fn collective_events() -> Vec<pallet_collective::Event<Runtime, pallet_collective::Instance1>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Board(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The result of the last motion the board executed.
fn last_executed() -> Result<(), DispatchError> {
	collective_events()
		.into_iter()
		.rev()
		.find_map(|e| match e {
			pallet_collective::Event::Executed { result, .. } => Some(result),
			_ => None,
		})
		.expect("a motion was executed")
}

/// `voters` (the first proposes) pass a motion with threshold `voters.len()` and close it.
fn pass_motion(voters: &[Sr25519Keyring], call: RuntimeCall) {
	let call_len = call.encoded_size() as u32;
	let weight = call.get_dispatch_info().call_weight;
	let hash = sp_runtime::traits::BlakeTwo256::hash_of(&call);
	let index = pallet_collective::ProposalCount::<Runtime, pallet_collective::Instance1>::get();
	assert_ok!(Board::propose(
		RuntimeOrigin::signed(account(voters[0])),
		voters.len() as u32,
		Box::new(call),
		call_len
	));
	if voters.len() > 1 {
		for v in voters {
			assert_ok!(Board::vote(
				RuntimeOrigin::signed(account(*v)),
				hash,
				index,
				true
			));
		}
		assert_ok!(Board::close(
			RuntimeOrigin::signed(account(voters[0])),
			hash,
			index,
			weight,
			call_len
		));
	}
}

use sp_runtime::traits::Hash as _;

#[test]
fn development_preset_builds_with_one_validator_and_board_member() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(
			pallet_validator_set::Validators::<Runtime>::get().into_inner(),
			vec![account(Alice)]
		);
		assert_eq!(
			pallet_aura::Authorities::<Runtime>::get().into_inner(),
			vec![Alice.public().into()]
		);
		assert_eq!(
			ValidatorSet::grandpa_authorities(),
			vec![(sp_keyring::Ed25519Keyring::Alice.public().into(), 1)]
		);
		assert_eq!(
			pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get(),
			vec![account(Alice)]
		);
		// Alice is admitted twice: as validator and as board member.
		assert_eq!(System::providers(&account(Alice)), 2);
		pallet_validator_set::Pallet::<Runtime>::do_try_state().expect("validator set consistent");
	});
}

#[test]
fn local_preset_builds_with_three_validators() {
	ext_from_preset(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let mut three = vec![account(Alice), account(Bob), account(Charlie)];
		three.sort();
		assert_eq!(
			pallet_validator_set::Validators::<Runtime>::get().into_inner(),
			three
		);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 3);
		assert_eq!(ValidatorSet::grandpa_authorities().len(), 3);
		assert_eq!(
			pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get(),
			three
		);
		assert_eq!(
			pallet_membership::Members::<Runtime, pallet_membership::Instance1>::get().into_inner(),
			three
		);
		// Sessions of ten blocks, at least three validators, and four registered nodes.
		assert_eq!(pallet_validator_set::SessionLength::<Runtime>::get(), 10);
		assert_eq!(pallet_validator_set::MinimumValidators::<Runtime>::get(), 3);
		let info = ValidatorSet::validator_set_info();
		assert_eq!(
			(
				info.session,
				info.session_length,
				info.next_session_at,
				info.min_validators
			),
			(0, 10, 10, 3)
		);
		assert!(info.validators.iter().all(|v| v.has_keys && v.authority));
		let mut nodes = ValidatorSet::registered_nodes();
		nodes.sort_by(|a, b| a.1.cmp(&b.1));
		let mut expected: Vec<_> = genesis_config_presets::LOCAL_NODES
			.iter()
			.map(|(operator, key)| (*key, operator.to_account_id()))
			.collect();
		expected.sort_by(|a, b| a.1.cmp(&b.1));
		assert_eq!(nodes, expected);
		pallet_validator_set::Pallet::<Runtime>::do_try_state().expect("validator set consistent");
	});
}

#[test]
fn development_preset_keeps_the_network_open_with_default_sessions() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		assert!(ValidatorSet::registered_nodes().is_empty());
		assert_eq!(
			pallet_validator_set::SessionLength::<Runtime>::get(),
			SessionPeriod::get()
		);
		assert_eq!(pallet_validator_set::MinimumValidators::<Runtime>::get(), 1);
	});
}

#[test]
fn validator_changes_need_two_thirds_of_the_board() {
	ext_from_preset(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let add_dave = RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
			validator: account(Dave),
		});
		// One member of three (threshold 1) executes at once, with too small an origin.
		pass_motion(&[Alice], add_dave.clone());
		assert_eq!(last_executed(), Err(DispatchError::BadOrigin));
		assert!(!ValidatorSet::is_validator(&account(Dave)));
		// Two of three is 2/3.
		pass_motion(&[Alice, Bob], add_dave);
		assert_eq!(last_executed(), Ok(()));
		assert!(ValidatorSet::is_validator(&account(Dave)));
		System::assert_has_event(
			pallet_validator_set::Event::ValidatorAdded {
				validator: account(Dave),
			}
			.into(),
		);
	});
}

#[test]
fn runtime_upgrades_need_three_quarters_of_the_board() {
	ext_from_preset(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let code_hash = sp_core::H256::repeat_byte(1);
		let authorize =
			RuntimeCall::RuntimeUpgrade(pallet_runtime_upgrade::Call::authorize_upgrade {
				code_hash,
				check_version: VersionCheck::Check,
			});
		// 2/3 is not enough.
		pass_motion(&[Alice, Bob], authorize.clone());
		assert_eq!(last_executed(), Err(DispatchError::BadOrigin));
		assert!(authorized_code_hash().is_none());
		// 3/3 is.
		pass_motion(&[Alice, Bob, Charlie], authorize);
		assert_eq!(last_executed(), Ok(()));
		assert_eq!(authorized_code_hash(), Some((code_hash, true)));
		// Root (which no account holds) is not the path: set_code stays Root-only.
		let set_code = frame_system::Call::<Runtime>::set_code { code: vec![] };
		pass_motion(&[Alice, Bob, Charlie], set_code.into());
		assert_eq!(last_executed(), Err(DispatchError::BadOrigin));
	});
}

#[test]
fn no_motion_passes_by_silence_even_with_the_primes_aye() {
	ext_from_preset(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		// Alice is made prime (a 3/4 motion).
		let prime = RuntimeCall::BoardMembership(pallet_membership::Call::set_prime {
			who: account(Alice).into(),
		});
		pass_motion(&[Alice, Bob, Charlie], prime);
		assert_eq!(last_executed(), Ok(()));
		assert_eq!(
			pallet_collective::Prime::<Runtime, pallet_collective::Instance1>::get(),
			Some(account(Alice))
		);
		// She proposes a runtime upgrade (3/4) and votes for it; Bob and Charlie stay silent.
		let code_hash = sp_core::H256::repeat_byte(2);
		let authorize =
			RuntimeCall::RuntimeUpgrade(pallet_runtime_upgrade::Call::authorize_upgrade {
				code_hash,
				check_version: VersionCheck::Check,
			});
		let call_len = authorize.encoded_size() as u32;
		let weight = authorize.get_dispatch_info().call_weight;
		let proposal_hash = sp_runtime::traits::BlakeTwo256::hash_of(&authorize);
		let index =
			pallet_collective::ProposalCount::<Runtime, pallet_collective::Instance1>::get();
		let alice = || RuntimeOrigin::signed(account(Alice));
		assert_ok!(Board::propose(alice(), 3, Box::new(authorize), call_len));
		assert_ok!(Board::vote(alice(), proposal_hash, index, true));
		// Before the voting period ends it cannot be closed.
		assert_eq!(
			Board::close(alice(), proposal_hash, index, weight, call_len).map_err(|e| e.error),
			Err(pallet_collective::Error::<Runtime, pallet_collective::Instance1>::TooEarly.into())
		);
		// After it, the silent members count as nays, not as the prime's aye.
		let end = System::block_number() + crate::configs::MotionDuration::get();
		System::set_block_number(end + 1);
		System::reset_events();
		assert_ok!(Board::close(
			alice(),
			proposal_hash,
			index,
			weight,
			call_len
		));
		assert_eq!(
			collective_events(),
			vec![
				pallet_collective::Event::Closed {
					proposal_hash,
					yes: 1,
					no: 2
				},
				pallet_collective::Event::Disapproved { proposal_hash },
			]
		);
		assert!(authorized_code_hash().is_none());
		assert!(
			pallet_collective::Proposals::<Runtime, pallet_collective::Instance1>::get().is_empty()
		);
	});
}

#[test]
fn a_one_member_board_passes_motions_at_once() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let add_bob = RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
			validator: account(Bob),
		});
		pass_motion(&[Alice], add_bob);
		assert_eq!(last_executed(), Ok(()));
		assert!(ValidatorSet::is_validator(&account(Bob)));
	});
}

#[test]
fn a_new_validator_takes_over_aura_and_grandpa_at_the_session_boundary() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		pass_motion(
			&[Alice],
			RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
				validator: account(Bob),
			}),
		);
		let generated = SessionKeys::generate(&account(Bob).encode(), None);
		assert_ok!(ValidatorSet::set_keys(
			RuntimeOrigin::signed(account(Bob)),
			generated.keys.clone(),
			generated.proof.encode()
		));
		let boundary: u32 = SessionPeriod::get();
		System::set_block_number(boundary);
		ValidatorSet::on_initialize(boundary);
		let aura = pallet_aura::Authorities::<Runtime>::get();
		assert_eq!(aura.len(), 2);
		assert!(aura.contains(&generated.keys.aura));
		assert_eq!(Aura::authorities_len(), 2);
		assert_eq!(ValidatorSet::grandpa_set_id(), 1);
		assert!(ValidatorSet::grandpa_authorities().contains(&(generated.keys.grandpa, 1)));
		System::assert_has_event(
			pallet_validator_set::Event::ValidatorJoined {
				validator: account(Bob),
				session: 1,
			}
			.into(),
		);
	});
}

#[test]
fn board_membership_gives_and_takes_the_provider_reference() {
	ext_from_preset(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(System::providers(&account(Dave)), 0);
		let add_dave = RuntimeCall::BoardMembership(pallet_membership::Call::add_member {
			who: account(Dave).into(),
		});
		pass_motion(&[Alice, Bob, Charlie], add_dave);
		assert_eq!(last_executed(), Ok(()));
		assert!(Board::is_member(&account(Dave)));
		assert_eq!(System::providers(&account(Dave)), 1);
		let remove_dave = RuntimeCall::BoardMembership(pallet_membership::Call::remove_member {
			who: account(Dave).into(),
		});
		pass_motion(&[Alice, Bob, Charlie], remove_dave);
		assert_eq!(last_executed(), Ok(()));
		assert!(!Board::is_member(&account(Dave)));
		assert_eq!(System::providers(&account(Dave)), 0);
	});
}

/// What admission says, in the pool, of `call` signed by `who`: the validity it gives.
fn admission_validity(
	who: Sr25519Keyring,
	call: RuntimeCall,
) -> Result<sp_runtime::transaction_validity::ValidTransaction, TransactionValidityError> {
	let info = call.get_dispatch_info();
	pallet_admission::CheckAdmission::<Runtime>::new()
		.validate_only(
			RuntimeOrigin::signed(account(who)),
			&call,
			&info,
			0,
			TransactionSource::External,
			0,
		)
		.map(|(valid, _, _)| valid)
}

/// Whether admission lets `call` signed by `who` into the pool, or why not.
fn admission_of(who: Sr25519Keyring, call: RuntimeCall) -> Result<(), TransactionValidityError> {
	admission_validity(who, call).map(|_| ())
}

const BAD_SIGNER: Result<(), TransactionValidityError> = Err(TransactionValidityError::Invalid(
	InvalidTransaction::BadSigner,
));

/// Refused with admission's code `code`.
const fn refused(code: u8) -> Result<(), TransactionValidityError> {
	Err(TransactionValidityError::Invalid(
		InvalidTransaction::Custom(code),
	))
}

const NOT_PERMITTED: Result<(), TransactionValidityError> =
	refused(pallet_admission::refusal::CALL_NOT_PERMITTED);
const SUSPENDED: Result<(), TransactionValidityError> =
	refused(pallet_admission::refusal::PARTICIPANT_SUSPENDED);

fn approve(counterparty: u32) -> RuntimeCall {
	pallet_participants::Call::approve_counterparty { counterparty }.into()
}

fn cancel(id: u64) -> RuntimeCall {
	pallet_settlement::Call::cancel { id }.into()
}

fn withdraw() -> RuntimeCall {
	pallet_entitlements::Call::request_withdrawal {
		cusip: *b"037833100",
		quantity: 1,
	}
	.into()
}

fn eligibility() -> RuntimeCall {
	pallet_securities::Call::set_dtc_eligibility {
		cusip: *b"037833100",
		dtc_eligible: true,
		restrictions: Default::default(),
	}
	.into()
}

#[test]
fn participant_keys_and_role_accounts_sign_their_own_calls_only_and_suspended_keys_nothing() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		for (who, call) in [
			(Dave, approve(1)),
			(Ferdie, cancel(0)),
			(Eve, eligibility()),
		] {
			assert_eq!(admission_of(who, call), BAD_SIGNER);
		}
		pass_motion(
			&[Alice],
			RuntimeCall::Participants(pallet_participants::Call::onboard {
				legal_name: b"Dave Securities LLC".to_vec(),
				lei: *b"5493000IBP32UQZ0KL24",
				dtc_number: 901,
				admin: account(Dave),
				operators: vec![account(Ferdie)],
			}),
		);
		assert_eq!(last_executed(), Ok(()));
		pass_motion(
			&[Alice],
			RuntimeCall::Securities(pallet_securities::Call::set_dtc_gateway {
				gateway: account(Eve),
			}),
		);
		assert_eq!(last_executed(), Ok(()));
		// Each key signs what its role does, and nothing else.
		for (who, call) in [
			(Dave, approve(1)),
			(Dave, withdraw()),
			(Ferdie, cancel(0)),
			(Ferdie, withdraw()),
			(Eve, eligibility()),
		] {
			assert_eq!(admission_of(who, call), Ok(()));
		}
		for (who, call) in [
			(Dave, cancel(0)),
			(Ferdie, approve(1)),
			(Eve, cancel(0)),
			(Eve, remark()),
			(Dave, remark()),
			(Ferdie, eligibility()),
		] {
			assert_eq!(admission_of(who, call), NOT_PERMITTED);
		}
		// A suspended participant's keys sign nothing: not even to strip its own approvals.
		pass_motion(
			&[Alice],
			RuntimeCall::Participants(pallet_participants::Call::suspend { id: 0 }),
		);
		assert_eq!(last_executed(), Ok(()));
		let revoke = RuntimeCall::Participants(pallet_participants::Call::revoke_counterparty {
			counterparty: 1,
		});
		for (who, call) in [
			(Dave, revoke),
			(Dave, withdraw()),
			(Ferdie, cancel(0)),
			(Ferdie, remark()),
		] {
			assert_eq!(admission_of(who, call), SUSPENDED);
		}
		// Offboarded keys are strangers again.
		pass_motion(
			&[Alice],
			RuntimeCall::Participants(pallet_participants::Call::offboard { id: 0 }),
		);
		assert_eq!(last_executed(), Ok(()));
		assert_eq!(admission_of(Dave, approve(1)), BAD_SIGNER);
		assert_eq!(admission_of(Ferdie, cancel(0)), BAD_SIGNER);
		pallet_participants::Pallet::<Runtime>::do_try_state().expect("participants consistent");
		pallet_securities::Pallet::<Runtime>::do_try_state().expect("registry consistent");
		pallet_admission::Pallet::<Runtime>::do_try_state().expect("admission consistent");
	});
}

fn remark() -> RuntimeCall {
	frame_system::Call::<Runtime>::remark {
		remark: vec![1, 2, 3],
	}
	.into()
}

fn purge_keys() -> RuntimeCall {
	pallet_validator_set::Call::purge_keys {}.into()
}

#[test]
fn the_board_and_the_validators_sign_their_own_calls_and_nobody_signs_the_boards_motions() {
	ext_from_preset(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(admission_of(Dave, purge_keys()), BAD_SIGNER);
		// Alice is on the board and a validator.
		assert_eq!(admission_of(Alice, remark()), Ok(()));
		assert_eq!(admission_of(Alice, purge_keys()), Ok(()));
		assert_eq!(admission_of(Alice, cancel(0)), NOT_PERMITTED);
		// What only a motion may do, no signer may ask for directly.
		let onboard = RuntimeCall::Participants(pallet_participants::Call::offboard { id: 0 });
		assert_eq!(admission_of(Alice, onboard), NOT_PERMITTED);
		let quota = RuntimeCall::Admission(pallet_admission::Call::set_quota {
			role: pssc_primitives::traits::Role::Board,
			quota: crate::configs::default_quotas().board,
		});
		assert_eq!(admission_of(Alice, quota), NOT_PERMITTED);
		// A validator that is not on the board.
		pass_motion(
			&[Alice, Bob],
			RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
				validator: account(Dave),
			}),
		);
		assert_eq!(admission_of(Dave, purge_keys()), Ok(()));
		assert_eq!(admission_of(Dave, remark()), NOT_PERMITTED);
		let call = remark();
		let info = call.get_dispatch_info();
		// Unsigned origins (inherents, unsigned transactions) are not the check's business.
		let unsigned = TransactionExtension::validate(
			&pallet_admission::CheckAdmission::<Runtime>::new(),
			RuntimeOrigin::none(),
			&call,
			&info,
			0,
			(),
			&sp_runtime::traits::TxBaseImplication(()),
			TransactionSource::External,
		);
		assert!(unsigned.is_ok());
	});
}

#[test]
fn an_unknown_signer_is_refused_when_a_block_applies_its_transaction() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let extrinsic = signed(Dave, remark(), 0);
		assert_eq!(
			Executive::apply_extrinsic(extrinsic),
			Err(TransactionValidityError::Invalid(
				InvalidTransaction::BadSigner
			))
		);
		let extrinsic = signed(Alice, remark(), 0);
		assert_eq!(Executive::apply_extrinsic(extrinsic), Ok(Ok(())));
	});
}

/// A transaction by `who` with `nonce`, signed as `pssc-client` signs, mortal for the first 64
/// blocks (it names the genesis block, whose hash every test state has).
fn signed(who: Sr25519Keyring, call: RuntimeCall, nonce: u32) -> UncheckedExtrinsic {
	signed_in(sp_runtime::generic::Era::mortal(64, 0), who, call, nonce)
}

/// A transaction by `who` with `nonce` in `era`.
fn signed_in(
	era: sp_runtime::generic::Era,
	who: Sr25519Keyring,
	call: RuntimeCall,
	nonce: u32,
) -> UncheckedExtrinsic {
	let tx_ext: crate::TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		pallet_admission::CheckAdmission::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		pallet_admission::MortalOnly::from(era),
		pallet_admission::BoundedNonce::from(nonce),
		frame_system::CheckWeight::new(),
		frame_system::WeightReclaim::new(),
	);
	let payload = crate::SignedPayload::new(call.clone(), tx_ext.clone()).expect("implicit data");
	let signature = payload.using_encoded(|p| who.sign(p));
	UncheckedExtrinsic::new_signed(call, account(who).into(), signature.into(), tx_ext)
}

/// LEIs with valid check digits, for the participants the tests onboard.
const LEIS: [[u8; 20]; 3] = [
	*b"5493000IBP32UQZ0KL24",
	*b"529900T8BM49AURSDO55",
	*b"7LTWFZYICNSX8D621K86",
];

/// The board registers and accepts Apple, appoints Eve as DTC gateway and Ferdie as the USD
/// settling bank, and onboards `participants` (admin, operators) as participants 0, 1, ...;
/// Eve makes Apple DTC-eligible. Returns Apple's CUSIP.
fn eligible_apple_with(participants: &[(Sr25519Keyring, Vec<Sr25519Keyring>)]) -> [u8; 9] {
	let apple = *b"037833100";
	let mut motions = vec![
		RuntimeCall::Securities(pallet_securities::Call::register_security {
			cusip: apple,
			isin: None,
			description: vec![],
		}),
		RuntimeCall::Securities(pallet_securities::Call::set_agency_acceptance {
			cusip: apple,
			accepted: true,
		}),
		RuntimeCall::Securities(pallet_securities::Call::set_dtc_gateway {
			gateway: account(Eve),
		}),
		RuntimeCall::Entitlements(pallet_entitlements::Call::appoint_settling_bank {
			bank: account(Ferdie),
			currency: *b"USD",
		}),
	];
	for (i, (admin, operators)) in participants.iter().enumerate() {
		motions.push(RuntimeCall::Participants(
			pallet_participants::Call::onboard {
				legal_name: format!("{admin:?} Securities LLC").into_bytes(),
				lei: LEIS[i],
				dtc_number: 901 + i as u32,
				admin: account(*admin),
				operators: operators.iter().map(|k| account(*k)).collect(),
			},
		));
	}
	for call in motions {
		pass_motion(&[Alice], call);
		assert_eq!(last_executed(), Ok(()));
	}
	assert_ok!(crate::Securities::set_dtc_eligibility(
		RuntimeOrigin::signed(account(Eve)),
		apple,
		true,
		Default::default()
	));
	apple
}

#[test]
fn offboarding_waits_until_the_participant_holds_nothing() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let apple = eligible_apple_with(&[(Dave, vec![])]);
		// The settling bank signs its cash reports.
		let report = pallet_entitlements::Call::report_cash_balance {
			amount: 0,
			as_of: 0,
		};
		assert_eq!(admission_of(Ferdie, report.into()), Ok(()));
		assert_ok!(crate::Entitlements::confirm_deposit(
			RuntimeOrigin::signed(account(Eve)),
			0,
			901,
			apple,
			10,
			b"DO-1".to_vec()
		));
		pass_motion(
			&[Alice],
			RuntimeCall::Participants(pallet_participants::Call::offboard { id: 0 }),
		);
		assert_eq!(
			last_executed(),
			Err(pallet_participants::Error::<Runtime>::HoldsEntitlements.into())
		);
		assert_ok!(crate::Entitlements::request_withdrawal(
			RuntimeOrigin::signed(account(Dave)),
			apple,
			10
		));
		assert_ok!(crate::Entitlements::confirm_withdrawal(
			RuntimeOrigin::signed(account(Eve)),
			0,
			b"OUT".to_vec()
		));
		pass_motion(
			&[Alice],
			RuntimeCall::Participants(pallet_participants::Call::offboard { id: 0 }),
		);
		assert_eq!(last_executed(), Ok(()));
		pallet_entitlements::Pallet::<Runtime>::do_try_state().expect("ledger consistent");
	});
}

#[test]
fn settlement_is_wired_to_the_registry_the_participants_and_the_entitlements() {
	use pallet_settlement::{CancelReason, NewInstruction, Side, Status, Sweep};
	use sp_keyring::Sr25519Keyring::{One, Two};
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let apple = eligible_apple_with(&[(Dave, vec![One]), (Bob, vec![Two])]);
		assert_ok!(crate::Participants::approve_counterparty(
			RuntimeOrigin::signed(account(Dave)),
			1
		));
		assert_ok!(crate::Participants::approve_counterparty(
			RuntimeOrigin::signed(account(Bob)),
			0
		));
		// 2026-11-24 14:00 UTC.
		let now: u64 = 20_781 * 86_400_000 + 14 * 3_600_000;
		pallet_timestamp::Now::<Runtime>::put(now);
		// The day's block has run the scheduler: nothing due is queued ahead.
		crate::Settlement::on_initialize(System::block_number());
		let today = crate::Settlement::today().expect("the clock is set");
		let side = |side, counterparty, reference: &[u8]| NewInstruction {
			side,
			counterparty,
			cusip: apple,
			quantity: 100,
			amount: 19_000,
			trade_date: today,
			settlement_date: today,
			reference: reference.to_vec(),
		};
		assert_ok!(crate::Entitlements::confirm_deposit(
			RuntimeOrigin::signed(account(Eve)),
			0,
			901,
			apple,
			100,
			b"DO-1".to_vec()
		));
		// The buyer is not funded: pending MONY, until the bank's wire arrives.
		assert_ok!(crate::Settlement::instruct(
			RuntimeOrigin::signed(account(Two)),
			side(Side::Receive, 0, b"B1")
		));
		assert_ok!(crate::Settlement::instruct(
			RuntimeOrigin::signed(account(One)),
			side(Side::Deliver, 1, b"S1")
		));
		assert_eq!(
			crate::Settlement::status_of(1),
			Some(Status::Pending(pallet_settlement::PendingReason::Mony))
		);
		assert_ok!(crate::Entitlements::confirm_cash_deposit(
			RuntimeOrigin::signed(account(Ferdie)),
			1,
			19_000,
			b"W-1".to_vec()
		));
		System::set_block_number(2);
		crate::Settlement::on_initialize(2);
		assert_eq!(crate::Settlement::status_of(1), Some(Status::Settled));
		assert_eq!(
			crate::Entitlements::security_balance(1, &pssc_primitives::Cusip::new(&apple).unwrap())
				.free,
			100
		);
		assert_eq!(crate::Entitlements::cash_balance(0, b"USD").free, 19_000);

		// DTC drops the security: its open instructions are cancelled in the next block.
		assert_ok!(crate::Settlement::instruct(
			RuntimeOrigin::signed(account(Two)),
			side(Side::Receive, 0, b"B2")
		));
		assert_ok!(crate::Securities::set_dtc_eligibility(
			RuntimeOrigin::signed(account(Eve)),
			apple,
			false,
			Default::default()
		));
		let cusip = pssc_primitives::Cusip::new(&apple).unwrap();
		assert!(pallet_settlement::Sweeps::<Runtime>::contains_key(
			Sweep::EligibilityLost(cusip)
		));
		crate::Settlement::on_initialize(3);
		assert_eq!(
			crate::Settlement::status_of(2),
			Some(Status::Cancelled(CancelReason::EligibilityLost))
		);
		// Revocations and suspensions reach settlement too.
		assert_ok!(crate::Participants::revoke_counterparty(
			RuntimeOrigin::signed(account(Bob)),
			0
		));
		assert!(pallet_settlement::Sweeps::<Runtime>::contains_key(
			Sweep::Revoked(1, 0)
		));
		pass_motion(
			&[Alice],
			RuntimeCall::Participants(pallet_participants::Call::suspend { id: 0 }),
		);
		assert_eq!(last_executed(), Ok(()));
		assert!(pallet_settlement::Sweeps::<Runtime>::contains_key(
			Sweep::Suspended(0)
		));
		pallet_settlement::Pallet::<Runtime>::do_try_state().expect("settlement consistent");
		pallet_entitlements::Pallet::<Runtime>::do_try_state().expect("ledger consistent");
	});
}

/// Apple eligible, participant 0 (admin Dave, operator One) and participant 1 (admin Bob,
/// operator Two) approving each other, and the clock at 14:00 UTC on 2026-11-24. Returns
/// Apple's CUSIP and today's business date.
fn approved_pair_at_two_pm() -> ([u8; 9], u32) {
	use sp_keyring::Sr25519Keyring::{One, Two};
	let apple = eligible_apple_with(&[(Dave, vec![One]), (Bob, vec![Two])]);
	assert_ok!(crate::Participants::approve_counterparty(
		RuntimeOrigin::signed(account(Dave)),
		1
	));
	assert_ok!(crate::Participants::approve_counterparty(
		RuntimeOrigin::signed(account(Bob)),
		0
	));
	pallet_timestamp::Now::<Runtime>::put(20_781 * 86_400_000 + 14 * 3_600_000);
	// The day's block has run the scheduler: nothing due is queued ahead.
	crate::Settlement::on_initialize(System::block_number());
	let today = crate::Settlement::today().expect("the clock is set");
	(apple, today)
}

#[test]
fn a_file_of_unmatched_instructions_gives_its_settlement_weight_back_to_the_block() {
	use frame_support::dispatch::DispatchClass;
	use pallet_settlement::{NewInstruction, Side};
	use sp_keyring::Sr25519Keyring::Two;
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let (apple, today) = approved_pair_at_two_pm();
		let instructions: Vec<_> = (0..100u32)
			.map(|n| NewInstruction {
				side: Side::Receive,
				counterparty: 0,
				cusip: apple,
				quantity: 1,
				amount: 100 + u128::from(n),
				trade_date: today,
				settlement_date: today,
				reference: n.to_be_bytes().to_vec(),
			})
			.collect();
		let call =
			RuntimeCall::Settlement(pallet_settlement::Call::instruct_batch { instructions });
		let extrinsic = signed(Two, call, 0);
		// The call's weight and the transaction extensions' (the permission check's reads).
		let charged = extrinsic.get_dispatch_info().total_weight();
		let before = System::block_weight().get(DispatchClass::Normal).ref_time();
		assert_eq!(Executive::apply_extrinsic(extrinsic), Ok(Ok(())));
		let used = System::block_weight().get(DispatchClass::Normal).ref_time() - before;
		// Nothing settled: each of the 100 lines gives back the weight of a settlement, and
		// the block keeps the rest with the extrinsic's base weight. A waiting line stays
		// charged the compute time of an instruction that waits.
		use pallet_settlement::WeightInfo as _;
		type W = <Runtime as pallet_settlement::Config>::WeightInfo;
		let settlement = crate::Settlement::batch_line_settlement().ref_time();
		let line = W::instruct_batch(1).saturating_sub(W::instruct_batch(0));
		assert_eq!(
			line.ref_time() - settlement,
			W::instruct_unmatched().ref_time(),
			"a waiting line is charged as an instruction that waits"
		);
		let base = crate::configs::RuntimeBlockWeights::get()
			.get(DispatchClass::Normal)
			.base_extrinsic
			.ref_time();
		let kept = charged.ref_time() - 100 * settlement + base;
		assert!(settlement > 0);
		assert_eq!(used, kept, "charged {charged:?}");
	});
}

#[test]
fn the_runtime_apis_answer_for_positions_instructions_reconciliation_and_the_registry() {
	use crate::Block;
	use pallet_settlement::{Code, NewInstruction, PendingReason, Side, Status};
	use pssc_primitives::{
		api::{
			runtime_decl_for_positions_api::PositionsApiV1,
			runtime_decl_for_reconciliation_api::ReconciliationApiV1,
			runtime_decl_for_registry_api::RegistryApiV1,
			runtime_decl_for_settlement_api::SettlementApiV2, FeeStatement, InstructionRecord,
			Obstacle, SecurityPosition, StatusFilter,
		},
		traits::{KeyRole, ParticipantStatus},
		Cusip,
	};
	use sp_keyring::Sr25519Keyring::{One, Two};
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let apple = eligible_apple_with(&[(Dave, vec![One]), (Bob, vec![Two])]);
		let cusip = Cusip::new(&apple).unwrap();
		for (admin, counterparty) in [(Dave, 1), (Bob, 0)] {
			assert_ok!(crate::Participants::approve_counterparty(
				RuntimeOrigin::signed(account(admin)),
				counterparty
			));
		}
		assert_eq!(<Runtime as SettlementApiV2<Block>>::business_date(), None);
		pallet_timestamp::Now::<Runtime>::put(20_781 * 86_400_000 + 14 * 3_600_000);
		System::set_block_number(5);
		// The day's block has run the scheduler: nothing due is queued ahead.
		crate::Settlement::on_initialize(5);
		let today = crate::Settlement::today().expect("the clock is set");
		assert_eq!(
			<Runtime as SettlementApiV2<Block>>::business_date(),
			Some(today)
		);
		assert_ok!(crate::Entitlements::confirm_deposit(
			RuntimeOrigin::signed(account(Eve)),
			0,
			901,
			apple,
			100,
			b"DO-1".to_vec()
		));
		let side = |side, counterparty, reference: &[u8]| NewInstruction {
			side,
			counterparty,
			cusip: apple,
			quantity: 100,
			amount: 19_000,
			trade_date: today,
			settlement_date: today,
			reference: reference.to_vec(),
		};
		assert_ok!(crate::Settlement::instruct(
			RuntimeOrigin::signed(account(Two)),
			side(Side::Receive, 0, b"B1")
		));
		assert_ok!(crate::Settlement::instruct(
			RuntimeOrigin::signed(account(One)),
			side(Side::Deliver, 1, b"S1")
		));

		// Positions.
		let seller_position = SecurityPosition {
			participant: 0,
			cusip,
			free: 100,
			held: 0,
		};
		let positions = <Runtime as PositionsApiV1<Block, AccountId>>::positions(0);
		assert_eq!(
			(positions.securities, positions.cash),
			(vec![seller_position.clone()], vec![])
		);
		assert_eq!(
			<Runtime as PositionsApiV1<Block, AccountId>>::holders(cusip),
			vec![seller_position]
		);
		assert_eq!(
			<Runtime as PositionsApiV1<Block, AccountId>>::pending_withdrawals(),
			vec![]
		);

		// Instructions: the pair waits for the buyer's cash.
		let Some(InstructionRecord::Live(buy)) =
			<Runtime as SettlementApiV2<Block>>::instruction(0)
		else {
			panic!("instruction 0 is live");
		};
		assert_eq!(buy.status, Status::Pending(PendingReason::Mony));
		assert_eq!(buy.reference, b"B1".to_vec());
		assert_eq!(
			buy.history
				.iter()
				.map(|c| (c.block, c.code))
				.collect::<Vec<_>>(),
			vec![
				(5, Code::PACK),
				(5, Code::NMAT),
				(5, Code::MACH),
				(5, Code::PEND)
			]
		);
		let page =
			<Runtime as SettlementApiV2<Block>>::instructions(1, StatusFilter::Open, None, 10);
		assert_eq!(
			(
				page.items.iter().map(|i| i.id).collect::<Vec<_>>(),
				page.next
			),
			(vec![0], None)
		);
		assert_eq!(
			<Runtime as SettlementApiV2<Block>>::why_pending(1),
			Some(vec![Obstacle::LacksCash {
				participant: 1,
				needed: 19_000,
				free: 0,
				short: 19_000
			}])
		);
		assert_eq!(
			<Runtime as SettlementApiV2<Block>>::check_instruction(
				0,
				side(Side::Deliver, 1, b"S1")
			),
			vec![DispatchError::from(
				pallet_settlement::Error::<Runtime>::DuplicateReference
			)]
		);
		assert_eq!(<Runtime as SettlementApiV2<Block>>::fees(0, None), vec![]);

		// The wire settles the pair in the next block; fees accrue.
		assert_ok!(crate::Entitlements::confirm_cash_deposit(
			RuntimeOrigin::signed(account(Ferdie)),
			1,
			19_000,
			b"W-1".to_vec()
		));
		System::set_block_number(6);
		crate::Settlement::on_initialize(6);
		assert_eq!(
			<Runtime as SettlementApiV2<Block>>::why_pending(0),
			Some(vec![Obstacle::Final(Status::Settled)])
		);
		assert_eq!(
			<Runtime as SettlementApiV2<Block>>::fees(0, None),
			vec![FeeStatement {
				month: 202611,
				trades: 1,
				shares: 100,
				accrued: 22_500 + 100 * 225,
				due: 50_000_000_000,
			}]
		);

		// Reconciliation: the bank's report matches, DTC's does not.
		assert_ok!(crate::Entitlements::report_cash_balance(
			RuntimeOrigin::signed(account(Ferdie)),
			19_000,
			1
		));
		assert_ok!(crate::Entitlements::report_custody_position(
			RuntimeOrigin::signed(account(Eve)),
			apple,
			99,
			2
		));
		let line = <Runtime as ReconciliationApiV1<Block, AccountId>>::security_line(cusip);
		assert_eq!(
			(line.ledger, line.open_break.map(|b| b.reported)),
			(100, Some(99))
		);
		let banks = <Runtime as ReconciliationApiV1<Block, AccountId>>::banks();
		assert_eq!(banks.len(), 1);
		assert_eq!(
			(
				&banks[0].bank,
				banks[0].currency,
				banks[0].ledger,
				banks[0].open_break
			),
			(&account(Ferdie), *b"USD", 19_000, None)
		);
		assert_eq!(
			<Runtime as ReconciliationApiV1<Block, AccountId>>::breaks()
				.into_iter()
				.map(|(line, _)| line)
				.collect::<Vec<_>>(),
			vec![pssc_primitives::traits::Line::Security(cusip)]
		);

		// The registry and the participants.
		let security =
			<Runtime as RegistryApiV1<Block, AccountId>>::security(cusip).expect("registered");
		assert!(security.eligible && security.agency_accepted && security.dtc_eligible);
		let dave = <Runtime as RegistryApiV1<Block, AccountId>>::participant(0).expect("onboarded");
		assert_eq!(
			(
				dave.admin,
				dave.operators,
				dave.status,
				dave.approves,
				dave.approved_by
			),
			(
				account(Dave),
				vec![account(One)],
				ParticipantStatus::Active,
				vec![1],
				vec![1]
			)
		);
		assert_eq!(
			<Runtime as RegistryApiV1<Block, AccountId>>::participants().len(),
			2
		);
		assert_eq!(
			<Runtime as RegistryApiV1<Block, AccountId>>::key_owner(account(Two)),
			Some((1, KeyRole::Operator))
		);
		assert_eq!(
			<Runtime as RegistryApiV1<Block, AccountId>>::key_owner(account(Alice)),
			None
		);
		assert_eq!(
			<Runtime as RegistryApiV1<Block, AccountId>>::dtc_gateway(),
			Some(account(Eve))
		);
		pallet_settlement::Pallet::<Runtime>::do_try_state().expect("settlement consistent");
		pallet_entitlements::Pallet::<Runtime>::do_try_state().expect("ledger consistent");
	});
}

/// The priority admission gives `call` signed by `who`, in the pool.
fn priority_of(who: Sr25519Keyring, call: RuntimeCall) -> u64 {
	admission_validity(who, call)
		.map(|valid| valid.priority)
		.expect("admitted")
}

#[test]
fn operations_go_ahead_of_single_instructions_and_those_ahead_of_instruction_files() {
	use sp_keyring::Sr25519Keyring::One;
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		eligible_apple_with(&[(Dave, vec![One])]);
		let board = priority_of(Alice, remark());
		let gateway = priority_of(Eve, eligibility());
		let bank = priority_of(
			Ferdie,
			pallet_entitlements::Call::report_cash_balance {
				amount: 0,
				as_of: 0,
			}
			.into(),
		);
		let single = priority_of(One, cancel(0));
		let admin = priority_of(Dave, approve(1));
		let file = priority_of(
			One,
			pallet_settlement::Call::instruct_batch {
				instructions: vec![],
			}
			.into(),
		);
		assert_eq!([board, gateway, bank], [3_000; 3]);
		assert_eq!([single, admin], [2_000; 2]);
		assert_eq!(file, 1_000);
	});
}

#[test]
fn a_flood_from_one_operator_key_leaves_room_in_the_same_block_for_another_participant() {
	use frame_support::dispatch::DispatchClass;
	use pallet_settlement::{NewInstruction, Side};
	use sp_keyring::Sr25519Keyring::{One, Two};
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let (apple, today) = approved_pair_at_two_pm();
		let allowance = crate::configs::default_quotas()
			.participant_operator
			.per_block;
		// One floods the block with cancellations of an instruction that does not exist:
		// each is a transaction the block carries and charges in full.
		let mut sent = 0u32;
		let refusal = loop {
			match Executive::apply_extrinsic(signed(One, cancel(u64::MAX), sent)) {
				Ok(Err(_)) => sent += 1,
				other => break other,
			}
			assert!(sent <= allowance.transactions, "the count is bounded");
		};
		assert_eq!(
			refusal,
			Err(TransactionValidityError::Invalid(
				InvalidTransaction::ExhaustsResources
			))
		);
		assert!(sent > 100, "the allowance is not a trickle: {sent}");
		let usage = pallet_admission::SignerUsage::<Runtime>::get(account(One)).expect("counted");
		assert_eq!(usage.in_block.transactions, sent);
		assert!(usage.in_block.weight.all_lte(allowance.weight));
		// The refused one changed nothing: One's nonce counts only what the block carries.
		assert_eq!(System::account_nonce(account(One)), sent);
		let normal = crate::configs::RuntimeBlockWeights::get()
			.get(DispatchClass::Normal)
			.max_total
			.expect("a normal limit");
		let used = System::block_weight().get(DispatchClass::Normal).ref_time();
		assert!(
			used <= normal.ref_time() / 3,
			"the flood left the block {used}"
		);
		// Two's instruction goes into the same block.
		let instruct = RuntimeCall::Settlement(pallet_settlement::Call::instruct {
			instruction: NewInstruction {
				side: Side::Receive,
				counterparty: 0,
				cusip: apple,
				quantity: 1,
				amount: 100,
				trade_date: today,
				settlement_date: today,
				reference: b"T-1".to_vec(),
			},
		});
		assert_eq!(
			Executive::apply_extrinsic(signed(Two, instruct, 0)),
			Ok(Ok(()))
		);
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			RuntimeEvent::Settlement(pallet_settlement::Event::Unmatched { instruction, .. })
				if instruction.participant == 1
		)));
		// In the next block One has a new allowance.
		System::set_block_number(System::block_number() + 1);
		assert_eq!(
			Executive::apply_extrinsic(signed(One, cancel(u64::MAX), sent)).map(|r| r.is_err()),
			Ok(true)
		);
		pallet_admission::Pallet::<Runtime>::do_try_state().expect("admission consistent");
	});
}

#[test]
fn a_suspended_participants_transaction_is_refused_when_a_block_applies_it() {
	use sp_keyring::Sr25519Keyring::One;
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		eligible_apple_with(&[(Dave, vec![One])]);
		pallet_timestamp::Now::<Runtime>::put(20_781 * 86_400_000 + 14 * 3_600_000);
		// Signed while active, applied after the suspension.
		let extrinsic = signed(One, cancel(0), 0);
		pass_motion(
			&[Alice],
			RuntimeCall::Participants(pallet_participants::Call::suspend { id: 0 }),
		);
		assert_eq!(last_executed(), Ok(()));
		System::reset_events();
		assert_eq!(
			Executive::apply_extrinsic(extrinsic),
			SUSPENDED.map(|_| Ok(()))
		);
		assert_eq!(System::account_nonce(account(One)), 0);
		assert_eq!(
			pallet_admission::SignerUsage::<Runtime>::get(account(One)),
			None
		);
		assert!(System::events().is_empty());
	});
}

#[test]
fn an_immortal_transaction_is_refused_when_a_block_applies_it() {
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		System::reset_events();
		let immortal = signed_in(sp_runtime::generic::Era::Immortal, Alice, remark(), 0);
		assert_eq!(
			Executive::apply_extrinsic(immortal),
			Err(TransactionValidityError::Invalid(
				InvalidTransaction::Custom(pallet_admission::refusal::IMMORTAL_TRANSACTION)
			))
		);
		assert_eq!(System::account_nonce(account(Alice)), 0);
		assert!(System::events().is_empty());
		// The same call, mortal, is applied.
		assert_eq!(
			Executive::apply_extrinsic(signed(Alice, remark(), 0)),
			Ok(Ok(()))
		);
		assert_eq!(System::account_nonce(account(Alice)), 1);
	});
}

#[test]
fn an_operator_key_removed_and_added_again_keeps_its_nonce_so_nothing_replays() {
	use sp_keyring::Sr25519Keyring::One;
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		eligible_apple_with(&[(Dave, vec![One])]);
		pallet_timestamp::Now::<Runtime>::put(20_781 * 86_400_000 + 14 * 3_600_000);
		// One cancels (an unknown instruction, refused at dispatch): its nonce moves to 1.
		let first = signed(One, cancel(u64::MAX), 0);
		assert_eq!(
			Executive::apply_extrinsic(first.clone()).map(|r| r.is_err()),
			Ok(true)
		);
		assert_eq!(System::account_nonce(account(One)), 1);
		// Dave removes the key, and adds it again.
		let dave = || RuntimeOrigin::signed(account(Dave));
		assert_ok!(crate::Participants::remove_operator(dave(), account(One)));
		assert_eq!(
			System::account_nonce(account(One)),
			1,
			"the account is kept"
		);
		assert_ok!(crate::Participants::add_operator(dave(), account(One)));
		// The transaction it signed before is stale: it is not applied again.
		System::reset_events();
		assert_eq!(
			Executive::apply_extrinsic(first),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Stale))
		);
		assert_eq!(System::account_nonce(account(One)), 1);
		assert!(System::events().is_empty());
		pallet_admission::Pallet::<Runtime>::do_try_state().expect("admission consistent");
	});
}

#[test]
fn the_board_replaces_a_stolen_admin_key_and_the_old_key_signs_nothing_more() {
	use sp_keyring::Sr25519Keyring::{One, Two};
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		eligible_apple_with(&[(Dave, vec![One])]);
		assert_eq!(admission_of(Dave, approve(7)), Ok(()));
		// Suspended first: the stolen key can do nothing, in the pool or in the pallet.
		pass_motion(
			&[Alice],
			RuntimeCall::Participants(pallet_participants::Call::suspend { id: 0 }),
		);
		assert_eq!(last_executed(), Ok(()));
		assert_eq!(admission_of(Dave, approve(7)), SUSPENDED);
		// A motion gives the participant a new admin key.
		pass_motion(
			&[Alice],
			RuntimeCall::Participants(pallet_participants::Call::replace_admin {
				id: 0,
				new: account(Two),
			}),
		);
		assert_eq!(last_executed(), Ok(()));
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Participants(pallet_participants::Event::AdminReplaced {
				id: 0,
				old: account(Dave),
				new: account(Two),
			})));
		pass_motion(
			&[Alice],
			RuntimeCall::Participants(pallet_participants::Call::reinstate { id: 0 }),
		);
		assert_eq!(last_executed(), Ok(()));
		// Reinstated, the old key is a stranger; the new one and the operator are admitted.
		assert_eq!(admission_of(Dave, approve(7)), BAD_SIGNER);
		assert_eq!(admission_of(Two, approve(7)), Ok(()));
		assert_eq!(admission_of(One, cancel(0)), Ok(()));
		// No key alone may replace an admin key: only the board's motion.
		assert_eq!(
			admission_of(
				Two,
				RuntimeCall::Participants(pallet_participants::Call::replace_admin {
					id: 0,
					new: account(Ferdie),
				})
			),
			NOT_PERMITTED
		);
		pallet_participants::Pallet::<Runtime>::do_try_state().expect("participants consistent");
	});
}

#[test]
fn the_board_rekeys_the_gateway_and_a_settling_bank_and_their_business_stays_with_the_role() {
	use pallet_entitlements::{Call as E, Error as EntError, Event as EntEvent};
	use sp_keyring::Sr25519Keyring::{One, Two};
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let apple = eligible_apple_with(&[(Dave, vec![Charlie])]);
		let ent = |who: Sr25519Keyring, call: E<Runtime>| {
			use sp_runtime::traits::Dispatchable;
			RuntimeCall::Entitlements(call)
				.dispatch(RuntimeOrigin::signed(account(who)))
				.map(|_| ())
				.map_err(|e| e.error)
		};
		let deposit = |reference: &[u8]| E::confirm_deposit {
			participant: 0,
			dtc_number: 901,
			cusip: apple,
			quantity: 100,
			dtc_reference: reference.to_vec(),
		};
		let wire = |reference: &[u8]| E::confirm_cash_deposit {
			participant: 0,
			amount: 1_000,
			bank_reference: reference.to_vec(),
		};
		assert_ok!(ent(Eve, deposit(b"DO-1")));
		assert_ok!(ent(Ferdie, wire(b"W-1")));
		assert_ok!(ent(
			Charlie,
			E::request_withdrawal {
				cusip: apple,
				quantity: 10
			}
		));
		assert_ok!(ent(
			Charlie,
			E::request_cash_withdrawal {
				bank: account(Ferdie),
				amount: 300
			}
		));
		// Neither role key can re-key itself or the other: only a motion.
		let rekey_bank = RuntimeCall::Entitlements(E::replace_settling_bank_key {
			bank: account(Ferdie),
			new: account(Two),
		});
		assert_eq!(admission_of(Ferdie, rekey_bank.clone()), NOT_PERMITTED);
		pass_motion(
			&[Alice],
			RuntimeCall::Securities(pallet_securities::Call::set_dtc_gateway {
				gateway: account(One),
			}),
		);
		assert_eq!(last_executed(), Ok(()));
		pass_motion(&[Alice], rekey_bank);
		assert_eq!(last_executed(), Ok(()));
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Entitlements(EntEvent::SettlingBankKeyReplaced {
				bank: account(Ferdie),
				old: account(Ferdie),
				new: account(Two),
			})));

		// The old keys are strangers to the pool; the new ones are admitted.
		let answer = |id| E::confirm_withdrawal {
			id,
			reference: b"OUT".to_vec(),
		};
		assert_eq!(
			admission_of(Eve, RuntimeCall::Entitlements(answer(0))),
			BAD_SIGNER
		);
		assert_eq!(
			admission_of(Ferdie, RuntimeCall::Entitlements(answer(1))),
			BAD_SIGNER
		);
		assert_eq!(
			admission_of(One, RuntimeCall::Entitlements(answer(0))),
			Ok(())
		);
		assert_eq!(
			admission_of(Two, RuntimeCall::Entitlements(answer(1))),
			Ok(())
		);
		// The new keys cannot mint again under a reference the role already used.
		frame_support::assert_noop!(
			ent(One, deposit(b"DO-1")),
			EntError::<Runtime>::ReferenceAlreadyUsed
		);
		frame_support::assert_noop!(
			ent(Two, wire(b"W-1")),
			EntError::<Runtime>::ReferenceAlreadyUsed
		);
		// They answer the withdrawals asked of the role before the change.
		assert_ok!(ent(One, answer(0)));
		assert_ok!(ent(Two, answer(1)));
		assert!(crate::Entitlements::pending_withdrawals().is_empty());
		let cusip = pssc_primitives::Cusip::new(&apple).unwrap();
		assert_eq!(crate::Entitlements::security_balance(0, &cusip).free, 90);
		assert_eq!(crate::Entitlements::cash_balance(0, b"USD").free, 700);
		let banks = crate::Entitlements::bank_reconciliations();
		assert_eq!(
			banks
				.iter()
				.map(|b| (b.bank.clone(), b.key.clone(), b.ledger))
				.collect::<Vec<_>>(),
			vec![(account(Ferdie), account(Two), 700)]
		);
		pallet_entitlements::Pallet::<Runtime>::do_try_state().expect("ledger consistent");
	});
}

#[test]
fn moving_or_delivering_out_a_lost_participants_holdings_needs_three_quarters_of_the_board() {
	use pallet_entitlements::{Call as E, Error as EntError};
	ext_from_preset(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let calls: [(RuntimeCall, DispatchError); 3] = [
			(
				E::transfer_holdings {
					from: 0,
					to: 1,
					lines: vec![pssc_primitives::traits::Line::Cash(*b"USD")],
				}
				.into(),
				EntError::<Runtime>::ParticipantNotSuspended.into(),
			),
			(
				E::force_withdrawal {
					participant: 0,
					cusip: *b"037833100",
				}
				.into(),
				EntError::<Runtime>::NothingToMove.into(),
			),
			(
				E::force_cash_withdrawal {
					participant: 0,
					bank: account(Ferdie),
				}
				.into(),
				EntError::<Runtime>::NotSettlingBank.into(),
			),
		];
		for (call, past_the_origin) in calls {
			// 2/3 is not enough: the origin refuses before anything is looked at.
			pass_motion(&[Alice, Bob], call.clone());
			assert_eq!(last_executed(), Err(DispatchError::BadOrigin));
			// 3/3 passes the origin, and the pallet's own checks answer.
			pass_motion(&[Alice, Bob, Charlie], call);
			assert_eq!(last_executed(), Err(past_the_origin));
		}
	});
}

#[test]
fn a_suspended_participant_whose_keys_are_lost_gets_its_holdings_out_through_the_board() {
	use pallet_entitlements::{Call as E, Event as EntEvent};
	use pssc_primitives::traits::Line;
	use sp_keyring::Sr25519Keyring::Two;
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let apple = eligible_apple_with(&[(Dave, vec![Charlie]), (Bob, vec![Two])]);
		let cusip = pssc_primitives::Cusip::new(&apple).unwrap();
		assert_ok!(crate::Entitlements::confirm_deposit(
			RuntimeOrigin::signed(account(Eve)),
			0,
			901,
			apple,
			100,
			b"DO-1".to_vec()
		));
		assert_ok!(crate::Entitlements::confirm_cash_deposit(
			RuntimeOrigin::signed(account(Ferdie)),
			0,
			1_000,
			b"W-1".to_vec()
		));
		pass_motion(
			&[Alice],
			RuntimeCall::Participants(pallet_participants::Call::suspend { id: 0 }),
		);
		assert_eq!(last_executed(), Ok(()));
		// Its keys get nothing out: the pool refuses them.
		assert_eq!(admission_of(Charlie, withdraw()), SUSPENDED);
		// The board moves the securities to the successor and has the bank pay the cash out.
		pass_motion(
			&[Alice],
			E::transfer_holdings {
				from: 0,
				to: 1,
				lines: vec![Line::Security(cusip)],
			}
			.into(),
		);
		assert_eq!(last_executed(), Ok(()));
		System::assert_has_event(
			EntEvent::HoldingsTransferred {
				from: 0,
				to: 1,
				line: Line::Security(cusip),
				amount: 100,
			}
			.into(),
		);
		pass_motion(
			&[Alice],
			E::force_cash_withdrawal {
				participant: 0,
				bank: account(Ferdie),
			}
			.into(),
		);
		assert_eq!(last_executed(), Ok(()));
		System::assert_has_event(
			EntEvent::WithdrawalForced {
				id: 0,
				participant: 0,
			}
			.into(),
		);
		assert_ok!(crate::Entitlements::confirm_withdrawal(
			RuntimeOrigin::signed(account(Ferdie)),
			0,
			b"PAID".to_vec()
		));
		assert_eq!(crate::Entitlements::security_balance(1, &cusip).free, 100);
		assert!(crate::Entitlements::security_balance(0, &cusip).is_zero());
		assert!(crate::Entitlements::cash_balance(0, b"USD").is_zero());
		pallet_entitlements::Pallet::<Runtime>::do_try_state().expect("ledger consistent");
	});
}

#[test]
fn an_lei_onboarded_again_gets_its_id_back_so_its_old_references_stay_used() {
	use pallet_settlement::{Error as SettlementError, NewInstruction, Side};
	use sp_keyring::Sr25519Keyring::One;
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let (apple, today) = approved_pair_at_two_pm();
		let sell = |reference: &[u8]| NewInstruction {
			side: Side::Deliver,
			counterparty: 1,
			cusip: apple,
			quantity: 1,
			amount: 100,
			trade_date: today,
			settlement_date: today,
			reference: reference.to_vec(),
		};
		let instruct = |who: Sr25519Keyring, reference: &[u8]| {
			crate::Settlement::instruct(RuntimeOrigin::signed(account(who)), sell(reference))
				.map(|_| ())
				.map_err(|e| e.error)
		};
		assert_ok!(instruct(One, b"S-1"));
		assert_ok!(crate::Settlement::cancel(
			RuntimeOrigin::signed(account(One)),
			0
		));
		pass_motion(
			&[Alice],
			RuntimeCall::Participants(pallet_participants::Call::offboard { id: 0 }),
		);
		assert_eq!(last_executed(), Ok(()));
		// The same legal entity is admitted again, with new keys.
		pass_motion(
			&[Alice],
			RuntimeCall::Participants(pallet_participants::Call::onboard {
				legal_name: b"Dave Securities LLC".to_vec(),
				lei: LEIS[0],
				dtc_number: 901,
				admin: account(Dave),
				operators: vec![account(Charlie)],
			}),
		);
		assert_eq!(last_executed(), Ok(()));
		System::assert_has_event(
			pallet_participants::Event::Onboarded {
				id: 0,
				lei: pssc_primitives::Lei::new(&LEIS[0]).unwrap(),
				dtc_number: 901,
				admin: account(Dave),
			}
			.into(),
		);
		// Offboarding dropped both approvals of the pair: they are given again.
		assert_ok!(crate::Participants::approve_counterparty(
			RuntimeOrigin::signed(account(Dave)),
			1
		));
		assert_ok!(crate::Participants::approve_counterparty(
			RuntimeOrigin::signed(account(Bob)),
			0
		));
		// Its old reference is still used; a new one is accepted.
		frame_support::assert_noop!(
			instruct(Charlie, b"S-1"),
			SettlementError::<Runtime>::DuplicateReference
		);
		assert_ok!(instruct(Charlie, b"S-2"));
		pallet_participants::Pallet::<Runtime>::do_try_state().expect("participants consistent");
	});
}

#[test]
fn a_motion_counts_its_proposals_weight_against_the_proposers_allowance_when_proposed() {
	ext_from_preset(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let proposal = RuntimeCall::ValidatorSet(pallet_validator_set::Call::add_validator {
			validator: account(Dave),
		});
		let proposal_weight = proposal.get_dispatch_info().total_weight();
		let propose = |threshold| {
			RuntimeCall::Board(pallet_collective::Call::propose {
				threshold,
				proposal: Box::new(proposal.clone()),
				length_bound: proposal.encoded_size() as u32,
			})
		};
		let used = || {
			pallet_admission::SignerUsage::<Runtime>::get(account(Alice))
				.map(|u| u.in_block.weight)
				.unwrap_or_default()
		};
		// Admitted as a block applies it; the dispatch uses all it declared.
		let admit = |call: RuntimeCall| {
			let info = call.get_dispatch_info();
			let result = pallet_admission::CheckAdmission::<Runtime>::new().test_run(
				RuntimeOrigin::signed(account(Alice)),
				&call,
				&info,
				0,
				0,
				|_| Ok(Default::default()),
			);
			assert!(matches!(result, Ok(Ok(_))), "admitted: {result:?}");
			info.total_weight()
		};
		// Put to a vote: its own weight and the proposal's, which runs at its close.
		let own = admit(propose(2));
		assert!(proposal_weight.any_gt(frame_support::weights::Weight::zero()));
		assert_eq!(used(), own + proposal_weight);
		// Threshold 1 runs the proposal in `propose`, whose own weight already has it.
		let before = used();
		let own = admit(propose(1));
		assert_eq!(used(), before + own);
		pallet_admission::Pallet::<Runtime>::do_try_state().expect("admission consistent");
	});
}
