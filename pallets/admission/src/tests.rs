//! Tests of admission: roles, the call policy, lanes, quotas, pool depth and the board's
//! quotas.

use crate::{
	mock::*, refusal, Allowance, BoundedNonce, CheckAdmission, Error, Event, Lane, Quota, Quotas,
	SignerUsage, Usage,
};
use frame_support::{
	assert_noop, assert_ok, assert_storage_noop,
	dispatch::{DispatchInfo, PostDispatchInfo},
	pallet_prelude::{TransactionSource, Weight},
};
use pssc_primitives::traits::Role;
use sp_runtime::{
	traits::{DispatchTransaction, TransactionExtension, TxBaseImplication},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	DispatchError,
};

/// One day in milliseconds.
const DAY: u64 = 86_400_000;

fn remark() -> RuntimeCall {
	frame_system::Call::remark { remark: vec![] }.into()
}

/// An instruction file that commits the chain to no later work.
fn file() -> RuntimeCall {
	frame_system::Call::remark_with_event { remark: vec![] }.into()
}

/// An instruction file that commits the chain to `bytes` × 100 µs of later work.
fn committing_file(bytes: usize) -> RuntimeCall {
	frame_system::Call::remark_with_event {
		remark: vec![0; bytes],
	}
	.into()
}

fn set_quota_call() -> RuntimeCall {
	crate::Call::set_quota {
		role: Role::DtcGateway,
		quota: quota(1, 1, 1),
	}
	.into()
}

/// A call nobody may sign in the mock.
fn unlisted() -> RuntimeCall {
	frame_system::Call::set_heap_pages { pages: 1 }.into()
}

/// Dispatch information of a call declared at `ref_time` picoseconds.
fn weighing(ref_time: u64) -> DispatchInfo {
	DispatchInfo {
		call_weight: Weight::from_parts(ref_time, 0),
		..Default::default()
	}
}

/// Run `call` signed by `who`, declared at `ref_time`, through [`CheckAdmission`] as a block
/// applies it; the dispatch uses `used` of it (all of it if `None`).
fn apply(
	who: u64,
	call: RuntimeCall,
	ref_time: u64,
	used: Option<u64>,
) -> Result<(), TransactionValidityError> {
	let info = weighing(ref_time);
	CheckAdmission::<Test>::new()
		.test_run(RuntimeOrigin::signed(who), &call, &info, 0, 0, |_| {
			Ok(PostDispatchInfo {
				actual_weight: used.map(|u| Weight::from_parts(u, 0)),
				pays_fee: Default::default(),
			})
		})
		.map(|r| assert!(r.is_ok(), "the dispatch runs"))
}

/// Validate `call` signed by `who`, declared at `ref_time`, through [`CheckAdmission`] as the
/// pool does; the priority it gives.
fn in_pool(who: u64, call: RuntimeCall, ref_time: u64) -> Result<u64, TransactionValidityError> {
	CheckAdmission::<Test>::new()
		.validate_only(
			RuntimeOrigin::signed(who),
			&call,
			&weighing(ref_time),
			0,
			TransactionSource::External,
			0,
		)
		.map(|(valid, _, _)| valid.priority)
}

/// What `who` is recorded to have used.
fn usage(who: u64) -> Option<Usage> {
	SignerUsage::<Test>::get(who)
}

/// `n` transactions and `ref_time` picoseconds, in a block or a day.
fn used(n: u32, ref_time: u64) -> Allowance {
	Allowance {
		transactions: n,
		weight: Weight::from_parts(ref_time, 0),
	}
}

fn refused(code: u8) -> TransactionValidityError {
	InvalidTransaction::Custom(code).into()
}

fn today() -> u32 {
	(NOON / DAY) as u32
}

#[test]
fn a_stranger_is_refused_as_a_bad_signer_and_nothing_is_counted() {
	new_test_ext().execute_with(|| {
		assert_storage_noop!(assert_eq!(
			apply(STRANGER, remark(), 1_000, None),
			Err(InvalidTransaction::BadSigner.into())
		));
		assert_eq!(usage(STRANGER), None);
		Admission::do_try_state().expect("invariants");
	});
}

