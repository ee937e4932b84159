//! Unit and property tests of the settlement pallet.

use crate::WeightInfo;
use crate::{
	date_key, features::qkey, mock::*, CancelReason, Code, Due, Error, Event, FeeAccrual, Fees,
	Finished, Instructions, NewInstruction, OpenByParticipant, OpenBySecurity, Outcomes, PairIds,
	PairShares, PairTrades, Parameters, Params, PendingReason, Queue, References, Refs, Retry,
	RetryAgain, Side, Status, SweepState, Sweeps, Unmatched, UnmatchedSide, WaitKey, Waiting,
};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{GetDispatchInfo, WithPostDispatchInfo},
	weights::Weight,
	BoundedVec,
};
use pssc_primitives::{
	api::{FeeStatement, InstructionPage, InstructionRecord, Obstacle, StatusFilter},
	settlement::StatusChange,
	traits::{DtcRestrictions, Line},
	Cusip,
};
use sp_runtime::DispatchError;

type Settle = crate::Pallet<Test>;
type Ent = pallet_entitlements::Pallet<Test>;

fn apple() -> Cusip {
	Cusip::new(&APPLE).unwrap()
}

fn events() -> Vec<Event<Test>> {
	let events = System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Settlement(e) => Some(e),
			_ => None,
		})
		.collect();
	System::reset_events();
	events
}

fn check() {
	Settle::do_try_state().expect("settlement invariants hold");
	Ent::do_try_state().expect("ledger invariants hold");
}

fn r(s: &str) -> BoundedVec<u8, ConstU32_16> {
	s.as_bytes().to_vec().try_into().unwrap()
}
type ConstU32_16 = frame_support::traits::ConstU32<16>;
type Reason = BoundedVec<u8, frame_support::traits::ConstU32<32>>;

/// `Refs` of instruction `id` (owner `p`, reference `reference`) and its counterpart.
fn refs(id: u64, p: u32, reference: &str, counterpart: Option<(u64, &str)>) -> Refs<ConstU32_16> {
	Refs {
		id,
		participant: p,
		reference: r(reference),
		counterpart: counterpart.map(|(c, _)| c),
		counterpart_reference: counterpart.map(|(_, cr)| r(cr)),
	}
}

/// One side of an Apple trade traded today, settling `days` after today.
fn side(
	side: Side,
	counterparty: u32,
	quantity: u128,
	amount: u128,
	days: u32,
	reference: &str,
) -> NewInstruction<Vec<u8>> {
	NewInstruction {
		side,
		counterparty,
		cusip: APPLE,
		quantity,
		amount,
		trade_date: TODAY,
		settlement_date: TODAY + days,
		reference: reference.as_bytes().to_vec(),
	}
}

fn sell(quantity: u128, amount: u128, days: u32, reference: &str) -> NewInstruction<Vec<u8>> {
	side(Side::Deliver, 1, quantity, amount, days, reference)
}

fn buy(quantity: u128, amount: u128, days: u32, reference: &str) -> NewInstruction<Vec<u8>> {
	side(Side::Receive, 0, quantity, amount, days, reference)
}

fn instruct(key: u64, new: NewInstruction<Vec<u8>>) -> Result<(), DispatchError> {
	Settle::instruct(RuntimeOrigin::signed(key), new)
		.map(|_| ())
		.map_err(|e| e.error)
}

type W = crate::weights::SubstrateWeight<Test>;

fn status(id: u64) -> Status {
	Settle::status_of(id).expect("instruction exists")
}

fn securities(p: u32) -> u128 {
	Ent::security_balance(p, &apple()).free
}

fn cash(p: u32) -> u128 {
	Ent::cash_balance(p, &USD).free
}

const PAIR: PairIds = PairIds {
	deliver: 1,
	receive: 0,
};

/// Buyer instructs first (id 0), seller matches (id 1).
fn matched_pair(quantity: u128, amount: u128, days: u32) {
	assert_ok!(instruct(BUYER, buy(quantity, amount, days, "B1")));
	assert_ok!(instruct(SELLER, sell(quantity, amount, days, "S1")));
}

#[test]
fn a_same_day_trade_matches_and_settles_in_the_matching_extrinsic() {
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 1_000);
		fund_cash(1, 200_000);
		events();

		// The first side does not settle: the settlement's weight is refunded.
		let info = Settle::instruct(RuntimeOrigin::signed(BUYER), buy(100, 150_000, 0, "B1"));
		assert_eq!(
			info.unwrap().actual_weight,
			Some(W::instruct_unmatched() + Settle::queue_check_weight())
		);
		assert!(W::instruct_unmatched().ref_time() < W::instruct().ref_time());
		assert_eq!(status(0), Status::Unmatched);
		assert_eq!(
			events(),
			vec![Event::Unmatched {
				instruction: refs(0, 1, "B1", None),
				side: Side::Receive,
				status: Code::NMAT,
			}]
		);
		let instruction = Instructions::<Test>::get(0).unwrap();
		assert_eq!(
			Unmatched::<Test>::get(instruction.match_key()).into_inner(),
			vec![UnmatchedSide {
				id: 0,
				submitted_on: TODAY
			}]
		);
		assert_eq!(References::<Test>::get(1, r("B1")), Some(0));
		assert_eq!(PairTrades::<Test>::get(date_key(TODAY), (0, 1)), 1);
		assert_eq!(
			PairShares::<Test>::get(date_key(TODAY), (0, 1, apple())),
			100
		);
		check();

		let info = Settle::instruct(RuntimeOrigin::signed(SELLER), sell(100, 150_000, 0, "S1"));
		assert_eq!(
			info.unwrap().actual_weight,
			None,
			"a settling instruction pays in full"
		);
		let pair = Some((0, "B1"));
		assert_eq!(
			events(),
			vec![
				Event::Matched {
					instruction: refs(1, 0, "S1", pair),
					settlement_date: TODAY,
					status: Code::MACH,
				},
				Event::Settled {
					instruction: refs(1, 0, "S1", pair),
					seller: 0,
					buyer: 1,
					cusip: apple(),
					quantity: 100,
					amount: 150_000,
					status: Code::SETT,
				},
			]
		);
		assert_eq!((status(0), status(1)), (Status::Settled, Status::Settled));
		assert_eq!((securities(0), securities(1)), (900, 100));
		assert_eq!((cash(0), cash(1)), (150_000, 50_000));
		assert_eq!(Unmatched::<Test>::iter().count(), 0);
		assert_eq!(OpenByParticipant::<Test>::iter().count(), 0);
		assert_eq!(OpenBySecurity::<Test>::iter().count(), 0);
		assert_eq!(Finished::<Test>::iter_prefix(date_key(TODAY)).count(), 2);
		// The matching side does not count as another trade.
		assert_eq!(PairTrades::<Test>::get(date_key(TODAY), (0, 1)), 1);
		check();
	});
}

#[test]
fn every_refusal_at_submission_is_named_and_changes_nothing() {
	new_test_ext().execute_with(|| {
		let ok = || sell(10, 1_000, 0, "S1");
		let refused = |key: u64, new: NewInstruction<Vec<u8>>, error: Error<Test>| {
			assert_noop!(instruct(key, new), error);
		};
		refused(ADMIN0, ok(), Error::NotAnOperator);
		let first = Settle::first_checks_weight();
		assert_noop!(
			Settle::instruct(RuntimeOrigin::none(), ok()),
			DispatchError::BadOrigin.with_weight(first)
		);
		// A refused call is charged what it did: the first reads when it stops there, an
		// instruction that waits when the instruction's own checks refuse it.
		assert_noop!(
			Settle::instruct(RuntimeOrigin::signed(ADMIN0), ok()),
			Error::<Test>::NotAnOperator.with_weight(first)
		);
		assert_noop!(
			Settle::instruct(
				RuntimeOrigin::signed(SELLER),
				NewInstruction {
					quantity: 0,
					..ok()
				}
			),
			Error::<Test>::ZeroQuantity
				.with_weight(W::instruct_unmatched() + Settle::queue_check_weight())
		);
		assert!(first.ref_time() < W::instruct_unmatched().ref_time());
		refused(
			SELLER,
			NewInstruction {
				cusip: *b"037833101",
				..ok()
			},
			Error::InvalidCusip,
		);
		refused(
			SELLER,
			NewInstruction {
				quantity: 0,
				..ok()
			},
			Error::ZeroQuantity,
		);
		refused(
			SELLER,
			NewInstruction { amount: 0, ..ok() },
			Error::ZeroAmount,
		);
		refused(
			SELLER,
			NewInstruction {
				reference: vec![],
				..ok()
			},
			Error::InvalidReference,
		);
		refused(
			SELLER,
			NewInstruction {
				reference: vec![b'x'; 17],
				..ok()
			},
			Error::InvalidReference,
		);
		refused(
			SELLER,
			NewInstruction {
				counterparty: 2,
				..ok()
			},
			Error::CounterpartyNotApproved,
		);
		refused(
			SELLER,
			NewInstruction {
				counterparty: 0,
				..ok()
			},
			Error::CounterpartyNotApproved,
		);
		refused(
			SELLER,
			NewInstruction {
				counterparty: 9,
				..ok()
			},
			Error::CounterpartyNotActive,
		);
		refused(
			SELLER,
			NewInstruction {
				cusip: *b"38259P508",
				..ok()
			},
			Error::SecurityNotEligible,
		);
		refused(
			SELLER,
			NewInstruction {
				trade_date: TODAY + 1,
				settlement_date: TODAY + 1,
				..ok()
			},
			Error::TradeDateInFuture,
		);
		refused(
			SELLER,
			NewInstruction {
				trade_date: TODAY - 2,
				settlement_date: TODAY - 3,
				..ok()
			},
			Error::SettlementBeforeTrade,
		);
		refused(
			SELLER,
			NewInstruction {
				trade_date: TODAY - 6,
				..ok()
			},
			Error::TradeDateTooOld,
		);
		refused(
			SELLER,
			NewInstruction {
				trade_date: TODAY - 2,
				settlement_date: TODAY - 1,
				..ok()
			},
			Error::SettlementDateInPast,
		);
		refused(
			SELLER,
			NewInstruction {
				settlement_date: TODAY + 6,
				..ok()
			},
			Error::SettlementDateTooFar,
		);
		assert_ok!(instruct(
			SELLER,
			NewInstruction {
				settlement_date: TODAY + 5,
				..ok()
			}
		));
		refused(SELLER, ok(), Error::DuplicateReference);
		// The same reference is another participant's own.
		assert_ok!(instruct(
			BUYER,
			NewInstruction {
				side: Side::Receive,
				counterparty: 0,
				..ok()
			}
		));

		set_security(
			MSFT,
			true,
			DtcRestrictions {
				delivery_chill: true,
				..Default::default()
			},
		);
		refused(
			SELLER,
			NewInstruction {
				cusip: MSFT,
				reference: b"S2".to_vec(),
				..ok()
			},
			Error::DeliveriesChilled,
		);
		suspend(1);
		refused(
			SELLER,
			NewInstruction {
				reference: b"S2".to_vec(),
				..ok()
			},
			Error::CounterpartyNotActive,
		);
		refused(
			BUYER,
			NewInstruction {
				side: Side::Receive,
				counterparty: 0,
				reference: b"B2".to_vec(),
				..ok()
			},
			Error::ParticipantNotActive,
		);
		set_now(0);
		refused(
			SELLER,
			NewInstruction {
				reference: b"S2".to_vec(),
				..ok()
			},
			Error::NoBusinessDate,
		);
		check();
	});
}

