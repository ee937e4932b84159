//! Unit and property tests of the entitlements pallet.

use crate::{
	mock::*, Balance, Bank, BankKeys, BankReports, Breaks, Error, Event, Line, SecurityIssuance,
	SettlingBanks, UsedReferences, Withdrawals,
};
use frame_support::{assert_noop, assert_ok, traits::tokens::fungibles::Inspect};
use pssc_primitives::{
	traits::{DtcRestrictions, EntitlementTransfer, HoldingsInspect},
	Cusip,
};
use sp_runtime::DispatchError;

fn cusip(raw: &[u8; 9]) -> Cusip {
	Cusip::new(raw).unwrap()
}

fn gw() -> RuntimeOrigin {
	RuntimeOrigin::signed(GATEWAY)
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Entitlements(e) => Some(e),
			_ => None,
		})
		.collect()
}

fn check() {
	crate::Pallet::<Test>::do_try_state().expect("ledger invariants hold");
}

fn bal(free: u128, held: u128) -> Balance {
	Balance { free, held }
}

fn deposit(
	participant: u32,
	raw: [u8; 9],
	quantity: u128,
	reference: &[u8],
) -> Result<(), DispatchError> {
	let dtc = dtc_number_of(participant);
	Entitlements::confirm_deposit(gw(), participant, dtc, raw, quantity, reference.to_vec())
}

fn with_bank() {
	assert_ok!(Entitlements::appoint_settling_bank(
		RuntimeOrigin::signed(AGENCY),
		BANK,
		USD
	));
}

#[test]
fn a_dtc_confirmation_credits_the_participant() {
	new_test_ext().execute_with(|| {
		assert_ok!(deposit(0, APPLE, 1_000, b"DO-1"));
		assert_eq!(
			Entitlements::security_balance(0, &cusip(&APPLE)),
			bal(1_000, 0)
		);
		assert_eq!(SecurityIssuance::<Test>::get(cusip(&APPLE)), 1_000);
		assert_eq!(
			events(),
			vec![Event::Deposited {
				participant: 0,
				dtc_number: 901,
				cusip: cusip(&APPLE),
				quantity: 1_000,
				dtc_reference: b"DO-1".to_vec().try_into().unwrap()
			}]
		);
		assert_eq!(
			<Entitlements as Inspect<u64>>::balance(cusip(&APPLE), &P0),
			1_000
		);
		assert_eq!(
			<Entitlements as Inspect<u64>>::total_issuance(cusip(&APPLE)),
			1_000
		);
		assert!(Entitlements::holds_anything(0));
		assert!(!Entitlements::holds_anything(1));
		check();
	});
}

#[test]
fn a_dtc_reference_mints_at_most_once() {
	new_test_ext().execute_with(|| {
		assert_ok!(deposit(0, APPLE, 1_000, b"DO-1"));
		assert_noop!(
			deposit(0, APPLE, 1_000, b"DO-1"),
			Error::<Test>::ReferenceAlreadyUsed
		);
		assert_noop!(
			deposit(1, MSFT, 5, b"DO-1"),
			Error::<Test>::ReferenceAlreadyUsed
		);
		assert_noop!(deposit(0, APPLE, 1, b""), Error::<Test>::InvalidReference);
		assert_noop!(
			deposit(0, APPLE, 1, &[b'x'; 17]),
			Error::<Test>::InvalidReference
		);
	});
}

#[test]
fn deposits_are_refused_for_ineligible_or_chilled_securities() {
	new_test_ext().execute_with(|| {
		set_security(APPLE, false, DtcRestrictions::default());
		assert_noop!(
			deposit(0, APPLE, 1, b"DO-1"),
			Error::<Test>::SecurityNotEligible
		);
		set_security(
			APPLE,
			true,
			DtcRestrictions {
				deposit_chill: true,
				..Default::default()
			},
		);
		assert_noop!(
			deposit(0, APPLE, 1, b"DO-1"),
			Error::<Test>::DepositsChilled
		);
		set_security(
			APPLE,
			true,
			DtcRestrictions {
				global_lock: true,
				..Default::default()
			},
		);
		assert_noop!(
			deposit(0, APPLE, 1, b"DO-1"),
			Error::<Test>::SecurityNotEligible
		);
		assert_noop!(
			deposit(0, *b"38259P508", 1, b"DO-1"),
			Error::<Test>::SecurityNotEligible
		);
		assert_noop!(
			deposit(0, *b"037833101", 1, b"DO-1"),
			Error::<Test>::InvalidCusip
		);
	});
}

#[test]
fn deposits_need_the_gateway_an_active_participant_and_a_quantity() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Entitlements::confirm_deposit(
				RuntimeOrigin::signed(P0),
				0,
				901,
				APPLE,
				1,
				b"DO-1".to_vec()
			),
			Error::<Test>::NotDtcGateway
		);
		assert_noop!(
			deposit(2, APPLE, 1, b"DO-1"),
			Error::<Test>::ParticipantNotActive
		);
		assert_noop!(
			deposit(7, APPLE, 1, b"DO-1"),
			Error::<Test>::ParticipantNotActive
		);
		assert_noop!(deposit(0, APPLE, 0, b"DO-1"), Error::<Test>::ZeroAmount);
		// The deliver order must come from the participant's own DTC account: participant
		// 1's number, or a number nobody has, credits nobody.
		for number in [dtc_number_of(1), 999] {
			assert_noop!(
				Entitlements::confirm_deposit(gw(), 0, number, APPLE, 1, b"DO-1".to_vec()),
				Error::<Test>::DtcNumberMismatch
			);
		}
		assert_ok!(deposit(0, APPLE, u128::MAX, b"DO-1"));
		System::assert_last_event(
			Event::Deposited {
				participant: 0,
				dtc_number: 901,
				cusip: cusip(&APPLE),
				quantity: u128::MAX,
				dtc_reference: b"DO-1".to_vec().try_into().unwrap(),
			}
			.into(),
		);
		assert_noop!(deposit(1, APPLE, 1, b"DO-2"), Error::<Test>::Overflow);
	});
}

#[test]
fn a_partial_withdrawal_is_held_then_confirmed() {
	new_test_ext().execute_with(|| {
		assert_ok!(deposit(0, APPLE, 1_000, b"DO-1"));
		System::reset_events();
		assert_ok!(Entitlements::request_withdrawal(
			RuntimeOrigin::signed(P0),
			APPLE,
			400
		));
		assert_eq!(
			Entitlements::security_balance(0, &cusip(&APPLE)),
			bal(600, 400)
		);
		assert_eq!(SecurityIssuance::<Test>::get(cusip(&APPLE)), 1_000);
		check();
		assert_ok!(Entitlements::confirm_withdrawal(
			gw(),
			0,
			b"DO-OUT-1".to_vec()
		));
		assert_eq!(
			Entitlements::security_balance(0, &cusip(&APPLE)),
			bal(600, 0)
		);
		assert_eq!(SecurityIssuance::<Test>::get(cusip(&APPLE)), 600);
		assert!(Withdrawals::<Test>::get(0).is_none());
		let line = Line::Security(cusip(&APPLE));
		assert_eq!(
			events(),
			vec![
				Event::WithdrawalRequested {
					id: 0,
					participant: 0,
					line,
					amount: 400
				},
				Event::WithdrawalConfirmed {
					id: 0,
					participant: 0,
					line,
					amount: 400,
					reference: b"DO-OUT-1".to_vec().try_into().unwrap()
				},
			]
		);
		check();
	});
}

