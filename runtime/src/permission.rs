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
		// A participant key, the board's members, the validators, the DTC gateway, the banks.
		<Runtime as frame_system::Config>::DbWeight::get().reads(5)
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