#[test]
fn the_pilot_limits_count_trades_and_shares_per_pair_and_day() {
	new_test_ext().execute_with(|| {
		assert_eq!(Params::<Test>::get(), Parameters::default());
		assert_eq!(Parameters::default().max_trades_per_pair_per_day, 300);
		assert_eq!(
			Parameters::default().share_limit_per_security_per_pair_per_day,
			100_000
		);
		// 300 trades a day per pair pass, the 301st does not.
		for n in 0..300u32 {
			assert_ok!(instruct(
				SELLER,
				sell(1, 100 + u128::from(n), 1, &format!("S{n}"))
			));
		}
		assert_noop!(
			instruct(SELLER, sell(1, 99, 1, "S300")),
			Error::<Test>::PairTradeLimitExceeded
		);
		// The buyer's matching instructions are the same trades: they are not counted.
		assert_ok!(instruct(BUYER, buy(1, 100, 1, "B0")));
		assert_eq!(PairTrades::<Test>::get(date_key(TODAY), (0, 1)), 300);
		// A unilateral cancel of an unmatched one frees its place.
		assert_ok!(Settle::cancel(RuntimeOrigin::signed(SELLER), 1));
		assert_ok!(instruct(SELLER, sell(1, 99, 1, "S300")));
		check();
	});
	new_test_ext().execute_with(|| {
		// Fewer than 100,000 shares per security: 99,999 pass, one more does not; another
		// security counts apart, a back-dated trade does not.
		assert_ok!(instruct(SELLER, sell(99_990, 1, 1, "S1")));
		assert_ok!(instruct(SELLER, sell(9, 1, 1, "S2")));
		assert_noop!(
			instruct(SELLER, sell(1, 1, 1, "S3")),
			Error::<Test>::PairShareLimitExceeded
		);
		assert_ok!(instruct(
			SELLER,
			NewInstruction {
				cusip: MSFT,
				..sell(99_999, 1, 1, "S3")
			}
		));
		assert_noop!(
			instruct(
				SELLER,
				NewInstruction {
					trade_date: TODAY - 1,
					..sell(1, 1, 1, "S4")
				}
			),
			Error::<Test>::PairShareLimitExceeded
		);

		// The agency sets the limits; nobody else, and not to zero.
		let tight = Parameters {
			max_trades_per_pair_per_day: 5,
			share_limit_per_security_per_pair_per_day: 200_000,
			..Default::default()
		};
		assert_noop!(
			Settle::set_parameters(RuntimeOrigin::signed(SELLER), tight),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Settle::set_parameters(
				RuntimeOrigin::signed(AGENCY),
				Parameters {
					max_trades_per_pair_per_day: 0,
					..tight
				}
			),
			Error::<Test>::InvalidParameters
		);
		assert_noop!(
			Settle::set_parameters(
				RuntimeOrigin::signed(AGENCY),
				Parameters {
					share_limit_per_security_per_pair_per_day: 0,
					..tight
				}
			),
			Error::<Test>::InvalidParameters
		);
		events();
		assert_ok!(Settle::set_parameters(RuntimeOrigin::signed(AGENCY), tight));
		assert_eq!(events(), vec![Event::ParametersSet { parameters: tight }]);
		assert_ok!(instruct(SELLER, sell(1, 1, 1, "S5")));
		assert_ok!(instruct(SELLER, sell(1, 2, 1, "S6")));
		assert_noop!(
			instruct(SELLER, sell(1, 3, 1, "S7")),
			Error::<Test>::PairTradeLimitExceeded
		);
		check();
	});
}

#[test]
fn the_pilot_limits_count_per_day_of_submission_so_back_dating_cannot_multiply_them() {
	new_test_ext().execute_with(|| {
		let tight = Parameters {
			max_trades_per_pair_per_day: 2,
			share_limit_per_security_per_pair_per_day: 100,
			..Default::default()
		};
		assert_ok!(Settle::set_parameters(RuntimeOrigin::signed(AGENCY), tight));
		let dated = |days_back: u32, amount: u128, reference: &str| NewInstruction {
			trade_date: TODAY - days_back,
			..sell(1, amount, 1, reference)
		};
		// Two trades today, one of them dated yesterday; a third, dated two days back, would
		// be a third trade submitted today.
		assert_ok!(instruct(SELLER, dated(0, 1, "S1")));
		assert_ok!(instruct(SELLER, dated(1, 2, "S2")));
		assert_noop!(
			instruct(SELLER, dated(2, 3, "S3")),
			Error::<Test>::PairTradeLimitExceeded
		);
		assert_eq!(PairTrades::<Test>::get(date_key(TODAY), (0, 1)), 2);
		assert_eq!(PairShares::<Test>::get(date_key(TODAY), (0, 1, apple())), 2);
		assert_eq!(
			PairTrades::<Test>::iter().count(),
			1,
			"nothing under trade dates"
		);
		let yesterdays = Instructions::<Test>::get(1).unwrap();
		assert_eq!(
			Unmatched::<Test>::get(yesterdays.match_key()).into_inner(),
			vec![UnmatchedSide {
				id: 1,
				submitted_on: TODAY
			}]
		);
		// The next business day has its own allowance, back-dated trades included; the
		// counters of the day that ended are pruned.
		set_clock(TODAY + 1, 10);
		next_block();
		assert_eq!(PairTrades::<Test>::iter().count(), 0);
		assert_eq!(PairShares::<Test>::iter().count(), 0);
		assert_ok!(instruct(SELLER, dated(1, 3, "S3")));
		assert_eq!(PairTrades::<Test>::get(date_key(TODAY + 1), (0, 1)), 1);
		// Cancelling yesterday's instruction gives nothing back today.
		events();
		assert_ok!(Settle::cancel(RuntimeOrigin::signed(SELLER), 0));
		assert!(matches!(
			events().as_slice(),
			[Event::Cancelled {
				cause: CancelReason::Parties,
				..
			}]
		));
		assert_eq!(PairTrades::<Test>::get(date_key(TODAY + 1), (0, 1)), 1);
		assert_ok!(instruct(SELLER, dated(0, 4, "S4")));
		assert_noop!(
			instruct(SELLER, dated(0, 5, "S5")),
			Error::<Test>::PairTradeLimitExceeded
		);
		// Cancelling one of today's gives its place back, trades and shares.
		assert_ok!(Settle::cancel(RuntimeOrigin::signed(SELLER), 3));
		assert_eq!(PairTrades::<Test>::get(date_key(TODAY + 1), (0, 1)), 1);
		assert_eq!(
			PairShares::<Test>::get(date_key(TODAY + 1), (0, 1, apple())),
			1
		);
		assert_ok!(instruct(SELLER, dated(0, 5, "S5")));
		check();
	});
}

#[test]
fn identical_unmatched_instructions_are_bounded_and_match_oldest_first() {
	new_test_ext().execute_with(|| {
		assert_ok!(instruct(SELLER, sell(5, 500, 1, "S1")));
		assert_ok!(instruct(SELLER, sell(5, 500, 1, "S2")));
		assert_noop!(
			instruct(SELLER, sell(5, 500, 1, "S3")),
			Error::<Test>::TooManyIdenticalUnmatched
		);
		assert_ok!(instruct(BUYER, buy(5, 500, 1, "B1")));
		assert_eq!(Instructions::<Test>::get(2).unwrap().counterpart, Some(0));
		assert_eq!(status(1), Status::Unmatched);
		// Any term that differs does not match.
		for (n, new) in [
			buy(5, 501, 1, "X1"),
			buy(6, 500, 1, "X2"),
			buy(5, 500, 2, "X3"),
			NewInstruction {
				cusip: MSFT,
				..buy(5, 500, 1, "X4")
			},
			NewInstruction {
				trade_date: TODAY - 1,
				..buy(5, 500, 1, "X5")
			},
			side(Side::Deliver, 1, 5, 500, 1, "X6"),
		]
		.into_iter()
		.enumerate()
		{
			let key = if n == 5 { SELLER } else { BUYER };
			assert_ok!(instruct(key, new));
			assert_eq!(status(3 + n as u64), Status::Unmatched);
		}
		assert_eq!(status(1), Status::Unmatched);
		check();
	});
}

/// Two sales of the same 100 shares, to two buyers (participants 1 and 2), both matched
/// today: instructions 0 and 2 settle, 1 and 3 are pending LACK.
fn two_sales_of_the_same_shares() {
	approve(0, 2);
	fund_securities(0, APPLE, 100);
	fund_cash(1, 10_000);
	fund_cash(2, 10_000);
	assert_ok!(instruct(BUYER, buy(100, 10_000, 0, "B1")));
	assert_ok!(instruct(
		THIRD,
		side(Side::Receive, 0, 100, 10_000, 0, "C1")
	));
	assert_ok!(instruct(SELLER, sell(100, 10_000, 0, "S1")));
	assert_ok!(instruct(
		SELLER,
		side(Side::Deliver, 2, 100, 10_000, 0, "S2")
	));
}

#[test]
fn a_double_spend_settles_the_funded_sale_and_leaves_the_other_pending_lack() {
	new_test_ext().execute_with(|| {
		two_sales_of_the_same_shares();
		assert_eq!((status(0), status(2)), (Status::Settled, Status::Settled));
		let lack = Status::Pending(PendingReason::Lack);
		assert_eq!((status(1), status(3)), (lack, lack));
		assert_eq!((securities(0), securities(1), securities(2)), (0, 100, 0));
		assert_eq!((cash(0), cash(1), cash(2)), (10_000, 0, 10_000));
		let second = PairIds {
			deliver: 3,
			receive: 1,
		};
		assert_eq!(
			Waiting::<Test>::get(WaitKey::Securities(0, apple()), qkey(3)),
			Some(second)
		);
		assert_eq!(
			Queue::<Test>::get(date_key(TODAY + 1), qkey(3)),
			Some(Due::Fail(second))
		);
		let all = events();
		assert_eq!(
			all.last(),
			Some(&Event::SettlementPending {
				instruction: refs(3, 0, "S2", Some((1, "C1"))),
				status: Code::PEND,
				reason: Code::LACK,
			})
		);
		check();

		// Retrying without new securities changes nothing and says nothing.
		assert_ok!(Settle::retry(RuntimeOrigin::signed(THIRD), 1));
		assert_eq!(events(), vec![]);
		assert_eq!(status(1), lack);

		// The day ends (22:00 UTC): the pending pair is failing and stays queued.
		set_clock(TODAY, 22);
		next_block();
		let failing = Status::Failing(PendingReason::Lack);
		assert_eq!((status(1), status(3)), (failing, failing));
		assert_eq!(
			events(),
			vec![Event::SettlementPending {
				instruction: refs(3, 0, "S2", Some((1, "C1"))),
				status: Code::PENF,
				reason: Code::LACK,
			}]
		);
		assert!(Waiting::<Test>::contains_key(
			WaitKey::Securities(0, apple()),
			qkey(3)
		));
		check();

		// The seller's securities arrive: the failing pair is retried in the next block.
		fund_securities(0, APPLE, 100);
		assert!(Retry::<Test>::contains_key(WaitKey::Securities(0, apple())));
		events();
		next_block();
		assert_eq!((status(1), status(3)), (Status::Settled, Status::Settled));
		assert_eq!((securities(0), securities(2)), (0, 100));
		assert_eq!((cash(0), cash(2)), (20_000, 0));
		assert!(matches!(events().as_slice(), [Event::Settled { .. }]));
		assert_eq!(Waiting::<Test>::iter().count(), 0);
		assert_eq!(Retry::<Test>::iter().count(), 0);
		check();
	});
}

#[test]
fn a_pair_short_of_cash_is_pending_mony_and_settles_after_a_cash_deposit() {
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 100);
		fund_cash(1, 9_999);
		matched_pair(100, 10_000, 0);
		let mony = Status::Pending(PendingReason::Mony);
		assert_eq!((status(0), status(1)), (mony, mony));
		assert_eq!((securities(0), securities(1)), (100, 0));
		assert_eq!((cash(0), cash(1)), (0, 9_999));
		assert_eq!(
			events().last(),
			Some(&Event::SettlementPending {
				instruction: refs(1, 0, "S1", Some((0, "B1"))),
				status: Code::PEND,
				reason: Code::MONY,
			})
		);
		assert!(Waiting::<Test>::contains_key(
			WaitKey::Cash(1, USD),
			qkey(1)
		));
		// Nothing is retried while nothing grows.
		next_block();
		assert_eq!(status(1), mony);
		assert_eq!(events(), vec![]);

		fund_cash(1, 1);
		next_block();
		assert_eq!((status(0), status(1)), (Status::Settled, Status::Settled));
		assert_eq!((securities(0), securities(1)), (0, 100));
		assert_eq!((cash(0), cash(1)), (10_000, 0));
		check();
	});
}

#[test]
fn a_settlement_credits_retry_what_waits_for_it() {
	new_test_ext().execute_with(|| {
		approve(1, 2);
		fund_securities(0, APPLE, 100);
		fund_cash(2, 10_000);
		// Participant 1 sells to 2 the shares it has yet to buy from 0: pending LACK.
		assert_ok!(instruct(
			THIRD,
			side(Side::Receive, 1, 100, 10_000, 0, "C1")
		));
		assert_ok!(instruct(
			BUYER,
			side(Side::Deliver, 2, 100, 10_000, 0, "B-S")
		));
		assert_eq!(status(1), Status::Pending(PendingReason::Lack));
		// 1 buys from 0 once it has the cash; that settlement credits 1's shares.
		fund_cash(1, 10_000);
		matched_pair_with(100, 10_000);
		assert_eq!(status(3), Status::Settled);
		assert!(Retry::<Test>::contains_key(WaitKey::Securities(1, apple())));
		next_block();
		assert_eq!(status(1), Status::Settled);
		assert_eq!((securities(0), securities(1), securities(2)), (0, 0, 100));
		assert_eq!((cash(0), cash(1), cash(2)), (10_000, 10_000, 0));
		check();
	});
}

fn matched_pair_with(quantity: u128, amount: u128) {
	assert_ok!(instruct(BUYER, buy(quantity, amount, 0, "B2")));
	assert_ok!(instruct(SELLER, sell(quantity, amount, 0, "S2")));
}

