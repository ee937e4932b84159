//! Benchmarks of the runtime-upgrade pallet. They also run as tests in the mock runtime.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn authorize_upgrade() -> Result<(), BenchmarkError> {
		let origin =
			T::UpgradeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let code_hash = T::Hash::default();

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			code_hash,
			types::VersionCheck::Check,
		);

		assert!(frame_support::storage::unhashed::exists(
			&frame_support::storage::storage_prefix(b"System", b"AuthorizedUpgrade",)
		));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