#[test]
fn a_rejected_withdrawal_releases_the_hold() {
	new_test_ext().execute_with(|| {
		assert_ok!(deposit(0, APPLE, 1_000, b"DO-1"));
		assert_ok!(Entitlements::request_withdrawal(
			RuntimeOrigin::signed(P0),
			APPLE,
			1_000
		));
		assert_noop!(
			Entitlements::reject_withdrawal(RuntimeOrigin::signed(P0), 0, b"no".to_vec()),
			Error::<Test>::NotTheCustodian
		);
		assert_noop!(
			Entitlements::reject_withdrawal(gw(), 0, vec![b'x'; 33]),
			Error::<Test>::ReasonTooLong
		);
		assert_ok!(Entitlements::reject_withdrawal(
			gw(),
			0,
			b"DTC rejected".to_vec()
		));
		assert_eq!(
			Entitlements::security_balance(0, &cusip(&APPLE)),
			bal(1_000, 0)
		);
		System::assert_last_event(
			Event::WithdrawalRejected {
				id: 0,
				participant: 0,
				line: Line::Security(cusip(&APPLE)),
				amount: 1_000,
				reason: b"DTC rejected".to_vec().try_into().unwrap(),
			}
			.into(),
		);
		assert_noop!(
			Entitlements::confirm_withdrawal(gw(), 0, b"x".to_vec()),
			Error::<Test>::UnknownWithdrawal
		);
		check();
	});
}

#[test]
fn withdrawal_works_after_eligibility_is_lost_but_not_when_chilled() {
	new_test_ext().execute_with(|| {
		assert_ok!(deposit(0, APPLE, 100, b"DO-1"));
		set_security(APPLE, false, DtcRestrictions::default());
		assert_ok!(Entitlements::request_withdrawal(
			RuntimeOrigin::signed(P0),
			APPLE,
			100
		));
		assert_ok!(Entitlements::confirm_withdrawal(gw(), 0, b"OUT".to_vec()));
		assert!(!Entitlements::holds_anything(0));
		assert_ok!(deposit(1, MSFT, 100, b"DO-2"));
		set_security(
			MSFT,
			true,
			DtcRestrictions {
				withdrawal_chill: true,
				..Default::default()
			},
		);
		assert_noop!(
			Entitlements::request_withdrawal(RuntimeOrigin::signed(P1), MSFT, 1),
			Error::<Test>::WithdrawalsChilled
		);
		check();
	});
}

#[test]
fn withdrawals_are_refused_under_a_global_lock_and_allowed_once_it_is_lifted() {
	new_test_ext().execute_with(|| {
		assert_ok!(deposit(1, MSFT, 100, b"DO-2"));
		let locked = DtcRestrictions {
			global_lock: true,
			..Default::default()
		};
		// A lock makes the security ineligible; unlike a lost eligibility, it also stops
		// withdrawals, and the lock is named even when withdrawals are chilled as well.
		set_security(MSFT, false, locked);
		assert_noop!(
			Entitlements::request_withdrawal(RuntimeOrigin::signed(P1), MSFT, 1),
			Error::<Test>::SecurityGloballyLocked
		);
		set_security(
			MSFT,
			false,
			DtcRestrictions {
				withdrawal_chill: true,
				..locked
			},
		);
		assert_noop!(
			Entitlements::request_withdrawal(RuntimeOrigin::signed(P1), MSFT, 1),
			Error::<Test>::SecurityGloballyLocked
		);
		// Lifted: the withdrawal goes on.
		set_security(MSFT, true, DtcRestrictions::default());
		assert_ok!(Entitlements::request_withdrawal(
			RuntimeOrigin::signed(P1),
			MSFT,
			100
		));
		System::assert_last_event(
			Event::WithdrawalRequested {
				id: 0,
				participant: 1,
				line: Line::Security(cusip(&MSFT)),
				amount: 100,
			}
			.into(),
		);
		check();
	});
}

#[test]
fn withdrawal_request_refusals() {
	new_test_ext().execute_with(|| {
		assert_ok!(deposit(0, APPLE, 100, b"DO-1"));
		assert_noop!(
			Entitlements::request_withdrawal(RuntimeOrigin::signed(P0), APPLE, 101),
			Error::<Test>::InsufficientEntitlement
		);
		assert_noop!(
			Entitlements::request_withdrawal(RuntimeOrigin::signed(P0), APPLE, 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Entitlements::request_withdrawal(RuntimeOrigin::signed(99), APPLE, 1),
			Error::<Test>::NotAParticipant
		);
		assert_noop!(
			Entitlements::request_withdrawal(RuntimeOrigin::signed(P0), *b"38259P508", 1),
			Error::<Test>::UnknownSecurity
		);
		assert_noop!(
			Entitlements::confirm_withdrawal(RuntimeOrigin::signed(P0), 9, b"x".to_vec()),
			Error::<Test>::UnknownWithdrawal
		);
	});
}

#[test]
fn settling_banks_are_appointed_and_removed_by_the_agency() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Entitlements::appoint_settling_bank(RuntimeOrigin::signed(BANK), BANK, USD),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Entitlements::appoint_settling_bank(RuntimeOrigin::signed(AGENCY), BANK, *b"usd"),
			Error::<Test>::InvalidCurrency
		);
		with_bank();
		assert_eq!(System::providers(&BANK), 1);
		System::assert_last_event(
			Event::SettlingBankAppointed {
				bank: BANK,
				currency: USD,
			}
			.into(),
		);
		assert_noop!(
			Entitlements::appoint_settling_bank(RuntimeOrigin::signed(AGENCY), BANK, USD),
			Error::<Test>::AlreadySettlingBank
		);
		assert_ok!(Entitlements::confirm_cash_deposit(
			RuntimeOrigin::signed(BANK),
			0,
			500,
			b"W-1".to_vec()
		));
		assert_noop!(
			Entitlements::remove_settling_bank(RuntimeOrigin::signed(AGENCY), BANK),
			Error::<Test>::BankHoldsCash
		);
		assert_noop!(
			Entitlements::remove_settling_bank(RuntimeOrigin::signed(AGENCY), BANK2),
			Error::<Test>::NotSettlingBank
		);
		assert_ok!(Entitlements::request_cash_withdrawal(
			RuntimeOrigin::signed(P0),
			BANK,
			500
		));
		assert_ok!(Entitlements::confirm_withdrawal(
			RuntimeOrigin::signed(BANK),
			0,
			b"PAID".to_vec()
		));
		assert_ok!(Entitlements::remove_settling_bank(
			RuntimeOrigin::signed(AGENCY),
			BANK
		));
		assert_eq!(System::providers(&BANK), 0);
		System::assert_last_event(Event::SettlingBankRemoved { bank: BANK }.into());
		check();
	});
}