#[test]
fn a_future_dated_pair_waits_in_the_queue_and_settles_after_the_day_boundary() {
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 300);
		fund_cash(1, 30_000);
		matched_pair(100, 10_000, 1);
		assert_ok!(instruct(BUYER, buy(200, 20_000, 1, "B2")));
		assert_ok!(instruct(SELLER, sell(200, 20_000, 1, "S2")));
		assert_eq!((status(0), status(3)), (Status::Matched, Status::Matched));
		assert_eq!(
			Queue::<Test>::get(date_key(TODAY + 1), qkey(1)),
			Some(Due::Settle(PAIR))
		);
		events();
		// Still today at 21:59: nothing settles.
		set_now(u64::from(TODAY) * 86_400_000 + 22 * HOUR - 1);
		next_block();
		assert_eq!(status(1), Status::Matched);
		assert_eq!(events(), vec![]);
		// At 22:00 UTC the business date turns. With a budget for one pair per block the
		// queue settles in matching order.
		set_clock(TODAY, 22);
		set_budget(one_item());
		next_block();
		assert_eq!((status(1), status(3)), (Status::Settled, Status::Matched));
		assert!(
			matches!(events().as_slice(), [Event::Settled { instruction, .. }] if instruction.id == 1)
		);
		next_block();
		assert_eq!(status(3), Status::Settled);
		assert_eq!((securities(0), securities(1)), (0, 300));
		// No budget, no work.
		set_budget(Weight::zero());
		next_block();
		check();
	});
}

/// A budget for one probe, one item and the probes around it, and for recording that the
/// queue is done.
fn one_item() -> Weight {
	Settlement::scheduled_item()
		.saturating_add(W::scheduler_read().saturating_mul(3))
		.saturating_add(Settlement::queue_done_weight())
}

#[test]
fn idle_weight_drains_the_queue_within_another_scheduler_share_and_prunes_with_the_rest() {
	use frame_support::traits::Hooks;
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 50);
		fund_cash(1, 5_000);
		// Five pairs due tomorrow, matched in order: buyer n is id 2n, seller n is id 2n + 1.
		for n in 0..5u32 {
			assert_ok!(instruct(BUYER, buy(10, 1_000, 1, &format!("B{n}"))));
			assert_ok!(instruct(SELLER, sell(10, 1_000, 1, &format!("S{n}"))));
		}
		// A settled body finished long ago, due for pruning.
		let mut body = Instructions::<Test>::get(0).expect("a body");
		body.status = Status::Settled;
		Instructions::<Test>::insert(1_000, body);
		Finished::<Test>::insert(date_key(TODAY - 3), 1_000, ());
		events();
		// The day turns. The scheduler's share is one pair; the block's transactions leave
		// idle weight for three.
		set_clock(TODAY, 22);
		set_budget(one_item());
		let idle = one_item().saturating_mul(3);
		set_idle(idle);
		let n = System::block_number() + 1;
		System::set_block_number(n);
		let initial = Settle::on_initialize(n);
		// The budget bounds compute time only (see `set_budget`).
		assert!(initial.ref_time() <= one_item().ref_time(), "{initial:?}");
		assert_eq!((status(1), status(3)), (Status::Settled, Status::Matched));
		let used = Settle::on_idle(n, idle);
		assert!(used.all_lte(idle), "{used:?} over {idle:?}");
		// `on_idle` settles one more pair, within another share, in matching order; pruning
		// has the rest.
		let settled: Vec<u64> = events()
			.into_iter()
			.filter_map(|e| match e {
				Event::Settled { instruction, .. } => Some(instruction.id),
				_ => None,
			})
			.collect();
		assert_eq!(settled.len(), 2, "one in on_initialize, one in on_idle");
		assert_eq!((status(3), status(5)), (Status::Settled, Status::Matched));
		assert!(!Instructions::<Test>::contains_key(1_000));
		assert_eq!(
			Outcomes::<Test>::get(1_000).map(|o| o.status),
			Some(Status::Settled)
		);
		assert_eq!((securities(0), securities(1)), (30, 20));
		// No idle weight: only `on_initialize`'s pair.
		set_idle(Weight::zero());
		next_block();
		assert_eq!((status(5), status(7)), (Status::Settled, Status::Matched));
		// Idle weight to spare: two more, the last.
		set_idle(Weight::MAX);
		next_block();
		assert_eq!((status(7), status(9)), (Status::Settled, Status::Settled));
		assert_eq!((securities(0), securities(1)), (0, 50));
		assert_eq!((cash(0), cash(1)), (5_000, 0));
		check();
	});
}

#[test]
fn the_owner_alone_cancels_an_unmatched_instruction() {
	new_test_ext().execute_with(|| {
		assert_ok!(instruct(SELLER, sell(10, 100, 1, "S1")));
		events();
		assert_noop!(
			Settle::cancel(RuntimeOrigin::signed(BUYER), 0),
			Error::<Test>::NotYourInstruction
		);
		assert_noop!(
			Settle::cancel(RuntimeOrigin::signed(ADMIN0), 0),
			Error::<Test>::NotAnOperator
		);
		assert_noop!(
			Settle::cancel(RuntimeOrigin::signed(SELLER), 7),
			Error::<Test>::UnknownInstruction
		);
		assert_ok!(Settle::cancel(RuntimeOrigin::signed(SELLER), 0));
		assert_eq!(status(0), Status::Cancelled(CancelReason::Parties));
		assert_eq!(
			events(),
			vec![Event::Cancelled {
				instruction: refs(0, 0, "S1", None),
				status: Code::CAND,
				reason: Code::CANI,
				cause: CancelReason::Parties,
				detail: None,
			}]
		);
		assert_eq!(Unmatched::<Test>::iter().count(), 0);
		assert_eq!(PairTrades::<Test>::iter().count(), 0);
		assert_eq!(PairShares::<Test>::iter().count(), 0);
		assert_noop!(
			Settle::cancel(RuntimeOrigin::signed(SELLER), 0),
			Error::<Test>::AlreadyFinal
		);
		// The matching side now finds nothing.
		assert_ok!(instruct(BUYER, buy(10, 100, 1, "B1")));
		assert_eq!(status(1), Status::Unmatched);
		check();
	});
}

#[test]
fn a_matched_pair_is_cancelled_only_when_both_sides_ask() {
	new_test_ext().execute_with(|| {
		matched_pair(10, 100, 1);
		events();
		assert_ok!(Settle::cancel(RuntimeOrigin::signed(SELLER), 1));
		assert_eq!(
			events(),
			vec![Event::CancellationRequested {
				instruction: refs(1, 0, "S1", Some((0, "B1"))),
				by: 0,
				status: Code::CANP,
			}]
		);
		assert_eq!(status(1), Status::Matched);
		assert!(Instructions::<Test>::get(1).unwrap().cancel_requested);
		assert_noop!(
			Settle::cancel(RuntimeOrigin::signed(SELLER), 1),
			Error::<Test>::CancellationAlreadyRequested
		);
		assert_ok!(Settle::cancel(RuntimeOrigin::signed(BUYER), 0));
		let cancelled = Status::Cancelled(CancelReason::Parties);
		assert_eq!((status(0), status(1)), (cancelled, cancelled));
		assert_eq!(
			events(),
			vec![Event::Cancelled {
				instruction: refs(1, 0, "S1", Some((0, "B1"))),
				status: Code::CAND,
				reason: Code::CANI,
				cause: CancelReason::Parties,
				detail: None,
			}]
		);
		// The queued settlement finds a cancelled pair and does nothing.
		fund_securities(0, APPLE, 10);
		fund_cash(1, 100);
		set_clock(TODAY + 1, 10);
		next_block();
		assert_eq!(status(1), cancelled);
		assert_eq!((securities(0), cash(1)), (10, 100));
		assert_eq!(Queue::<Test>::iter_prefix(date_key(TODAY + 1)).count(), 0);
		check();
	});
}

#[test]
fn a_pending_pair_settles_despite_one_sided_cancel_requests() {
	new_test_ext().execute_with(|| {
		fund_cash(1, 100);
		matched_pair(10, 100, 0);
		assert_ok!(Settle::cancel(RuntimeOrigin::signed(BUYER), 0));
		fund_securities(0, APPLE, 10);
		next_block();
		assert_eq!(status(0), Status::Settled);
		check();
	});
}

#[test]
fn the_agency_cancels_any_instruction_with_a_reason() {
	new_test_ext().execute_with(|| {
		matched_pair(10, 100, 0);
		assert_ok!(instruct(SELLER, sell(1, 1, 1, "S2")));
		let reason = b"erroneous trade".to_vec();
		assert_noop!(
			Settle::cancel_by_agency(RuntimeOrigin::signed(SELLER), 1, reason.clone()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Settle::cancel_by_agency(RuntimeOrigin::signed(AGENCY), 1, vec![b'x'; 33]),
			Error::<Test>::ReasonTooLong
		);
		assert_noop!(
			Settle::cancel_by_agency(RuntimeOrigin::signed(AGENCY), 9, reason.clone()),
			Error::<Test>::UnknownInstruction
		);
		events();
		assert_ok!(Settle::cancel_by_agency(
			RuntimeOrigin::signed(AGENCY),
			0,
			reason.clone()
		));
		let detail: Reason = reason.clone().try_into().unwrap();
		assert_eq!(
			events(),
			vec![Event::Cancelled {
				instruction: refs(1, 0, "S1", Some((0, "B1"))),
				status: Code::CAND,
				reason: Code::CSUB,
				cause: CancelReason::Agency,
				detail: Some(detail.clone()),
			}]
		);
		let cancelled = Status::Cancelled(CancelReason::Agency);
		assert_eq!((status(0), status(1)), (cancelled, cancelled));
		assert_eq!(
			Waiting::<Test>::iter().count(),
			0,
			"the pending pair waits no more"
		);
		assert_ok!(Settle::cancel_by_agency(
			RuntimeOrigin::signed(AGENCY),
			2,
			reason.clone()
		));
		assert_eq!(
			events(),
			vec![Event::Cancelled {
				instruction: refs(2, 0, "S2", None),
				status: Code::CAND,
				reason: Code::CSUB,
				cause: CancelReason::Agency,
				detail: Some(detail),
			}]
		);
		assert_noop!(
			Settle::cancel_by_agency(RuntimeOrigin::signed(AGENCY), 2, reason),
			Error::<Test>::AlreadyFinal
		);
		check();
	});
}

#[test]
fn losing_eligibility_cancels_every_open_instruction_in_the_security() {
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 50);
		fund_cash(1, 1_000);
		matched_pair(100, 1_000, 0); // pending LACK
		assert_ok!(instruct(BUYER, buy(5, 50, 1, "B2"))); // unmatched
		assert_ok!(instruct(SELLER, sell(7, 70, 1, "S2")));
		assert_ok!(instruct(BUYER, buy(7, 70, 1, "B3"))); // matched T+1
		assert_ok!(instruct(
			SELLER,
			NewInstruction {
				cusip: MSFT,
				..sell(1, 1, 1, "S3")
			}
		));
		events();

		set_security(APPLE, false, DtcRestrictions::default());
		assert!(Sweeps::<Test>::contains_key(crate::Sweep::EligibilityLost(
			apple()
		)));
		assert_noop!(
			instruct(SELLER, sell(1, 1, 1, "S4")),
			Error::<Test>::SecurityNotEligible
		);
		next_block();
		let lost = Status::Cancelled(CancelReason::EligibilityLost);
		for id in 0..5 {
			assert_eq!(status(id), lost, "instruction {id}");
		}
		assert_eq!(status(5), Status::Unmatched, "Microsoft is not touched");
		let cancelled = events();
		assert_eq!(
			cancelled.len(),
			3,
			"two pairs and one unmatched instruction"
		);
		assert!(cancelled.iter().all(|e| matches!(
			e,
			Event::Cancelled {
				reason: Code::CANS,
				cause: CancelReason::EligibilityLost,
				status: Code::CAND,
				..
			}
		)));
		// Balances are untouched, so they can be withdrawn.
		assert_eq!((securities(0), cash(1)), (50, 1_000));
		assert_eq!(Sweeps::<Test>::iter().count(), 0);
		assert_eq!(Waiting::<Test>::iter().count(), 0);
		// The queued settlement of the T+1 pair finds nothing to do.
		set_clock(TODAY + 1, 10);
		next_block();
		assert_eq!(events(), vec![]);
		check();
	});
}

#[test]
fn regaining_eligibility_before_the_sweep_keeps_the_instructions() {
	new_test_ext().execute_with(|| {
		assert_ok!(instruct(SELLER, sell(1, 1, 1, "S1")));
		set_security(APPLE, false, DtcRestrictions::default());
		set_security(APPLE, true, DtcRestrictions::default());
		next_block();
		assert_eq!(status(0), Status::Unmatched);
		check();
	});
}

