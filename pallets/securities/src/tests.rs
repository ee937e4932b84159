//! Unit tests of the eligible-security registry.

use crate::WeightInfo;
use crate::{mock::*, DtcGateway, Error, Event, IsinIndex};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{GetDispatchInfo, WithPostDispatchInfo},
	traits::Get,
};
use pssc_primitives::{
	traits::{DtcRestrictions, EligibilityProvider},
	Cusip, Isin,
};
use sp_runtime::DispatchError;

const APPLE: [u8; 9] = *b"037833100";
const APPLE_ISIN: [u8; 12] = *b"US0378331005";
/// Microsoft's CUSIP.
const MSFT: [u8; 9] = *b"594918104";

fn agency() -> RuntimeOrigin {
	RuntimeOrigin::signed(AGENCY)
}

fn gateway() -> RuntimeOrigin {
	RuntimeOrigin::signed(GATEWAY)
}

fn cusip(raw: &[u8; 9]) -> Cusip {
	Cusip::new(raw).unwrap()
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Securities(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn check() {
	crate::Pallet::<Test>::do_try_state().expect("registry invariants hold");
}

/// Apple registered and accepted, the gateway appointed; events cleared.
fn accepted_apple() {
	assert_ok!(Securities::register_security(
		agency(),
		APPLE,
		Some(APPLE_ISIN),
		b"Apple".to_vec()
	));
	assert_ok!(Securities::set_agency_acceptance(agency(), APPLE, true));
	assert_ok!(Securities::set_dtc_gateway(agency(), GATEWAY));
	System::reset_events();
}

const NONE: DtcRestrictions = DtcRestrictions {
	deposit_chill: false,
	withdrawal_chill: false,
	delivery_chill: false,
	global_lock: false,
};

#[test]
fn register_security_records_it_not_eligible() {
	new_test_ext().execute_with(|| {
		assert_ok!(Securities::register_security(
			agency(),
			APPLE,
			Some(APPLE_ISIN),
			b"Apple Inc. common".to_vec()
		));
		let security = crate::Securities::<Test>::get(cusip(&APPLE)).expect("registered");
		assert_eq!(security.isin, Isin::new(&APPLE_ISIN).ok());
		assert!(!security.agency_accepted && !security.dtc_eligible);
		assert_eq!(
			IsinIndex::<Test>::get(Isin::new(&APPLE_ISIN).unwrap()),
			Some(cusip(&APPLE))
		);
		assert!(!crate::Pallet::<Test>::is_eligible(&cusip(&APPLE)));
		assert_eq!(
			events(),
			vec![Event::SecurityRegistered {
				cusip: cusip(&APPLE),
				isin: Isin::new(&APPLE_ISIN).ok()
			}]
		);
		check();
	});
}

#[test]
fn register_security_refuses_bad_identifiers() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Securities::register_security(agency(), *b"037833101", None, vec![]),
			Error::<Test>::InvalidCusip
		);
		assert_noop!(
			Securities::register_security(agency(), *b"o37833100", None, vec![]),
			Error::<Test>::InvalidCusip
		);
		assert_noop!(
			Securities::register_security(agency(), APPLE, Some(*b"US0378331006"), vec![]),
			Error::<Test>::InvalidIsin
		);
		// Microsoft's CUSIP with Apple's ISIN.
		assert_noop!(
			Securities::register_security(agency(), MSFT, Some(APPLE_ISIN), vec![]),
			Error::<Test>::IsinCusipMismatch
		);
	});
}

#[test]
fn register_security_refuses_duplicates() {
	new_test_ext().execute_with(|| {
		assert_ok!(Securities::register_security(
			agency(),
			APPLE,
			Some(APPLE_ISIN),
			vec![]
		));
		assert_noop!(
			Securities::register_security(agency(), APPLE, None, vec![]),
			Error::<Test>::SecurityAlreadyRegistered
		);
		// A non-US ISIN does not embed a CUSIP, so only the index catches its reuse.
		assert_ok!(Securities::register_security(
			agency(),
			MSFT,
			Some(*b"DE0007236101"),
			vec![]
		));
		let other = *b"38259P508"; // Google's old CUSIP.
		assert_noop!(
			Securities::register_security(agency(), other, Some(*b"DE0007236101"), vec![]),
			Error::<Test>::IsinAlreadyRegistered
		);
		check();
	});
}

