//! Benchmarks of the validator-set pallet. They also run as tests in the mock runtime.

use super::*;
use crate::Pallet as ValidatorSet;
use alloc::vec::Vec;
use codec::Encode;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get, Hooks};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};

fn admit<T: Config>(index: u32) -> T::AccountId {
	let who: T::AccountId = account("validator", index, 0);
	let origin = T::ValidatorOrigin::try_successful_origin().expect("origin is benchmarkable");
	ValidatorSet::<T>::add_validator(origin, who.clone()).expect("room for a validator");
	who
}

fn admit_with_keys<T: Config>(index: u32) -> T::AccountId {
	let who = admit::<T>(index);
	let (keys, proof) = T::BenchmarkHelper::generate_keys(&who.encode());
	ValidatorSet::<T>::set_keys(RawOrigin::Signed(who.clone()).into(), keys, proof)
		.expect("fresh keys are accepted");
	who
}

/// Fill the set up to one below its bound with validators that have keys, as the worst case
/// for the calls that look at every validator.
fn fill<T: Config>() {
	let existing = Validators::<T>::get().len() as u32;
	for i in existing..T::MaxValidators::get().saturating_sub(1) {
		admit_with_keys::<T>(1_000 + i);
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_validator() -> Result<(), BenchmarkError> {
		let existing = Validators::<T>::get().len() as u32;
		for i in existing..T::MaxValidators::get().saturating_sub(1) {
			admit::<T>(1_000 + i);
		}
		let who: T::AccountId = account("new", 0, 0);
		let origin =
			T::ValidatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Validators::<T>::get().contains(&who));
		Ok(())
	}

	#[benchmark]
	fn remove_validator() -> Result<(), BenchmarkError> {
		fill::<T>();
		let who = admit_with_keys::<T>(0);
		let origin =
			T::ValidatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Validators::<T>::get().contains(&who));
		assert!(!NextKeys::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn set_keys() {
		let who = admit_with_keys::<T>(0);
		// Replacing keys is the worst case: the old owner entries are removed too.
		let (keys, proof) = T::BenchmarkHelper::generate_keys(&who.encode());

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), keys.clone(), proof);

		assert_eq!(NextKeys::<T>::get(&who), Some(keys));
	}

	#[benchmark]
	fn purge_keys() {
		fill::<T>();
		let who = admit_with_keys::<T>(0);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!NextKeys::<T>::contains_key(&who));
	}

	#[benchmark]
	fn register_node() -> Result<(), BenchmarkError> {
		let origin =
			T::ValidatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let operator: T::AccountId = account("operator", 0, 0);
		let node = [7u8; 32];

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, node, operator.clone());

		assert_eq!(Nodes::<T>::get(node), Some(operator));
		Ok(())
	}

	#[benchmark]
	fn deregister_node() -> Result<(), BenchmarkError> {
		let origin =
			T::ValidatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let operator: T::AccountId = account("operator", 0, 0);
		for n in 1..=2u8 {
			ValidatorSet::<T>::register_node(origin.clone(), [n; 32], operator.clone())
				.map_err(|_| BenchmarkError::Weightless)?;
		}

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, [1u8; 32]);

		assert!(!Nodes::<T>::contains_key([1u8; 32]));
		Ok(())
	}

	/// A block that is not a session boundary.
	#[benchmark]
	fn on_initialize() {
		SessionLength::<T>::put(BlockNumberFor::<T>::from(10u32));
		let before = CurrentSession::<T>::get();

		#[block]
		{
			ValidatorSet::<T>::on_initialize(1u32.into());
		}

		assert_eq!(CurrentSession::<T>::get(), before);
	}

	/// A session boundary at which `v` admitted validators with keys replace the whole
	/// authority set, GRANDPA's included.
	#[benchmark]
	fn new_session(v: Linear<1, { T::MaxValidators::get() }>) {
		let period = BlockNumberFor::<T>::from(10u32);
		SessionLength::<T>::put(period);
		Validators::<T>::kill();
		let joining: Vec<T::AccountId> = (0..v).map(|i| admit_with_keys::<T>(2_000 + i)).collect();
		let set_id = GrandpaSetId::<T>::get();

		#[block]
		{
			ValidatorSet::<T>::on_initialize(period);
		}

		let authorities: Vec<T::AccountId> = Authorities::<T>::get()
			.into_iter()
			.map(|(who, _)| who)
			.collect();
		let mut expected = joining;
		expected.sort();
		assert_eq!(authorities, expected);
		assert_eq!(GrandpaSetId::<T>::get(), set_id + 1);
	}

	impl_benchmark_test_suite!(ValidatorSet, crate::mock::new_test_ext(), crate::mock::Test);
}