#[test]
fn cash_deposits_and_withdrawals_go_through_the_bank() {
	new_test_ext().execute_with(|| {
		with_bank();
		assert_ok!(Entitlements::appoint_settling_bank(
			RuntimeOrigin::signed(AGENCY),
			BANK2,
			USD
		));
		assert_noop!(
			Entitlements::confirm_cash_deposit(RuntimeOrigin::signed(GATEWAY), 0, 1, b"W".to_vec()),
			Error::<Test>::NotSettlingBank
		);
		assert_ok!(Entitlements::confirm_cash_deposit(
			RuntimeOrigin::signed(BANK),
			0,
			10_000,
			b"W-1".to_vec()
		));
		assert_eq!(Entitlements::cash_balance(0, &USD), bal(10_000, 0));
		assert_noop!(
			Entitlements::confirm_cash_deposit(RuntimeOrigin::signed(BANK), 1, 5, b"W-1".to_vec()),
			Error::<Test>::ReferenceAlreadyUsed
		);
		// References are per bank: another bank's W-1 is a different wire.
		assert_ok!(Entitlements::confirm_cash_deposit(
			RuntimeOrigin::signed(BANK2),
			1,
			5,
			b"W-1".to_vec()
		));
		assert_noop!(
			Entitlements::confirm_cash_deposit(RuntimeOrigin::signed(BANK), 2, 5, b"W-2".to_vec()),
			Error::<Test>::ParticipantNotActive
		);
		// BANK2 holds only 5 of the ledger's cash: it cannot pay out 6.
		assert_noop!(
			Entitlements::request_cash_withdrawal(RuntimeOrigin::signed(P0), BANK2, 6),
			Error::<Test>::BankCashShort
		);
		assert_noop!(
			Entitlements::request_cash_withdrawal(RuntimeOrigin::signed(P1), BANK, 6),
			Error::<Test>::InsufficientCash
		);
		assert_ok!(Entitlements::request_cash_withdrawal(
			RuntimeOrigin::signed(P0),
			BANK,
			2_500
		));
		assert_eq!(Entitlements::cash_balance(0, &USD), bal(7_500, 2_500));
		assert_noop!(
			Entitlements::confirm_withdrawal(RuntimeOrigin::signed(BANK2), 0, b"P".to_vec()),
			Error::<Test>::NotTheCustodian
		);
		assert_noop!(
			Entitlements::confirm_withdrawal(gw(), 0, b"P".to_vec()),
			Error::<Test>::NotTheCustodian
		);
		assert_ok!(Entitlements::confirm_withdrawal(
			RuntimeOrigin::signed(BANK),
			0,
			b"P".to_vec()
		));
		assert_eq!(Entitlements::cash_balance(0, &USD), bal(7_500, 0));
		assert_eq!(SettlingBanks::<Test>::get(BANK).unwrap().total, 7_500);
		check();
	});
}

#[test]
fn a_custody_report_that_matches_records_nothing() {
	new_test_ext().execute_with(|| {
		assert_ok!(deposit(0, APPLE, 1_000, b"DO-1"));
		System::reset_events();
		assert_ok!(Entitlements::report_custody_position(
			gw(),
			APPLE,
			1_000,
			1_700_000_000_000
		));
		assert_eq!(Breaks::<Test>::iter().count(), 0);
		assert_eq!(
			events(),
			vec![Event::Reconciled {
				line: Line::Security(cusip(&APPLE)),
				ledger: 1_000,
				reported: 1_000,
				as_of: 1_700_000_000_000
			}]
		);
		assert_noop!(
			Entitlements::report_custody_position(RuntimeOrigin::signed(P0), APPLE, 1, 0),
			Error::<Test>::NotDtcGateway
		);
		assert_noop!(
			Entitlements::report_custody_position(gw(), *b"38259P508", 1, 0),
			Error::<Test>::UnknownSecurity
		);
	});
}

#[test]
fn a_break_stops_the_line_until_the_agency_resolves_it() {
	new_test_ext().execute_with(|| {
		assert_ok!(deposit(0, APPLE, 1_000, b"DO-1"));
		assert_ok!(deposit(0, MSFT, 10, b"DO-2"));
		assert_ok!(Entitlements::report_custody_position(gw(), APPLE, 999, 7));
		let line = Line::Security(cusip(&APPLE));
		System::assert_last_event(
			Event::ReconciliationBreak {
				line,
				ledger: 1_000,
				reported: 999,
				as_of: 7,
			}
			.into(),
		);
		assert_noop!(deposit(1, APPLE, 1, b"DO-3"), Error::<Test>::LineStopped);
		assert_noop!(
			Entitlements::request_withdrawal(RuntimeOrigin::signed(P0), APPLE, 1),
			Error::<Test>::LineStopped
		);
		assert_noop!(
			<Entitlements as EntitlementTransfer>::transfer_securities(0, 1, &cusip(&APPLE), 1),
			Error::<Test>::LineStopped
		);
		// Other lines go on.
		assert_ok!(<Entitlements as EntitlementTransfer>::transfer_securities(
			0,
			1,
			&cusip(&MSFT),
			4
		));
		// A matching report clears nothing by itself, and a second mismatch does not
		// overwrite the break first recorded: it is the last report and has its event.
		let first = pssc_primitives::api::CustodianReport {
			ledger: 1_000,
			reported: 999,
			as_of: 7,
		};
		assert_ok!(Entitlements::report_custody_position(gw(), APPLE, 1_000, 8));
		assert_eq!(Breaks::<Test>::get(line), Some(first));
		assert_ok!(Entitlements::report_custody_position(gw(), APPLE, 990, 9));
		System::assert_last_event(
			Event::ReconciliationBreak {
				line,
				ledger: 1_000,
				reported: 990,
				as_of: 9,
			}
			.into(),
		);
		assert_eq!(Breaks::<Test>::get(line), Some(first));
		assert_eq!(
			Entitlements::security_reconciliation(cusip(&APPLE)).last_report,
			Some(pssc_primitives::api::CustodianReport {
				ledger: 1_000,
				reported: 990,
				as_of: 9
			})
		);
		assert_noop!(
			Entitlements::resolve_break(RuntimeOrigin::signed(GATEWAY), line, b"x".to_vec()),
			DispatchError::BadOrigin
		);
		assert_ok!(Entitlements::resolve_break(
			RuntimeOrigin::signed(AGENCY),
			line,
			b"DTC position corrected".to_vec()
		));
		System::assert_last_event(
			Event::BreakResolved {
				line,
				reason: b"DTC position corrected".to_vec().try_into().unwrap(),
			}
			.into(),
		);
		assert_ok!(deposit(1, APPLE, 1, b"DO-3"));
		assert_noop!(
			Entitlements::resolve_break(RuntimeOrigin::signed(AGENCY), line, b"again".to_vec()),
			Error::<Test>::NoBreak
		);
		check();
	});
}