/// A budget of one sweep, retry or queue item a block, after the probes of the clock, the
/// queue, the sweeps and the next look, and recording that the queue is done.
fn one_sweep_item() -> Weight {
	Settlement::scheduled_item()
		.saturating_add(W::scheduler_read().saturating_mul(4))
		.saturating_add(Settlement::queue_done_weight())
}

#[test]
fn a_cancelling_sweep_that_has_begun_runs_to_the_end_even_if_the_security_is_restored() {
	new_test_ext().execute_with(|| {
		for n in 0..3u32 {
			assert_ok!(instruct(
				SELLER,
				sell(1, 10 + u128::from(n), 1, &format!("S{n}"))
			));
		}
		assert_ok!(instruct(
			SELLER,
			NewInstruction {
				cusip: MSFT,
				..sell(1, 1, 1, "M1")
			}
		));
		set_budget(one_sweep_item());
		events();
		set_security(APPLE, false, DtcRestrictions::default());
		let sweep = crate::Sweep::EligibilityLost(apple());
		assert_eq!(
			Sweeps::<Test>::get(sweep),
			Some(SweepState {
				cursor: None,
				before: 4,
				begun: false
			})
		);
		next_block();
		let lost = Status::Cancelled(CancelReason::EligibilityLost);
		let cancelled = || (0..3).filter(|id| status(*id) == lost).count();
		assert_eq!(cancelled(), 1, "one item a block");
		assert!(Sweeps::<Test>::get(sweep).is_some_and(|s| s.begun && s.cursor.is_some()));
		// DTC restores it mid-way: the sweep has begun, so it goes on. What is instructed
		// after the restoration is new business and is left alone.
		set_security(APPLE, true, DtcRestrictions::default());
		assert!(Sweeps::<Test>::contains_key(sweep));
		assert_ok!(instruct(SELLER, sell(1, 99, 1, "S9")));
		for _ in 0..6 {
			next_block();
		}
		assert_eq!(cancelled(), 3, "the whole book made before the drop");
		assert_eq!(status(3), Status::Unmatched, "Microsoft is not touched");
		assert_eq!(status(4), Status::Unmatched, "made after the restoration");
		assert_eq!(Sweeps::<Test>::iter().count(), 0);
		let all = events();
		assert_eq!(all.len(), 4, "three cancellations and the new instruction");
		assert_eq!(
			all.iter()
				.filter(|e| matches!(
					e,
					Event::Cancelled {
						reason: Code::CANS,
						cause: CancelReason::EligibilityLost,
						..
					}
				))
				.count(),
			3
		);
		check();
	});
}

#[test]
fn a_second_drop_mid_sweep_cancels_what_was_instructed_while_the_security_was_restored() {
	new_test_ext().execute_with(|| {
		for n in 0..3u32 {
			assert_ok!(instruct(
				SELLER,
				sell(1, 10 + u128::from(n), 1, &format!("S{n}"))
			));
		}
		assert_ok!(instruct(
			SELLER,
			NewInstruction {
				cusip: MSFT,
				..sell(1, 1, 1, "M1")
			}
		));
		set_budget(one_sweep_item());
		set_security(APPLE, false, DtcRestrictions::default());
		let sweep = crate::Sweep::EligibilityLost(apple());
		next_block();
		let lost = Status::Cancelled(CancelReason::EligibilityLost);
		assert_eq!((0..3).filter(|id| status(*id) == lost).count(), 1);
		let cursor = Sweeps::<Test>::get(sweep)
			.and_then(|s| s.cursor)
			.expect("the sweep has begun");
		// Restored mid-way, the begun sweep goes on; new business is made meanwhile.
		set_security(APPLE, true, DtcRestrictions::default());
		for n in 4..10u32 {
			assert_ok!(instruct(
				SELLER,
				sell(1, 20 + u128::from(n), 1, &format!("Y{n}"))
			));
		}
		// The sweep walks the security's index in key order: some of the new instructions
		// sort before where it got to, which a walk that went on from there would never see.
		let key = |id: u64| OpenBySecurity::<Test>::hashed_key_for(apple(), id);
		assert!((4..10u64).any(|id| key(id) < key(cursor)));
		// DTC drops it again: the sweep now covers the new business too, from the first key,
		// and stays begun.
		events();
		set_security(APPLE, false, DtcRestrictions::default());
		assert_eq!(
			Sweeps::<Test>::get(sweep),
			Some(SweepState {
				cursor: None,
				before: 10,
				begun: true
			})
		);
		// A refusal meanwhile changes nothing.
		assert_noop!(
			instruct(SELLER, sell(1, 99, 1, "Z1")),
			Error::<Test>::SecurityNotEligible
		);
		for _ in 0..20 {
			next_block();
		}
		assert_eq!(Sweeps::<Test>::iter().count(), 0);
		for id in (0..3).chain(4..10) {
			assert_eq!(status(id), lost, "instruction {id}");
		}
		assert_eq!(status(3), Status::Unmatched, "Microsoft is not touched");
		assert_eq!(OpenBySecurity::<Test>::iter_prefix(apple()).count(), 0);
		let all = events();
		assert_eq!(
			all.len(),
			8,
			"the two left of the first book and the six new"
		);
		assert!(all.iter().all(|e| matches!(
			e,
			Event::Cancelled {
				reason: Code::CANS,
				cause: CancelReason::EligibilityLost,
				..
			}
		)));
		check();
	});
}

#[test]
fn a_revocation_sweep_that_has_begun_runs_to_the_end_even_if_the_approval_returns() {
	new_test_ext().execute_with(|| {
		for n in 0..3u32 {
			assert_ok!(instruct(
				SELLER,
				sell(1, 10 + u128::from(n), 1, &format!("S{n}"))
			));
		}
		set_budget(one_sweep_item());
		revoke(1, 0);
		next_block();
		let revoked = Status::Cancelled(CancelReason::CounterpartyRevoked);
		let cancelled = || (0..3).filter(|id| status(*id) == revoked).count();
		assert_eq!(cancelled(), 1);
		// The approval is given again: the begun sweep still cancels the rest of the book,
		// not what is instructed afterwards.
		approve(0, 1);
		assert_ok!(instruct(SELLER, sell(1, 99, 1, "S9")));
		for _ in 0..8 {
			next_block();
		}
		assert_eq!(cancelled(), 3);
		assert_eq!(status(3), Status::Unmatched);
		assert_eq!(Sweeps::<Test>::iter().count(), 0);
		check();
	});
}

#[test]
fn a_global_lock_holds_due_pairs_sblo_and_lifting_it_settles_them() {
	use pssc_primitives::traits::Line;
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 10);
		fund_cash(1, 100);
		matched_pair(10, 100, 1);
		assert_ok!(instruct(SELLER, sell(1, 1, 1, "S2")));
		let locked = DtcRestrictions {
			global_lock: true,
			..Default::default()
		};
		set_security(APPLE, true, locked);
		// A lock is not a drop: nothing is queued to cancel, and nothing is cancelled.
		assert_eq!(Sweeps::<Test>::iter().count(), 0);
		assert_noop!(
			instruct(SELLER, sell(1, 2, 1, "S3")),
			Error::<Test>::SecurityGloballyLocked
		);
		next_block();
		assert_eq!((status(1), status(2)), (Status::Matched, Status::Unmatched));
		// On its settlement date the pair is held, waiting for the security's line.
		events();
		set_clock(TODAY + 1, 10);
		next_block();
		let sblo = Status::Pending(PendingReason::Sblo);
		assert_eq!((status(0), status(1)), (sblo, sblo));
		assert_eq!(
			events(),
			vec![Event::SettlementPending {
				instruction: refs(1, 0, "S1", Some((0, "B1"))),
				status: Code::PEND,
				reason: Code::SBLO,
			}]
		);
		let line = WaitKey::Line(Line::Security(apple()));
		assert!(Waiting::<Test>::contains_key(line, qkey(1)));
		let obstacles = Settle::why_pending(1).unwrap();
		assert!(obstacles.contains(&Obstacle::SecurityGloballyLocked));
		assert!(!obstacles.contains(&Obstacle::SecurityNotEligible));
		assert_eq!((securities(0), cash(1)), (10, 100));
		// DTC lifts the lock: the held pair settles in the next block, with no retry call.
		set_security(APPLE, true, DtcRestrictions::default());
		assert_eq!(Retry::<Test>::get(line), Some(None));
		next_block();
		assert_eq!((status(0), status(1)), (Status::Settled, Status::Settled));
		assert_eq!((securities(1), cash(0)), (10, 100));
		assert_eq!(Waiting::<Test>::iter().count(), 0);
		check();
	});
	new_test_ext().execute_with(|| {
		// Dropped while locked, the security's business is cancelled after all.
		matched_pair(10, 100, 1);
		let locked = DtcRestrictions {
			global_lock: true,
			..Default::default()
		};
		set_security(APPLE, true, locked);
		set_security(APPLE, false, locked);
		next_block();
		let lost = Status::Cancelled(CancelReason::EligibilityLost);
		assert_eq!((status(0), status(1)), (lost, lost));
		check();
	});
}

#[test]
fn a_pair_due_today_waits_behind_pairs_due_that_matched_before_it() {
	new_test_ext().execute_with(|| {
		// Shares for one trade only: whichever settles first takes them.
		fund_securities(0, APPLE, 10);
		fund_cash(1, 1_000);
		matched_pair(10, 100, 1);
		// The next day, the scheduler has not reached the queued pair yet.
		set_clock(TODAY + 1, 10);
		set_budget(Weight::zero());
		next_block();
		assert_eq!(status(1), Status::Matched);
		events();
		// A pair matching now, due today, is queued behind it instead of settling at once.
		assert_ok!(instruct(BUYER, buy(10, 200, 1, "B2")));
		let info = Settle::instruct(RuntimeOrigin::signed(SELLER), sell(10, 200, 1, "S2"));
		assert_eq!(
			info.unwrap().actual_weight,
			Some(W::instruct_unmatched() + Settle::queue_check_weight())
		);
		assert_eq!(status(3), Status::Matched);
		let due = date_key(TODAY + 1);
		assert_eq!(
			Queue::<Test>::iter_prefix(due).collect::<Vec<_>>(),
			vec![
				(qkey(1), Due::Settle(PAIR)),
				(
					qkey(3),
					Due::Settle(PairIds {
						deliver: 3,
						receive: 2
					})
				),
			]
		);
		assert!(!events().iter().any(|e| matches!(e, Event::Settled { .. })));
		// In matching order: the first pair takes the shares, the second waits for more.
		set_budget(Weight::MAX);
		next_block();
		assert_eq!(status(1), Status::Settled);
		assert_eq!(status(3), Status::Pending(PendingReason::Lack));
		assert_eq!((securities(1), cash(0)), (10, 100));
		// With nothing due queued, a same-day pair settles in its matching extrinsic.
		fund_securities(0, APPLE, 5);
		assert_ok!(instruct(BUYER, buy(5, 50, 1, "B4")));
		assert_ok!(instruct(SELLER, sell(5, 50, 1, "S4")));
		assert_eq!(status(5), Status::Settled);
		check();
	});
}

#[test]
fn a_revoked_approval_cancels_the_pairs_open_instructions_only() {
	new_test_ext().execute_with(|| {
		approve(0, 2);
		fund_cash(1, 1_000);
		matched_pair(10, 100, 0); // pending LACK, 0 ↔ 1
		assert_ok!(instruct(BUYER, buy(3, 30, 1, "B2"))); // unmatched, owned by 1
		assert_ok!(instruct(SELLER, sell(4, 40, 1, "S2"))); // unmatched, owned by 0
		assert_ok!(instruct(SELLER, side(Side::Deliver, 2, 5, 50, 1, "S3"))); // 0 ↔ 2
		events();
		revoke(1, 0);
		assert_noop!(
			instruct(SELLER, sell(1, 1, 1, "S4")),
			Error::<Test>::CounterpartyNotApproved
		);
		// A settlement attempt in between refuses the pair at once.
		assert_ok!(Settle::retry(RuntimeOrigin::signed(SELLER), 1));
		let revoked = Status::Cancelled(CancelReason::CounterpartyRevoked);
		assert_eq!(status(1), revoked);
		next_block();
		for id in 0..4 {
			assert_eq!(status(id), revoked, "instruction {id}");
		}
		assert_eq!(status(4), Status::Unmatched, "another pair is not touched");
		let cancelled = events();
		assert_eq!(cancelled.len(), 3);
		assert!(cancelled.iter().all(|e| matches!(
			e,
			Event::Cancelled {
				reason: Code::CANS,
				cause: CancelReason::CounterpartyRevoked,
				..
			}
		)));
		assert_eq!(Sweeps::<Test>::iter().count(), 0);
		check();
	});
}

