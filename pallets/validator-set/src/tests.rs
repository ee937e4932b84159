//! Unit tests of the validator set in the mock runtime.

use crate::{
	mock::*, Authorities, CurrentSession, Error, Event, GrandpaSetId, KeyOwner, MinimumValidators,
	NextKeys, Nodes, SessionLength, Validators,
};
use codec::Encode;
use frame_support::{assert_noop, assert_ok};
use sp_consensus_grandpa::{ConsensusLog, GRANDPA_ENGINE_ID};
use sp_runtime::{traits::OpaqueKeys, DigestItem, DispatchError};

fn board() -> RuntimeOrigin {
	RuntimeOrigin::signed(BOARD)
}

fn last_event() -> Event<Test> {
	pallet_events().pop().expect("an event of the pallet")
}

fn pallet_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::ValidatorSet(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn authority_accounts() -> Vec<u64> {
	Authorities::<Test>::get().iter().map(|(v, _)| *v).collect()
}

fn grandpa_changes() -> Vec<Vec<sp_consensus_grandpa::AuthorityId>> {
	System::digest()
		.logs
		.iter()
		.filter_map(|log| match log {
			DigestItem::Consensus(id, data) if *id == GRANDPA_ENGINE_ID => {
				match codec::Decode::decode(&mut &data[..]) {
					Ok(ConsensusLog::<u64>::ScheduledChange(change)) => Some(
						change
							.next_authorities
							.into_iter()
							.map(|(id, _)| id)
							.collect(),
					),
					_ => None,
				}
			},
			_ => None,
		})
		.collect()
}

fn check() {
	crate::Pallet::<Test>::do_try_state().expect("invariants hold");
}

#[test]
fn genesis_sets_validators_keys_and_authorities() {
	new_test_ext().execute_with(|| {
		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 2]);
		assert_eq!(authority_accounts(), vec![1, 2]);
		assert_eq!(handed_over(), vec![vec![1, 2]]);
		assert_eq!(System::providers(&1), 1);
		assert_eq!(crate::Pallet::<Test>::grandpa_authorities().len(), 2);
		assert_eq!(GrandpaSetId::<Test>::get(), 0);
		check();
	});
}

#[test]
fn add_validator_admits_the_account() {
	new_test_ext().execute_with(|| {
		assert_eq!(System::providers(&3), 0);
		assert_ok!(ValidatorSet::add_validator(board(), 3));
		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 2, 3]);
		assert_eq!(System::providers(&3), 1);
		assert_eq!(last_event(), Event::ValidatorAdded { validator: 3 });
		// Admission alone changes no authority.
		assert_eq!(authority_accounts(), vec![1, 2]);
		check();
	});
}

#[test]
fn add_validator_refuses_a_duplicate() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::add_validator(board(), 2),
			Error::<Test>::ValidatorAlreadyAdded
		);
	});
}

#[test]
fn add_validator_needs_the_validator_origin() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::signed(1), 3),
			DispatchError::BadOrigin
		);
		assert_noop!(
			ValidatorSet::add_validator(RuntimeOrigin::root(), 3),
			DispatchError::BadOrigin
		);
		assert!(System::events().is_empty());
	});
}

#[test]
fn add_validator_refuses_past_the_bound() {
	new_test_ext().execute_with(|| {
		for v in 3..=8 {
			assert_ok!(ValidatorSet::add_validator(board(), v));
		}
		assert_noop!(
			ValidatorSet::add_validator(board(), 9),
			Error::<Test>::TooManyValidators
		);
		assert_eq!(System::providers(&9), 0);
	});
}

#[test]
fn remove_validator_drops_it_and_its_keys() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::add_validator(board(), 3));
		let (keys, proof) = new_keys(3);
		assert_ok!(ValidatorSet::set_keys(
			RuntimeOrigin::signed(3),
			keys,
			proof
		));
		assert_ok!(ValidatorSet::remove_validator(board(), 3));
		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 2]);
		assert!(NextKeys::<Test>::get(3).is_none());
		assert_eq!(
			KeyOwner::<Test>::iter()
				.filter(|(_, owner)| *owner == 3)
				.count(),
			0
		);
		assert_eq!(System::providers(&3), 0);
		assert_eq!(last_event(), Event::ValidatorRemoved { validator: 3 });
		check();
	});
}

