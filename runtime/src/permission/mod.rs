//! The permission check: only admitted accounts may sign transactions.
//!
//! The chain has no fees, so payment cannot keep strangers out; permission does. Every signed
//! transaction passes [`CheckPermittedSigner`], which refuses any signer that no pallet has
//! admitted with [`InvalidTransaction::BadSigner`]. Transaction extensions run both when the
//! pool validates a transaction and when a block applies it, so such a transaction neither
//! enters the pool nor a block. Inherents and unsigned transactions are not signed and pass.
//!
//! Admitted signers are: the members of the clearing agency's board, the admitted validators,
//! the keys (admin and operator) of participants, active or suspended (the pallets decide what
//! a suspended participant may do), and the role accounts (the DTC gateway and the settling
//! banks).

pub mod weights;

use crate::{
	AccountId, Board, Entitlements, Participants, Runtime, RuntimeCall, Securities, ValidatorSet,
};
use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{Contains, OriginTrait},
	weights::Weight,
};
use pssc_primitives::traits::ParticipantRegistry;
use scale_info::TypeInfo;
use sp_runtime::{
	impl_tx_ext_default,
	traits::{DispatchInfoOf, TransactionExtension, ValidateResult},
	transaction_validity::InvalidTransaction,
};
use weights::WeightInfo;

/// The accounts that may sign transactions.
pub struct PermittedSigners;

impl Contains<AccountId> for PermittedSigners {
	fn contains(who: &AccountId) -> bool {
		Participants::participant_of(who).is_some()
			|| Board::is_member(who)
			|| ValidatorSet::is_validator(who)
			|| Securities::is_dtc_gateway(who)
			|| Entitlements::is_settling_bank(who)
	}
}

/// Refuses a transaction whose signer is not in [`PermittedSigners`].
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Eq, PartialEq, Default, TypeInfo)]
pub struct CheckPermittedSigner;

impl core::fmt::Debug for CheckPermittedSigner {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckPermittedSigner")
	}
}

impl TransactionExtension<RuntimeCall> for CheckPermittedSigner {
	const IDENTIFIER: &'static str = "CheckPermittedSigner";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	fn weight(&self, _: &RuntimeCall) -> Weight {
		<weights::SubstrateWeight<Runtime> as WeightInfo>::check_permitted_signer()
	}

	fn validate(
		&self,
		origin: <Runtime as frame_system::Config>::RuntimeOrigin,
		_call: &RuntimeCall,
		_info: &DispatchInfoOf<RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, RuntimeCall> {
		if let Some(who) = origin.as_signer() {
			if !PermittedSigners::contains(who) {
				return Err(InvalidTransaction::BadSigner.into());
			}
		}
		Ok((Default::default(), (), origin))
	}

	impl_tx_ext_default!(RuntimeCall; prepare);
}

/// The benchmark of [`CheckPermittedSigner`], listed in the runtime's benchmarks as
/// `permission`.
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking {
	use super::*;
	use crate::{configs::ClearingAgencyOrigin, RuntimeOrigin};
	use alloc::vec;
	use frame_benchmarking::v2::*;
	use frame_support::{dispatch::GetDispatchInfo, traits::EnsureOrigin};
	use frame_system::Config;
	use sp_runtime::traits::DispatchTransaction;

	/// Runs the permission extension's benchmark; `T` is the runtime.
	pub struct Pallet<T: Config>(core::marker::PhantomData<T>);

	#[benchmarks]
	mod benchmarks {
		use super::*;

		/// The worst case: a settling bank, admitted by the last of the checks.
		#[benchmark]
		fn check_permitted_signer() -> Result<(), BenchmarkError> {
			let bank: AccountId = account("settling-bank", 0, 0);
			let agency = ClearingAgencyOrigin::try_successful_origin()
				.map_err(|_| BenchmarkError::Stop("no agency origin"))?;
			Entitlements::appoint_settling_bank(agency, bank.clone(), *b"USD")
				.map_err(|_| BenchmarkError::Stop("the bank cannot be appointed"))?;
			let call: RuntimeCall = frame_system::Call::remark { remark: vec![] }.into();
			let info = call.get_dispatch_info();
			let result;

			#[block]
			{
				result = CheckPermittedSigner.test_run(
					RuntimeOrigin::signed(bank),
					&call,
					&info,
					0,
					0,
					|_| Ok(().into()),
				);
			}

			assert!(matches!(result, Ok(Ok(_))), "a settling bank is admitted");
			Ok(())
		}
	}
}