#[test]
fn a_suspension_holds_due_pairs_until_reinstatement() {
	new_test_ext().execute_with(|| {
		fund_cash(1, 1_000);
		matched_pair(10, 100, 0); // pending LACK
		assert_ok!(instruct(BUYER, buy(20, 200, 1, "B2")));
		assert_ok!(instruct(SELLER, sell(20, 200, 1, "S2"))); // matched T+1
		events();
		suspend(1);
		next_block();
		let bloc = Status::Pending(PendingReason::Bloc(1));
		assert_eq!((status(0), status(1)), (bloc, bloc));
		assert_eq!(
			status(3),
			Status::Matched,
			"a future-dated pair is checked on its date"
		);
		assert_eq!(
			events(),
			vec![Event::SettlementPending {
				instruction: refs(1, 0, "S1", Some((0, "B1"))),
				status: Code::PEND,
				reason: Code::BLOC,
			}]
		);
		assert!(Waiting::<Test>::contains_key(
			WaitKey::Participant(1),
			qkey(1)
		));
		assert!(!Waiting::<Test>::contains_key(
			WaitKey::Securities(0, apple()),
			qkey(1)
		));
		// Funded now, the held pair still does not move.
		fund_securities(0, APPLE, 30);
		next_block();
		assert_eq!(status(1), bloc);
		// On its date the future-dated pair is held too (and the first is failing).
		set_clock(TODAY + 1, 10);
		next_block();
		assert_eq!(status(3), bloc);
		assert_eq!(status(1), Status::Failing(PendingReason::Bloc(1)));
		// Reinstated: both are retried and settle.
		events();
		reinstate(1);
		next_block();
		assert_eq!((status(1), status(3)), (Status::Settled, Status::Settled));
		assert_eq!((securities(1), cash(0)), (30, 300));
		check();
	});
}

#[test]
fn an_unmatched_instruction_expires_when_its_settlement_date_ends() {
	new_test_ext().execute_with(|| {
		assert_ok!(instruct(SELLER, sell(10, 100, 0, "S1")));
		assert_ok!(instruct(SELLER, sell(10, 100, 1, "S2")));
		events();
		set_clock(TODAY, 23);
		next_block();
		assert_eq!(status(0), Status::Cancelled(CancelReason::Expired));
		assert_eq!(status(1), Status::Unmatched);
		assert_eq!(
			events(),
			vec![Event::Cancelled {
				instruction: refs(0, 0, "S1", None),
				status: Code::CAND,
				reason: Code::CANS,
				cause: CancelReason::Expired,
				detail: None,
			}]
		);
		// Its day of submission is over, so its counts are pruned; nothing counts today.
		assert_eq!(PairTrades::<Test>::iter().count(), 0);
		check();
	});
}

#[test]
fn a_batch_is_bounded_and_reports_each_refusal() {
	new_test_ext().execute_with(|| {
		let batch = |n: u32| {
			(0..n)
				.map(|i| sell(1, 1 + u128::from(i), 1, &format!("S{i}")))
				.collect::<Vec<_>>()
		};
		// A file refused as a whole is charged as an empty one, not as the file it declared.
		let empty = W::instruct_batch(0);
		assert_noop!(
			Settle::instruct_batch(RuntimeOrigin::signed(SELLER), vec![]),
			Error::<Test>::BatchTooLarge.with_weight(empty)
		);
		assert_noop!(
			Settle::instruct_batch(RuntimeOrigin::signed(SELLER), batch(5)),
			Error::<Test>::BatchTooLarge.with_weight(empty)
		);
		assert_noop!(
			Settle::instruct_batch(RuntimeOrigin::signed(ADMIN0), batch(1)),
			Error::<Test>::NotAnOperator.with_weight(empty)
		);
		let declared = crate::Call::<Test>::instruct_batch {
			instructions: batch(5),
		}
		.get_dispatch_info()
		.call_weight;
		assert_eq!(
			declared,
			W::instruct_batch(4) + Settle::queue_check_weight(),
			"capped at the mock's MaxBatch, with one look at the date queue"
		);
		assert!(empty.ref_time() < declared.ref_time());
		let mut four = batch(4);
		four[1].quantity = 0;
		four[2].reference = b"S0".to_vec(); // already used by the first, in this batch
		let info = Settle::instruct_batch(RuntimeOrigin::signed(SELLER), four).unwrap();
		// Nothing settled: four settlements' weight is refunded, and each line stays charged
		// as an instruction that waits.
		let settlement = Settle::batch_line_settlement();
		let line = W::instruct_batch(1).saturating_sub(W::instruct_batch(0));
		let waiting = W::instruct_unmatched();
		assert_eq!(
			line.saturating_sub(settlement),
			Weight::from_parts(
				waiting.ref_time().min(line.ref_time()),
				waiting.proof_size().min(line.proof_size())
			)
		);
		assert!(settlement.ref_time() > 0);
		assert_eq!(
			info.actual_weight,
			Some(
				W::instruct_batch(4).saturating_sub(settlement.saturating_mul(4))
					+ Settle::queue_check_weight()
			)
		);
		let all = events();
		assert_eq!(all.len(), 4);
		assert_eq!(
			all[1],
			Event::Rejected {
				participant: 0,
				index: 1,
				reference: r("S1"),
				error: Error::<Test>::ZeroQuantity.into(),
				status: Code::REJT,
				reason: None,
			}
		);
		assert_eq!(
			all[2],
			Event::Rejected {
				participant: 0,
				index: 2,
				reference: r("S0"),
				error: Error::<Test>::DuplicateReference.into(),
				status: Code::REJT,
				reason: Some(Code::REFE),
			}
		);
		assert!(matches!(all[3], Event::Unmatched { .. }));
		assert_eq!(Instructions::<Test>::iter().count(), 2);
		assert_eq!(
			PairTrades::<Test>::get(date_key(TODAY), (0, 1)),
			2,
			"refused ones do not count"
		);
		// The buyer's file matches and settles what is funded.
		fund_securities(0, APPLE, 10);
		fund_cash(1, 100);
		let buys = vec![buy(1, 1, 1, "B0"), buy(1, 4, 1, "B1")];
		assert_ok!(Settle::instruct_batch(RuntimeOrigin::signed(BUYER), buys));
		assert_eq!((status(0), status(1)), (Status::Matched, Status::Matched));
		// A file of same-day trades settles, and pays for it.
		let buys = vec![buy(2, 5, 0, "B5"), buy(3, 6, 0, "B6")];
		assert_ok!(Settle::instruct_batch(RuntimeOrigin::signed(BUYER), buys));
		let sells = vec![sell(2, 5, 0, "S5"), sell(3, 6, 0, "S6")];
		let info = Settle::instruct_batch(RuntimeOrigin::signed(SELLER), sells).unwrap();
		assert_eq!(
			info.actual_weight,
			Some(W::instruct_batch(2) + Settle::queue_check_weight())
		);
		assert_eq!((status(6), status(7)), (Status::Settled, Status::Settled));
		check();
	});
}

#[test]
fn a_retry_settles_a_pair_blocked_by_a_chill_once_lifted() {
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 10);
		fund_cash(1, 100);
		matched_pair(10, 100, 1);
		set_security(
			APPLE,
			true,
			DtcRestrictions {
				delivery_chill: true,
				..Default::default()
			},
		);
		set_clock(TODAY + 1, 10);
		events();
		next_block();
		let sblo = Status::Pending(PendingReason::Sblo);
		assert_eq!(status(1), sblo);
		assert_eq!(
			events().last().map(|e| matches!(
				e,
				Event::SettlementPending {
					reason: Code::SBLO,
					..
				}
			)),
			Some(true)
		);
		assert_noop!(
			Settle::retry(RuntimeOrigin::signed(THIRD), 1),
			Error::<Test>::NotYourInstruction
		);
		assert_noop!(
			Settle::retry(RuntimeOrigin::signed(SELLER), 9),
			Error::<Test>::UnknownInstruction
		);
		// Still chilled: no change, no event.
		assert_ok!(Settle::retry(RuntimeOrigin::signed(SELLER), 1));
		assert_eq!(events(), vec![]);
		set_security(APPLE, true, DtcRestrictions::default());
		assert_ok!(Settle::retry(RuntimeOrigin::signed(BUYER), 0));
		assert_eq!(status(1), Status::Settled);
		assert_noop!(
			Settle::retry(RuntimeOrigin::signed(SELLER), 1),
			Error::<Test>::NotPending
		);
		assert_ok!(instruct(SELLER, sell(1, 1, 1, "S9")));
		assert_noop!(
			Settle::retry(RuntimeOrigin::signed(SELLER), 2),
			Error::<Test>::NotPending
		);
		check();
	});
}

#[test]
fn lifting_a_delivery_chill_settles_the_pairs_it_held_in_the_next_block_without_a_retry() {
	use pssc_primitives::traits::Line;
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 10);
		fund_cash(1, 100);
		matched_pair(10, 100, 1);
		let chilled = DtcRestrictions {
			delivery_chill: true,
			..Default::default()
		};
		set_security(APPLE, true, chilled);
		set_clock(TODAY + 1, 10);
		next_block();
		assert_eq!(status(1), Status::Pending(PendingReason::Sblo));
		let line = WaitKey::Line(Line::Security(apple()));
		assert_eq!(Waiting::<Test>::iter_prefix(line).count(), 1);
		events();
		// Another restriction changing does not retry: deliveries are still chilled.
		set_security(
			APPLE,
			true,
			DtcRestrictions {
				withdrawal_chill: true,
				..chilled
			},
		);
		assert_eq!(Retry::<Test>::get(line), None);
		// DTC lifts the chill: the line's pairs are queued for a retry, in this call.
		set_security(APPLE, true, DtcRestrictions::default());
		assert_eq!(Retry::<Test>::get(line), Some(None));
		assert_eq!(status(1), Status::Pending(PendingReason::Sblo));
		// The next block settles them; nobody asked.
		next_block();
		assert_eq!((status(0), status(1)), (Status::Settled, Status::Settled));
		assert!(matches!(
			events().as_slice(),
			[Event::Settled {
				status: Code::SETT,
				quantity: 10,
				amount: 100,
				..
			}]
		));
		assert_eq!(Waiting::<Test>::iter().count(), 0);
		assert_eq!(Retry::<Test>::get(line), None);
		assert_eq!((securities(1), cash(0)), (10, 100));
		check();
	});
}

#[test]
fn a_failing_second_leg_leaves_all_storage_exactly_as_before() {
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 100);
		fund_cash(1, 10_000);
		// The bank reports a balance the ledger does not have: the cash line stops, so the
		// second leg (cash) fails after the first (securities) went through.
		assert_ok!(Ent::report_cash_balance(RuntimeOrigin::signed(BANK), 1, 7));
		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		assert_noop!(
			Settle::exchange(0, 1, &apple(), 100, 10_000),
			pallet_entitlements::Error::<Test>::LineStopped
		);
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root);
		assert_eq!(
			(securities(0), securities(1), cash(0), cash(1)),
			(100, 0, 0, 10_000)
		);
		// And short of cash: the same.
		assert_ok!(Ent::resolve_break(
			RuntimeOrigin::signed(AGENCY),
			Line::Cash(USD),
			b"ok".to_vec()
		));
		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		assert_noop!(
			Settle::exchange(0, 1, &apple(), 100, 10_001),
			pallet_entitlements::Error::<Test>::InsufficientCash
		);
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root);

		// Through a real instruction: the pair is pending CBLO, balances unchanged.
		assert_ok!(Ent::report_cash_balance(RuntimeOrigin::signed(BANK), 1, 8));
		matched_pair(100, 10_000, 0);
		assert_eq!(status(1), Status::Pending(PendingReason::Cblo));
		assert_eq!(
			(securities(0), securities(1), cash(0), cash(1)),
			(100, 0, 0, 10_000)
		);
		// The agency resolves the break: the line reopens and the pair is retried.
		assert_ok!(Ent::resolve_break(
			RuntimeOrigin::signed(AGENCY),
			Line::Cash(USD),
			b"ok".to_vec()
		));
		next_block();
		assert_eq!(status(1), Status::Settled);
		check();
	});
}

#[test]
fn settled_bodies_are_pruned_after_the_retention_and_their_status_stays() {
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 10);
		fund_cash(1, 100);
		matched_pair(10, 100, 0);
		assert_ok!(instruct(SELLER, sell(1, 1, 1, "S2")));
		assert_ok!(Settle::cancel(RuntimeOrigin::signed(SELLER), 2));
		// Two days' retention: still there two days on, gone on the third.
		set_clock(TODAY + 2, 10);
		next_block();
		assert!(Instructions::<Test>::contains_key(0));
		set_clock(TODAY + 3, 10);
		next_block();
		for id in 0..3 {
			assert!(!Instructions::<Test>::contains_key(id));
		}
		assert_eq!(status(0), Status::Settled);
		assert_eq!(
			Outcomes::<Test>::get(2).map(|o| (o.status, o.date)),
			Some((Status::Cancelled(CancelReason::Parties), TODAY))
		);
		assert_eq!(References::<Test>::get(0, r("S1")), Some(1));
		assert_noop!(
			instruct(SELLER, sell(1, 1, 3, "S1")),
			Error::<Test>::DuplicateReference
		);
		assert_eq!(Finished::<Test>::iter().count(), 0);
		check();
	});
}

