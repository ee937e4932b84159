//! Benchmarks of the eligible-security registry. They also run as tests in the mock runtime.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use pssc_primitives::{
	identifiers::numbered_cusip as cusip, traits::DtcRestrictions, Cusip, RawCusip,
};

fn agency<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::AgencyOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// A registered, accepted security numbered `n`.
fn accepted<T: Config>(n: u32) -> Result<RawCusip, BenchmarkError> {
	let raw = cusip(n);
	Pallet::<T>::register_security(agency::<T>()?, raw, None, Vec::new())?;
	Pallet::<T>::set_agency_acceptance(agency::<T>()?, raw, true)?;
	Ok(raw)
}

fn gateway<T: Config>() -> Result<T::AccountId, BenchmarkError> {
	let who: T::AccountId = account("gateway", 0, 0);
	Pallet::<T>::set_dtc_gateway(agency::<T>()?, who.clone())?;
	Ok(who)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_security() -> Result<(), BenchmarkError> {
		let origin = agency::<T>()?;
		let raw = cusip(1);
		let description = alloc::vec![b'x'; T::MaxDescriptionLen::get() as usize];

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, raw, None, description);

		assert!(Securities::<T>::contains_key(
			Cusip::new(&raw).map_err(|_| "cusip")?
		));
		Ok(())
	}

	#[benchmark]
	fn set_agency_acceptance() -> Result<(), BenchmarkError> {
		let raw = cusip(1);
		Pallet::<T>::register_security(agency::<T>()?, raw, None, Vec::new())?;
		let origin = agency::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, raw, true);

		Ok(())
	}

	#[benchmark]
	fn set_dtc_gateway() -> Result<(), BenchmarkError> {
		// Replacing a gateway is the worst case.
		gateway::<T>()?;
		let new: T::AccountId = account("gateway", 1, 0);
		let origin = agency::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, new.clone());

		assert_eq!(DtcGateway::<T>::get(), Some(new));
		Ok(())
	}

	#[benchmark]
	fn set_dtc_eligibility() -> Result<(), BenchmarkError> {
		let raw = accepted::<T>(1)?;
		let who = gateway::<T>()?;

		#[extrinsic_call]
		_(
			RawOrigin::Signed(who),
			raw,
			true,
			DtcRestrictions::default(),
		);

		Ok(())
	}

	#[benchmark]
	fn set_dtc_eligibility_batch(
		n: Linear<1, { T::MaxDtcBatch::get() }>,
	) -> Result<(), BenchmarkError> {
		let entries = (0..n)
			.map(|i| accepted::<T>(i).map(|raw| (raw, true, DtcRestrictions::default())))
			.collect::<Result<Vec<_>, _>>()?;
		let who = gateway::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who), entries);

		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
