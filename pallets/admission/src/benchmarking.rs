//! Benchmarks of the admission pallet: its call and its extension's worst case. They also run
//! as tests in the mock runtime.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::{
	dispatch::{DispatchInfo, DispatchResultWithPostInfo, PostDispatchInfo},
	traits::{EnsureOrigin, Get},
	weights::Weight,
};
use frame_system::RawOrigin;
use pssc_primitives::traits::Role;
use sp_runtime::{
	traits::{AsSystemOriginSigner, DispatchTransaction, Dispatchable},
	transaction_validity::TransactionValidityError,
};

#[benchmarks(where
	T: Send + Sync,
	<T as frame_system::Config>::RuntimeCall: Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
	<<T as frame_system::Config>::RuntimeCall as Dispatchable>::RuntimeOrigin:
		AsSystemOriginSigner<T::AccountId> + Clone + From<RawOrigin<T::AccountId>>,
)]
mod benchmarks {
	use super::*;

	type OriginOf<T> = <T as frame_system::Config>::RuntimeOrigin;
	type CallOf<T> = <T as frame_system::Config>::RuntimeCall;

	/// A transaction signed by `who`, whose dispatch gives weight back (so its usage is
	/// written twice): the signer's origin, the dispatch info and the dispatch's outcome.
	/// It is `who`'s first, so admission also takes the reference that keeps its account:
	/// the most admission writes.
	fn first_transaction<T: Config + Send + Sync>(
		who: &T::AccountId,
	) -> Result<(OriginOf<T>, DispatchInfo, PostDispatchInfo), BenchmarkError>
	where
		CallOf<T>: Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
		<CallOf<T> as Dispatchable>::RuntimeOrigin:
			AsSystemOriginSigner<T::AccountId> + Clone + From<RawOrigin<T::AccountId>>,
	{
		if SignerUsage::<T>::contains_key(who) {
			return Err(BenchmarkError::Stop(
				"the helper's signer has signed before",
			));
		}
		let info = DispatchInfo {
			call_weight: Weight::from_parts(1_000_000, 0),
			..Default::default()
		};
		let post = PostDispatchInfo {
			actual_weight: Some(Weight::from_parts(500_000, 0)),
			pays_fee: Default::default(),
		};
		Ok((RawOrigin::Signed(who.clone()).into(), info, post))
	}

	/// Checks that the measured transaction was admitted and counted, and that `who`'s account
	/// gained the reference that keeps it (it had `providers` before).
	fn admitted<T: Config>(
		result: Result<DispatchResultWithPostInfo, TransactionValidityError>,
		who: &T::AccountId,
		providers: u32,
	) -> Result<(), BenchmarkError> {
		assert!(matches!(result, Ok(Ok(_))), "the signer is admitted");
		let usage = SignerUsage::<T>::get(who).ok_or(BenchmarkError::Stop("no usage"))?;
		assert_eq!(usage.in_block.transactions, 1, "the transaction is counted");
		assert_eq!(
			frame_system::Pallet::<T>::providers(who),
			providers + 1,
			"the account is kept"
		);
		Ok(())
	}

	/// The worst case: the first transaction of a signer whose role is the last the runtime
	/// looks for, signing a call that roles other than participants' keys may sign.
	#[benchmark]
	fn check_admission() -> Result<(), BenchmarkError> {
		let (who, call) = T::BenchmarkHelper::worst_signer();
		let (origin, info, post) = first_transaction::<T>(&who)?;
		let providers = frame_system::Pallet::<T>::providers(&who);
		let result;

		#[block]
		{
			result = CheckAdmission::<T>::new().test_run(origin, &call, &info, 0, 0, |_| Ok(post));
		}

		admitted::<T>(result, &who, providers)
	}

	/// The first transaction of a participant's key, signing a call only participants' keys
	/// may sign: only the participants pallet is read for its roles.
	#[benchmark]
	fn check_participant_admission() -> Result<(), BenchmarkError> {
		let (who, call) = T::BenchmarkHelper::participant_signer();
		let (origin, info, post) = first_transaction::<T>(&who)?;
		let providers = frame_system::Pallet::<T>::providers(&who);
		let result;

		#[block]
		{
			result = CheckAdmission::<T>::new().test_run(origin, &call, &info, 0, 0, |_| Ok(post));
		}

		admitted::<T>(result, &who, providers)
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
