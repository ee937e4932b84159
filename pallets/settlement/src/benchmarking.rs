//! Benchmarks of the settlement pallet. They also run as tests in the mock runtime.
//!
//! Each call is measured at its worst: an instruction that matches a waiting counterpart and
//! settles at once, a batch of such, a cancellation of a pending pair, a retry that settles.
//! The scheduled work is measured per item, as the slope over many items: pairs take the
//! registry's participants in turn (all the pilot admits) and each trade its own security, so
//! no position is read twice. The runtime provides what the pallet cannot set up itself through
//! [`BenchmarkHelper`].

use super::*;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	weights::{Weight, WeightMeter},
};
use frame_system::RawOrigin;
use pssc_primitives::{ParticipantId, RawCusip};

/// 2026-11-24 at 14:00 UTC.
const NOW_MS: u64 = 20_781 * 86_400_000 + 14 * 3_600_000;
/// A day in milliseconds.
const DAY_MS: u64 = 86_400_000;
/// The most items a benchmark of scheduled work sets up: enough for a steady slope.
const MAX_ITEMS: u32 = 100;

fn agency<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::AgencyOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// The participants (every two of which approved each other) and today.
struct Setup<A> {
	parties: Vec<(ParticipantId, A)>,
	today: Date,
}

/// As many participants as the registry admits, and the pilot's per-pair limits lifted so
/// that the many trades a benchmark files between them are all accepted (the limits are
/// checked the same way whatever their value).
fn setup<T: Config>() -> Result<Setup<T::AccountId>, BenchmarkError> {
	T::BenchmarkHelper::set_time(NOW_MS);
	let parties = T::BenchmarkHelper::participants(u32::MAX);
	if parties.len() < 2 {
		return Err(BenchmarkError::Stop(
			"the registry admits fewer than two participants",
		));
	}
	Params::<T>::mutate(|p| {
		p.max_trades_per_pair_per_day = u32::MAX;
		p.share_limit_per_security_per_pair_per_day = Amount::MAX;
	});
	let today = Pallet::<T>::today().unwrap_or_default();
	// The day's first block has run the scheduler: nothing due is queued ahead.
	Pallet::<T>::run_scheduler(Weight::MAX);
	frame_support::ensure!(
		QueueDoneThrough::<T>::get() == today,
		"the scheduler has caught up with today"
	);
	Ok(Setup { parties, today })
}

/// Trade number `tag`: who delivers to whom, in which security, for when.
struct Trade {
	seller: usize,
	buyer: usize,
	cusip: RawCusip,
	tag: u32,
	settlement_date: Date,
}

/// Trade `tag` from participant `seller` to `buyer`, in eligible security number `security`,
/// settling today.
fn trade<T: Config>(
	s: &Setup<T::AccountId>,
	tag: u32,
	seller: usize,
	buyer: usize,
	security: u32,
) -> Trade {
	Trade {
		seller,
		buyer,
		cusip: T::BenchmarkHelper::eligible_security(security),
		tag,
		settlement_date: s.today,
	}
}

/// Trade `tag` of many whose sides all differ: its own security, and participants paired in
/// turn so that with `p` participants a pair repeats only after `p * (p - 1)` trades.
fn distinct_trade<T: Config>(s: &Setup<T::AccountId>, tag: u32) -> Trade {
	let p = s.parties.len();
	let t = tag as usize;
	let seller = t % p;
	let buyer = (seller + 1 + (t / p) % (p - 1)) % p;
	trade::<T>(s, tag, seller, buyer, tag)
}

impl<A: Clone> Setup<A> {
	/// The operator key of participant `index`.
	fn key(&self, index: usize) -> A {
		self.parties[index].1.clone()
	}
}

/// One side of `trade`: 100 shares for $1,000.00 and `tag` cents (so trades differ), with a
/// reference of the longest length.
fn side<T: Config>(s: &Setup<T::AccountId>, trade: &Trade, side: Side) -> NewInstruction<Vec<u8>> {
	let counterparty = match side {
		Side::Deliver => s.parties[trade.buyer].0,
		Side::Receive => s.parties[trade.seller].0,
	};
	let mut reference = vec![b'r'; T::MaxReferenceLen::get() as usize];
	reference[..4].copy_from_slice(&trade.tag.to_be_bytes());
	NewInstruction {
		side,
		counterparty,
		cusip: trade.cusip,
		quantity: 100,
		amount: 100_000 + u128::from(trade.tag),
		trade_date: s.today,
		settlement_date: trade.settlement_date,
		reference,
	}
}