#[test]
fn a_suspended_participants_key_is_refused_before_dispatch() {
	new_test_ext().execute_with(|| {
		let mut dispatched = false;
		let info = weighing(1_000);
		for call in [remark(), file(), unlisted()] {
			assert_storage_noop!(assert_eq!(
				CheckAdmission::<Test>::new()
					.test_run(RuntimeOrigin::signed(SUSPENDED), &call, &info, 0, 0, |_| {
						dispatched = true;
						Ok(().into())
					})
					.map(|_| ()),
				Err(refused(refusal::PARTICIPANT_SUSPENDED))
			));
		}
		assert!(!dispatched, "nothing was dispatched");
		// The pool refuses it the same way.
		assert_eq!(
			in_pool(SUSPENDED, remark(), 1_000).map(|_| ()),
			Err(refused(refusal::PARTICIPANT_SUSPENDED))
		);
		assert_eq!(usage(SUSPENDED), None);
		Admission::do_try_state().expect("invariants");
	});
}

#[test]
fn each_role_may_sign_only_the_calls_the_policy_gives_it() {
	new_test_ext().execute_with(|| {
		let not_permitted = Err(refused(refusal::CALL_NOT_PERMITTED));
		for (who, call) in [
			(BANK, remark()),
			(BANK, set_quota_call()),
			(OPERATOR, set_quota_call()),
			(ADMIN, remark()),
			(BOARD, remark()),
			(BOARD, file()),
			(OPERATOR, unlisted()),
			(BOARD, unlisted()),
		] {
			assert_storage_noop!(assert_eq!(apply(who, call, 1_000, None), not_permitted));
		}
		assert_eq!(usage(BANK), None);
		assert_eq!(usage(BOARD), None);
		for (who, call) in [
			(OPERATOR, remark()),
			(OPERATOR, file()),
			(ADMIN, file()),
			(BOARD, set_quota_call()),
			(BOARD_OPERATOR, remark()),
			(BOARD_OPERATOR, set_quota_call()),
		] {
			assert_eq!(apply(who, call, 1_000, None), Ok(()));
		}
		assert_eq!(usage(OPERATOR).map(|u| u.in_block), Some(used(2, 2_000)));
		assert_eq!(
			usage(BOARD_OPERATOR).map(|u| u.in_block),
			Some(used(2, 2_000))
		);
		Admission::do_try_state().expect("invariants");
	});
}

#[test]
fn only_the_roles_a_call_allows_are_looked_up_and_charged_for() {
	use crate::WeightInfo;
	use pssc_primitives::traits::Roles;
	new_test_ext().execute_with(|| {
		let operators = Roles::of(&[Role::ParticipantOperator]);
		// Admitted: one question, about the roles the call allows.
		assert_ok!(apply(OPERATOR, remark(), 1_000, None));
		assert_eq!(roles_asked(), vec![operators]);
		assert_ok!(apply(BOARD, set_quota_call(), 1_000, None));
		assert_eq!(roles_asked(), vec![Roles::of(&[Role::Board])]);
		// A signer holding both roles is found in the one the call needs.
		assert_ok!(apply(BOARD_OPERATOR, remark(), 1_000, None));
		assert_eq!(roles_asked(), vec![operators]);
		// Refused: only then is every role looked up, to name the reason.
		assert_eq!(
			apply(BANK, remark(), 1_000, None),
			Err(refused(refusal::CALL_NOT_PERMITTED))
		);
		assert_eq!(roles_asked(), vec![operators, Roles::ALL]);
		assert_eq!(
			apply(SUSPENDED, set_quota_call(), 1_000, None),
			Err(refused(refusal::PARTICIPANT_SUSPENDED))
		);
		assert_eq!(roles_asked(), vec![Roles::of(&[Role::Board]), Roles::ALL]);
		// The charge: participants' keys only, or any role.
		let weights = crate::weights::SubstrateWeight::<Test>::check_participant_admission();
		let admission = CheckAdmission::<Test>::new();
		for call in [remark(), file()] {
			assert_eq!(admission.weight(&call), weights);
		}
		assert_eq!(
			admission.weight(&set_quota_call()),
			crate::weights::SubstrateWeight::<Test>::check_admission()
		);
		Admission::do_try_state().expect("invariants");
	});
}

