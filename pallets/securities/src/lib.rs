//! # Eligible-security registry
//!
//! Which securities the ledger may carry. A security is **Eligible** exactly while
//!
//! - the clearing agency has accepted it ([`Pallet::set_agency_acceptance`]: participant
//!   demand, issuer information, reliable pricing), **and**
//! - DTC accepts it for book-entry services ([`Pallet::set_dtc_eligibility`], sent by the DTC
//!   gateway role account from DTC's feed), **and**
//! - DTC has not put a global lock on it.
//!
//! Every change of that derived state emits [`Event::EligibilityChanged`] in the same call,
//! so when DTC drops a security it stops being eligible at once, with no other step. The
//! same call tells [`Config::OnEligibilityChanged`] what settlement acts on:
//!
//! - the security was **dropped** (the agency or DTC no longer accepts it): its open business
//!   is wound down;
//! - it was **restored** (both accept it again);
//! - its deliveries may settle again (a delivery chill or a global lock lifted, or the
//!   security restored). A global lock is not a drop: what it holds waits for it to lift.
//!
//! DTC's chills (deposit, withdrawal, delivery) do not change eligibility; the pallets that
//! move entitlements read them through [`pssc_primitives::traits::EligibilityProvider`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod api;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{dispatch::WithPostDispatchInfo, pallet_prelude::*};
	use frame_system::pallet_prelude::*;
	use pssc_primitives::{
		traits::{DtcRestrictions, OnEligibilityChanged},
		Cusip, Isin, RawCusip, RawIsin,
	};

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the registry.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The clearing agency: registers securities, accepts them, appoints the DTC gateway.
		type AgencyOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Told of every change of a security's eligibility.
		type OnEligibilityChanged: OnEligibilityChanged;
		/// The longest description of a security, in bytes.
		#[pallet::constant]
		type MaxDescriptionLen: Get<u32>;
		/// The most entries of one DTC eligibility batch.
		#[pallet::constant]
		type MaxDtcBatch: Get<u32>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Every registered security, by CUSIP.
	#[pallet::storage]
	pub type Securities<T: Config> =
		StorageMap<_, Blake2_128Concat, Cusip, Security<T::MaxDescriptionLen>, OptionQuery>;

	/// The CUSIP of each registered ISIN.
	#[pallet::storage]
	pub type IsinIndex<T: Config> = StorageMap<_, Blake2_128Concat, Isin, Cusip, OptionQuery>;

	/// The DTC gateway: the role account that relays DTC's eligibility feed.
	#[pallet::storage]
	pub type DtcGateway<T: Config> = StorageValue<_, T::AccountId, OptionQuery>;

	/// Events of the registry.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A security was registered. It is not eligible until accepted by the agency and DTC.
		SecurityRegistered { cusip: Cusip, isin: Option<Isin> },
		/// The agency accepted a security, or withdrew its acceptance.
		AgencyAcceptanceSet { cusip: Cusip, accepted: bool },
		/// DTC's eligibility and restrictions for a security, as the gateway reported them.
		DtcStatusSet {
			cusip: Cusip,
			dtc_eligible: bool,
			restrictions: DtcRestrictions,
		},
		/// A security became eligible, or stopped being eligible.
		EligibilityChanged { cusip: Cusip, eligible: bool },
		/// The agency appointed (or replaced) the DTC gateway account.
		DtcGatewaySet {
			old: Option<T::AccountId>,
			new: T::AccountId,
		},
	}

	/// Errors of the registry.
	#[pallet::error]
	pub enum Error<T> {
		/// The CUSIP has a wrong length, character or check digit.
		InvalidCusip,
		/// The ISIN has a wrong length, character or check digit, or a US ISIN does not embed a
		/// valid CUSIP.
		InvalidIsin,
		/// A US ISIN must embed the CUSIP of the security it names.
		IsinCusipMismatch,
		/// A security with this CUSIP is already registered.
		SecurityAlreadyRegistered,
		/// This ISIN already names another security.
		IsinAlreadyRegistered,
		/// The description is longer than [`Config::MaxDescriptionLen`].
		DescriptionTooLong,
		/// No security with this CUSIP is registered.
		UnknownSecurity,
		/// Only the DTC gateway relays DTC's feed.
		NotDtcGateway,
		/// The batch has more entries than [`Config::MaxDtcBatch`].
		BatchTooLarge,
		/// The account is already the DTC gateway.
		AlreadyDtcGateway,
		/// The old gateway account still has consumers that need its provider reference.
		GatewayAccountInUse,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a security by CUSIP, with an optional ISIN and a short description.
		/// Needs [`Config::AgencyOrigin`]. The security starts not accepted and not
		/// DTC-eligible.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_security())]
		pub fn register_security(
			origin: OriginFor<T>,
			cusip: RawCusip,
			isin: Option<RawIsin>,
			description: Vec<u8>,
		) -> DispatchResult {
			T::AgencyOrigin::ensure_origin(origin)?;
			let cusip = Cusip::new(&cusip).map_err(|_| Error::<T>::InvalidCusip)?;
			let isin = isin
				.map(|raw| Isin::new(&raw).map_err(|_| Error::<T>::InvalidIsin))
				.transpose()?;
			if let Some(embedded) = isin.as_ref().and_then(Isin::cusip) {
				ensure!(embedded == cusip, Error::<T>::IsinCusipMismatch);
			}
			let description: BoundedVec<u8, T::MaxDescriptionLen> = description
				.try_into()
				.map_err(|_| Error::<T>::DescriptionTooLong)?;
			ensure!(
				!Securities::<T>::contains_key(cusip),
				Error::<T>::SecurityAlreadyRegistered
			);
			if let Some(isin) = isin {
				ensure!(
					!IsinIndex::<T>::contains_key(isin),
					Error::<T>::IsinAlreadyRegistered
				);
			}

			Securities::<T>::insert(
				cusip,
				Security {
					isin,
					description,
					agency_accepted: false,
					dtc_eligible: false,
					restrictions: DtcRestrictions::default(),
				},
			);
			if let Some(isin) = isin {
				IsinIndex::<T>::insert(isin, cusip);
			}
			Self::deposit_event(Event::SecurityRegistered { cusip, isin });
			Ok(())
		}

		/// Record the agency's own decision on a security. Needs [`Config::AgencyOrigin`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_agency_acceptance()
			.saturating_add(T::OnEligibilityChanged::weight_per_change()))]
		pub fn set_agency_acceptance(
			origin: OriginFor<T>,
			cusip: RawCusip,
			accepted: bool,
		) -> DispatchResult {
			T::AgencyOrigin::ensure_origin(origin)?;
			let cusip = Cusip::new(&cusip).map_err(|_| Error::<T>::InvalidCusip)?;
			let mut security = Securities::<T>::get(cusip).ok_or(Error::<T>::UnknownSecurity)?;

			let before = security.standing();
			security.agency_accepted = accepted;
			Self::store(cusip, security, before);
			Self::deposit_event(Event::AgencyAcceptanceSet { cusip, accepted });
			Ok(())
		}

		/// Appoint `gateway` as the DTC gateway, replacing any previous one. Needs
		/// [`Config::AgencyOrigin`]. The account is admitted (it receives a provider
		/// reference); the replaced account loses its.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_dtc_gateway())]
		pub fn set_dtc_gateway(origin: OriginFor<T>, gateway: T::AccountId) -> DispatchResult {
			T::AgencyOrigin::ensure_origin(origin)?;
			let old = DtcGateway::<T>::get();
			ensure!(
				old.as_ref() != Some(&gateway),
				Error::<T>::AlreadyDtcGateway
			);
			if let Some(old) = &old {
				ensure!(
					frame_system::Pallet::<T>::can_dec_provider(old),
					Error::<T>::GatewayAccountInUse
				);
			}

			if let Some(old) = &old {
				// Checked with `can_dec_provider` above.
				let _ = frame_system::Pallet::<T>::dec_providers(old);
			}
			frame_system::Pallet::<T>::inc_providers(&gateway);
			DtcGateway::<T>::put(&gateway);
			Self::deposit_event(Event::DtcGatewaySet { old, new: gateway });
			Ok(())
		}

		/// DTC's eligibility and restrictions for one security. Only the DTC gateway.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_dtc_eligibility()
			.saturating_add(T::OnEligibilityChanged::weight_per_change()))]
		pub fn set_dtc_eligibility(
			origin: OriginFor<T>,
			cusip: RawCusip,
			dtc_eligible: bool,
			restrictions: DtcRestrictions,
		) -> DispatchResult {
			Self::ensure_gateway(origin)?;
			let update = Self::check_dtc_update(&(cusip, dtc_eligible, restrictions))?;
			Self::apply_dtc_update(update);
			Ok(())
		}

		/// DTC's daily file: eligibility and restrictions for up to [`Config::MaxDtcBatch`]
		/// securities. Only the DTC gateway. Every entry is checked before any is applied, so
		/// a file with one bad entry changes nothing. A file refused as a whole (not the
		/// gateway's, or too long) is charged as an empty file.
		#[pallet::call_index(4)]
		#[pallet::weight(Pallet::<T>::dtc_file_weight(
			(entries.len() as u32).min(T::MaxDtcBatch::get())
		))]
		pub fn set_dtc_eligibility_batch(
			origin: OriginFor<T>,
			entries: Vec<(RawCusip, bool, DtcRestrictions)>,
		) -> DispatchResultWithPostInfo {
			let empty = T::WeightInfo::set_dtc_eligibility_batch(0);
			Self::ensure_gateway(origin).map_err(|e| e.with_weight(empty))?;
			ensure!(
				entries.len() <= T::MaxDtcBatch::get() as usize,
				Error::<T>::BatchTooLarge.with_weight(empty)
			);
			let updates = entries
				.iter()
				.map(Self::check_dtc_update)
				.collect::<Result<Vec<_>, _>>()?;
			for update in updates {
				Self::apply_dtc_update(update);
			}
			Ok(().into())
		}
	}
}
