//! Benchmarks of the entitlements pallet. They also run as tests in the mock runtime.
//!
//! The runtime provides the setup the pallet cannot make itself (an active participant with a
//! key, an eligible security, the DTC gateway) through [`BenchmarkHelper`].

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use pssc_primitives::{traits::CurrencyCode, ParticipantId, RawCusip};

const USD: CurrencyCode = *b"USD";

fn agency<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::AgencyOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// A participant with a key, an eligible security, the gateway, and `quantity` deposited.
fn funded<T: Config>(
	quantity: Amount,
) -> Result<(ParticipantId, T::AccountId, RawCusip, T::AccountId), BenchmarkError> {
	let (participant, key) = T::BenchmarkHelper::participant();
	let cusip = T::BenchmarkHelper::eligible_security();
	let gateway = T::BenchmarkHelper::dtc_gateway();
	Pallet::<T>::confirm_deposit(
		RawOrigin::Signed(gateway.clone()).into(),
		participant,
		dtc_number::<T>(participant)?,
		cusip,
		quantity,
		b"SETUP".to_vec(),
	)?;
	Ok((participant, key, cusip, gateway))
}

/// The DTC participant number of `participant`.
fn dtc_number<T: Config>(participant: ParticipantId) -> Result<u32, BenchmarkError> {
	use pssc_primitives::traits::ParticipantRegistry;
	T::Registry::dtc_number(participant).ok_or(BenchmarkError::Stop("no DTC number"))
}