#[test]
fn fees_accrue_per_participant_and_month_with_the_minimum_due() {
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 1_000);
		fund_cash(1, 1_000_000);
		matched_pair(400, 100_000, 0);
		matched_pair_with(600, 200_000);
		let expected = FeeAccrual {
			trades: 2,
			shares: 1_000,
			accrued: 2 * 22_500 + 1_000 * 225,
		};
		assert_eq!(Fees::<Test>::get(0, 202611), expected);
		assert_eq!(Fees::<Test>::get(1, 202611), expected);
		// $0.27 accrued; the $5,000 minimum is due.
		let statement = |trades, shares, accrued| FeeStatement {
			month: 202611,
			trades,
			shares,
			accrued,
			due: 50_000_000_000,
		};
		assert_eq!(
			Settle::fee_statements(0, Some(202611)),
			vec![statement(2, 1_000, expected.accrued)]
		);
		assert_eq!(
			Settle::fee_statements(2, Some(202611)),
			vec![statement(0, 0, 0)]
		);
		// December's trades go to December.
		fund_securities(0, APPLE, 1);
		set_clock(TODAY + 7, 10);
		next_block();
		assert_ok!(instruct(
			BUYER,
			NewInstruction {
				trade_date: TODAY + 7,
				settlement_date: TODAY + 7,
				..buy(1, 1, 0, "B3")
			}
		));
		assert_ok!(instruct(
			SELLER,
			NewInstruction {
				trade_date: TODAY + 7,
				settlement_date: TODAY + 7,
				..sell(1, 1, 0, "S3")
			}
		));
		assert_eq!(
			Fees::<Test>::get(0, 202612),
			FeeAccrual {
				trades: 1,
				shares: 1,
				accrued: 22_725
			}
		);
		assert_eq!(Fees::<Test>::get(0, 202611), expected);
		check();
	});
}

#[test]
fn months_and_business_dates_follow_the_calendar_and_the_boundary() {
	use crate::{business_date, month_of};
	assert_eq!(month_of(0), 197001);
	assert_eq!(month_of(TODAY), 202611);
	assert_eq!(month_of(TODAY + 7), 202612);
	assert_eq!(month_of(TODAY + 38), 202701);
	assert_eq!(month_of(19_783), 202403); // 2024-03-01, after a leap day
	assert_eq!(month_of(19_782), 202402); // 2024-02-29
	let shift = 2 * HOUR;
	let day = u64::from(TODAY) * 86_400_000;
	assert_eq!(business_date(day + 21 * HOUR, shift), TODAY);
	assert_eq!(business_date(day + 22 * HOUR - 1, shift), TODAY);
	assert_eq!(business_date(day + 22 * HOUR, shift), TODAY + 1);
	assert_eq!(business_date(day - 2 * HOUR - 1, shift), TODAY - 1);
}

#[test]
fn try_state_finds_broken_indices() {
	new_test_ext().execute_with(|| {
		fund_cash(1, 100);
		matched_pair(10, 100, 0);
		check();
		Waiting::<Test>::remove(WaitKey::Securities(0, apple()), qkey(1));
		assert!(Settle::do_try_state().is_err());
	});
	new_test_ext().execute_with(|| {
		assert_ok!(instruct(SELLER, sell(1, 1, 1, "S1")));
		OpenBySecurity::<Test>::remove(apple(), 0);
		assert!(Settle::do_try_state().is_err());
	});
	new_test_ext().execute_with(|| {
		matched_pair(10, 100, 1);
		Queue::<Test>::remove(date_key(TODAY + 1), qkey(1));
		assert!(Settle::do_try_state().is_err());
	});
}

mod properties {
	use super::*;
	use proptest::prelude::*;

	#[derive(Clone, Debug)]
	enum Op {
		Trade {
			seller: u32,
			buyer: u32,
			quantity: u128,
			amount: u128,
			days: u32,
			buyer_first: bool,
		},
		Instruct {
			key: u64,
			counterparty: u32,
			deliver: bool,
			quantity: u128,
			amount: u128,
			days: u32,
		},
		Fund {
			p: u32,
			securities: bool,
			amount: u128,
		},
		Cancel {
			key: u64,
			id: u64,
		},
		Revoke(u32, u32),
		Approve(u32, u32),
		Suspend(u32),
		Reinstate(u32),
		Hours(u64),
	}

	fn op() -> impl Strategy<Value = Op> {
		prop_oneof![
			6 => (0u32..3, 0u32..3, 1u128..5, 1u128..5, 0u32..3, any::<bool>()).prop_map(
				|(seller, buyer, quantity, amount, days, buyer_first)| Op::Trade {
					seller, buyer, quantity: quantity * 10, amount: amount * 100, days, buyer_first
				}
			),
			2 => (10u64..13, 0u32..3, any::<bool>(), 1u128..3, 1u128..3, 0u32..2).prop_map(
				|(key, counterparty, deliver, quantity, amount, days)| Op::Instruct {
					key, counterparty, deliver, quantity: quantity * 10, amount: amount * 100, days
				}
			),
			3 => (0u32..3, any::<bool>(), 1u128..40).prop_map(|(p, securities, amount)| Op::Fund {
				p, securities, amount: if securities { amount * 10 } else { amount * 100 }
			}),
			1 => (10u64..13, 0u64..30).prop_map(|(key, id)| Op::Cancel { key, id }),
			1 => (0u32..3, 0u32..3).prop_map(|(a, b)| Op::Revoke(a, b)),
			1 => (0u32..3, 0u32..3).prop_map(|(a, b)| Op::Approve(a, b)),
			1 => (0u32..3, 0u32..3).prop_map(|(a, b)| Op::Approve(a, b)),
			1 => (0u32..3).prop_map(Op::Suspend),
			1 => (0u32..3).prop_map(Op::Reinstate),
			3 => (1u64..30).prop_map(Op::Hours),
		]
	}

	fn totals() -> (u128, u128) {
		let mut s = 0;
		let mut c = 0;
		for p in 0..3 {
			s += Ent::security_balance(p, &apple()).free + Ent::security_balance(p, &apple()).held;
			c += Ent::cash_balance(p, &USD).free + Ent::cash_balance(p, &USD).held;
		}
		(s, c)
	}

	proptest! {
		#![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]
		#[test]
		fn random_instruction_streams_keep_the_ledger_whole(ops in prop::collection::vec(op(), 10..80)) {
			new_test_ext().execute_with(|| {
				approve(0, 2);
				let mut now = u64::from(TODAY) * 86_400_000 + 9 * HOUR;
				set_now(now);
				// Some of everything to start with, so that trades settle, pend and fail.
				for p in 0..3 {
					fund_securities(p, APPLE, 50);
					fund_cash(p, 500);
				}
				let mut deposited = (150u128, 1_500u128);
				let mut reference = 0u32;
				let mut settled = std::collections::BTreeSet::new();
				for op in ops {
					match op {
						Op::Trade { seller, buyer, quantity, amount, days, buyer_first } => {
							reference += 1;
							let today = Settle::today().unwrap();
							let one = |side, counterparty, r: &str| NewInstruction {
								side,
								counterparty,
								cusip: APPLE,
								quantity,
								amount,
								trade_date: today,
								settlement_date: today + days,
								reference: r.as_bytes().to_vec(),
							};
							let sell = one(Side::Deliver, buyer, &format!("T{reference}"));
							let buy = one(Side::Receive, seller, &format!("T{reference}"));
							let (s_key, b_key) = (10 + u64::from(seller), 10 + u64::from(buyer));
							let results = if buyer_first {
								[instruct(b_key, buy), instruct(s_key, sell)]
							} else {
								[instruct(s_key, sell), instruct(b_key, buy)]
							};
							// Refusals are expected (unapproved, suspended); they change nothing.
							let _ = results;
						},
						Op::Instruct { key, counterparty, deliver, quantity, amount, days } => {
							reference += 1;
							let today = Settle::today().unwrap();
							let new = NewInstruction {
								side: if deliver { Side::Deliver } else { Side::Receive },
								counterparty,
								cusip: APPLE,
								quantity,
								amount,
								trade_date: today,
								settlement_date: today + days,
								reference: format!("R{reference}").into_bytes(),
							};
							let _ = instruct(key, new);
						},
						Op::Fund { p, securities, amount } => {
							// A suspended participant's deposits are refused.
							reference += 1;
							let r = format!("F{reference}").into_bytes();
							if securities {
								let dtc = pssc_test_support::dtc_number_of(p);
								if Ent::confirm_deposit(RuntimeOrigin::signed(GATEWAY), p, dtc, APPLE, amount, r).is_ok() {
									deposited.0 += amount;
								}
							} else if Ent::confirm_cash_deposit(RuntimeOrigin::signed(BANK), p, amount, r).is_ok() {
								deposited.1 += amount;
							}
						},
						Op::Cancel { key, id } => { let _ = Settle::cancel(RuntimeOrigin::signed(key), id); },
						Op::Revoke(a, b) => revoke(a, b),
						Op::Approve(a, b) => if a != b { approve(a, b) },
						Op::Suspend(p) => suspend(p),
						Op::Reinstate(p) => reinstate(p),
						Op::Hours(h) => { now += h * HOUR; set_now(now); next_block(); },
					}
					// Conservation, per security and for cash; nothing below zero (u128, and
					// the ledger's own invariants); the indices are whole.
					prop_assert_eq!(totals(), deposited);
					check();
					for e in events() {
						if let Event::Settled { instruction, seller, buyer, .. } = e {
							// No instruction settles twice.
							prop_assert!(settled.insert(instruction.id));
							prop_assert!(settled.insert(instruction.counterpart.unwrap()));
							// Only mutually approved, active pairs settle.
							prop_assert!(<MockRegistry as pssc_primitives::traits::ParticipantRegistry<u64>>::are_mutually_approved(seller, buyer));
						}
					}
				}
				// Every settled instruction was reported settled exactly once.
				let stored = Instructions::<Test>::iter().filter(|(_, i)| i.status == Status::Settled).count()
					+ Outcomes::<Test>::iter().filter(|(_, o)| o.status == Status::Settled).count();
				prop_assert_eq!(stored, settled.len());
				// PSSC_PROP_STATS=1 shows how many trades each case settled.
				if std::env::var("PSSC_PROP_STATS").is_ok() {
					eprintln!("settled {}", settled.len() / 2);
				}
				Ok(())
			})?;
		}
	}
}

#[test]
fn exhausted_ids_and_broken_pairs_are_refused_not_panicked() {
	new_test_ext().execute_with(|| {
		crate::NextInstructionId::<Test>::put(u64::MAX);
		assert_noop!(
			instruct(SELLER, sell(1, 1, 1, "S1")),
			Error::<Test>::Overflow
		);
	});
	new_test_ext().execute_with(|| {
		matched_pair(10, 100, 1);
		// A counterpart body missing (which try-state reports) refuses, and changes nothing.
		Instructions::<Test>::remove(0);
		assert_noop!(
			Settle::cancel(RuntimeOrigin::signed(SELLER), 1),
			Error::<Test>::Inconsistent
		);
		assert_noop!(
			Settle::cancel_by_agency(RuntimeOrigin::signed(AGENCY), 1, b"x".to_vec()),
			Error::<Test>::Inconsistent
		);
		assert!(Settle::do_try_state().is_err());
	});
}

#[test]
fn the_pilot_counters_of_past_days_are_pruned() {
	new_test_ext().execute_with(|| {
		matched_pair(10, 100, 1);
		assert_eq!(PairTrades::<Test>::get(date_key(TODAY), (0, 1)), 1);
		// Later the same business day (22:00 UTC is the next one), they stay.
		set_clock(TODAY, 21);
		next_block();
		assert_eq!(PairTrades::<Test>::get(date_key(TODAY), (0, 1)), 1);
		assert_eq!(
			PairShares::<Test>::get(date_key(TODAY), (0, 1, apple())),
			10
		);
		set_clock(TODAY, 22);
		next_block();
		assert_eq!(PairTrades::<Test>::iter().count(), 0);
		assert_eq!(PairShares::<Test>::iter().count(), 0);
		// The horizon is five days: trade date TODAY may be used until TODAY + 5.
		set_clock(TODAY + 6, 10);
		assert_noop!(
			instruct(
				SELLER,
				NewInstruction {
					trade_date: TODAY,
					settlement_date: TODAY + 6,
					..sell(1, 1, 0, "S9")
				}
			),
			Error::<Test>::TradeDateTooOld
		);
		check();
	});
}