#[test]
fn lanes_set_priorities_operations_first_and_files_last() {
	new_test_ext().execute_with(|| {
		let priority = |who: u64, call: RuntimeCall| in_pool(who, call, 1_000);
		assert_eq!(
			priority(BOARD, set_quota_call()),
			Ok(Lane::Operations.priority())
		);
		assert_eq!(
			priority(OPERATOR, remark()),
			Ok(Lane::Instructions.priority())
		);
		assert_eq!(priority(OPERATOR, file()), Ok(Lane::Files.priority()));
		assert!(Lane::Operations.priority() > Lane::Instructions.priority());
		assert!(Lane::Instructions.priority() > Lane::Files.priority());
		// Validating counts nothing.
		assert_eq!(usage(OPERATOR), None);
	});
}

#[test]
fn a_signer_over_its_block_allowance_waits_for_the_next_block_and_others_go_on() {
	new_test_ext().execute_with(|| {
		// Operators: 3 transactions a block.
		for _ in 0..3 {
			assert_eq!(apply(OPERATOR, remark(), 1_000, None), Ok(()));
		}
		let full = usage(OPERATOR);
		assert_eq!(full.map(|u| u.in_block), Some(used(3, 3_000)));
		assert_storage_noop!(assert_eq!(
			apply(OPERATOR, remark(), 1_000, None),
			Err(InvalidTransaction::ExhaustsResources.into())
		));
		assert_eq!(usage(OPERATOR), full);
		// Another signer in the same role is not held back.
		assert_eq!(apply(OTHER_OPERATOR, remark(), 1_000, None), Ok(()));
		// The next block has a new allowance; the day's count goes on.
		System::set_block_number(2);
		assert_eq!(apply(OPERATOR, remark(), 1_000, None), Ok(()));
		assert_eq!(
			usage(OPERATOR),
			Some(Usage {
				block: 2,
				in_block: used(1, 1_000),
				day: today(),
				in_day: used(4, 4_000),
			})
		);
		Admission::do_try_state().expect("invariants");
	});
}

#[test]
fn weight_counts_against_the_block_allowance_and_a_transaction_above_it_is_refused() {
	new_test_ext().execute_with(|| {
		// Operators: 1 s a block.
		let tenth = 100_000_000_000;
		assert_eq!(apply(OPERATOR, remark(), 6 * tenth, None), Ok(()));
		assert_storage_noop!(assert_eq!(
			apply(OPERATOR, remark(), 5 * tenth, None),
			Err(InvalidTransaction::ExhaustsResources.into())
		));
		assert_eq!(apply(OPERATOR, remark(), 4 * tenth, None), Ok(()));
		// One transaction heavier than a whole block's allowance never fits: refused, in the
		// pool as in a block.
		let heavy = 11 * tenth;
		assert_storage_noop!(assert_eq!(
			apply(OTHER_OPERATOR, remark(), heavy, None),
			Err(refused(refusal::BEYOND_BLOCK_ALLOWANCE))
		));
		assert_eq!(
			in_pool(OTHER_OPERATOR, remark(), heavy).map(|_| ()),
			Err(refused(refusal::BEYOND_BLOCK_ALLOWANCE))
		);
		assert_eq!(usage(OTHER_OPERATOR), None);
		Admission::do_try_state().expect("invariants");
	});
}