#[test]
fn a_bank_break_stops_its_currency() {
	new_test_ext().execute_with(|| {
		with_bank();
		assert_ok!(Entitlements::confirm_cash_deposit(
			RuntimeOrigin::signed(BANK),
			0,
			100,
			b"W-1".to_vec()
		));
		assert_ok!(Entitlements::report_cash_balance(
			RuntimeOrigin::signed(BANK),
			100,
			1
		));
		assert!(Breaks::<Test>::iter().next().is_none());
		assert_ok!(Entitlements::report_cash_balance(
			RuntimeOrigin::signed(BANK),
			90,
			2
		));
		assert!(Breaks::<Test>::contains_key(Line::Cash(USD)));
		assert_noop!(
			Entitlements::confirm_cash_deposit(RuntimeOrigin::signed(BANK), 0, 1, b"W-2".to_vec()),
			Error::<Test>::LineStopped
		);
		assert_noop!(
			<Entitlements as EntitlementTransfer>::transfer_cash(0, 1, &USD, 1),
			Error::<Test>::LineStopped
		);
		assert_noop!(
			Entitlements::report_cash_balance(RuntimeOrigin::signed(GATEWAY), 1, 1),
			Error::<Test>::NotSettlingBank
		);
	});
}

#[test]
fn transfers_move_free_balances_only() {
	new_test_ext().execute_with(|| {
		assert_ok!(deposit(0, APPLE, 100, b"DO-1"));
		assert_ok!(Entitlements::request_withdrawal(
			RuntimeOrigin::signed(P0),
			APPLE,
			60
		));
		assert_noop!(
			<Entitlements as EntitlementTransfer>::transfer_securities(0, 1, &cusip(&APPLE), 41),
			Error::<Test>::InsufficientEntitlement
		);
		assert_ok!(<Entitlements as EntitlementTransfer>::transfer_securities(
			0,
			1,
			&cusip(&APPLE),
			40
		));
		assert_eq!(
			Entitlements::security_balance(0, &cusip(&APPLE)),
			bal(0, 60)
		);
		assert_eq!(Entitlements::free_securities(1, &cusip(&APPLE)), 40);
		with_bank();
		assert_ok!(Entitlements::confirm_cash_deposit(
			RuntimeOrigin::signed(BANK),
			1,
			500,
			b"W".to_vec()
		));
		assert_noop!(
			<Entitlements as EntitlementTransfer>::transfer_cash(1, 0, &USD, 501),
			Error::<Test>::InsufficientCash
		);
		assert_ok!(<Entitlements as EntitlementTransfer>::transfer_cash(
			1, 0, &USD, 500
		));
		assert_eq!(Entitlements::free_cash(0, &USD), 500);
		// Participant 1's emptied cash balance is removed.
		assert!(crate::CashBalances::<Test>::get(1, USD).is_none());
		check();
	});
}

mod properties {
	use super::*;
	use proptest::prelude::*;

	#[derive(Debug, Clone)]
	enum Op {
		Deposit {
			participant: u32,
			apple: bool,
			quantity: u128,
			reference: u8,
		},
		Withdraw {
			key: u64,
			apple: bool,
			quantity: u128,
		},
		Confirm {
			id: u64,
		},
		Reject {
			id: u64,
		},
		CashDeposit {
			participant: u32,
			amount: u128,
			reference: u8,
		},
		CashWithdraw {
			key: u64,
			amount: u128,
		},
		Report {
			apple: bool,
			quantity: u128,
		},
		Transfer {
			from: u32,
			to: u32,
			apple: bool,
			quantity: u128,
		},
		Resolve {
			apple: bool,
		},
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			(0u32..3, any::<bool>(), 0u128..1_000, any::<u8>()).prop_map(
				|(participant, apple, quantity, reference)| Op::Deposit {
					participant,
					apple,
					quantity,
					reference
				}
			),
			(1u64..4, any::<bool>(), 0u128..1_000).prop_map(|(key, apple, quantity)| {
				Op::Withdraw {
					key,
					apple,
					quantity,
				}
			}),
			(0u64..20).prop_map(|id| Op::Confirm { id }),
			(0u64..20).prop_map(|id| Op::Reject { id }),
			(0u32..3, 0u128..10_000, any::<u8>()).prop_map(|(participant, amount, reference)| {
				Op::CashDeposit {
					participant,
					amount,
					reference,
				}
			}),
			(1u64..4, 0u128..10_000).prop_map(|(key, amount)| Op::CashWithdraw { key, amount }),
			(any::<bool>(), 0u128..3_000)
				.prop_map(|(apple, quantity)| Op::Report { apple, quantity }),
			(0u32..3, 0u32..3, any::<bool>(), 0u128..1_000).prop_map(
				|(from, to, apple, quantity)| Op::Transfer {
					from,
					to,
					apple,
					quantity
				}
			),
			any::<bool>().prop_map(|apple| Op::Resolve { apple }),
		]
	}

	fn pick(apple: bool) -> [u8; 9] {
		if apple {
			APPLE
		} else {
			MSFT
		}
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(200))]

		/// After every step, whatever succeeded or failed: issuance = Σ (free + held) per
		/// security, cash = Σ bank totals, no negative balance (by type) or overflow, held
		/// amounts match pending withdrawals, and each reference minted at most once.
		#[test]
		fn random_operations_keep_the_ledger_consistent(ops in proptest::collection::vec(op(), 1..60)) {
			new_test_ext().execute_with(|| {
				with_bank();
				let mut minted = 0usize;
				for op in ops {
					let before = UsedReferences::<Test>::iter().count();
					let result = match op.clone() {
						Op::Deposit { participant, apple, quantity, reference } =>
							deposit(participant, pick(apple), quantity, &[b'D', reference]),
						Op::Withdraw { key, apple, quantity } =>
							Entitlements::request_withdrawal(RuntimeOrigin::signed(key), pick(apple), quantity),
						Op::Confirm { id } => {
							let custodian = match Withdrawals::<Test>::get(id) {
								Some(w) if w.bank.is_some() => BANK,
								_ => GATEWAY,
							};
							Entitlements::confirm_withdrawal(RuntimeOrigin::signed(custodian), id, b"C".to_vec())
						},
						Op::Reject { id } => {
							let custodian = match Withdrawals::<Test>::get(id) {
								Some(w) if w.bank.is_some() => BANK,
								_ => GATEWAY,
							};
							Entitlements::reject_withdrawal(RuntimeOrigin::signed(custodian), id, b"R".to_vec())
						},
						Op::CashDeposit { participant, amount, reference } =>
							Entitlements::confirm_cash_deposit(RuntimeOrigin::signed(BANK), participant, amount, vec![b'W', reference]),
						Op::CashWithdraw { key, amount } =>
							Entitlements::request_cash_withdrawal(RuntimeOrigin::signed(key), BANK, amount),
						Op::Report { apple, quantity } =>
							Entitlements::report_custody_position(gw(), pick(apple), quantity, 0),
						Op::Transfer { from, to, apple, quantity } =>
							<Entitlements as EntitlementTransfer>::transfer_securities(from, to, &cusip(&pick(apple)), quantity),
						Op::Resolve { apple } => Entitlements::resolve_break(
							RuntimeOrigin::signed(AGENCY),
							Line::Security(cusip(&pick(apple))),
							b"fixed".to_vec(),
						),
					};
					let after = UsedReferences::<Test>::iter().count();
					// A reference is recorded exactly when a deposit succeeds, and never twice.
					let is_mint = matches!(op, Op::Deposit { .. } | Op::CashDeposit { .. });
					prop_assert_eq!(after - before, usize::from(is_mint && result.is_ok()));
					minted += after - before;
					crate::Pallet::<Test>::do_try_state().map_err(|e| TestCaseError::fail(format!("{e:?} after {op:?}")))?;
				}
				prop_assert_eq!(UsedReferences::<Test>::iter().count(), minted);
				Ok(())
			})?;
		}
	}
}