#[test]
fn a_pair_blocked_by_a_securities_break_settles_when_the_agency_resolves_it() {
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 10);
		fund_cash(1, 100);
		// DTC reports a position the ledger does not have: the Apple line stops.
		assert_ok!(Ent::report_custody_position(
			RuntimeOrigin::signed(GATEWAY),
			APPLE,
			9,
			1
		));
		events();
		matched_pair(10, 100, 0);
		let sblo = Status::Pending(PendingReason::Sblo);
		assert_eq!((status(0), status(1)), (sblo, sblo));
		assert_eq!(
			events().last(),
			Some(&Event::SettlementPending {
				instruction: refs(1, 0, "S1", Some((0, "B1"))),
				status: Code::PEND,
				reason: Code::SBLO,
			})
		);
		let line = WaitKey::Line(Line::Security(apple()));
		assert!(Waiting::<Test>::contains_key(line, qkey(1)));
		assert_eq!((securities(0), cash(1)), (10, 100));
		// Blocks pass, nothing moves; the agency resolves the break and the pair is retried.
		next_block();
		assert_eq!(status(1), sblo);
		assert_ok!(Ent::resolve_break(
			RuntimeOrigin::signed(AGENCY),
			Line::Security(apple()),
			b"DTC corrected".to_vec()
		));
		assert!(Retry::<Test>::contains_key(line));
		next_block();
		assert_eq!(status(1), Status::Settled);
		assert_eq!((securities(1), cash(0)), (10, 100));
		check();
	});
}

#[test]
fn a_retry_that_runs_out_of_budget_goes_on_from_where_it_stopped() {
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 30);
		// Three same-day pairs, all short of cash (MONY), waiting in matching order.
		for (n, amount) in [(1u32, 100u128), (2, 500), (3, 300)] {
			assert_ok!(instruct(BUYER, buy(10, amount, 0, &format!("B{n}"))));
			assert_ok!(instruct(SELLER, sell(10, amount, 0, &format!("S{n}"))));
		}
		let mony = Status::Pending(PendingReason::Mony);
		assert_eq!((status(1), status(3), status(5)), (mony, mony, mony));
		// Enough cash for the first and the third only. The budget covers the four probes of
		// a block (clock, queue, sweeps, retries) and one settlement.
		fund_cash(1, 400);
		set_budget(one_sweep_item());
		next_block();
		assert_eq!(status(1), Status::Settled);
		assert_eq!(
			Retry::<Test>::get(WaitKey::Cash(1, USD)),
			Some(Some(qkey(1)))
		);
		next_block();
		// The second is short (300 left for 500): it stays pending, the cursor moves past it.
		assert_eq!(status(3), mony);
		assert_eq!(
			Retry::<Test>::get(WaitKey::Cash(1, USD)),
			Some(Some(qkey(3)))
		);
		next_block();
		assert_eq!(status(5), Status::Settled);
		next_block();
		assert!(!Retry::<Test>::contains_key(WaitKey::Cash(1, USD)));
		assert_eq!((cash(0), cash(1)), (400, 0));
		check();
	});
}

#[test]
fn a_credit_during_a_retry_lets_it_reach_the_end_then_runs_it_again_from_the_first() {
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 30);
		// Three same-day pairs short of cash (MONY): two the buyer cannot pay, then a small one.
		for (n, amount) in [(1u32, 500u128), (2, 500), (3, 100)] {
			assert_ok!(instruct(BUYER, buy(10, amount, 0, &format!("B{n}"))));
			assert_ok!(instruct(SELLER, sell(10, amount, 0, &format!("S{n}"))));
		}
		let mony = Status::Pending(PendingReason::Mony);
		let key = WaitKey::Cash(1, USD);
		fund_cash(1, 100);
		assert_eq!(Retry::<Test>::get(key), Some(None));
		// One settlement attempt per block.
		set_budget(one_sweep_item());
		events();
		next_block();
		assert_eq!(status(1), mony);
		assert_eq!(Retry::<Test>::get(key), Some(Some(qkey(1))));
		// A cent arrives in every block. The retry goes on from where it got to instead of
		// trying the first pair again, and the line is marked to run once more.
		for (block, cursor) in [(2, 3), (3, 5)] {
			fund_cash(1, 1);
			assert_eq!(RetryAgain::<Test>::get(key), Some(()));
			next_block();
			assert_eq!(
				Retry::<Test>::get(key),
				Some(Some(qkey(cursor))),
				"block {block}"
			);
			check();
		}
		assert_eq!(
			(status(1), status(3), status(5)),
			(mony, mony, Status::Settled)
		);
		assert!(matches!(
			events().as_slice(),
			[Event::Settled { instruction, amount: 100, .. }] if instruction.id == 5
		));
		assert_eq!((cash(0), cash(1)), (100, 2));
		// At the end of the list, the credits that came during the pass send it to the first.
		next_block();
		assert_eq!(Retry::<Test>::get(key), Some(None));
		assert_eq!(RetryAgain::<Test>::get(key), None);
		next_block();
		assert_eq!(Retry::<Test>::get(key), Some(Some(qkey(1))));
		assert_eq!((status(1), status(3)), (mony, mony));
		assert_eq!(events(), vec![]);
		// With no credit during the next pass, it ends there.
		next_block();
		next_block();
		assert_eq!(Retry::<Test>::get(key), None);
		assert_eq!(RetryAgain::<Test>::get(key), None);
		check();
	});
}

/// The instruction `id` in full, as the runtime API shows it.
fn details(id: u64) -> pssc_primitives::api::InstructionDetails {
	match Settle::instruction_record(id) {
		Some(InstructionRecord::Live(details)) => details,
		other => panic!("instruction {id} is not live: {other:?}"),
	}
}

fn change(block: u32, code: Code, reason: Option<Code>) -> StatusChange {
	StatusChange {
		block,
		code,
		reason,
	}
}

#[test]
fn every_status_change_is_recorded_with_its_block() {
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 100);
		matched_pair(100, 150_000, 0);
		// The buyer is short of cash: MONY in its own history, CMON in the seller's.
		assert_eq!(
			details(0).history,
			vec![
				change(1, Code::PACK, None),
				change(1, Code::NMAT, Some(Code::CMIS)),
				change(1, Code::MACH, None),
				change(1, Code::PEND, Some(Code::MONY)),
			]
		);
		// The wire arrives in block 2; the retry settles the pair in block 3.
		next_block();
		fund_cash(1, 150_000);
		next_block();
		assert_eq!(status(0), Status::Settled);
		let seller = details(1);
		assert_eq!(
			seller.history,
			vec![
				change(1, Code::PACK, None),
				change(1, Code::MACH, None),
				change(1, Code::PEND, Some(Code::CMON)),
				change(3, Code::SETT, None),
			]
		);
		assert_eq!(
			(seller.participant, seller.side, seller.counterpart),
			(0, Side::Deliver, Some(0))
		);
		assert_eq!(seller.reference, b"S1".to_vec());
		assert_eq!(
			details(0).history.last(),
			Some(&change(3, Code::SETT, None))
		);

		// A one-sided cancellation request is recorded as CANP, then the cancellation.
		assert_ok!(instruct(BUYER, buy(1, 10, 1, "B2")));
		assert_ok!(instruct(SELLER, sell(1, 10, 1, "S2")));
		assert_ok!(Settle::cancel(RuntimeOrigin::signed(BUYER), 2));
		assert_ok!(Settle::cancel(RuntimeOrigin::signed(SELLER), 3));
		assert_eq!(
			details(2).history,
			vec![
				change(3, Code::PACK, None),
				change(3, Code::NMAT, Some(Code::CMIS)),
				change(3, Code::MACH, None),
				change(3, Code::CANP, None),
				change(3, Code::CAND, Some(Code::CANI)),
			]
		);
		assert_eq!(Settle::instruction_record(99), None);
		check();
	});
}

#[test]
fn a_full_history_keeps_acceptance_and_the_latest_changes() {
	new_test_ext().execute_with(|| {
		assert_ok!(instruct(BUYER, buy(1, 10, 0, "B1")));
		let mut instruction = Instructions::<Test>::get(0).unwrap();
		for block in 2..40u32 {
			instruction.record(Code::PEND, Some(Code::LACK), block);
		}
		let history = instruction.history.into_inner();
		assert_eq!(
			history.len(),
			pssc_primitives::settlement::MAX_HISTORY as usize
		);
		assert_eq!(history[0], change(1, Code::PACK, None));
		assert_eq!(history[1].block, 29);
		assert_eq!(
			history.last(),
			Some(&change(39, Code::PEND, Some(Code::LACK)))
		);
	});
}

#[test]
fn a_pruned_instruction_keeps_its_outcome_in_the_record() {
	new_test_ext().execute_with(|| {
		assert_ok!(instruct(BUYER, buy(1, 10, 0, "B1")));
		assert_ok!(Settle::cancel(RuntimeOrigin::signed(BUYER), 0));
		set_clock(TODAY + 40, 14);
		next_block();
		assert_eq!(
			Settle::instruction_record(0),
			Some(InstructionRecord::Pruned {
				status: Status::Cancelled(CancelReason::Parties),
				date: TODAY,
			})
		);
		assert_eq!(Settle::why_pending(0), None);
	});
}

#[test]
fn why_pending_names_every_obstacle_and_changes_nothing() {
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 60);
		fund_cash(1, 100);
		matched_pair(100, 150_000, 0);
		assert_eq!(status(0), Status::Pending(PendingReason::Lack));
		let lacks = vec![
			Obstacle::LacksSecurities {
				participant: 0,
				needed: 100,
				free: 60,
				short: 40,
			},
			Obstacle::LacksCash {
				participant: 1,
				needed: 150_000,
				free: 100,
				short: 149_900,
			},
		];
		assert_eq!(Settle::why_pending(0), Some(lacks.clone()));
		assert_eq!(Settle::why_pending(1), Some(lacks.clone()));

		// Everything else that can stand in the way, at once.
		let chilled = DtcRestrictions {
			delivery_chill: true,
			..Default::default()
		};
		set_security(APPLE, false, chilled);
		suspend(1);
		revoke(1, 0);
		assert_ok!(Ent::report_custody_position(
			RuntimeOrigin::signed(GATEWAY),
			APPLE,
			1,
			0
		));
		assert_ok!(Ent::report_cash_balance(RuntimeOrigin::signed(BANK), 1, 0));
		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		let mut all = vec![
			Obstacle::CounterpartyNotApproved {
				by: 1,
				counterparty: 0,
			},
			Obstacle::ParticipantNotActive(1),
			Obstacle::SecurityNotEligible,
			Obstacle::DeliveriesChilled,
			Obstacle::SecuritiesLineStopped,
			Obstacle::CashLineStopped,
		];
		all.extend(lacks);
		assert_eq!(Settle::why_pending(0), Some(all));
		assert_eq!(
			sp_io::storage::root(sp_runtime::StateVersion::V1),
			root,
			"a dry run writes nothing"
		);
	});
}

#[test]
fn why_pending_explains_unmatched_not_yet_due_and_final_instructions() {
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 100);
		fund_cash(1, 150_000);
		assert_ok!(instruct(BUYER, buy(100, 150_000, 1, "B1")));
		assert_eq!(Settle::why_pending(0), Some(vec![Obstacle::Unmatched]));
		assert_ok!(instruct(SELLER, sell(100, 150_000, 1, "S1")));
		assert_eq!(
			Settle::why_pending(0),
			Some(vec![Obstacle::NotDue {
				settlement_date: TODAY + 1
			}])
		);
		// The next day it is due, funded and settles.
		set_clock(TODAY + 1, 14);
		assert_eq!(Settle::why_pending(0), Some(vec![]));
		next_block();
		assert_eq!(
			Settle::why_pending(0),
			Some(vec![Obstacle::Final(Status::Settled)])
		);
		assert_eq!(Settle::why_pending(7), None);
	});
}