#[test]
fn remove_validator_refuses_an_unknown_account() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::remove_validator(board(), 7),
			Error::<Test>::NotAValidator
		);
	});
}

#[test]
fn remove_validator_refuses_to_go_below_the_minimum() {
	new_test_ext().execute_with(|| {
		// The minimum is two validators with keys; genesis has exactly two.
		assert_noop!(
			ValidatorSet::remove_validator(board(), 1),
			Error::<Test>::TooFewValidators
		);
		// An admitted validator without keys does not count towards the minimum.
		assert_ok!(ValidatorSet::add_validator(board(), 3));
		assert_noop!(
			ValidatorSet::remove_validator(board(), 1),
			Error::<Test>::TooFewValidators
		);
		// With keys it does.
		let (keys, proof) = new_keys(3);
		assert_ok!(ValidatorSet::set_keys(
			RuntimeOrigin::signed(3),
			keys,
			proof
		));
		assert_ok!(ValidatorSet::remove_validator(board(), 1));
		assert_eq!(last_event(), Event::ValidatorRemoved { validator: 1 });
		check();
	});
}

#[test]
fn remove_validator_needs_the_validator_origin() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::add_validator(board(), 3));
		assert_noop!(
			ValidatorSet::remove_validator(RuntimeOrigin::signed(3), 3),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn set_keys_registers_proven_keys() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::add_validator(board(), 3));
		let (keys, proof) = new_keys(3);
		assert_ok!(ValidatorSet::set_keys(
			RuntimeOrigin::signed(3),
			keys.clone(),
			proof
		));
		assert_eq!(NextKeys::<Test>::get(3), Some(keys.clone()));
		for id in MockKeys::key_ids() {
			let raw = crate::RawKey::try_from(keys.get_raw(*id).to_vec()).unwrap();
			assert_eq!(KeyOwner::<Test>::get((id.0, raw)), Some(3));
		}
		assert_eq!(last_event(), Event::KeysSet { validator: 3 });
		// Replacing the keys frees the old ones.
		let (newer, proof) = new_keys(3);
		assert_ok!(ValidatorSet::set_keys(
			RuntimeOrigin::signed(3),
			newer.clone(),
			proof
		));
		assert_eq!(NextKeys::<Test>::get(3), Some(newer));
		check();
	});
}

#[test]
fn set_keys_refuses_a_non_validator() {
	new_test_ext().execute_with(|| {
		let (keys, proof) = new_keys(3);
		assert_noop!(
			ValidatorSet::set_keys(RuntimeOrigin::signed(3), keys, proof),
			Error::<Test>::NotAValidator
		);
	});
}

#[test]
fn set_keys_refuses_a_proof_for_another_owner() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::add_validator(board(), 3));
		// Keys proven for account 4 cannot be registered by account 3.
		let (keys, proof) = new_keys(4);
		assert_noop!(
			ValidatorSet::set_keys(RuntimeOrigin::signed(3), keys.clone(), proof),
			Error::<Test>::InvalidKeyProof
		);
		assert_noop!(
			ValidatorSet::set_keys(RuntimeOrigin::signed(3), keys, vec![0; 3]),
			Error::<Test>::InvalidKeyProof
		);
	});
}

#[test]
fn set_keys_refuses_a_key_of_another_validator() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::add_validator(board(), 3));
		assert_ok!(ValidatorSet::add_validator(board(), 4));
		let (keys, proof) = new_keys(3);
		assert_ok!(ValidatorSet::set_keys(
			RuntimeOrigin::signed(3),
			keys.clone(),
			proof
		));
		// Account 4 holds a proof for the same keys but they are taken.
		let mut keys4 = keys.clone();
		let proof4 = keys4
			.create_ownership_proof(&4u64.encode())
			.expect("keys in keystore");
		assert_noop!(
			ValidatorSet::set_keys(RuntimeOrigin::signed(4), keys, proof4.encode()),
			Error::<Test>::DuplicateKey
		);
	});
}

