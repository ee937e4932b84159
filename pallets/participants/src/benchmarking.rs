//! Benchmarks of the participants pallet. They also run as tests in the mock runtime.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use pssc_primitives::{identifiers::numbered_lei as lei, ParticipantId};

fn agency<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::AgencyOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

fn operators<T: Config>(n: u32, o: u32) -> Vec<T::AccountId> {
	(0..o)
		.map(|i| account("operator", n * 1_000 + i, 0))
		.collect()
}

/// Onboard participant number `n` with `o` operators; returns its id and admin.
fn onboarded<T: Config>(n: u32, o: u32) -> Result<(ParticipantId, T::AccountId), BenchmarkError> {
	let admin: T::AccountId = account("admin", n, 0);
	let id = NextParticipantId::<T>::get();
	Pallet::<T>::onboard(
		agency::<T>()?,
		b"Participant".to_vec(),
		lei(n),
		n + 1,
		admin.clone(),
		operators::<T>(n, o),
	)?;
	Ok((id, admin))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn onboard(o: Linear<0, { T::MaxOperators::get() }>) -> Result<(), BenchmarkError> {
		let origin = agency::<T>()?;
		let admin: T::AccountId = account("admin", 0, 0);
		let name = alloc::vec![b'n'; T::MaxLegalNameLen::get() as usize];

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			name,
			lei(0),
			1,
			admin,
			operators::<T>(0, o),
		);

		assert_eq!(ParticipantCount::<T>::get(), 1);
		Ok(())
	}

	#[benchmark]
	fn suspend() -> Result<(), BenchmarkError> {
		let (id, _) = onboarded::<T>(0, 0)?;
		let origin = agency::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		Ok(())
	}

	#[benchmark]
	fn reinstate() -> Result<(), BenchmarkError> {
		let (id, _) = onboarded::<T>(0, 0)?;
		Pallet::<T>::suspend(agency::<T>()?, id)?;
		let origin = agency::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		Ok(())
	}

	#[benchmark]
	fn offboard(o: Linear<0, { T::MaxOperators::get() }>) -> Result<(), BenchmarkError> {
		let (id, admin) = onboarded::<T>(0, o)?;
		// Approvals both ways with every other participant the cap allows.
		for n in 1..T::MaxParticipants::get() {
			let (other, other_admin) = onboarded::<T>(n, 0)?;
			Pallet::<T>::approve_counterparty(RawOrigin::Signed(admin.clone()).into(), other)?;
			Pallet::<T>::approve_counterparty(RawOrigin::Signed(other_admin).into(), id)?;
		}
		let origin = agency::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert!(!Participants::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn add_operator() -> Result<(), BenchmarkError> {
		let (_, admin) = onboarded::<T>(0, T::MaxOperators::get().saturating_sub(1))?;
		let key: T::AccountId = account("new-operator", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), key.clone());

		assert!(Keys::<T>::contains_key(&key));
		Ok(())
	}

	#[benchmark]
	fn remove_operator() -> Result<(), BenchmarkError> {
		let (_, admin) = onboarded::<T>(0, T::MaxOperators::get())?;
		let key = operators::<T>(0, T::MaxOperators::get())
			.pop()
			.ok_or("an operator")?;

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), key.clone());

		assert!(!Keys::<T>::contains_key(&key));
		Ok(())
	}

	#[benchmark]
	fn approve_counterparty() -> Result<(), BenchmarkError> {
		let (a, admin_a) = onboarded::<T>(0, 0)?;
		let (b, admin_b) = onboarded::<T>(1, 0)?;
		Pallet::<T>::approve_counterparty(RawOrigin::Signed(admin_b).into(), a)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(admin_a), b);

		assert!(Approvals::<T>::contains_key(a, b));
		Ok(())
	}

	#[benchmark]
	fn revoke_counterparty() -> Result<(), BenchmarkError> {
		let (_, admin_a) = onboarded::<T>(0, 0)?;
		let (b, _) = onboarded::<T>(1, 0)?;
		Pallet::<T>::approve_counterparty(RawOrigin::Signed(admin_a.clone()).into(), b)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(admin_a), b);

		Ok(())
	}

	#[benchmark]
	fn replace_admin() -> Result<(), BenchmarkError> {
		let (id, old) = onboarded::<T>(0, T::MaxOperators::get())?;
		let new: T::AccountId = account("new-admin", 0, 0);
		let origin = agency::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, new.clone());

		assert_eq!(Keys::<T>::get(&new), Some((id, KeyRole::Admin)));
		assert!(!Keys::<T>::contains_key(&old));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