#[test]
fn a_suspended_participant_may_still_withdraw() {
	new_test_ext().execute_with(|| {
		assert_ok!(deposit(0, APPLE, 10, b"DO-1"));
		assert_ok!(<Entitlements as EntitlementTransfer>::transfer_securities(
			0,
			2,
			&cusip(&APPLE),
			10
		));
		// Participant 2 is suspended: nothing new comes in, but it can get out.
		assert_noop!(
			deposit(2, APPLE, 1, b"DO-2"),
			Error::<Test>::ParticipantNotActive
		);
		assert_ok!(Entitlements::request_withdrawal(
			RuntimeOrigin::signed(P2),
			APPLE,
			10
		));
		assert_ok!(Entitlements::confirm_withdrawal(gw(), 0, b"OUT".to_vec()));
		assert!(!Entitlements::holds_anything(2));
		check();
	});
}

#[test]
fn cash_movements_emit_their_events() {
	new_test_ext().execute_with(|| {
		with_bank();
		System::reset_events();
		assert_ok!(Entitlements::confirm_cash_deposit(
			RuntimeOrigin::signed(BANK),
			0,
			700,
			b"W-9".to_vec()
		));
		assert_ok!(Entitlements::request_cash_withdrawal(
			RuntimeOrigin::signed(P0),
			BANK,
			200
		));
		assert_ok!(Entitlements::reject_withdrawal(
			RuntimeOrigin::signed(BANK),
			0,
			b"no SSI".to_vec()
		));
		let line = Line::Cash(USD);
		assert_eq!(
			events(),
			vec![
				Event::CashDeposited {
					participant: 0,
					currency: USD,
					amount: 700,
					bank: BANK,
					bank_reference: b"W-9".to_vec().try_into().unwrap()
				},
				Event::WithdrawalRequested {
					id: 0,
					participant: 0,
					line,
					amount: 200
				},
				Event::WithdrawalRejected {
					id: 0,
					participant: 0,
					line,
					amount: 200,
					reason: b"no SSI".to_vec().try_into().unwrap()
				},
			]
		);
		assert_eq!(Entitlements::cash_balance(0, &USD), bal(700, 0));
		assert_eq!(SettlingBanks::<Test>::get(BANK).unwrap().pending_out, 0);
		check();
	});
}