#[test]
fn purge_keys_withdraws_them() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::purge_keys(RuntimeOrigin::signed(3)),
			Error::<Test>::NoKeys
		);
		assert_noop!(
			ValidatorSet::purge_keys(RuntimeOrigin::signed(1)),
			Error::<Test>::TooFewValidators
		);
		assert_ok!(ValidatorSet::add_validator(board(), 3));
		let (keys, proof) = new_keys(3);
		assert_ok!(ValidatorSet::set_keys(
			RuntimeOrigin::signed(3),
			keys,
			proof
		));
		assert_ok!(ValidatorSet::purge_keys(RuntimeOrigin::signed(3)));
		assert!(NextKeys::<Test>::get(3).is_none());
		assert_eq!(last_event(), Event::KeysPurged { validator: 3 });
		check();
	});
}

#[test]
fn a_validator_joins_at_the_first_boundary_after_admission_and_keys() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::add_validator(board(), 3));
		// The boundary after admission alone changes nothing: 3 has no keys yet.
		run_to_block(10);
		assert_eq!(CurrentSession::<Test>::get(), 1);
		assert_eq!(authority_accounts(), vec![1, 2]);
		assert_eq!(
			pallet_events(),
			vec![Event::NewSession {
				session: 1,
				authorities: 2
			}]
		);
		assert_eq!(GrandpaSetId::<Test>::get(), 0);

		let (keys, proof) = new_keys(3);
		assert_ok!(ValidatorSet::set_keys(
			RuntimeOrigin::signed(3),
			keys.clone(),
			proof
		));
		// Not before the boundary.
		run_to_block(19);
		assert_eq!(authority_accounts(), vec![1, 2]);
		run_to_block(20);
		assert_eq!(authority_accounts(), vec![1, 2, 3]);
		assert_eq!(
			pallet_events(),
			vec![
				Event::ValidatorJoined {
					validator: 3,
					session: 2
				},
				Event::NewSession {
					session: 2,
					authorities: 3
				},
			]
		);
		assert_eq!(handed_over().last(), Some(&vec![1, 2, 3]));
		assert_eq!(GrandpaSetId::<Test>::get(), 1);
		let changes = grandpa_changes();
		assert_eq!(changes.len(), 1);
		assert_eq!(changes[0].len(), 3);
		assert!(changes[0].contains(&keys.grandpa));
		check();
	});
}

#[test]
fn a_removed_validator_leaves_at_the_next_boundary() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::add_validator(board(), 3));
		let (keys, proof) = new_keys(3);
		assert_ok!(ValidatorSet::set_keys(
			RuntimeOrigin::signed(3),
			keys,
			proof
		));
		run_to_block(10);
		assert_eq!(authority_accounts(), vec![1, 2, 3]);

		assert_ok!(ValidatorSet::remove_validator(board(), 1));
		// Still an authority until the boundary.
		run_to_block(19);
		assert_eq!(authority_accounts(), vec![1, 2, 3]);
		run_to_block(20);
		assert_eq!(authority_accounts(), vec![2, 3]);
		assert_eq!(
			pallet_events(),
			vec![
				Event::ValidatorLeft {
					validator: 1,
					session: 2
				},
				Event::NewSession {
					session: 2,
					authorities: 2
				},
			]
		);
		assert_eq!(GrandpaSetId::<Test>::get(), 2);
		assert_eq!(handed_over(), vec![vec![1, 2], vec![1, 2, 3], vec![2, 3]]);
		check();
	});
}

#[test]
fn an_unchanged_set_schedules_no_grandpa_change() {
	new_test_ext().execute_with(|| {
		run_to_block(30);
		assert_eq!(CurrentSession::<Test>::get(), 3);
		assert_eq!(GrandpaSetId::<Test>::get(), 0);
		assert!(grandpa_changes().is_empty());
		assert_eq!(handed_over(), vec![vec![1, 2]]);
		check();
	});
}

#[test]
fn the_hook_charges_a_quiet_block_and_a_boundary_by_their_benchmarks() {
	use crate::WeightInfo;
	use frame_support::traits::Hooks;
	type W = crate::weights::SubstrateWeight<Test>;
	new_test_ext().execute_with(|| {
		// Genesis admits two validators; the session length is 10.
		assert_eq!(Validators::<Test>::get().len(), 2);
		System::set_block_number(9);
		assert_eq!(ValidatorSet::on_initialize(9), W::on_initialize());
		assert_eq!(
			CurrentSession::<Test>::get(),
			0,
			"block 9 is not a boundary"
		);
		System::set_block_number(10);
		assert_eq!(ValidatorSet::on_initialize(10), W::new_session(2));
		assert_eq!(CurrentSession::<Test>::get(), 1, "block 10 is");
		check();
	});
}