/// A settling bank for USD that took a wire of `amount` for `participant`.
fn bank_with<T: Config>(
	participant: ParticipantId,
	amount: Amount,
) -> Result<T::AccountId, BenchmarkError> {
	let bank: T::AccountId = account("bank", 0, 0);
	Pallet::<T>::appoint_settling_bank(agency::<T>()?, bank.clone(), USD)?;
	if amount > 0 {
		Pallet::<T>::confirm_cash_deposit(
			RawOrigin::Signed(bank.clone()).into(),
			participant,
			amount,
			b"WSETUP".to_vec(),
		)?;
	}
	Ok(bank)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn confirm_deposit() -> Result<(), BenchmarkError> {
		let (participant, _, cusip, gateway) = funded::<T>(1)?;
		let dtc_number = dtc_number::<T>(participant)?;

		#[extrinsic_call]
		_(
			RawOrigin::Signed(gateway),
			participant,
			dtc_number,
			cusip,
			100,
			vec![b'r'; T::MaxReferenceLen::get() as usize],
		);

		Ok(())
	}

	#[benchmark]
	fn request_withdrawal() -> Result<(), BenchmarkError> {
		let (_, key, cusip, _) = funded::<T>(100)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(key), cusip, 40);

		Ok(())
	}

	#[benchmark]
	fn confirm_withdrawal() -> Result<(), BenchmarkError> {
		let (_, key, cusip, gateway) = funded::<T>(100)?;
		Pallet::<T>::request_withdrawal(RawOrigin::Signed(key).into(), cusip, 40)?;

		#[extrinsic_call]
		_(
			RawOrigin::Signed(gateway),
			0,
			vec![b'r'; T::MaxReferenceLen::get() as usize],
		);

		Ok(())
	}

	#[benchmark]
	fn reject_withdrawal() -> Result<(), BenchmarkError> {
		// A cash withdrawal touches the bank's record too: the heavier case.
		let (participant, key) = T::BenchmarkHelper::participant();
		let bank = bank_with::<T>(participant, 100)?;
		Pallet::<T>::request_cash_withdrawal(RawOrigin::Signed(key).into(), bank.clone(), 40)?;

		#[extrinsic_call]
		_(
			RawOrigin::Signed(bank),
			0,
			vec![b'r'; T::MaxReasonLen::get() as usize],
		);

		Ok(())
	}

	#[benchmark]
	fn appoint_settling_bank() -> Result<(), BenchmarkError> {
		let origin = agency::<T>()?;
		let bank: T::AccountId = account("bank", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, bank, USD);

		Ok(())
	}

	#[benchmark]
	fn remove_settling_bank() -> Result<(), BenchmarkError> {
		let (participant, _) = T::BenchmarkHelper::participant();
		let bank = bank_with::<T>(participant, 0)?;
		let origin = agency::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, bank);

		Ok(())
	}

	#[benchmark]
	fn confirm_cash_deposit() -> Result<(), BenchmarkError> {
		let (participant, _) = T::BenchmarkHelper::participant();
		let bank = bank_with::<T>(participant, 1)?;

		#[extrinsic_call]
		_(
			RawOrigin::Signed(bank),
			participant,
			100,
			vec![b'r'; T::MaxReferenceLen::get() as usize],
		);

		Ok(())
	}

	#[benchmark]
	fn request_cash_withdrawal() -> Result<(), BenchmarkError> {
		let (participant, key) = T::BenchmarkHelper::participant();
		let bank = bank_with::<T>(participant, 100)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(key), bank, 40);

		Ok(())
	}

	#[benchmark]
	fn report_custody_position() -> Result<(), BenchmarkError> {
		let (_, _, cusip, gateway) = funded::<T>(100)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(gateway), cusip, 99, 0);

		Ok(())
	}

	#[benchmark]
	fn report_cash_balance() -> Result<(), BenchmarkError> {
		let (participant, _) = T::BenchmarkHelper::participant();
		let bank = bank_with::<T>(participant, 100)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(bank), 99, 0);

		Ok(())
	}

	#[benchmark]
	fn replace_settling_bank_key() -> Result<(), BenchmarkError> {
		// A bank holding cash and owing a payout: none of it may move.
		let (participant, key) = T::BenchmarkHelper::participant();
		let bank = bank_with::<T>(participant, 100)?;
		Pallet::<T>::request_cash_withdrawal(RawOrigin::Signed(key).into(), bank.clone(), 40)?;
		let new: T::AccountId = account("bank-key", 0, 0);
		let origin = agency::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, bank.clone(), new.clone());

		assert_eq!(BankKeys::<T>::get(&new), Some(bank.clone()));
		assert!(!BankKeys::<T>::contains_key(&bank));
		let record = SettlingBanks::<T>::get(&bank).ok_or("the bank")?;
		assert_eq!(
			(record.key, record.total, record.pending_out),
			(new, 100, 40)
		);
		Ok(())
	}

	#[benchmark]
	fn transfer_holdings(
		n: Linear<1, { T::MaxRecoveryLines::get() }>,
	) -> Result<(), BenchmarkError> {
		// `n` securities, each held by both the participant and its successor: every line
		// reads and writes both balances.
		let (from, _) = T::BenchmarkHelper::participant();
		let to = T::BenchmarkHelper::successor();
		let gateway = T::BenchmarkHelper::dtc_gateway();
		let mut lines = vec![];
		for i in 0..n {
			let cusip = T::BenchmarkHelper::numbered_security(i + 1);
			for (who, tag) in [(from, b'F'), (to, b'T')] {
				let mut reference = b"SETUP-".to_vec();
				reference.push(tag);
				reference.extend_from_slice(&i.to_le_bytes());
				Pallet::<T>::confirm_deposit(
					RawOrigin::Signed(gateway.clone()).into(),
					who,
					dtc_number::<T>(who)?,
					cusip,
					10,
					reference,
				)?;
			}
			lines.push(Line::Security(
				Pallet::<T>::cusip(cusip).map_err(|_| "cusip")?,
			));
		}
		T::BenchmarkHelper::suspend(from);
		let origin =
			T::RecoveryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, from, to, lines.clone());

		for line in lines {
			if let Line::Security(cusip) = line {
				assert_eq!(Pallet::<T>::security_balance(to, &cusip).free, 20);
				assert!(Pallet::<T>::security_balance(from, &cusip).is_zero());
			}
		}
		Ok(())
	}

	#[benchmark]
	fn force_withdrawal() -> Result<(), BenchmarkError> {
		let (participant, _, cusip, _) = funded::<T>(100)?;
		let origin =
			T::RecoveryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, participant, cusip);

		assert_eq!(Withdrawals::<T>::get(0).map(|w| w.amount), Some(100));
		Ok(())
	}

	#[benchmark]
	fn force_cash_withdrawal() -> Result<(), BenchmarkError> {
		let (participant, _) = T::BenchmarkHelper::participant();
		let bank = bank_with::<T>(participant, 100)?;
		let origin =
			T::RecoveryOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, participant, bank);

		assert_eq!(Withdrawals::<T>::get(0).map(|w| w.amount), Some(100));
		Ok(())
	}

	#[benchmark]
	fn resolve_break() -> Result<(), BenchmarkError> {
		let (_, _, cusip, gateway) = funded::<T>(100)?;
		Pallet::<T>::report_custody_position(RawOrigin::Signed(gateway).into(), cusip, 99, 0)?;
		let line = Line::Security(Pallet::<T>::cusip(cusip).map_err(|_| "cusip")?);
		let origin = agency::<T>()?;

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			line,
			vec![b'r'; T::MaxReasonLen::get() as usize],
		);

		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