#[test]
fn a_signer_over_its_daily_allowance_is_refused_until_the_next_business_day() {
	new_test_ext().execute_with(|| {
		// Operators: 30 transactions a day, 3 a block.
		for block in 1..=10 {
			System::set_block_number(block);
			for _ in 0..3 {
				assert_eq!(apply(OPERATOR, remark(), 1_000, None), Ok(()));
			}
		}
		System::set_block_number(11);
		let spent = usage(OPERATOR);
		assert_eq!(spent.map(|u| u.in_day), Some(used(30, 30_000)));
		assert_storage_noop!(assert_eq!(
			apply(OPERATOR, remark(), 1_000, None),
			Err(refused(refusal::DAILY_QUOTA_EXHAUSTED))
		));
		// The pool refuses it too, so it never reaches a block.
		assert_eq!(
			in_pool(OPERATOR, remark(), 1_000).map(|_| ()),
			Err(refused(refusal::DAILY_QUOTA_EXHAUSTED))
		);
		assert_eq!(usage(OPERATOR), spent);
		// The next business day starts a new allowance.
		pssc_test_support::set_now(NOON + DAY);
		assert_eq!(apply(OPERATOR, remark(), 1_000, None), Ok(()));
		assert_eq!(
			usage(OPERATOR),
			Some(Usage {
				block: 11,
				in_block: used(1, 1_000),
				day: today() + 1,
				in_day: used(1, 1_000),
			})
		);
		Admission::do_try_state().expect("invariants");
	});
}

#[test]
fn weight_a_dispatch_gives_back_is_given_back_to_the_allowance() {
	new_test_ext().execute_with(|| {
		let tenth = 100_000_000_000;
		assert_eq!(
			apply(OPERATOR, remark(), 9 * tenth, Some(2 * tenth)),
			Ok(())
		);
		assert_eq!(
			usage(OPERATOR).map(|u| u.in_block),
			Some(used(1, 2 * tenth))
		);
		assert_eq!(usage(OPERATOR).map(|u| u.in_day), Some(used(1, 2 * tenth)));
		// So 0.8 s of the block's 1 s is left.
		assert_eq!(apply(OPERATOR, remark(), 8 * tenth, None), Ok(()));
		Admission::do_try_state().expect("invariants");
	});
}

#[test]
fn a_signer_in_two_roles_uses_the_quota_of_the_role_the_call_needs() {
	new_test_ext().execute_with(|| {
		// As an operator: 3 a block, though the board may sign 10.
		for _ in 0..3 {
			assert_eq!(apply(BOARD_OPERATOR, remark(), 1_000, None), Ok(()));
		}
		assert_eq!(
			apply(BOARD_OPERATOR, remark(), 1_000, None),
			Err(InvalidTransaction::ExhaustsResources.into())
		);
		// As a board member, within the board's 10.
		assert_eq!(apply(BOARD_OPERATOR, set_quota_call(), 1_000, None), Ok(()));
		assert_eq!(
			usage(BOARD_OPERATOR).map(|u| u.in_block),
			Some(used(4, 4_000))
		);
	});
}

#[test]
fn unsigned_transactions_pass_with_no_priority_and_count_nothing() {
	new_test_ext().execute_with(|| {
		// The extension alone: the transaction pipeline refuses a plain `None` origin, which
		// only an unsigned transaction's own validation may authorize.
		let validated = CheckAdmission::<Test>::new().validate(
			RuntimeOrigin::none(),
			&remark(),
			&weighing(1_000),
			0,
			(),
			&TxBaseImplication(()),
			TransactionSource::External,
		);
		let Ok((valid, val, _)) = validated else {
			panic!("an unsigned transaction passes: {validated:?}");
		};
		assert_eq!(valid.priority, 0);
		assert_eq!(val, None);
		assert_eq!(SignerUsage::<Test>::iter().count(), 0);
	});
}

/// Validate [`BoundedNonce`] for `who`'s remark with `nonce`, from `source`.
fn nonce_check(
	who: u64,
	nonce: u32,
	source: TransactionSource,
) -> Result<(), TransactionValidityError> {
	BoundedNonce::<Test>::from(nonce)
		.validate_only(
			RuntimeOrigin::signed(who),
			&remark(),
			&weighing(1_000),
			0,
			source,
			0,
		)
		.map(|_| ())
}