/// Fund `trade`'s seller with its securities and its buyer with its cash, as `securities`
/// and `cash` say.
fn fund<T: Config>(s: &Setup<T::AccountId>, trade: &Trade, securities: bool, cash: bool) {
	T::BenchmarkHelper::fund(
		s.parties[trade.seller].0,
		s.parties[trade.buyer].0,
		trade.cusip,
		if securities { 100 } else { 0 },
		if cash {
			100_000 + u128::from(trade.tag)
		} else {
			0
		},
	);
}

/// The buyer's side of `trade`, waiting; returns the seller's matching one.
fn waiting_buy<T: Config>(
	s: &Setup<T::AccountId>,
	trade: &Trade,
) -> Result<NewInstruction<Vec<u8>>, BenchmarkError> {
	let buy = side::<T>(s, trade, Side::Receive);
	Pallet::<T>::instruct(RawOrigin::Signed(s.key(trade.buyer)).into(), buy)?;
	Ok(side::<T>(s, trade, Side::Deliver))
}

/// Both sides of `trade`, matched; returns the seller's instruction id.
fn matched<T: Config>(
	s: &Setup<T::AccountId>,
	trade: &Trade,
) -> Result<InstructionId, BenchmarkError> {
	let sell = waiting_buy::<T>(s, trade)?;
	let id = NextInstructionId::<T>::get();
	Pallet::<T>::instruct(RawOrigin::Signed(s.key(trade.seller)).into(), sell)?;
	Ok(id)
}

