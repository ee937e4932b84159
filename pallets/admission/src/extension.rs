//! The transaction extensions: [`CheckAdmission`], [`BoundedNonce`] and [`MortalOnly`].

use crate::{refusal, Config, Pallet, SignerUsage, Usage};
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

/// frame-system's `CheckMortality`, which also refuses a signed transaction that never
/// expires ([`refusal::IMMORTAL_TRANSACTION`]). A signed transaction is then valid only until
/// its era ends, at most `BlockHashCount` blocks after the block it names, so one signed and
/// kept back, or copied from a stolen machine, cannot be submitted later. It encodes as
/// `CheckMortality` does and keeps its identifier, so clients sign it as they sign
/// `CheckMortality`.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct MortalOnly<T: Config + Send + Sync>(pub frame_system::CheckMortality<T>);

impl<T: Config + Send + Sync> MortalOnly<T> {
	/// The extension for a transaction of `era`.
	pub fn from(era: sp_runtime::generic::Era) -> Self {
		Self(frame_system::CheckMortality::from(era))
	}
}

impl<T: Config + Send + Sync> core::fmt::Debug for MortalOnly<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "MortalOnly({:?})", self.0 .0)
	}
}

impl<T: Config + Send + Sync> TransactionExtension<T::RuntimeCall> for MortalOnly<T>
where
	DispatchOriginOf<T::RuntimeCall>: AsSystemOriginSigner<T::AccountId>,
{
	const IDENTIFIER: &'static str = "CheckMortality";
	type Implicit = T::Hash;
	type Val = ();
	type Pre = ();

	fn implicit(&self) -> Result<Self::Implicit, TransactionValidityError> {
		self.0.implicit()
	}

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
		if self.0 .0.is_immortal() && origin.as_system_origin_signer().is_some() {
			return Err(InvalidTransaction::Custom(refusal::IMMORTAL_TRANSACTION).into());
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

	sp_runtime::impl_tx_ext_default!(T::RuntimeCall; prepare);
}

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
	/// The signer, what it will have used with this transaction, and whether it is its first.
	type Val = Option<(T::AccountId, Usage, bool)>;
	/// The signer, what it used, once counted, for giving back what the dispatch did not
	/// use, and whether it was its first transaction.
	type Pre = Option<(T::AccountId, Usage, bool)>;

	fn weight(&self, call: &T::RuntimeCall) -> Weight {
		Pallet::<T>::admission_weight(call)
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
		let (lane, usage, first) = Pallet::<T>::admit(who, call, info.total_weight())?;
		let validity = ValidTransaction {
			priority: lane.priority(),
			..Default::default()
		};
		let val = Some((who.clone(), usage, first));
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
		if let Some((who, usage, first)) = &val {
			Pallet::<T>::record(who, usage, *first);
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
		let Some((who, usage, first)) = pre else {
			return Ok(Weight::zero());
		};
		let unspent = post_info.calc_unspent(info);
		if unspent.any_gt(Weight::zero()) {
			SignerUsage::<T>::insert(who, usage.less(unspent));
		}
		// The weight is benchmarked on a signer's first transaction, which also takes the
		// reference on its account; every later one gives that account access back.
		Ok(if first {
			Weight::zero()
		} else {
			Pallet::<T>::account_reference_weight()
		})
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