#[test]
fn the_remaining_refusals_are_named() {
	new_test_ext().execute_with(|| {
		with_bank();
		assert_noop!(
			Entitlements::confirm_cash_deposit(RuntimeOrigin::signed(BANK), 0, 0, b"W".to_vec()),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Entitlements::request_cash_withdrawal(RuntimeOrigin::signed(P0), BANK, 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Entitlements::request_cash_withdrawal(RuntimeOrigin::signed(P0), BANK2, 1),
			Error::<Test>::NotSettlingBank
		);
		assert_noop!(
			Entitlements::request_cash_withdrawal(RuntimeOrigin::signed(99), BANK, 1),
			Error::<Test>::NotAParticipant
		);
		assert_noop!(
			Entitlements::report_custody_position(gw(), *b"037833101", 1, 0),
			Error::<Test>::InvalidCusip
		);
		assert_noop!(
			Entitlements::resolve_break(
				RuntimeOrigin::signed(AGENCY),
				Line::Cash(USD),
				vec![b'x'; 33]
			),
			Error::<Test>::ReasonTooLong
		);
		assert_ok!(deposit(0, APPLE, 10, b"DO-1"));
		assert_ok!(Entitlements::request_withdrawal(
			RuntimeOrigin::signed(P0),
			APPLE,
			10
		));
		assert_noop!(
			Entitlements::confirm_withdrawal(gw(), 0, vec![b'x'; 17]),
			Error::<Test>::InvalidReference
		);
		// A break stops confirmations too; the rejection stays possible and frees the hold.
		assert_ok!(Entitlements::report_custody_position(gw(), APPLE, 9, 0));
		assert_noop!(
			Entitlements::confirm_withdrawal(gw(), 0, b"OUT".to_vec()),
			Error::<Test>::LineStopped
		);
		assert_ok!(Entitlements::reject_withdrawal(
			gw(),
			0,
			b"line stopped".to_vec()
		));
		assert_eq!(
			Entitlements::security_balance(0, &cusip(&APPLE)),
			bal(10, 0)
		);
		check();
	});
}

#[test]
fn settlement_is_told_of_credits_and_reopened_lines_only() {
	new_test_ext().execute_with(|| {
		with_bank();
		let apple = Line::Security(cusip(&APPLE));
		let cash = Line::Cash(USD);
		assert_ok!(deposit(0, APPLE, 1_000, b"DO-1"));
		assert_ok!(Entitlements::confirm_cash_deposit(
			RuntimeOrigin::signed(BANK),
			1,
			500,
			b"W-1".to_vec()
		));
		assert_eq!(
			credits(),
			vec![Credit::Credited(0, apple), Credit::Credited(1, cash)]
		);
		// A refused deposit tells nothing.
		assert_noop!(
			deposit(0, APPLE, 1, b"DO-1"),
			Error::<Test>::ReferenceAlreadyUsed
		);
		assert_eq!(credits(), vec![]);
		// A withdrawal request, its confirmation and a transfer tell nothing (settlement
		// itself knows of the transfers it makes); a rejected withdrawal frees the amount.
		assert_ok!(Entitlements::request_withdrawal(
			RuntimeOrigin::signed(P0),
			APPLE,
			300
		));
		assert_ok!(Entitlements::request_withdrawal(
			RuntimeOrigin::signed(P0),
			APPLE,
			200
		));
		assert_ok!(Entitlements::confirm_withdrawal(gw(), 0, b"out".to_vec()));
		assert_ok!(<Entitlements as EntitlementTransfer>::transfer_cash(
			1, 0, &USD, 100
		));
		assert_eq!(credits(), vec![]);
		assert_ok!(Entitlements::reject_withdrawal(gw(), 1, b"no".to_vec()));
		assert_eq!(credits(), vec![Credit::Credited(0, apple)]);
		// Reports tell nothing; resolving a break reopens the line.
		assert_ok!(Entitlements::report_custody_position(gw(), APPLE, 1, 9));
		assert_eq!(credits(), vec![]);
		assert_ok!(Entitlements::resolve_break(
			RuntimeOrigin::signed(AGENCY),
			apple,
			b"fixed".to_vec()
		));
		assert_eq!(credits(), vec![Credit::Reopened(apple)]);
		check();
	});
}

#[test]
fn positions_holders_and_reconciliation_are_read_for_the_apis() {
	use pssc_primitives::api::{
		BankReconciliation, CashPosition, CustodianReport, PendingWithdrawal, Positions,
		SecurityPosition, SecurityReconciliation,
	};
	new_test_ext().execute_with(|| {
		with_bank();
		assert_ok!(deposit(0, APPLE, 1_000, b"DO-1"));
		assert_ok!(deposit(1, APPLE, 50, b"DO-2"));
		assert_ok!(deposit(0, MSFT, 10, b"DO-3"));
		assert_ok!(Entitlements::confirm_cash_deposit(
			RuntimeOrigin::signed(BANK),
			0,
			700,
			b"W-1".to_vec()
		));
		assert_ok!(Entitlements::request_withdrawal(
			RuntimeOrigin::signed(P0),
			APPLE,
			400
		));
		let position = |participant, raw: &[u8; 9], free, held| SecurityPosition {
			participant,
			cusip: cusip(raw),
			free,
			held,
		};
		let mut securities = Entitlements::positions(0).securities;
		securities.sort_by_key(|p| p.cusip);
		let mut expected = vec![position(0, &APPLE, 600, 400), position(0, &MSFT, 10, 0)];
		expected.sort_by_key(|p| p.cusip);
		assert_eq!(securities, expected);
		assert_eq!(
			Entitlements::positions(0).cash,
			vec![CashPosition {
				participant: 0,
				currency: USD,
				free: 700,
				held: 0
			}]
		);
		assert_eq!(Entitlements::positions(2), Positions::default());
		assert_eq!(
			Entitlements::pending_withdrawals(),
			vec![PendingWithdrawal {
				id: 0,
				participant: 0,
				line: Line::Security(cusip(&APPLE)),
				amount: 400,
				bank: None
			}]
		);
		assert_eq!(
			Entitlements::holders(&cusip(&APPLE)),
			vec![position(0, &APPLE, 600, 400), position(1, &APPLE, 50, 0)]
		);

		// Nothing reported yet.
		let apple = cusip(&APPLE);
		assert_eq!(
			Entitlements::security_reconciliation(apple),
			SecurityReconciliation {
				cusip: apple,
				ledger: 1_050,
				last_report: None,
				open_break: None
			}
		);
		// A matching report is kept as the last one; a breaking one replaces it and opens
		// the break.
		assert_ok!(Entitlements::report_custody_position(gw(), APPLE, 1_050, 5));
		let matching = CustodianReport {
			ledger: 1_050,
			reported: 1_050,
			as_of: 5,
		};
		assert_eq!(
			Entitlements::security_reconciliation(apple).last_report,
			Some(matching)
		);
		assert_ok!(Entitlements::report_custody_position(gw(), APPLE, 1_000, 6));
		let breaking = CustodianReport {
			ledger: 1_050,
			reported: 1_000,
			as_of: 6,
		};
		assert_eq!(
			Entitlements::security_reconciliation(apple),
			SecurityReconciliation {
				cusip: apple,
				ledger: 1_050,
				last_report: Some(breaking),
				open_break: Some(breaking)
			}
		);
		assert_ok!(Entitlements::report_cash_balance(
			RuntimeOrigin::signed(BANK),
			700,
			9
		));
		assert_eq!(
			Entitlements::bank_reconciliations(),
			vec![BankReconciliation {
				bank: BANK,
				key: BANK,
				currency: USD,
				ledger: 700,
				pending_out: 0,
				last_report: Some(CustodianReport {
					ledger: 700,
					reported: 700,
					as_of: 9
				}),
				open_break: None,
			}]
		);
		assert_eq!(
			Entitlements::open_breaks(),
			vec![(Line::Security(apple), breaking)]
		);
		check();
	});
}

#[test]
fn a_removed_bank_leaves_no_report_behind() {
	new_test_ext().execute_with(|| {
		with_bank();
		assert_ok!(Entitlements::report_cash_balance(
			RuntimeOrigin::signed(BANK),
			0,
			3
		));
		assert!(crate::BankReports::<Test>::contains_key(BANK));
		assert_ok!(Entitlements::remove_settling_bank(
			RuntimeOrigin::signed(AGENCY),
			BANK
		));
		assert!(!crate::BankReports::<Test>::contains_key(BANK));
		assert_eq!(Entitlements::bank_reconciliations(), vec![]);
	});
}

fn replace_key(bank: u64, new: u64) -> Result<(), DispatchError> {
	Entitlements::replace_settling_bank_key(RuntimeOrigin::signed(AGENCY), bank, new)
}

#[test]
fn a_settling_banks_key_is_replaced_and_its_cash_payouts_and_references_stay_the_banks() {
	new_test_ext().execute_with(|| {
		with_bank();
		assert_ok!(Entitlements::appoint_settling_bank(
			RuntimeOrigin::signed(AGENCY),
			BANK2,
			USD
		));
		assert_ok!(Entitlements::confirm_cash_deposit(
			RuntimeOrigin::signed(BANK),
			0,
			1_000,
			b"W-1".to_vec()
		));
		assert_ok!(Entitlements::request_cash_withdrawal(
			RuntimeOrigin::signed(P0),
			BANK,
			300
		));
		// Only the agency, only a bank, and only a key new to the banks: the other bank's
		// account, and the bank's own current key, are refused.
		assert_noop!(
			Entitlements::replace_settling_bank_key(RuntimeOrigin::signed(BANK), BANK, BANK_KEY),
			DispatchError::BadOrigin
		);
		assert_noop!(
			replace_key(BANK_KEY, BANK_KEY2),
			Error::<Test>::NotSettlingBank
		);
		assert_noop!(replace_key(BANK, BANK2), Error::<Test>::BankKeyInUse);
		assert_noop!(replace_key(BANK, BANK), Error::<Test>::BankKeyInUse);

		System::reset_events();
		assert_ok!(replace_key(BANK, BANK_KEY));
		assert_eq!(
			events(),
			vec![Event::SettlingBankKeyReplaced {
				bank: BANK,
				old: BANK,
				new: BANK_KEY
			}]
		);
		assert_eq!(
			SettlingBanks::<Test>::get(BANK),
			Some(Bank {
				key: BANK_KEY,
				currency: USD,
				total: 1_000,
				pending_out: 300
			})
		);
		assert_eq!(BankKeys::<Test>::get(BANK_KEY), Some(BANK));
		assert_eq!(BankKeys::<Test>::get(BANK), None);
		assert!(Entitlements::is_settling_bank(&BANK_KEY));
		assert!(!Entitlements::is_settling_bank(&BANK));
		// The bank's own account keeps the reference it got at appointment; the key gets one.
		assert_eq!(
			(System::providers(&BANK), System::providers(&BANK_KEY)),
			(1, 1)
		);
		check();

		// The old key signs for nothing: no wire, no payout, no report.
		assert_noop!(
			Entitlements::confirm_cash_deposit(RuntimeOrigin::signed(BANK), 0, 5, b"W-2".to_vec()),
			Error::<Test>::NotSettlingBank
		);
		assert_noop!(
			Entitlements::confirm_withdrawal(RuntimeOrigin::signed(BANK), 0, b"PAID".to_vec()),
			Error::<Test>::NotTheCustodian
		);
		assert_noop!(
			Entitlements::report_cash_balance(RuntimeOrigin::signed(BANK), 1_000, 1),
			Error::<Test>::NotSettlingBank
		);
		// The new key cannot use a reference the bank already used.
		assert_noop!(
			Entitlements::confirm_cash_deposit(
				RuntimeOrigin::signed(BANK_KEY),
				0,
				5,
				b"W-1".to_vec()
			),
			Error::<Test>::ReferenceAlreadyUsed
		);
		// It pays the withdrawal asked of the bank before, from the bank's cash.
		System::reset_events();
		assert_ok!(Entitlements::confirm_withdrawal(
			RuntimeOrigin::signed(BANK_KEY),
			0,
			b"PAID".to_vec()
		));
		assert!(matches!(
			events().as_slice(),
			[Event::WithdrawalConfirmed {
				id: 0,
				participant: 0,
				amount: 300,
				..
			}]
		));
		assert_eq!(
			SettlingBanks::<Test>::get(BANK).map(|b| (b.total, b.pending_out)),
			Some((700, 0))
		);
		assert_eq!(Entitlements::cash_balance(0, &USD), bal(700, 0));
		// Participants still name the bank by its account; the new key takes wires and
		// reports for it.
		assert_ok!(Entitlements::request_cash_withdrawal(
			RuntimeOrigin::signed(P0),
			BANK,
			100
		));
		assert_ok!(Entitlements::confirm_cash_deposit(
			RuntimeOrigin::signed(BANK_KEY),
			1,
			50,
			b"W-2".to_vec()
		));
		System::reset_events();
		assert_ok!(Entitlements::report_cash_balance(
			RuntimeOrigin::signed(BANK_KEY),
			750,
			7
		));
		assert_eq!(
			events(),
			vec![Event::Reconciled {
				line: Line::Cash(USD),
				ledger: 750,
				reported: 750,
				as_of: 7
			}]
		);
		assert!(BankReports::<Test>::contains_key(BANK));
		check();

		// Replaced again, the key in between gives its reference up; the bank's own account
		// cannot sign for it again.
		assert_ok!(replace_key(BANK, BANK_KEY2));
		assert_eq!(
			(System::providers(&BANK_KEY), System::providers(&BANK_KEY2)),
			(0, 1)
		);
		assert_noop!(replace_key(BANK, BANK), Error::<Test>::BankKeyInUse);
		assert_noop!(replace_key(BANK2, BANK_KEY2), Error::<Test>::BankKeyInUse);
		// A key that signs for a bank, or names one, cannot be appointed as another.
		assert_noop!(
			Entitlements::appoint_settling_bank(RuntimeOrigin::signed(AGENCY), BANK_KEY2, USD),
			Error::<Test>::AlreadySettlingBank
		);
		check();
	});
}

#[test]
fn removing_a_bank_whose_key_was_replaced_retires_the_key_too() {
	new_test_ext().execute_with(|| {
		with_bank();
		assert_ok!(replace_key(BANK, BANK_KEY));
		assert_ok!(Entitlements::remove_settling_bank(
			RuntimeOrigin::signed(AGENCY),
			BANK
		));
		System::assert_last_event(Event::SettlingBankRemoved { bank: BANK }.into());
		assert_eq!(BankKeys::<Test>::iter().count(), 0);
		assert!(!Entitlements::is_settling_bank(&BANK_KEY));
		assert_eq!(
			(System::providers(&BANK), System::providers(&BANK_KEY)),
			(0, 0)
		);
		assert_noop!(
			Entitlements::confirm_cash_deposit(
				RuntimeOrigin::signed(BANK_KEY),
				0,
				5,
				b"W-1".to_vec()
			),
			Error::<Test>::NotSettlingBank
		);
		check();
	});
}

#[test]
fn the_upgrade_to_storage_version_1_makes_each_banks_account_its_first_key() {
	use codec::Encode;
	use frame_support::{
		assert_storage_noop,
		storage::unhashed,
		traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	};
	new_test_ext().execute_with(|| {
		// Version 0's record: currency, total, pending payouts; no key, no reverse index.
		let old = crate::migrations::v1::OldBank {
			currency: USD,
			total: 1_000,
			pending_out: 300,
		};
		unhashed::put_raw(&SettlingBanks::<Test>::hashed_key_for(BANK), &old.encode());
		StorageVersion::new(0).put::<Entitlements>();
		assert!(!Entitlements::is_settling_bank(&BANK));

		crate::migrations::v1::BanksHaveKeys::<Test>::on_runtime_upgrade();
		assert_eq!(
			SettlingBanks::<Test>::get(BANK),
			Some(Bank {
				key: BANK,
				currency: USD,
				total: 1_000,
				pending_out: 300
			})
		);
		assert_eq!(BankKeys::<Test>::get(BANK), Some(BANK));
		assert!(Entitlements::is_settling_bank(&BANK));
		assert_eq!(
			Entitlements::on_chain_storage_version(),
			StorageVersion::new(1)
		);
		assert_storage_noop!(crate::migrations::v1::BanksHaveKeys::<Test>::on_runtime_upgrade());
	});
}

fn board() -> RuntimeOrigin {
	RuntimeOrigin::signed(BOARD)
}

fn transfer(from: u32, to: u32, lines: Vec<Line>) -> Result<(), DispatchError> {
	Entitlements::transfer_holdings(board(), from, to, lines)
}

#[test]
fn the_board_moves_a_suspended_participants_holdings_to_its_successor() {
	new_test_ext().execute_with(|| {
		let (apple, msft) = (Line::Security(cusip(&APPLE)), Line::Security(cusip(&MSFT)));
		let usd = Line::Cash(USD);
		with_bank();
		assert_ok!(deposit(0, APPLE, 1_000, b"DO-1"));
		assert_ok!(deposit(0, MSFT, 50, b"DO-2"));
		assert_ok!(deposit(1, APPLE, 7, b"DO-3"));
		assert_ok!(Entitlements::confirm_cash_deposit(
			RuntimeOrigin::signed(BANK),
			0,
			500,
			b"W-1".to_vec()
		));
		assert_ok!(Entitlements::request_withdrawal(
			RuntimeOrigin::signed(P0),
			APPLE,
			100
		));
		// Only three quarters of the board, and only from a suspended participant.
		assert_noop!(
			Entitlements::transfer_holdings(RuntimeOrigin::signed(AGENCY), 0, 1, vec![apple]),
			DispatchError::BadOrigin
		);
		assert_noop!(
			transfer(0, 1, vec![apple]),
			Error::<Test>::ParticipantNotSuspended
		);
		set_status(0, pssc_primitives::traits::ParticipantStatus::Suspended);
		assert_noop!(transfer(0, 0, vec![apple]), Error::<Test>::SameParticipant);
		assert_noop!(
			transfer(0, 2, vec![apple]),
			Error::<Test>::ParticipantNotActive
		);
		assert_noop!(transfer(0, 1, vec![]), Error::<Test>::InvalidLines);
		assert_noop!(
			transfer(0, 1, vec![apple, apple]),
			Error::<Test>::InvalidLines
		);
		let five = vec![apple, msft, usd, Line::Cash(*b"EUR"), Line::Cash(*b"GBP")];
		assert_noop!(transfer(0, 1, five), Error::<Test>::InvalidLines);
		// All or nothing: a line with nothing free, or a stopped line, refuses the whole move.
		assert_noop!(
			transfer(0, 1, vec![apple, Line::Cash(*b"EUR")]),
			Error::<Test>::NothingToMove
		);
		assert_ok!(Entitlements::report_custody_position(gw(), MSFT, 49, 1));
		assert_noop!(
			transfer(0, 1, vec![apple, msft]),
			Error::<Test>::LineStopped
		);
		credits();
		System::reset_events();

		assert_ok!(transfer(0, 1, vec![apple, usd]));
		assert_eq!(
			events(),
			vec![
				Event::HoldingsTransferred {
					from: 0,
					to: 1,
					line: apple,
					amount: 900
				},
				Event::HoldingsTransferred {
					from: 0,
					to: 1,
					line: usd,
					amount: 500
				},
			]
		);
		// What is held for the pending withdrawal stays; the rest is the successor's.
		assert_eq!(
			Entitlements::security_balance(0, &cusip(&APPLE)),
			bal(0, 100)
		);
		assert_eq!(
			Entitlements::security_balance(1, &cusip(&APPLE)),
			bal(907, 0)
		);
		assert_eq!(Entitlements::cash_balance(0, &USD), bal(0, 0));
		assert_eq!(Entitlements::cash_balance(1, &USD), bal(500, 0));
		assert_eq!(Entitlements::security_balance(0, &cusip(&MSFT)), bal(50, 0));
		assert_eq!(SecurityIssuance::<Test>::get(cusip(&APPLE)), 1_007);
		assert_eq!(
			credits(),
			vec![Credit::Credited(1, apple), Credit::Credited(1, usd)]
		);
		check();
	});
}

#[test]
fn the_board_delivers_a_lost_participants_holdings_out_to_dtc_and_its_bank() {
	new_test_ext().execute_with(|| {
		with_bank();
		assert_ok!(Entitlements::appoint_settling_bank(
			RuntimeOrigin::signed(AGENCY),
			BANK2,
			USD
		));
		assert_ok!(deposit(0, APPLE, 1_000, b"DO-1"));
		assert_ok!(deposit(0, MSFT, 50, b"DO-2"));
		for (bank, amount) in [(BANK, 500), (BANK2, 200)] {
			assert_ok!(Entitlements::confirm_cash_deposit(
				RuntimeOrigin::signed(bank),
				0,
				amount,
				b"W-1".to_vec()
			));
		}
		set_status(0, pssc_primitives::traits::ParticipantStatus::Suspended);
		assert_noop!(
			Entitlements::force_withdrawal(RuntimeOrigin::signed(AGENCY), 0, APPLE),
			DispatchError::BadOrigin
		);
		System::reset_events();
		assert_ok!(Entitlements::force_withdrawal(board(), 0, APPLE));
		let apple = Line::Security(cusip(&APPLE));
		assert_eq!(
			events(),
			vec![
				Event::WithdrawalRequested {
					id: 0,
					participant: 0,
					line: apple,
					amount: 1_000
				},
				Event::WithdrawalForced {
					id: 0,
					participant: 0
				},
			]
		);
		assert_eq!(
			Entitlements::security_balance(0, &cusip(&APPLE)),
			bal(0, 1_000)
		);
		assert_noop!(
			Entitlements::force_withdrawal(board(), 0, APPLE),
			Error::<Test>::NothingToMove
		);
		// Refused as the participant's own request would be.
		set_security(
			MSFT,
			true,
			DtcRestrictions {
				withdrawal_chill: true,
				..Default::default()
			},
		);
		assert_noop!(
			Entitlements::force_withdrawal(board(), 0, MSFT),
			Error::<Test>::WithdrawalsChilled
		);
		set_security(
			MSFT,
			false,
			DtcRestrictions {
				global_lock: true,
				..Default::default()
			},
		);
		assert_noop!(
			Entitlements::force_withdrawal(board(), 0, MSFT),
			Error::<Test>::SecurityGloballyLocked
		);
		// DTC delivers out to the participant's account: the entitlement leaves the ledger.
		assert_ok!(Entitlements::confirm_withdrawal(gw(), 0, b"OUT-1".to_vec()));
		assert_eq!(SecurityIssuance::<Test>::get(cusip(&APPLE)), 0);

		// Cash: the bank must settle a currency and hold enough of the ledger's cash.
		assert_noop!(
			Entitlements::force_cash_withdrawal(board(), 0, BANK_KEY),
			Error::<Test>::NotSettlingBank
		);
		System::reset_events();
		assert_ok!(Entitlements::force_cash_withdrawal(board(), 0, BANK));
		assert!(matches!(
			events().as_slice(),
			[
				Event::WithdrawalRequested {
					id: 1,
					participant: 0,
					amount: 500,
					..
				},
				Event::WithdrawalForced {
					id: 1,
					participant: 0
				},
			]
		));
		// BANK holds 500 of the 700: it pays what it holds; the rest is BANK2's to pay.
		assert_eq!(Entitlements::cash_balance(0, &USD), bal(200, 500));
		assert_noop!(
			Entitlements::force_cash_withdrawal(board(), 0, BANK),
			Error::<Test>::BankCashShort
		);
		assert_ok!(Entitlements::force_cash_withdrawal(board(), 0, BANK2));
		assert_eq!(Entitlements::cash_balance(0, &USD), bal(0, 700));
		assert_noop!(
			Entitlements::force_cash_withdrawal(board(), 0, BANK2),
			Error::<Test>::NothingToMove
		);
		check();
	});
}