/// A matched pair pending for lack of securities; returns the seller's instruction id.
fn pending_pair<T: Config>(
	s: &Setup<T::AccountId>,
	trade: &Trade,
) -> Result<InstructionId, BenchmarkError> {
	fund::<T>(s, trade, false, true);
	let id = matched::<T>(s, trade)?;
	frame_support::ensure!(
		matches!(Pallet::<T>::status_of(id), Some(Status::Pending(_))),
		"the pair is pending"
	);
	Ok(id)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn instruct() -> Result<(), BenchmarkError> {
		let s = setup::<T>()?;
		let trade = trade::<T>(&s, 1, 0, 1, 1);
		fund::<T>(&s, &trade, true, true);
		let sell = waiting_buy::<T>(&s, &trade)?;
		let id = NextInstructionId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(s.key(0)), sell);

		assert_eq!(
			Pallet::<T>::status_of(id),
			Some(Status::Settled),
			"the instruction matched and settled"
		);
		Ok(())
	}

	#[benchmark]
	fn instruct_unmatched() -> Result<(), BenchmarkError> {
		let s = setup::<T>()?;
		let trade = trade::<T>(&s, 1, 0, 1, 1);
		let buy = side::<T>(&s, &trade, Side::Receive);
		let id = NextInstructionId::<T>::get();

		#[extrinsic_call]
		instruct(RawOrigin::Signed(s.key(1)), buy);

		assert_eq!(Pallet::<T>::status_of(id), Some(Status::Unmatched));
		Ok(())
	}

	/// A file of `n` sells from one participant, each to the next of the others in turn and
	/// each in its own security, every one matching a waiting buy and settling.
	#[benchmark]
	fn instruct_batch(n: Linear<1, { T::MaxBatch::get() }>) -> Result<(), BenchmarkError> {
		let s = setup::<T>()?;
		let others = s.parties.len() - 1;
		let mut sells = Vec::new();
		for i in 0..n {
			let trade = trade::<T>(&s, i, 0, 1 + i as usize % others, i);
			fund::<T>(&s, &trade, true, true);
			sells.push(waiting_buy::<T>(&s, &trade)?);
		}
		let first = NextInstructionId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(s.key(0)), sells);

		for id in first..first + u64::from(n) {
			assert_eq!(Pallet::<T>::status_of(id), Some(Status::Settled));
		}
		Ok(())
	}

	#[benchmark]
	fn cancel() -> Result<(), BenchmarkError> {
		let s = setup::<T>()?;
		let id = pending_pair::<T>(&s, &trade::<T>(&s, 1, 0, 1, 1))?;
		let other = id - 1;
		Pallet::<T>::cancel(RawOrigin::Signed(s.key(1)).into(), other)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(s.key(0)), id);

		assert!(matches!(
			Pallet::<T>::status_of(id),
			Some(Status::Cancelled(_))
		));
		Ok(())
	}

	#[benchmark]
	fn cancel_by_agency() -> Result<(), BenchmarkError> {
		let s = setup::<T>()?;
		let id = pending_pair::<T>(&s, &trade::<T>(&s, 1, 0, 1, 1))?;
		let origin = agency::<T>()?;
		let reason = vec![b'x'; T::MaxReasonLen::get() as usize];

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, reason);

		assert!(matches!(
			Pallet::<T>::status_of(id),
			Some(Status::Cancelled(_))
		));
		Ok(())
	}

	#[benchmark]
	fn retry() -> Result<(), BenchmarkError> {
		let s = setup::<T>()?;
		let trade = trade::<T>(&s, 1, 0, 1, 1);
		let id = pending_pair::<T>(&s, &trade)?;
		// The seller's securities arrive; settle before the scheduler would.
		fund::<T>(&s, &trade, true, false);

		#[extrinsic_call]
		_(RawOrigin::Signed(s.key(0)), id);

		assert_eq!(Pallet::<T>::status_of(id), Some(Status::Settled));
		Ok(())
	}

	#[benchmark]
	fn set_parameters() -> Result<(), BenchmarkError> {
		let origin = agency::<T>()?;
		let parameters = Parameters {
			max_trades_per_pair_per_day: 1_000,
			..Default::default()
		};

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, parameters);

		assert_eq!(Params::<T>::get(), parameters);
		Ok(())
	}

	/// One look of the scheduled work: the date queue's first entry, not yet due.
	#[benchmark]
	fn scheduler_read() -> Result<(), BenchmarkError> {
		let s = setup::<T>()?;
		let mut trade = trade::<T>(&s, 1, 0, 1, 1);
		trade.settlement_date = s.today + 1;
		matched::<T>(&s, &trade)?;
		let mut meter = WeightMeter::new();

		#[block]
		{
			Pallet::<T>::process_queue(s.today, &mut meter);
		}

		assert_eq!(Queue::<T>::iter().count(), 1, "the pair is still queued");
		Ok(())
	}

	/// `n` pairs due today settle from the date queue, their participants in turn and each
	/// in its own security: [`Pallet::scheduled_item`] is the slope.
	#[benchmark]
	fn scheduled_items(n: Linear<0, MAX_ITEMS>) -> Result<(), BenchmarkError> {
		let s = setup::<T>()?;
		let mut ids = Vec::new();
		for i in 0..n {
			let mut trade = distinct_trade::<T>(&s, i);
			trade.settlement_date = s.today + 1;
			fund::<T>(&s, &trade, true, true);
			ids.push(matched::<T>(&s, &trade)?);
		}
		T::BenchmarkHelper::set_time(NOW_MS + DAY_MS);

		#[block]
		{
			Pallet::<T>::run_scheduler(Weight::MAX);
		}

		for id in ids {
			assert_eq!(Pallet::<T>::status_of(id), Some(Status::Settled));
		}
		assert_eq!(Queue::<T>::iter().count(), 0, "the queue is worked off");
		Ok(())
	}

	/// The bodies of `n` instructions cancelled more than the retention ago are pruned:
	/// [`Pallet::prune_item`] is the slope.
	#[benchmark]
	fn prune_items(n: Linear<0, MAX_ITEMS>) -> Result<(), BenchmarkError> {
		let s = setup::<T>()?;
		let first = NextInstructionId::<T>::get();
		let mut trade = trade::<T>(&s, 0, 0, 1, 1);
		for i in 0..n {
			trade.tag = i;
			let buy = side::<T>(&s, &trade, Side::Receive);
			Pallet::<T>::instruct(RawOrigin::Signed(s.key(1)).into(), buy)?;
			Pallet::<T>::cancel(RawOrigin::Signed(s.key(1)).into(), first + u64::from(i))?;
		}
		let later = u64::from(T::RetentionDays::get()) + 1;
		T::BenchmarkHelper::set_time(NOW_MS + later * DAY_MS);

		#[block]
		{
			Pallet::<T>::prune(Weight::MAX);
		}

		for id in first..first + u64::from(n) {
			assert!(!Instructions::<T>::contains_key(id), "the body is pruned");
			assert!(Outcomes::<T>::contains_key(id), "the outcome is kept");
		}
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