#[test]
fn register_security_refuses_a_long_description_and_strangers() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Securities::register_security(agency(), APPLE, None, vec![b'x'; 65]),
			Error::<Test>::DescriptionTooLong
		);
		assert_noop!(
			Securities::register_security(RuntimeOrigin::signed(1), APPLE, None, vec![]),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn agency_acceptance_alone_does_not_make_a_security_eligible() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Securities::set_agency_acceptance(agency(), APPLE, true),
			Error::<Test>::UnknownSecurity
		);
		assert_noop!(
			Securities::set_agency_acceptance(agency(), *b"037833101", true),
			Error::<Test>::InvalidCusip
		);
		assert_ok!(Securities::register_security(agency(), APPLE, None, vec![]));
		assert_noop!(
			Securities::set_agency_acceptance(RuntimeOrigin::signed(GATEWAY), APPLE, true),
			DispatchError::BadOrigin
		);
		System::reset_events();
		assert_ok!(Securities::set_agency_acceptance(agency(), APPLE, true));
		assert!(
			crate::Securities::<Test>::get(cusip(&APPLE))
				.unwrap()
				.agency_accepted
		);
		assert_eq!(
			events(),
			vec![Event::AgencyAcceptanceSet {
				cusip: cusip(&APPLE),
				accepted: true
			}]
		);
		assert!(hook_calls().is_empty());
	});
}

#[test]
fn dtc_gateway_is_appointed_and_replaced_by_the_agency() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Securities::set_dtc_gateway(RuntimeOrigin::signed(1), 1),
			DispatchError::BadOrigin
		);
		assert_ok!(Securities::set_dtc_gateway(agency(), GATEWAY));
		assert_eq!(DtcGateway::<Test>::get(), Some(GATEWAY));
		assert_eq!(System::providers(&GATEWAY), 1);
		assert_eq!(
			events(),
			vec![Event::DtcGatewaySet {
				old: None,
				new: GATEWAY
			}]
		);
		assert_noop!(
			Securities::set_dtc_gateway(agency(), GATEWAY),
			Error::<Test>::AlreadyDtcGateway
		);
		assert_ok!(Securities::set_dtc_gateway(agency(), 51));
		assert_eq!(System::providers(&GATEWAY), 0);
		assert_eq!(System::providers(&51), 1);
		System::assert_last_event(
			Event::DtcGatewaySet {
				old: Some(GATEWAY),
				new: 51,
			}
			.into(),
		);
		// The replaced gateway can no longer relay DTC's feed.
		assert_ok!(Securities::register_security(agency(), APPLE, None, vec![]));
		assert_noop!(
			Securities::set_dtc_eligibility(gateway(), APPLE, true, NONE),
			Error::<Test>::NotDtcGateway
		);
	});
}

#[test]
fn dtc_eligibility_makes_an_accepted_security_eligible_and_calls_the_hook() {
	new_test_ext().execute_with(|| {
		accepted_apple();
		assert_ok!(Securities::set_dtc_eligibility(
			gateway(),
			APPLE,
			true,
			NONE
		));
		assert!(crate::Pallet::<Test>::is_eligible(&cusip(&APPLE)));
		assert_eq!(
			events(),
			vec![
				Event::EligibilityChanged {
					cusip: cusip(&APPLE),
					eligible: true
				},
				Event::DtcStatusSet {
					cusip: cusip(&APPLE),
					dtc_eligible: true,
					restrictions: NONE
				},
			]
		);
		assert_eq!(hook_calls(), vec![(cusip(&APPLE), true)]);
		check();
	});
}