#[test]
fn a_keys_nonce_outlives_its_role_so_its_old_transactions_cannot_be_replayed() {
	new_test_ext().execute_with(|| {
		// The registry appoints the key: one provider reference, as a role gives.
		System::inc_providers(&OPERATOR);
		assert_ok!(apply(OPERATOR, remark(), 1_000, None));
		assert_eq!(
			System::providers(&OPERATOR),
			2,
			"admission keeps the account"
		);
		assert_ok!(apply(OPERATOR, remark(), 1_000, None));
		assert_eq!(System::providers(&OPERATOR), 2, "taken once");
		for _ in 0..3 {
			System::inc_account_nonce(OPERATOR);
		}
		// The registry removes the key: the account and its nonce stay.
		assert_eq!(
			System::dec_providers(&OPERATOR),
			Ok(frame_system::DecRefStatus::Exists)
		);
		assert_eq!(System::account_nonce(OPERATOR), 3);
		// Given a role again, a transaction it signed earlier with nonce 0 is stale.
		System::inc_providers(&OPERATOR);
		assert_eq!(
			nonce_check(OPERATOR, 0, TransactionSource::External),
			Err(InvalidTransaction::Stale.into())
		);
		assert_eq!(
			nonce_check(OPERATOR, 3, TransactionSource::External),
			Ok(())
		);
		Admission::do_try_state().expect("invariants");
	});
}

#[test]
fn what_a_call_commits_the_chain_to_later_counts_against_the_allowance_at_once() {
	new_test_ext().execute_with(|| {
		// A one-byte file commits 100 µs: with its own 1 µs, 101 µs are counted.
		assert_ok!(apply(OPERATOR, committing_file(1), 1_000_000, None));
		assert_eq!(
			usage(OPERATOR).map(|u| u.in_block),
			Some(used(1, 101_000_000))
		);
		// Given back: only what its own dispatch did not use.
		assert_ok!(apply(OPERATOR, committing_file(1), 1_000_000, Some(0)));
		assert_eq!(
			usage(OPERATOR).map(|u| u.in_block),
			Some(used(2, 201_000_000))
		);
		// A file committing more than a block's allowance (1 s) is refused outright.
		assert_storage_noop!(assert_eq!(
			apply(OPERATOR, committing_file(10_001), 1_000_000, None),
			Err(refused(refusal::BEYOND_BLOCK_ALLOWANCE))
		));
		Admission::do_try_state().expect("invariants");
	});
}

#[test]
fn only_a_signers_first_transaction_keeps_the_charge_for_taking_its_account() {
	new_test_ext().execute_with(|| {
		let info = weighing(1_000);
		let post = PostDispatchInfo::default();
		let refund = |first| {
			CheckAdmission::<Test>::post_dispatch_details(
				Some((OPERATOR, Usage::default(), first)),
				&info,
				&post,
				0,
				&Ok(()),
			)
		};
		assert_eq!(refund(true), Ok(Weight::zero()));
		let account = Admission::account_reference_weight();
		assert!(account.ref_time() > 0);
		assert_eq!(refund(false), Ok(account));
		// Through a whole transaction: the first is charged in full, the next is given the
		// account's read and write back.
		let admission = CheckAdmission::<Test>::new();
		let full = DispatchInfo {
			extension_weight: admission.weight(&remark()),
			..weighing(1_000)
		};
		let charged = |result: Result<
			frame_support::dispatch::DispatchResultWithPostInfo,
			TransactionValidityError,
		>| match result {
			Ok(Ok(post)) => post.calc_actual_weight(&full),
			other => panic!("the transaction is applied: {other:?}"),
		};
		let first = charged(admission.clone().test_run(
			RuntimeOrigin::signed(OPERATOR),
			&remark(),
			&full,
			0,
			0,
			|_| Ok(().into()),
		));
		let second = charged(admission.test_run(
			RuntimeOrigin::signed(OPERATOR),
			&remark(),
			&full,
			0,
			0,
			|_| Ok(().into()),
		));
		assert_eq!(first, full.total_weight());
		assert_eq!(second, full.total_weight() - account);
	});
}

