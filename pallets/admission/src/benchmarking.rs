//! Benchmarks of the admission pallet: its call and its extension's worst case. They also run
//! as tests in the mock runtime.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::{
	dispatch::{DispatchInfo, PostDispatchInfo},
	traits::{EnsureOrigin, Get},
	weights::Weight,
};
use frame_system::RawOrigin;
use pssc_primitives::traits::Role;
use sp_runtime::traits::{AsSystemOriginSigner, DispatchTransaction, Dispatchable};

#[benchmarks(where
	T: Send + Sync,
	<T as frame_system::Config>::RuntimeCall: Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
	<<T as frame_system::Config>::RuntimeCall as Dispatchable>::RuntimeOrigin:
		AsSystemOriginSigner<T::AccountId> + Clone + From<RawOrigin<T::AccountId>>,
)]
mod benchmarks {
	use super::*;

	/// The worst case: the signer's role is the last the runtime looks for, it has used its
	/// allowance before in this block, and the dispatch gives weight back, so its usage is
	/// written twice.
	#[benchmark]
	fn check_admission() -> Result<(), BenchmarkError> {
		// The harness moves a benchmark from block 0 to block 1 after its set-up: start at 1, so
		// that the set-up's usage counts in the measured block.
		frame_system::Pallet::<T>::set_block_number(1u32.into());
		let (who, call) = T::BenchmarkHelper::worst_signer();
		let info = DispatchInfo {
			call_weight: Weight::from_parts(1_000_000, 0),
			..Default::default()
		};
		let post = PostDispatchInfo {
			actual_weight: Some(Weight::from_parts(500_000, 0)),
			pays_fee: Default::default(),
		};
		let origin: <T as frame_system::Config>::RuntimeOrigin =
			RawOrigin::Signed(who.clone()).into();
		CheckAdmission::<T>::new()
			.test_run(origin.clone(), &call, &info, 0, 0, |_| Ok(post))
			.map_err(|_| BenchmarkError::Stop("the helper's signer is not admitted"))?
			.map_err(|_| BenchmarkError::Stop("the dispatch failed"))?;
		let before = SignerUsage::<T>::get(&who).ok_or(BenchmarkError::Stop("no usage"))?;
		let result;

		#[block]
		{
			result = CheckAdmission::<T>::new().test_run(origin, &call, &info, 0, 0, |_| Ok(post));
		}

		assert!(matches!(result, Ok(Ok(_))), "the signer is admitted");
		let after = SignerUsage::<T>::get(&who).ok_or(BenchmarkError::Stop("no usage"))?;
		assert_eq!(
			after.in_block.transactions,
			before.in_block.transactions + 1,
			"the transaction is counted"
		);
		Ok(())
	}

	#[benchmark]
	fn set_quota() -> Result<(), BenchmarkError> {
		let origin =
			T::QuotaOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let quota = T::DefaultQuotas::get().dtc_gateway;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Role::DtcGateway, quota);

		assert_eq!(Quotas::<T>::get().dtc_gateway, quota);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