#[test]
fn settlement_is_told_once_when_deliveries_may_settle_again_and_the_calls_declare_it() {
	new_test_ext().execute_with(|| {
		accepted_apple();
		let chilled = DtcRestrictions {
			delivery_chill: true,
			..NONE
		};
		let dtc = |restrictions| {
			assert_ok!(Securities::set_dtc_eligibility(
				gateway(),
				APPLE,
				true,
				restrictions
			));
		};
		// Eligible, deliveries chilled: not deliverable.
		dtc(chilled);
		assert_eq!(hook_calls(), vec![(cusip(&APPLE), true)]);
		assert_eq!(deliverable_calls(), vec![]);
		// Another restriction: still chilled, not told.
		dtc(DtcRestrictions {
			withdrawal_chill: true,
			..chilled
		});
		assert_eq!(deliverable_calls(), vec![]);
		// DTC lifts the chill: told, in the same call.
		dtc(NONE);
		assert_eq!(deliverable_calls(), vec![cusip(&APPLE)]);
		// Nothing new: not told again.
		dtc(NONE);
		assert_eq!(deliverable_calls(), vec![cusip(&APPLE)]);
		// A global lock, lifted through DTC's file: told again. A lock is no drop, so the
		// drop hooks are not called.
		let locked = DtcRestrictions {
			global_lock: true,
			..NONE
		};
		assert_ok!(Securities::set_dtc_eligibility_batch(
			gateway(),
			vec![(APPLE, true, locked)]
		));
		assert_ok!(Securities::set_dtc_eligibility_batch(
			gateway(),
			vec![(APPLE, true, NONE)]
		));
		assert_eq!(deliverable_calls(), vec![cusip(&APPLE); 2]);
		assert_eq!(hook_calls(), vec![(cusip(&APPLE), true)]);
		// The agency accepting it again, deliveries open: told.
		assert_ok!(Securities::set_agency_acceptance(agency(), APPLE, false));
		assert_eq!(deliverable_calls().len(), 2);
		assert_ok!(Securities::set_agency_acceptance(agency(), APPLE, true));
		assert_eq!(deliverable_calls(), vec![cusip(&APPLE); 3]);
		// Each call that can make a security deliverable declares the hook's weight.
		type W = crate::weights::SubstrateWeight<Test>;
		let declared = |call: crate::Call<Test>| call.get_dispatch_info().call_weight;
		assert_eq!(
			declared(crate::Call::set_dtc_eligibility {
				cusip: APPLE,
				dtc_eligible: true,
				restrictions: NONE
			}),
			W::set_dtc_eligibility() + CHANGE_WEIGHT
		);
		assert_eq!(
			declared(crate::Call::set_agency_acceptance {
				cusip: APPLE,
				accepted: true
			}),
			W::set_agency_acceptance() + CHANGE_WEIGHT
		);
		assert_eq!(
			declared(crate::Call::set_dtc_eligibility_batch {
				entries: vec![(APPLE, true, NONE); 3]
			}),
			W::set_dtc_eligibility_batch(3) + CHANGE_WEIGHT * 3
		);
		check();
	});
}

#[test]
fn losing_dtc_eligibility_ends_eligibility_in_the_same_call() {
	new_test_ext().execute_with(|| {
		accepted_apple();
		assert_ok!(Securities::set_dtc_eligibility(
			gateway(),
			APPLE,
			true,
			NONE
		));
		System::reset_events();
		assert_ok!(Securities::set_dtc_eligibility(
			gateway(),
			APPLE,
			false,
			NONE
		));
		assert!(!crate::Pallet::<Test>::is_eligible(&cusip(&APPLE)));
		assert_eq!(
			events(),
			vec![
				Event::EligibilityChanged {
					cusip: cusip(&APPLE),
					eligible: false
				},
				Event::DtcStatusSet {
					cusip: cusip(&APPLE),
					dtc_eligible: false,
					restrictions: NONE
				},
			]
		);
		assert_eq!(
			hook_calls(),
			vec![(cusip(&APPLE), true), (cusip(&APPLE), false)]
		);
	});
}

#[test]
fn a_global_lock_ends_eligibility_but_a_chill_does_not() {
	new_test_ext().execute_with(|| {
		accepted_apple();
		assert_ok!(Securities::set_dtc_eligibility(
			gateway(),
			APPLE,
			true,
			NONE
		));
		let chilled = DtcRestrictions {
			deposit_chill: true,
			delivery_chill: true,
			..NONE
		};
		assert_ok!(Securities::set_dtc_eligibility(
			gateway(),
			APPLE,
			true,
			chilled
		));
		assert!(crate::Pallet::<Test>::is_eligible(&cusip(&APPLE)));
		assert_eq!(
			crate::Pallet::<Test>::restrictions(&cusip(&APPLE)),
			Some(chilled)
		);
		assert_eq!(hook_calls().len(), 1);
		let locked = DtcRestrictions {
			global_lock: true,
			..NONE
		};
		assert_ok!(Securities::set_dtc_eligibility(
			gateway(),
			APPLE,
			true,
			locked
		));
		assert!(!crate::Pallet::<Test>::is_eligible(&cusip(&APPLE)));
		System::assert_has_event(
			Event::EligibilityChanged {
				cusip: cusip(&APPLE),
				eligible: false,
			}
			.into(),
		);
		// A lock is not a drop: settlement is not told to wind the security's business down.
		assert!(!crate::Pallet::<Test>::is_dropped(&cusip(&APPLE)));
		assert_eq!(hook_calls(), vec![(cusip(&APPLE), true)]);
		// The agency withdrawing acceptance of a locked security drops it: no eligibility
		// event (it was not eligible), but settlement is told.
		System::reset_events();
		assert_ok!(Securities::set_agency_acceptance(agency(), APPLE, false));
		assert!(crate::Pallet::<Test>::is_dropped(&cusip(&APPLE)));
		assert_eq!(
			events(),
			vec![Event::AgencyAcceptanceSet {
				cusip: cusip(&APPLE),
				accepted: false
			}]
		);
		assert_eq!(
			hook_calls(),
			vec![(cusip(&APPLE), true), (cusip(&APPLE), false)]
		);
		// Accepted again while still locked: restored, but deliveries may not settle yet.
		assert_ok!(Securities::set_agency_acceptance(agency(), APPLE, true));
		assert_eq!(hook_calls().last(), Some(&(cusip(&APPLE), true)));
		assert_eq!(
			deliverable_calls(),
			vec![cusip(&APPLE)],
			"told once, when it first became deliverable, not now"
		);
		// An unknown security counts as dropped.
		assert!(crate::Pallet::<Test>::is_dropped(&cusip(&MSFT)));
	});
}