#[test]
fn a_validator_account_still_in_use_is_not_removed() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::add_validator(board(), 3));
		assert_ok!(System::inc_consumers(&3));
		assert_noop!(
			ValidatorSet::remove_validator(board(), 3),
			Error::<Test>::AccountInUse
		);
		System::dec_consumers(&3);
		assert_ok!(ValidatorSet::remove_validator(board(), 3));
		check();
	});
}

#[test]
fn genesis_without_session_settings_takes_the_runtime_defaults() {
	new_test_ext().execute_with(|| {
		assert_eq!(SessionLength::<Test>::get(), 10);
		assert_eq!(MinimumValidators::<Test>::get(), 2);
		check();
	});
}

#[test]
fn the_genesis_session_length_sets_the_boundaries() {
	new_test_ext_with(&[1, 2], Some(4), None).execute_with(|| {
		assert_eq!(SessionLength::<Test>::get(), 4);
		assert_ok!(ValidatorSet::add_validator(board(), 3));
		let (keys, proof) = new_keys(3);
		assert_ok!(ValidatorSet::set_keys(
			RuntimeOrigin::signed(3),
			keys,
			proof
		));
		run_to_block(3);
		assert_eq!(CurrentSession::<Test>::get(), 0);
		assert_eq!(authority_accounts(), vec![1, 2]);
		run_to_block(4);
		assert_eq!(CurrentSession::<Test>::get(), 1);
		assert_eq!(authority_accounts(), vec![1, 2, 3]);
		assert_eq!(
			pallet_events(),
			vec![
				Event::ValidatorJoined {
					validator: 3,
					session: 1
				},
				Event::NewSession {
					session: 1,
					authorities: 3
				},
			]
		);
		run_to_block(8);
		assert_eq!(CurrentSession::<Test>::get(), 2);
		check();
	});
}

#[test]
fn the_genesis_minimum_guards_removals_and_purges() {
	new_test_ext_with(&[1, 2, 3], None, Some(3)).execute_with(|| {
		assert_eq!(MinimumValidators::<Test>::get(), 3);
		// Above the runtime's floor of two, the genesis minimum of three decides.
		assert_noop!(
			ValidatorSet::remove_validator(board(), 3),
			Error::<Test>::TooFewValidators
		);
		assert_noop!(
			ValidatorSet::purge_keys(RuntimeOrigin::signed(2)),
			Error::<Test>::TooFewValidators
		);
		assert!(pallet_events().is_empty());
		// A fourth validator with keys makes room for one removal.
		assert_ok!(ValidatorSet::add_validator(board(), 4));
		let (keys, proof) = new_keys(4);
		assert_ok!(ValidatorSet::set_keys(
			RuntimeOrigin::signed(4),
			keys,
			proof
		));
		assert_ok!(ValidatorSet::remove_validator(board(), 3));
		assert_eq!(last_event(), Event::ValidatorRemoved { validator: 3 });
		assert_noop!(
			ValidatorSet::remove_validator(board(), 2),
			Error::<Test>::TooFewValidators
		);
		assert_eq!(Validators::<Test>::get().into_inner(), vec![1, 2, 4]);
		check();
	});
}

#[test]
#[should_panic(expected = "min_validators is below the runtime's floor")]
fn a_genesis_minimum_below_the_floor_is_refused() {
	new_test_ext_with(&[1, 2], None, Some(1));
}

#[test]
#[should_panic(expected = "min_validators exceeds the genesis validators")]
fn a_genesis_minimum_above_the_genesis_validators_is_refused() {
	new_test_ext_with(&[1, 2], None, Some(3));
}

#[test]
#[should_panic(expected = "the session length must be at least one block")]
fn a_zero_genesis_session_length_is_refused() {
	new_test_ext_with(&[1, 2], Some(0), None);
}

