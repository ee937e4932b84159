//! Unit tests of the participants pallet.

use crate::{
	mock::*, Approvals, DtcNumberIndex, Error, Event, KeyRole, Keys, LeiIndex, ParticipantCount,
};
use frame_support::{assert_noop, assert_ok};
use pssc_primitives::{
	traits::{ParticipantRegistry, ParticipantStatus},
	Lei, RawLei,
};
use sp_runtime::DispatchError;

/// Valid LEIs.
const LEI_A: RawLei = *b"5493000IBP32UQZ0KL24";
const LEI_B: RawLei = *b"529900T8BM49AURSDO55";
const LEI_C: RawLei = *b"213800WAVVOPS85N2205";
const LEI_D: RawLei = *b"549300VALTPVHYSYMH29";

// Keys: participant A has admin 1 and operator 11; B has admin 2; C has admin 3.
fn agency() -> RuntimeOrigin {
	RuntimeOrigin::signed(AGENCY)
}

fn onboard(lei: RawLei, dtc: u32, admin: u64, operators: Vec<u64>) -> Result<(), DispatchError> {
	Participants::onboard(agency(), b"Broker".to_vec(), lei, dtc, admin, operators)
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Participants(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn check() {
	crate::Pallet::<Test>::do_try_state().expect("participant invariants hold");
}

/// A (id 0, admin 1, operator 11) and B (id 1, admin 2); events cleared.
fn two() {
	assert_ok!(onboard(LEI_A, 1001, 1, vec![11]));
	assert_ok!(onboard(LEI_B, 1002, 2, vec![]));
	System::reset_events();
}

#[test]
fn onboard_admits_a_participant_and_its_keys() {
	new_test_ext().execute_with(|| {
		assert_ok!(onboard(LEI_A, 1001, 1, vec![11, 12]));
		let p = crate::Participants::<Test>::get(0).expect("onboarded");
		assert_eq!(p.lei, Lei::new(&LEI_A).unwrap());
		assert_eq!(p.operators.into_inner(), vec![11, 12]);
		assert_eq!(p.status, ParticipantStatus::Active);
		assert_eq!(LeiIndex::<Test>::get(Lei::new(&LEI_A).unwrap()), Some(0));
		assert_eq!(DtcNumberIndex::<Test>::get(1001), Some(0));
		assert_eq!(Keys::<Test>::get(1), Some((0, KeyRole::Admin)));
		assert_eq!(Keys::<Test>::get(12), Some((0, KeyRole::Operator)));
		assert_eq!(System::providers(&11), 1);
		assert_eq!(crate::Pallet::<Test>::participant_of(&12), Some(0));
		assert_eq!(crate::Pallet::<Test>::operator_of(&12), Some(0));
		assert_eq!(
			crate::Pallet::<Test>::operator_of(&1),
			None,
			"an admin is no operator"
		);
		assert_eq!(crate::Pallet::<Test>::operator_of(&99), None);
		assert_eq!(
			events(),
			vec![Event::Onboarded {
				id: 0,
				lei: Lei::new(&LEI_A).unwrap(),
				dtc_number: 1001,
				admin: 1
			}]
		);
		check();
	});
}

#[test]
fn onboard_refuses_bad_or_duplicate_details() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			onboard(*b"5493000IBP32UQZ0KL25", 1001, 1, vec![]),
			Error::<Test>::InvalidLei
		);
		assert_noop!(
			onboard(LEI_A, 0, 1, vec![]),
			Error::<Test>::InvalidDtcNumber
		);
		assert_noop!(
			Participants::onboard(agency(), vec![], LEI_A, 1001, 1, vec![]),
			Error::<Test>::InvalidLegalName
		);
		assert_noop!(
			Participants::onboard(agency(), vec![b'n'; 33], LEI_A, 1001, 1, vec![]),
			Error::<Test>::InvalidLegalName
		);
		assert_noop!(
			onboard(LEI_A, 1001, 1, vec![11, 12, 13]),
			Error::<Test>::TooManyOperators
		);
		assert_noop!(
			onboard(LEI_A, 1001, 1, vec![1]),
			Error::<Test>::KeyAlreadyInUse
		);
		assert_ok!(onboard(LEI_A, 1001, 1, vec![11]));
		assert_noop!(
			onboard(LEI_A, 1002, 2, vec![]),
			Error::<Test>::LeiAlreadyUsed
		);
		assert_noop!(
			onboard(LEI_B, 1001, 2, vec![]),
			Error::<Test>::DtcNumberAlreadyUsed
		);
		assert_noop!(
			onboard(LEI_B, 1002, 11, vec![]),
			Error::<Test>::KeyAlreadyInUse
		);
		assert_noop!(
			onboard(LEI_B, 1002, 2, vec![1]),
			Error::<Test>::KeyAlreadyInUse
		);
		assert_noop!(
			Participants::onboard(
				RuntimeOrigin::signed(1),
				b"X".to_vec(),
				LEI_B,
				1002,
				2,
				vec![]
			),
			DispatchError::BadOrigin
		);
		check();
	});
}