#[test]
fn the_upgrade_to_storage_version_1_keeps_the_accounts_of_earlier_signers() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		// Spec 108 recorded usage without a provider reference.
		for who in [OPERATOR, OTHER_OPERATOR] {
			SignerUsage::<Test>::insert(who, Usage::default());
		}
		StorageVersion::new(0).put::<Admission>();
		assert_eq!(
			Admission::do_try_state(),
			Err("a signer's account can be reaped, and its nonce with it".into())
		);
		crate::migrations::v1::KeepSignersAccounts::<Test>::on_runtime_upgrade();
		for who in [OPERATOR, OTHER_OPERATOR] {
			assert_eq!(System::providers(&who), 1);
		}
		assert_eq!(
			Admission::on_chain_storage_version(),
			StorageVersion::new(1)
		);
		Admission::do_try_state().expect("invariants");
		// Run again, it does nothing.
		assert_storage_noop!(
			crate::migrations::v1::KeepSignersAccounts::<Test>::on_runtime_upgrade()
		);
	});
}

#[test]
fn the_pool_holds_no_more_of_a_signers_transactions_than_its_depth() {
	new_test_ext().execute_with(|| {
		// Operators: a depth of 4.
		frame_system::Pallet::<Test>::inc_providers(&OPERATOR);
		for _ in 0..5 {
			frame_system::Pallet::<Test>::inc_account_nonce(OPERATOR);
		}
		for nonce in 5..9 {
			assert_eq!(
				nonce_check(OPERATOR, nonce, TransactionSource::External),
				Ok(())
			);
		}
		assert_eq!(
			nonce_check(OPERATOR, 9, TransactionSource::External),
			Err(refused(refusal::POOL_DEPTH_EXCEEDED))
		);
		assert_eq!(
			nonce_check(OPERATOR, 9, TransactionSource::Local),
			Err(refused(refusal::POOL_DEPTH_EXCEEDED))
		);
		// In a block it is CheckNonce alone.
		assert_eq!(nonce_check(OPERATOR, 9, TransactionSource::InBlock), Ok(()));
		// A stale nonce is still CheckNonce's refusal.
		assert_eq!(
			nonce_check(OPERATOR, 4, TransactionSource::External),
			Err(InvalidTransaction::Stale.into())
		);
		// Who may not sign the call is refused as by CheckAdmission.
		assert_eq!(
			nonce_check(STRANGER, 0, TransactionSource::External),
			Err(InvalidTransaction::BadSigner.into())
		);
		// A raised depth lets more in.
		assert_ok!(Admission::set_quota(
			RuntimeOrigin::signed(BOARD),
			Role::ParticipantOperator,
			quota(3, 1_000_000_000_000, 10),
		));
		assert_eq!(
			nonce_check(OPERATOR, 14, TransactionSource::External),
			Ok(())
		);
		assert_eq!(
			nonce_check(OPERATOR, 15, TransactionSource::External),
			Err(refused(refusal::POOL_DEPTH_EXCEEDED))
		);
	});
}

#[test]
fn the_board_sets_a_roles_quota_which_applies_to_the_next_transaction() {
	new_test_ext().execute_with(|| {
		assert_eq!(apply(OPERATOR, remark(), 1_000, None), Ok(()));
		let new = quota(1, 1_000_000_000_000, 1);
		assert_ok!(Admission::set_quota(
			RuntimeOrigin::signed(BOARD),
			Role::ParticipantOperator,
			new
		));
		assert_eq!(Quotas::<Test>::get().participant_operator, new);
		assert_eq!(Quotas::<Test>::get().board, MockQuotas::get().board);
		System::assert_last_event(
			Event::QuotaSet {
				role: Role::ParticipantOperator,
				quota: new,
			}
			.into(),
		);
		// What the operator used in this block counts against the new allowance of 1.
		assert_eq!(
			apply(OPERATOR, remark(), 1_000, None),
			Err(InvalidTransaction::ExhaustsResources.into())
		);
		Admission::do_try_state().expect("invariants");
	});
}