#[test]
fn register_node_adds_it_to_the_register() {
	new_test_ext().execute_with(|| {
		assert!(crate::Pallet::<Test>::registered_nodes().is_empty());
		assert_ok!(ValidatorSet::register_node(board(), [1; 32], 11));
		assert_eq!(Nodes::<Test>::get([1; 32]), Some(11));
		assert_eq!(Nodes::<Test>::count(), 1);
		assert_eq!(
			last_event(),
			Event::NodeRegistered {
				node: [1; 32],
				operator: 11
			}
		);
		assert_eq!(
			crate::Pallet::<Test>::registered_nodes(),
			vec![([1; 32], 11)]
		);
		check();
	});
}

#[test]
fn register_node_needs_the_board() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::register_node(RuntimeOrigin::signed(1), [1; 32], 11),
			DispatchError::BadOrigin
		);
		assert_eq!(Nodes::<Test>::count(), 0);
	});
}

#[test]
fn register_node_refuses_a_registered_node_and_a_full_register() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::register_node(board(), [1; 32], 11));
		assert_noop!(
			ValidatorSet::register_node(board(), [1; 32], 12),
			Error::<Test>::NodeAlreadyRegistered
		);
		assert_eq!(Nodes::<Test>::get([1; 32]), Some(11));
		assert_ok!(ValidatorSet::register_node(board(), [2; 32], 12));
		assert_ok!(ValidatorSet::register_node(board(), [3; 32], 13));
		// MaxNodes is three in the mock.
		assert_noop!(
			ValidatorSet::register_node(board(), [4; 32], 14),
			Error::<Test>::TooManyNodes
		);
		assert_eq!(Nodes::<Test>::count(), 3);
		assert!(!Nodes::<Test>::contains_key([4; 32]));
		check();
	});
}

#[test]
fn deregister_node_removes_it_but_never_the_last() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			ValidatorSet::deregister_node(board(), [1; 32]),
			Error::<Test>::NodeNotRegistered
		);
		assert_ok!(ValidatorSet::register_node(board(), [1; 32], 11));
		assert_ok!(ValidatorSet::register_node(board(), [2; 32], 12));
		assert_noop!(
			ValidatorSet::deregister_node(RuntimeOrigin::signed(11), [1; 32]),
			DispatchError::BadOrigin
		);
		assert_ok!(ValidatorSet::deregister_node(board(), [1; 32]));
		assert_eq!(
			last_event(),
			Event::NodeDeregistered {
				node: [1; 32],
				operator: 11
			}
		);
		assert!(!Nodes::<Test>::contains_key([1; 32]));
		assert_noop!(
			ValidatorSet::deregister_node(board(), [2; 32]),
			Error::<Test>::LastNode
		);
		assert_eq!(Nodes::<Test>::get([2; 32]), Some(12));
		assert_eq!(Nodes::<Test>::count(), 1);
		check();
	});
}

#[test]
fn genesis_registers_its_nodes() {
	new_test_ext_with_nodes(&[1, 2], None, None, vec![([1; 32], 11), ([2; 32], 12)]).execute_with(
		|| {
			assert_eq!(Nodes::<Test>::count(), 2);
			assert_eq!(Nodes::<Test>::get([1; 32]), Some(11));
			assert_eq!(Nodes::<Test>::get([2; 32]), Some(12));
			// The register is closed from genesis: the last node cannot go.
			assert_ok!(ValidatorSet::deregister_node(board(), [1; 32]));
			assert_noop!(
				ValidatorSet::deregister_node(board(), [2; 32]),
				Error::<Test>::LastNode
			);
			check();
		},
	);
}

#[test]
#[should_panic(expected = "a genesis node is listed twice")]
fn a_genesis_node_listed_twice_is_refused() {
	new_test_ext_with_nodes(&[1, 2], None, None, vec![([1; 32], 11), ([1; 32], 12)]);
}

#[test]
#[should_panic(expected = "more genesis nodes than MaxNodes")]
fn more_genesis_nodes_than_the_bound_are_refused() {
	// MaxNodes is three in the mock.
	let nodes = (1..=4u8).map(|n| ([n; 32], u64::from(n))).collect();
	new_test_ext_with_nodes(&[1, 2], None, None, nodes);
}