#[test]
fn onboard_stops_at_the_cap() {
	new_test_ext().execute_with(|| {
		assert_ok!(onboard(LEI_A, 1001, 1, vec![]));
		assert_ok!(onboard(LEI_B, 1002, 2, vec![]));
		assert_ok!(onboard(LEI_C, 1003, 3, vec![]));
		assert_noop!(
			onboard(LEI_D, 1004, 4, vec![]),
			Error::<Test>::TooManyParticipants
		);
		assert_eq!(ParticipantCount::<Test>::get(), 3);
		// Offboarding one makes room again.
		assert_ok!(Participants::offboard(agency(), 2));
		assert_ok!(onboard(LEI_D, 1004, 4, vec![]));
		check();
	});
}

#[test]
fn suspend_and_reinstate() {
	new_test_ext().execute_with(|| {
		two();
		assert_noop!(
			Participants::suspend(agency(), 9),
			Error::<Test>::UnknownParticipant
		);
		assert_noop!(
			Participants::suspend(RuntimeOrigin::signed(1), 0),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Participants::reinstate(agency(), 0),
			Error::<Test>::NotSuspended
		);
		assert_ok!(Participants::suspend(agency(), 0));
		assert_eq!(
			crate::Pallet::<Test>::status(0),
			Some(ParticipantStatus::Suspended)
		);
		assert!(!crate::Pallet::<Test>::is_active(0));
		assert_noop!(
			Participants::suspend(agency(), 0),
			Error::<Test>::AlreadySuspended
		);
		assert_ok!(Participants::reinstate(agency(), 0));
		assert!(crate::Pallet::<Test>::is_active(0));
		assert_noop!(
			Participants::reinstate(RuntimeOrigin::signed(1), 0),
			DispatchError::BadOrigin
		);
		assert_eq!(
			events(),
			vec![Event::Suspended { id: 0 }, Event::Reinstated { id: 0 }]
		);
		assert_eq!(told(), vec![Told::Suspended(0), Told::Reinstated(0)]);
	});
}