#[test]
fn only_the_gateway_relays_dtc() {
	new_test_ext().execute_with(|| {
		accepted_apple();
		assert_noop!(
			Securities::set_dtc_eligibility(RuntimeOrigin::signed(1), APPLE, true, NONE),
			Error::<Test>::NotDtcGateway
		);
		assert_noop!(
			Securities::set_dtc_eligibility(agency(), APPLE, true, NONE),
			Error::<Test>::NotDtcGateway
		);
		assert_noop!(
			Securities::set_dtc_eligibility(gateway(), MSFT, true, NONE),
			Error::<Test>::UnknownSecurity
		);
		assert_noop!(
			Securities::set_dtc_eligibility(gateway(), *b"037833101", true, NONE),
			Error::<Test>::InvalidCusip
		);
		assert!(hook_calls().is_empty());
	});
}

#[test]
fn a_dtc_batch_applies_every_entry_or_none() {
	new_test_ext().execute_with(|| {
		accepted_apple();
		assert_ok!(Securities::register_security(agency(), MSFT, None, vec![]));
		assert_ok!(Securities::set_agency_acceptance(agency(), MSFT, true));
		System::reset_events();
		// One unknown CUSIP spoils the file: nothing changes.
		assert_noop!(
			Securities::set_dtc_eligibility_batch(
				gateway(),
				vec![(APPLE, true, NONE), (*b"38259P508", true, NONE)]
			),
			Error::<Test>::UnknownSecurity
		);
		// A file refused as a whole is charged as an empty one, not as the file it declared.
		type W = crate::weights::SubstrateWeight<Test>;
		let empty = W::set_dtc_eligibility_batch(0);
		assert_noop!(
			Securities::set_dtc_eligibility_batch(gateway(), vec![(APPLE, true, NONE); 5]),
			Error::<Test>::BatchTooLarge.with_weight(empty)
		);
		assert_noop!(
			Securities::set_dtc_eligibility_batch(RuntimeOrigin::signed(1), vec![]),
			Error::<Test>::NotDtcGateway.with_weight(empty)
		);
		let declared = crate::Call::<Test>::set_dtc_eligibility_batch {
			entries: vec![(APPLE, true, NONE); 5],
		}
		.get_dispatch_info()
		.call_weight;
		let max = <Test as crate::Config>::MaxDtcBatch::get();
		assert_eq!(
			declared,
			W::set_dtc_eligibility_batch(max) + CHANGE_WEIGHT * u64::from(max)
		);
		assert!(empty.ref_time() < declared.ref_time());
		assert_ok!(Securities::set_dtc_eligibility_batch(
			gateway(),
			vec![(APPLE, true, NONE), (MSFT, true, NONE)]
		));
		assert!(crate::Pallet::<Test>::is_eligible(&cusip(&APPLE)));
		assert!(crate::Pallet::<Test>::is_eligible(&cusip(&MSFT)));
		assert_eq!(
			hook_calls(),
			vec![(cusip(&APPLE), true), (cusip(&MSFT), true)]
		);
		assert_eq!(events().len(), 4);
		check();
	});
}

#[test]
fn a_gateway_account_still_in_use_is_not_replaced() {
	new_test_ext().execute_with(|| {
		assert_ok!(Securities::set_dtc_gateway(agency(), GATEWAY));
		assert_ok!(System::inc_consumers(&GATEWAY));
		assert_noop!(
			Securities::set_dtc_gateway(agency(), 51),
			Error::<Test>::GatewayAccountInUse
		);
		System::dec_consumers(&GATEWAY);
		assert_ok!(Securities::set_dtc_gateway(agency(), 51));
	});
}