#[test]
fn check_instruction_lists_every_refusal_and_the_call_reports_the_first() {
	new_test_ext().execute_with(|| {
		let bad = NewInstruction {
			side: Side::Deliver,
			counterparty: 2,
			cusip: APPLE,
			quantity: 0,
			amount: 0,
			trade_date: TODAY + 1,
			settlement_date: TODAY,
			reference: b"S1".to_vec(),
		};
		let errors: Vec<DispatchError> = vec![
			Error::<Test>::ZeroQuantity.into(),
			Error::<Test>::ZeroAmount.into(),
			Error::<Test>::CounterpartyNotApproved.into(),
			Error::<Test>::TradeDateInFuture.into(),
			Error::<Test>::SettlementBeforeTrade.into(),
		];
		assert_eq!(Settle::check_instruction(0, bad.clone()), errors);
		assert_noop!(instruct(SELLER, bad), Error::<Test>::ZeroQuantity);

		// An unknown CUSIP and an empty reference: the checks that need them are skipped.
		let unreadable = NewInstruction {
			cusip: *b"037833101",
			reference: vec![],
			..sell(1, 1, 0, "")
		};
		assert_eq!(
			Settle::check_instruction(0, unreadable),
			vec![
				DispatchError::from(Error::<Test>::InvalidCusip),
				Error::<Test>::InvalidReference.into(),
			]
		);
		assert_eq!(Settle::check_instruction(0, sell(1, 1, 0, "S1")), vec![]);

		// The pilot's limits apply to a side that opens a trade, not to one that matches.
		assert_ok!(Settle::set_parameters(
			RuntimeOrigin::signed(AGENCY),
			Parameters {
				max_trades_per_pair_per_day: 1,
				..Default::default()
			}
		));
		assert_ok!(instruct(BUYER, buy(5, 50, 0, "B1")));
		assert_eq!(
			Settle::check_instruction(0, sell(6, 60, 0, "S1")),
			vec![DispatchError::from(Error::<Test>::PairTradeLimitExceeded)]
		);
		assert_eq!(Settle::check_instruction(0, sell(5, 50, 0, "S1")), vec![]);
		assert_noop!(
			instruct(SELLER, sell(6, 60, 0, "S1")),
			Error::<Test>::PairTradeLimitExceeded
		);
		assert_eq!(
			Settle::check_instruction(1, buy(5, 50, 0, "B1")),
			vec![
				DispatchError::from(Error::<Test>::DuplicateReference),
				Error::<Test>::PairTradeLimitExceeded.into(),
			]
		);

		// Before the clock is set there is no business date.
		set_now(0);
		assert_eq!(
			Settle::check_instruction(0, sell(5, 50, 0, "S1")),
			vec![DispatchError::from(Error::<Test>::NoBusinessDate)]
		);
	});
}

#[test]
fn a_participants_instructions_are_listed_by_status_in_pages() {
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 100);
		fund_cash(1, 150_000);
		matched_pair(100, 150_000, 0);
		for (n, reference) in ["B2", "B3", "B4"].into_iter().enumerate() {
			assert_ok!(instruct(BUYER, buy(1 + n as u128, 10, 1, reference)));
		}
		let ids = |page: &InstructionPage| {
			let mut ids: Vec<u64> = page.items.iter().map(|i| i.id).collect();
			ids.sort();
			ids
		};
		let list = |p, filter, after, limit| Settle::instructions_of(p, filter, after, limit);

		let all_open = list(1, StatusFilter::Open, None, 10);
		assert_eq!((ids(&all_open), all_open.next), (vec![2, 3, 4], None));
		let first = list(1, StatusFilter::Open, None, 2);
		assert_eq!(first.items.len(), 2);
		assert!(first.next.is_some());
		let second = list(1, StatusFilter::Open, first.next, 2);
		assert_eq!(second.next, None);
		let mut both: Vec<u64> = ids(&first).into_iter().chain(ids(&second)).collect();
		both.sort();
		assert_eq!(both, vec![2, 3, 4]);

		let settled = list(1, StatusFilter::Code(Code::SETT), None, 10);
		assert_eq!((ids(&settled), settled.next), (vec![0], None));
		assert_eq!(
			ids(&list(0, StatusFilter::Code(Code::SETT), None, 10)),
			vec![1]
		);
		assert_eq!(
			ids(&list(1, StatusFilter::Code(Code::NMAT), None, 10)),
			vec![2, 3, 4]
		);
		assert_eq!(
			ids(&list(0, StatusFilter::Open, None, 10)),
			Vec::<u64>::new()
		);
		assert_eq!(
			ids(&list(1, StatusFilter::Code(Code::MACH), None, 10)),
			Vec::<u64>::new()
		);

		// Everything of participant 1, one at a time through the cursor.
		let (mut seen, mut after) = (Vec::new(), None);
		for _ in 0..10 {
			let page = list(1, StatusFilter::All, after, 1);
			seen.extend(ids(&page));
			after = page.next;
			if after.is_none() {
				break;
			}
		}
		seen.sort();
		assert_eq!(seen, vec![0, 2, 3, 4]);
		// A zero limit still returns a page of one.
		assert_eq!(list(1, StatusFilter::Open, None, 0).items.len(), 1);
	});
}

#[test]
fn block_activity_and_open_instructions_count_what_the_metrics_show() {
	new_test_ext().execute_with(|| {
		// The first sale settles, the second is short (LACK); one more instruction waits for
		// its counterpart, and one settlement call is counted as refused.
		two_sales_of_the_same_shares();
		assert_ok!(instruct(BUYER, buy(5, 500, 1, "B2")));
		let all = events();
		let activity = Settle::block_activity(all.iter(), 1);
		assert_eq!(
			activity,
			pssc_primitives::api::BlockActivity {
				received: 5,
				rejected: 1,
				matched: 2,
				settled: 1,
				cancelled: 0,
				pending: vec![(Code::PEND, Code::LACK, 1)],
			}
		);
		let open = Settle::open_instructions(100);
		assert!(open.complete);
		// Each side of the pair short of shares counts with its own view: LACK for the
		// seller, CLAC for the buyer.
		assert_eq!(open.counts.len(), 3, "{:?}", open.counts);
		assert!(open.counts.contains(&(Code::NMAT, Some(Code::CMIS), 1)));
		assert!(open.counts.contains(&(Code::PEND, Some(Code::LACK), 1)));
		assert!(open.counts.contains(&(Code::PEND, Some(Code::CLAC), 1)));
		// A bound below the open instructions stops the count and says so.
		let partial = Settle::open_instructions(2);
		assert!(!partial.complete);
		assert_eq!(partial.counts.iter().map(|(_, _, n)| n).sum::<u32>(), 2);
		check();
	});
}

#[test]
fn pruning_100_000_items_spreads_over_blocks_each_within_its_weight() {
	use frame_support::traits::Hooks;
	new_test_ext().execute_with(|| {
		fund_securities(0, APPLE, 10);
		fund_cash(1, 100);
		matched_pair(10, 100, 0);
		let body = Instructions::<Test>::get(0).expect("a settled body");
		// 100,000 bodies finished on one old day, and a pilot counter for each of 1,000 pairs.
		const ITEMS: u64 = 100_000;
		let old = date_key(TODAY - 3);
		for id in 1_000..1_000 + ITEMS {
			Instructions::<Test>::insert(id, body.clone());
			Finished::<Test>::insert(old, id, ());
		}
		for n in 0..1_000u32 {
			PairTrades::<Test>::insert(date_key(TODAY - 6), (n, n + 1), 1u32);
		}
		// A block's idle weight for 2,000 items, each looked at and pruned.
		let per_item = W::scheduler_read().saturating_add(Settlement::prune_item());
		let limit = per_item.saturating_mul(2_000);
		let mut blocks = 0;
		let stale = date_key(TODAY - 6);
		// Today's settled pair stays: only the old items go.
		while Finished::<Test>::iter_prefix(old).next().is_some()
			|| PairTrades::<Test>::iter_prefix(stale).next().is_some()
		{
			blocks += 1;
			assert!(
				blocks <= 60,
				"pruning does not progress: {} finished, {} counters left",
				Finished::<Test>::iter_prefix(old).count(),
				PairTrades::<Test>::iter_prefix(stale).count()
			);
			let used = Settle::on_idle(System::block_number(), limit);
			assert!(
				used.all_lte(limit),
				"block {blocks}: {used:?} over {limit:?}"
			);
			assert!(used.ref_time() > 0);
		}
		// About 2,000 items a block: 51 blocks for 101,000 items, none over its limit.
		assert!((50..=53).contains(&blocks), "{blocks} blocks");
		assert_eq!(Outcomes::<Test>::iter().count() as u64, ITEMS);
		assert!(Instructions::<Test>::iter_keys().all(|id| id < 1_000));
		assert_eq!(
			Outcomes::<Test>::get(1_000).map(|o| (o.status, o.date)),
			Some((Status::Settled, TODAY - 3))
		);
	});
}

#[test]
fn the_upgrades_to_storage_versions_1_and_2_date_unmatched_sides_bound_sweeps_and_say_which_began()
{
	use codec::Encode;
	use frame_support::{
		assert_storage_noop,
		storage::unhashed,
		traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	};
	new_test_ext().execute_with(|| {
		// Spec 111's layout: the waiting ids alone, and a sweep's cursor alone.
		assert_ok!(instruct(
			SELLER,
			NewInstruction {
				trade_date: TODAY - 1,
				..sell(1, 1, 1, "S1")
			}
		));
		let key = Instructions::<Test>::get(0).unwrap().match_key();
		unhashed::put(&Unmatched::<Test>::hashed_key_for(key), &vec![0u64]);
		let revoked = crate::Sweep::Revoked(0, 2);
		let suspended = crate::Sweep::Suspended(2);
		unhashed::put(&Sweeps::<Test>::hashed_key_for(revoked), &Some(0u64));
		unhashed::put_raw(
			&Sweeps::<Test>::hashed_key_for(suspended),
			&None::<u64>.encode(),
		);
		StorageVersion::new(0).put::<Settle>();
		assert_eq!(
			Settle::do_try_state(),
			Err("an unmatched instruction is not in the matching index".into())
		);
		let weight =
			crate::migrations::v1::DatedUnmatchedAndBoundedSweeps::<Test>::on_runtime_upgrade();
		// Counted under its trade date before, it keeps that day.
		assert_eq!(
			Unmatched::<Test>::get(key).into_inner(),
			vec![UnmatchedSide {
				id: 0,
				submitted_on: TODAY - 1
			}]
		);
		use crate::migrations::{v1, v2};
		assert_eq!(
			v1::Sweeps::<Test>::get(revoked),
			Some(v1::SweepState {
				cursor: Some(0),
				before: 1
			})
		);
		assert_eq!(
			v1::Sweeps::<Test>::get(suspended),
			Some(v1::SweepState {
				cursor: None,
				before: 1
			})
		);
		assert_eq!(Settle::on_chain_storage_version(), StorageVersion::new(1));
		assert!(weight.ref_time() > 0);
		// Version 2: a sweep with a cursor has begun, one without has not.
		let weight = v2::SweepsSayWhetherTheyBegan::<Test>::on_runtime_upgrade();
		assert_eq!(
			Sweeps::<Test>::get(revoked),
			Some(SweepState {
				cursor: Some(0),
				before: 1,
				begun: true
			})
		);
		assert_eq!(
			Sweeps::<Test>::get(suspended),
			Some(SweepState {
				cursor: None,
				before: 1,
				begun: false
			})
		);
		assert_eq!(Settle::on_chain_storage_version(), StorageVersion::new(2));
		// The two sweeps read and written, and the storage version.
		assert_eq!(
			weight,
			<Test as frame_system::Config>::DbWeight::get().reads_writes(3, 3)
		);
		Settle::do_try_state().expect("invariants");
		// Run again, they do nothing.
		assert_storage_noop!(v1::DatedUnmatchedAndBoundedSweeps::<Test>::on_runtime_upgrade());
		assert_storage_noop!(v2::SweepsSayWhetherTheyBegan::<Test>::on_runtime_upgrade());
	});
}

#[test]
fn a_refused_line_carries_isos_rejection_reason_where_one_fits() {
	new_test_ext().execute_with(|| {
		// Participant 2 is active but not approved by 0.
		assert_ok!(instruct(SELLER, sell(1, 1, 1, "S0")));
		events();
		let lines = vec![
			sell(1, 2, 1, "S0"),
			side(Side::Deliver, 2, 1, 3, 1, "S1"),
			NewInstruction {
				cusip: *b"38259P508",
				..sell(1, 4, 1, "S2")
			},
			NewInstruction {
				trade_date: TODAY - 2,
				settlement_date: TODAY - 1,
				..sell(1, 5, 1, "S3")
			},
		];
		assert_ok!(Settle::instruct_batch(RuntimeOrigin::signed(SELLER), lines));
		let reasons: Vec<_> = events()
			.into_iter()
			.map(|e| match e {
				Event::Rejected {
					error,
					status: Code::REJT,
					reason,
					..
				} => (error, reason),
				other => panic!("only refusals: {other:?}"),
			})
			.collect();
		assert_eq!(
			reasons,
			vec![
				(Error::<Test>::DuplicateReference.into(), Some(Code::REFE)),
				(
					Error::<Test>::CounterpartyNotApproved.into(),
					Some(Code::NCRR)
				),
				(Error::<Test>::SecurityNotEligible.into(), Some(Code::DSEC)),
				(Error::<Test>::SettlementDateInPast.into(), None),
			]
		);
		// Nothing was stored for them.
		assert_eq!(Instructions::<Test>::iter().count(), 1);
		assert_eq!(
			pssc_primitives::settlement::rejection_reason("InvalidCusip"),
			Some(Code::DSEC)
		);
		check();
	});
}
