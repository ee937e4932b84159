//! The transaction extensions: [`CheckAdmission`] and [`BoundedNonce`].

use crate::{refusal, Config, Pallet, SignerUsage, Usage, WeightInfo};
use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::{
	dispatch::{DispatchInfo, PostDispatchInfo},
	pallet_prelude::{TransactionSource, Weight},
};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{
		AsSystemOriginSigner, DispatchInfoOf, DispatchOriginOf, Dispatchable, Implication,
		PostDispatchInfoOf, Saturating, TransactionExtension, ValidateResult,
	},
	transaction_validity::{InvalidTransaction, TransactionValidityError, ValidTransaction},
	DispatchResult,
};

/// Admits a signed transaction: the signer's roles may sign the call, within their quota.
/// Gives the transaction its lane's priority, and counts it against the signer's quota.
/// Unsigned transactions and inherents pass.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct CheckAdmission<T: Config + Send + Sync>(core::marker::PhantomData<T>);

impl<T: Config + Send + Sync> CheckAdmission<T> {
	/// The extension; it carries no data.
	pub fn new() -> Self {
		Self(core::marker::PhantomData)
	}
}

impl<T: Config + Send + Sync> Default for CheckAdmission<T> {
	fn default() -> Self {
		Self::new()
	}
}

impl<T: Config + Send + Sync> core::fmt::Debug for CheckAdmission<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckAdmission")
	}
}

impl<T: Config + Send + Sync> TransactionExtension<T::RuntimeCall> for CheckAdmission<T>
where
	T::RuntimeCall: Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
	DispatchOriginOf<T::RuntimeCall>: AsSystemOriginSigner<T::AccountId> + Clone,
{
	const IDENTIFIER: &'static str = "CheckAdmission";
	type Implicit = ();
	/// The signer and what it will have used with this transaction.
	type Val = Option<(T::AccountId, Usage)>;
	/// The same, once counted, for giving back what the dispatch did not use.
	type Pre = Option<(T::AccountId, Usage)>;

	fn weight(&self, _: &T::RuntimeCall) -> Weight {
		T::WeightInfo::check_admission()
	}

	fn validate(
		&self,
		origin: DispatchOriginOf<T::RuntimeCall>,
		call: &T::RuntimeCall,
		info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Implication,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, T::RuntimeCall> {
		let Some(who) = origin.as_system_origin_signer() else {
			return Ok((ValidTransaction::default(), None, origin));
		};
		let (lane, usage) = Pallet::<T>::admit(who, call, info.total_weight())?;
		let validity = ValidTransaction {
			priority: lane.priority(),
			..Default::default()
		};
		let val = Some((who.clone(), usage));
		Ok((validity, val, origin))
	}

	fn prepare(
		self,
		val: Self::Val,
		_origin: &DispatchOriginOf<T::RuntimeCall>,
		_call: &T::RuntimeCall,
		_info: &DispatchInfoOf<T::RuntimeCall>,
		_len: usize,
	) -> Result<Self::Pre, TransactionValidityError> {
		if let Some((who, usage)) = &val {
			SignerUsage::<T>::insert(who, usage);
		}
		Ok(val)
	}

	fn post_dispatch_details(
		pre: Self::Pre,
		info: &DispatchInfoOf<T::RuntimeCall>,
		post_info: &PostDispatchInfoOf<T::RuntimeCall>,
		_len: usize,
		_result: &DispatchResult,
	) -> Result<Weight, TransactionValidityError> {
		if let Some((who, usage)) = pre {
			let unspent = post_info.calc_unspent(info);
			if unspent.any_gt(Weight::zero()) {
				SignerUsage::<T>::insert(who, usage.less(unspent));
			}
		}
		Ok(Weight::zero())
	}
}

/// frame-system's `CheckNonce`, which in the pool also refuses a transaction whose nonce is
/// the signer's [`crate::Quota::pool_depth`] or more ahead of its next: one key cannot fill
/// the pool. It encodes as `CheckNonce` does and keeps its identifier, so clients sign it as
/// they sign `CheckNonce`. In a block it is `CheckNonce` alone.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct BoundedNonce<T: Config>(pub frame_system::CheckNonce<T>);

impl<T: Config> BoundedNonce<T> {
	/// The extension for a transaction with `nonce`.
	pub fn from(nonce: T::Nonce) -> Self {
		Self(frame_system::CheckNonce::from(nonce))
	}
}

impl<T: Config> core::fmt::Debug for BoundedNonce<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "BoundedNonce({:?})", self.0)
	}
}

type NonceVal<T> = <frame_system::CheckNonce<T> as TransactionExtension<
	<T as frame_system::Config>::RuntimeCall,
>>::Val;

impl<T: Config + Send + Sync> TransactionExtension<T::RuntimeCall> for BoundedNonce<T>
where
	T::RuntimeCall: Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
	DispatchOriginOf<T::RuntimeCall>: AsSystemOriginSigner<T::AccountId> + Clone,
{
	const IDENTIFIER: &'static str = "CheckNonce";
	type Implicit = ();
	type Val = NonceVal<T>;
	type Pre = <frame_system::CheckNonce<T> as TransactionExtension<T::RuntimeCall>>::Pre;

	fn weight(&self, call: &T::RuntimeCall) -> Weight {
		self.0.weight(call)
	}

	fn validate(
		&self,
		origin: DispatchOriginOf<T::RuntimeCall>,
		call: &T::RuntimeCall,
		info: &DispatchInfoOf<T::RuntimeCall>,
		len: usize,
		self_implicit: Self::Implicit,
		inherited_implication: &impl Implication,
		source: TransactionSource,
	) -> ValidateResult<Self::Val, T::RuntimeCall> {
		if source != TransactionSource::InBlock {
			if let Some(who) = origin.as_system_origin_signer() {
				let depth = Pallet::<T>::pool_depth(who, call)?;
				let next = frame_system::Pallet::<T>::account_nonce(who);
				if self.0 .0 >= next.saturating_add(depth.into()) {
					return Err(InvalidTransaction::Custom(refusal::POOL_DEPTH_EXCEEDED).into());
				}
			}
		}
		self.0.validate(
			origin,
			call,
			info,
			len,
			self_implicit,
			inherited_implication,
			source,
		)
	}

	fn prepare(
		self,
		val: Self::Val,
		origin: &DispatchOriginOf<T::RuntimeCall>,
		call: &T::RuntimeCall,
		info: &DispatchInfoOf<T::RuntimeCall>,
		len: usize,
	) -> Result<Self::Pre, TransactionValidityError> {
		self.0.prepare(val, origin, call, info, len)
	}

	fn post_dispatch_details(
		pre: Self::Pre,
		info: &DispatchInfoOf<T::RuntimeCall>,
		post_info: &PostDispatchInfoOf<T::RuntimeCall>,
		len: usize,
		result: &DispatchResult,
	) -> Result<Weight, TransactionValidityError> {
		frame_system::CheckNonce::<T>::post_dispatch_details(pre, info, post_info, len, result)
	}
}
