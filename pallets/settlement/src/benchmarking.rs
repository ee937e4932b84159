//! Benchmarks of the settlement pallet. They also run as tests in the mock runtime.
//!
//! Each call is measured at its worst: an instruction that matches a waiting counterpart and
//! settles at once, a batch of such, a cancellation of a pending pair, a retry that settles.
//! The runtime provides what the pallet cannot set up itself through [`BenchmarkHelper`].

use super::*;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use pssc_primitives::{ParticipantId, RawCusip};

/// 2026-11-24 at 14:00 UTC.
const NOW_MS: u64 = 20_781 * 86_400_000 + 14 * 3_600_000;

fn agency<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::AgencyOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

struct Setup<A> {
	seller: (ParticipantId, A),
	buyer: (ParticipantId, A),
	cusip: RawCusip,
	today: Date,
}

fn setup<T: Config>() -> Setup<T::AccountId> {
	T::BenchmarkHelper::set_time(NOW_MS);
	let (seller, buyer) = T::BenchmarkHelper::counterparties();
	let cusip = T::BenchmarkHelper::eligible_security();
	let today = Pallet::<T>::today().unwrap_or_default();
	Setup {
		seller,
		buyer,
		cusip,
		today,
	}
}

/// One side of trade number `tag`: 100 shares for $1,000.00 and `tag` cents (so trades
/// differ), settling today, with a reference of the longest length.
fn side<T: Config>(s: &Setup<T::AccountId>, side: Side, tag: u32) -> NewInstruction<Vec<u8>> {
	let counterparty = match side {
		Side::Deliver => s.buyer.0,
		Side::Receive => s.seller.0,
	};
	let mut reference = vec![b'r'; T::MaxReferenceLen::get() as usize];
	reference[..4].copy_from_slice(&tag.to_be_bytes());
	NewInstruction {
		side,
		counterparty,
		cusip: s.cusip,
		quantity: 100,
		amount: 100_000 + u128::from(tag),
		trade_date: s.today,
		settlement_date: s.today,
		reference,
	}
}

/// The buyer's waiting instruction, funded both sides; returns the seller's matching one.
fn waiting_buy<T: Config>(
	s: &Setup<T::AccountId>,
	tag: u32,
) -> Result<NewInstruction<Vec<u8>>, BenchmarkError> {
	let buy = side::<T>(s, Side::Receive, tag);
	Pallet::<T>::instruct(RawOrigin::Signed(s.buyer.1.clone()).into(), buy)?;
	Ok(side::<T>(s, Side::Deliver, tag))
}

/// A matched pair pending for lack of securities; returns the seller's instruction id.
fn pending_pair<T: Config>(s: &Setup<T::AccountId>) -> Result<InstructionId, BenchmarkError> {
	T::BenchmarkHelper::fund(s.seller.0, s.buyer.0, s.cusip, 0, 100_001);
	let sell = waiting_buy::<T>(s, 1)?;
	let id = NextInstructionId::<T>::get();
	Pallet::<T>::instruct(RawOrigin::Signed(s.seller.1.clone()).into(), sell)?;
	Ok(id)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn instruct() -> Result<(), BenchmarkError> {
		let s = setup::<T>();
		T::BenchmarkHelper::fund(s.seller.0, s.buyer.0, s.cusip, 100, 100_001);
		let sell = waiting_buy::<T>(&s, 1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(s.seller.1.clone()), sell);

		assert_eq!(
			Pallet::<T>::status_of(1),
			Some(Status::Settled),
			"the instruction matched and settled"
		);
		Ok(())
	}

	#[benchmark]
	fn instruct_unmatched() -> Result<(), BenchmarkError> {
		let s = setup::<T>();
		let buy = side::<T>(&s, Side::Receive, 1);

		#[extrinsic_call]
		instruct(RawOrigin::Signed(s.buyer.1.clone()), buy);

		assert_eq!(Pallet::<T>::status_of(0), Some(Status::Unmatched));
		Ok(())
	}

	#[benchmark]
	fn instruct_batch(n: Linear<1, { T::MaxBatch::get() }>) -> Result<(), BenchmarkError> {
		let s = setup::<T>();
		T::BenchmarkHelper::fund(
			s.seller.0,
			s.buyer.0,
			s.cusip,
			100 * u128::from(n),
			(100_000 + u128::from(n)) * u128::from(n),
		);
		let sells = (0..n)
			.map(|i| waiting_buy::<T>(&s, i))
			.collect::<Result<Vec<_>, _>>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(s.seller.1.clone()), sells);

		assert_eq!(Pallet::<T>::status_of(u64::from(n)), Some(Status::Settled));
		Ok(())
	}

	#[benchmark]
	fn cancel() -> Result<(), BenchmarkError> {
		let s = setup::<T>();
		let id = pending_pair::<T>(&s)?;
		let other = id - 1;
		Pallet::<T>::cancel(RawOrigin::Signed(s.buyer.1.clone()).into(), other)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(s.seller.1.clone()), id);

		assert!(matches!(
			Pallet::<T>::status_of(id),
			Some(Status::Cancelled(_))
		));
		Ok(())
	}

	#[benchmark]
	fn cancel_by_agency() -> Result<(), BenchmarkError> {
		let s = setup::<T>();
		let id = pending_pair::<T>(&s)?;
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
		let s = setup::<T>();
		let id = pending_pair::<T>(&s)?;
		// The seller's securities arrive; settle before the scheduler would.
		T::BenchmarkHelper::fund(s.seller.0, s.buyer.0, s.cusip, 100, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(s.seller.1.clone()), id);

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

	#[benchmark]
	fn scheduled_item() -> Result<(), BenchmarkError> {
		let s = setup::<T>();
		T::BenchmarkHelper::fund(s.seller.0, s.buyer.0, s.cusip, 100, 100_001);
		let mut buy = side::<T>(&s, Side::Receive, 1);
		let mut sell = side::<T>(&s, Side::Deliver, 1);
		buy.settlement_date = s.today + 1;
		sell.settlement_date = s.today + 1;
		Pallet::<T>::instruct(RawOrigin::Signed(s.buyer.1.clone()).into(), buy)?;
		Pallet::<T>::instruct(RawOrigin::Signed(s.seller.1.clone()).into(), sell)?;
		T::BenchmarkHelper::set_time(NOW_MS + 86_400_000);

		#[block]
		{
			Pallet::<T>::run_scheduler(T::SchedulerWeight::get());
		}

		assert_eq!(Pallet::<T>::status_of(1), Some(Status::Settled));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