#[test]
fn offboard_is_refused_while_the_participant_holds_entitlements() {
	new_test_ext().execute_with(|| {
		two();
		set_holds(0, true);
		assert_noop!(
			Participants::offboard(agency(), 0),
			Error::<Test>::HoldsEntitlements
		);
		set_holds(0, false);
		assert_noop!(
			Participants::offboard(agency(), 9),
			Error::<Test>::UnknownParticipant
		);
		assert_noop!(
			Participants::offboard(RuntimeOrigin::signed(2), 0),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn offboard_removes_keys_indices_and_approvals() {
	new_test_ext().execute_with(|| {
		two();
		assert_ok!(Participants::approve_counterparty(
			RuntimeOrigin::signed(1),
			1
		));
		assert_ok!(Participants::approve_counterparty(
			RuntimeOrigin::signed(2),
			0
		));
		System::reset_events();
		assert_ok!(Participants::offboard(agency(), 0));
		assert!(crate::Participants::<Test>::get(0).is_none());
		assert!(Keys::<Test>::get(1).is_none() && Keys::<Test>::get(11).is_none());
		assert_eq!(System::providers(&1), 0);
		assert_eq!(System::providers(&11), 0);
		// The LEI keeps its id; the DTC number is freed.
		assert_eq!(LeiIndex::<Test>::get(Lei::new(&LEI_A).unwrap()), Some(0));
		assert!(DtcNumberIndex::<Test>::get(1001).is_none());
		assert_eq!(Approvals::<Test>::iter().count(), 0);
		assert_eq!(events(), vec![Event::Offboarded { id: 0 }]);
		assert_eq!(told(), vec![Told::Revoked(0, 1), Told::Revoked(1, 0)]);
		check();
		// Onboarded again, the LEI gets its old id back (so the references it used stay
		// used), with new keys and nothing of its old approvals; no new id is taken.
		let next = crate::NextParticipantId::<Test>::get();
		assert_ok!(onboard(LEI_A, 1001, 5, vec![15]));
		assert_eq!(crate::Pallet::<Test>::participant_of(&5), Some(0));
		assert_eq!(crate::Pallet::<Test>::participant_of(&1), None);
		assert_eq!(crate::NextParticipantId::<Test>::get(), next);
		assert!(!crate::Pallet::<Test>::has_approved(0, 1));
		assert_eq!(
			crate::Participants::<Test>::get(0).map(|p| (p.admin, p.status)),
			Some((5, ParticipantStatus::Active))
		);
		// While it is a participant, its LEI is refused, and nothing changes.
		assert_noop!(
			onboard(LEI_A, 1003, 6, vec![]),
			Error::<Test>::LeiAlreadyUsed
		);
		// A new LEI takes the next id.
		assert_ok!(onboard(LEI_C, 1003, 6, vec![]));
		assert_eq!(crate::Pallet::<Test>::participant_of(&6), Some(next));
		check();
	});
}

#[test]
fn the_admin_manages_operator_keys() {
	new_test_ext().execute_with(|| {
		two();
		assert_noop!(
			Participants::add_operator(RuntimeOrigin::signed(11), 12),
			Error::<Test>::NotAdmin
		);
		assert_noop!(
			Participants::add_operator(RuntimeOrigin::signed(99), 12),
			Error::<Test>::NotAdmin
		);
		assert_noop!(
			Participants::add_operator(RuntimeOrigin::signed(1), 2),
			Error::<Test>::KeyAlreadyInUse
		);
		assert_ok!(Participants::add_operator(RuntimeOrigin::signed(1), 12));
		assert_eq!(Keys::<Test>::get(12), Some((0, KeyRole::Operator)));
		assert_eq!(System::providers(&12), 1);
		assert_noop!(
			Participants::add_operator(RuntimeOrigin::signed(1), 13),
			Error::<Test>::TooManyOperators
		);
		// B's admin cannot remove A's operator.
		assert_noop!(
			Participants::remove_operator(RuntimeOrigin::signed(2), 12),
			Error::<Test>::NotAnOperator
		);
		assert_noop!(
			Participants::remove_operator(RuntimeOrigin::signed(1), 1),
			Error::<Test>::NotAnOperator
		);
		assert_ok!(Participants::remove_operator(RuntimeOrigin::signed(1), 12));
		assert!(Keys::<Test>::get(12).is_none());
		assert_eq!(System::providers(&12), 0);
		assert_eq!(
			events(),
			vec![
				Event::OperatorAdded { id: 0, key: 12 },
				Event::OperatorRemoved { id: 0, key: 12 }
			]
		);
		check();
	});
}

#[test]
fn a_suspended_participants_keys_change_nothing() {
	new_test_ext().execute_with(|| {
		two();
		assert_ok!(Participants::approve_counterparty(
			RuntimeOrigin::signed(1),
			1
		));
		assert_ok!(Participants::suspend(agency(), 0));
		let told_before = told().len();
		System::reset_events();
		// A thief with the admin key of a suspended participant can neither add nor strip
		// its keys and approvals (a revocation would cancel the participant's business).
		assert_noop!(
			Participants::add_operator(RuntimeOrigin::signed(1), 12),
			Error::<Test>::ParticipantSuspended
		);
		assert_noop!(
			Participants::approve_counterparty(RuntimeOrigin::signed(1), 1),
			Error::<Test>::ParticipantSuspended
		);
		assert_noop!(
			Participants::revoke_counterparty(RuntimeOrigin::signed(1), 1),
			Error::<Test>::ParticipantSuspended
		);
		assert_noop!(
			Participants::remove_operator(RuntimeOrigin::signed(1), 11),
			Error::<Test>::ParticipantSuspended
		);
		assert!(Approvals::<Test>::contains_key(0, 1));
		assert_eq!(Keys::<Test>::get(11), Some((0, KeyRole::Operator)));
		assert_eq!(told().len(), told_before, "settlement is told nothing");
		assert!(events().is_empty());
		check();
	});
}

#[test]
fn the_board_replaces_a_lost_admin_key_even_while_suspended() {
	new_test_ext().execute_with(|| {
		two();
		assert_ok!(Participants::approve_counterparty(
			RuntimeOrigin::signed(1),
			1
		));
		assert_ok!(Participants::suspend(agency(), 0));
		System::reset_events();
		// Only the agency; a known participant; a key no participant uses.
		assert_noop!(
			Participants::replace_admin(RuntimeOrigin::signed(1), 0, 50),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Participants::replace_admin(agency(), 7, 50),
			Error::<Test>::UnknownParticipant
		);
		for used in [1, 11, 2] {
			assert_noop!(
				Participants::replace_admin(agency(), 0, used),
				Error::<Test>::KeyAlreadyInUse
			);
		}
		assert!(events().is_empty());

		assert_ok!(Participants::replace_admin(agency(), 0, 50));
		assert_eq!(
			events(),
			vec![Event::AdminReplaced {
				id: 0,
				old: 1,
				new: 50
			}]
		);
		let p = crate::Participants::<Test>::get(0).expect("still onboarded");
		assert_eq!(p.admin, 50);
		assert_eq!(p.operators.into_inner(), vec![11]);
		assert_eq!(p.status, ParticipantStatus::Suspended);
		assert_eq!(Keys::<Test>::get(50), Some((0, KeyRole::Admin)));
		assert_eq!(Keys::<Test>::get(1), None);
		assert_eq!((System::providers(&1), System::providers(&50)), (0, 1));
		assert!(Approvals::<Test>::contains_key(0, 1));
		// Reinstated, the old key is nobody's admin; the new one acts.
		assert_ok!(Participants::reinstate(agency(), 0));
		assert_noop!(
			Participants::add_operator(RuntimeOrigin::signed(1), 12),
			Error::<Test>::NotAdmin
		);
		assert_ok!(Participants::add_operator(RuntimeOrigin::signed(50), 12));
		check();
	});
}

#[test]
fn a_replaced_admin_key_that_something_still_needs_keeps_its_account() {
	new_test_ext().execute_with(|| {
		two();
		// Something else (a lock, a signer record) needs the old key's account.
		assert_ok!(frame_system::Pallet::<Test>::inc_consumers(&1));
		assert_ok!(Participants::replace_admin(agency(), 0, 50));
		assert_eq!(Keys::<Test>::get(1), None);
		assert_eq!(System::providers(&1), 1, "not reaped under its consumer");
		check();
	});
}

#[test]
fn a_pair_settles_only_when_both_approve() {
	new_test_ext().execute_with(|| {
		two();
		assert_ok!(Participants::approve_counterparty(
			RuntimeOrigin::signed(1),
			1
		));
		// One-sided approval is not enough.
		assert!(!crate::Pallet::<Test>::are_mutually_approved(0, 1));
		assert!(!crate::Pallet::<Test>::are_mutually_approved(1, 0));
		assert_ok!(Participants::approve_counterparty(
			RuntimeOrigin::signed(2),
			0
		));
		assert!(crate::Pallet::<Test>::are_mutually_approved(0, 1));
		assert!(crate::Pallet::<Test>::are_mutually_approved(1, 0));
		assert_eq!(
			events(),
			vec![
				Event::CounterpartyApproved {
					by: 0,
					counterparty: 1,
					mutual: false
				},
				Event::CounterpartyApproved {
					by: 1,
					counterparty: 0,
					mutual: true
				},
			]
		);
		check();
	});
}

#[test]
fn approve_counterparty_refusals() {
	new_test_ext().execute_with(|| {
		two();
		assert_noop!(
			Participants::approve_counterparty(RuntimeOrigin::signed(1), 0),
			Error::<Test>::CannotApproveSelf
		);
		assert_noop!(
			Participants::approve_counterparty(RuntimeOrigin::signed(1), 7),
			Error::<Test>::UnknownParticipant
		);
		assert_noop!(
			Participants::approve_counterparty(RuntimeOrigin::signed(11), 1),
			Error::<Test>::NotAdmin
		);
		assert_ok!(Participants::approve_counterparty(
			RuntimeOrigin::signed(1),
			1
		));
		assert_noop!(
			Participants::approve_counterparty(RuntimeOrigin::signed(1), 1),
			Error::<Test>::AlreadyApproved
		);
	});
}

#[test]
fn revoking_ends_the_pair_and_tells_the_hook() {
	new_test_ext().execute_with(|| {
		two();
		assert_noop!(
			Participants::revoke_counterparty(RuntimeOrigin::signed(1), 1),
			Error::<Test>::NotApproved
		);
		assert_ok!(Participants::approve_counterparty(
			RuntimeOrigin::signed(1),
			1
		));
		assert_ok!(Participants::approve_counterparty(
			RuntimeOrigin::signed(2),
			0
		));
		System::reset_events();
		assert_ok!(Participants::revoke_counterparty(
			RuntimeOrigin::signed(2),
			0
		));
		assert!(!crate::Pallet::<Test>::are_mutually_approved(0, 1));
		assert_eq!(
			events(),
			vec![Event::CounterpartyRevoked {
				by: 1,
				counterparty: 0
			}]
		);
		assert_eq!(told(), vec![Told::Revoked(1, 0)]);
		assert_noop!(
			Participants::revoke_counterparty(RuntimeOrigin::signed(11), 1),
			Error::<Test>::NotAdmin
		);
		check();
	});
}

#[test]
fn a_key_another_pallet_still_relies_on_cannot_be_released() {
	new_test_ext().execute_with(|| {
		two();
		// Something else holds a consumer reference on operator key 11.
		assert_ok!(System::inc_consumers(&11));
		assert_noop!(
			Participants::remove_operator(RuntimeOrigin::signed(1), 11),
			Error::<Test>::KeyInUse
		);
		assert_noop!(Participants::offboard(agency(), 0), Error::<Test>::KeyInUse);
		System::dec_consumers(&11);
		assert_ok!(Participants::remove_operator(RuntimeOrigin::signed(1), 11));
		check();
	});
}