#[test]
fn a_quota_is_refused_unless_the_board_passes_it_and_it_holds_together() {
	new_test_ext().execute_with(|| {
		let ok = quota(5, 1_000, 5);
		assert_noop!(
			Admission::set_quota(RuntimeOrigin::signed(OPERATOR), Role::DtcGateway, ok),
			DispatchError::BadOrigin
		);
		let over_daily = Quota {
			per_block: Allowance {
				transactions: 51,
				..ok.per_block
			},
			..ok
		};
		assert_noop!(
			Admission::set_quota(RuntimeOrigin::signed(BOARD), Role::DtcGateway, over_daily),
			Error::<Test>::BlockAllowanceExceedsDaily
		);
		let heavier_block = Quota {
			per_block: Allowance {
				weight: Weight::from_parts(10_001, 0),
				..ok.per_block
			},
			..ok
		};
		assert_noop!(
			Admission::set_quota(
				RuntimeOrigin::signed(BOARD),
				Role::DtcGateway,
				heavier_block
			),
			Error::<Test>::BlockAllowanceExceedsDaily
		);
		assert_noop!(
			Admission::set_quota(
				RuntimeOrigin::signed(BOARD),
				Role::DtcGateway,
				Quota {
					pool_depth: 0,
					..ok
				}
			),
			Error::<Test>::NoPoolDepth
		);
		// The board may not take from itself what it needs to correct a quota.
		assert_noop!(
			Admission::set_quota(
				RuntimeOrigin::signed(BOARD),
				Role::Board,
				quota(1, 200_000_000_000, 2)
			),
			Error::<Test>::BelowBoardMinimum
		);
		assert_noop!(
			Admission::set_quota(
				RuntimeOrigin::signed(BOARD),
				Role::Board,
				quota(2, 200_000_000_000, 1)
			),
			Error::<Test>::BelowBoardMinimum
		);
		assert_ok!(Admission::set_quota(
			RuntimeOrigin::signed(BOARD),
			Role::Board,
			quota(2, 200_000_000_000, 2)
		));
		assert_eq!(System::events().len(), 1);
		Admission::do_try_state().expect("invariants");
	});
}

#[test]
fn a_signed_transaction_must_be_mortal_and_an_unsigned_one_need_not_be() {
	use crate::MortalOnly;
	use sp_runtime::generic::Era;
	new_test_ext().execute_with(|| {
		let check = |era: Era, origin: RuntimeOrigin| {
			MortalOnly::<Test>::from(era)
				.validate_only(
					origin,
					&remark(),
					&weighing(1_000),
					0,
					TransactionSource::External,
					0,
				)
				.map(|(valid, _, _)| valid.longevity)
		};
		assert_eq!(
			check(Era::Immortal, RuntimeOrigin::signed(OPERATOR)),
			Err(refused(refusal::IMMORTAL_TRANSACTION))
		);
		// Mortal: valid until its era ends (born at block 0, 64 blocks, now block 1).
		assert_eq!(
			check(Era::mortal(64, 0), RuntimeOrigin::signed(OPERATOR)),
			Ok(63)
		);
		// Unsigned (validated directly: the dispatch wrapper asks for a signed origin).
		let unsigned = MortalOnly::<Test>::from(Era::Immortal)
			.validate(
				RuntimeOrigin::none(),
				&remark(),
				&weighing(1_000),
				0,
				Default::default(),
				&TxBaseImplication(()),
				TransactionSource::External,
			)
			.map(|(valid, _, _)| valid.longevity);
		assert_eq!(unsigned, Ok(u64::MAX - 1), "it never expires");
		// It signs as CheckMortality: same encoding, identifier and implicit (the birth
		// block's hash).
		let era = Era::mortal(64, 0);
		let frame = frame_system::CheckMortality::<Test>::from(era);
		let ours = MortalOnly::<Test>::from(era);
		assert_eq!(codec::Encode::encode(&ours), codec::Encode::encode(&frame));
		assert_eq!(
			<MortalOnly<Test> as TransactionExtension<RuntimeCall>>::IDENTIFIER,
			"CheckMortality"
		);
		assert_eq!(ours.implicit(), frame.implicit());
	});
}
