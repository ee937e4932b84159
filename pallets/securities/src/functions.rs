//! Internal functions of the registry, and its answers to other pallets.

use crate::{pallet::*, Security, Standing, WeightInfo};
use frame_support::{ensure, pallet_prelude::*};
use frame_system::{ensure_signed, pallet_prelude::OriginFor};
use pssc_primitives::{
	traits::{DtcRestrictions, EligibilityProvider, OnEligibilityChanged},
	Cusip, RawCusip,
};

/// A checked DTC update, ready to apply: the security exists.
pub(crate) struct DtcUpdate {
	cusip: Cusip,
	dtc_eligible: bool,
	restrictions: DtcRestrictions,
}

impl<T: Config> Pallet<T> {
	/// What a DTC file of `entries` securities is charged: the benchmarked file, and what
	/// telling settlement of each security's change may cost.
	pub fn dtc_file_weight(entries: u32) -> Weight {
		T::WeightInfo::set_dtc_eligibility_batch(entries).saturating_add(
			T::OnEligibilityChanged::weight_per_change().saturating_mul(entries.into()),
		)
	}

	/// Write `security`, whose standing was `before`: if its eligibility changed, say so;
	/// tell [`Config::OnEligibilityChanged`] if it was dropped or restored, and if its
	/// deliveries may settle again.
	pub(crate) fn store(cusip: Cusip, security: Security<T::MaxDescriptionLen>, before: Standing) {
		let now = security.standing();
		Securities::<T>::insert(cusip, security);
		if now.eligible != before.eligible {
			Self::deposit_event(Event::EligibilityChanged {
				cusip,
				eligible: now.eligible,
			});
		}
		match (before.dropped, now.dropped) {
			(false, true) => T::OnEligibilityChanged::on_dropped(&cusip),
			(true, false) => T::OnEligibilityChanged::on_restored(&cusip),
			_ => {},
		}
		if now.deliverable && !before.deliverable {
			T::OnEligibilityChanged::on_deliverable(&cusip);
		}
	}

	pub(crate) fn ensure_gateway(origin: OriginFor<T>) -> DispatchResult {
		let who = ensure_signed(origin)?;
		ensure!(
			DtcGateway::<T>::get() == Some(who),
			Error::<T>::NotDtcGateway
		);
		Ok(())
	}

	pub(crate) fn check_dtc_update(
		entry: &(RawCusip, bool, DtcRestrictions),
	) -> Result<DtcUpdate, Error<T>> {
		let (raw, dtc_eligible, restrictions) = *entry;
		let cusip = Cusip::new(&raw).map_err(|_| Error::<T>::InvalidCusip)?;
		ensure!(
			Securities::<T>::contains_key(cusip),
			Error::<T>::UnknownSecurity
		);
		Ok(DtcUpdate {
			cusip,
			dtc_eligible,
			restrictions,
		})
	}

	pub(crate) fn apply_dtc_update(update: DtcUpdate) {
		let DtcUpdate {
			cusip,
			dtc_eligible,
			restrictions,
		} = update;
		// `check_dtc_update` found the security, and nothing removes securities.
		let Some(mut security) = Securities::<T>::get(cusip) else {
			return;
		};
		let before = security.standing();
		security.dtc_eligible = dtc_eligible;
		security.restrictions = restrictions;
		Self::store(cusip, security, before);
		Self::deposit_event(Event::DtcStatusSet {
			cusip,
			dtc_eligible,
			restrictions,
		});
	}

	/// Whether `who` is the DTC gateway.
	pub fn is_dtc_gateway(who: &T::AccountId) -> bool {
		DtcGateway::<T>::get().as_ref() == Some(who)
	}

	/// The registered security `cusip`.
	pub fn security(cusip: &Cusip) -> Option<Security<T::MaxDescriptionLen>> {
		Securities::<T>::get(cusip)
	}

	/// Check the registry's invariants: the ISIN index and the securities agree both ways,
	/// and a US ISIN embeds its security's CUSIP.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut with_isin = 0usize;
		for (cusip, security) in Securities::<T>::iter() {
			if let Some(isin) = security.isin {
				with_isin = with_isin.saturating_add(1);
				ensure!(
					IsinIndex::<T>::get(isin) == Some(cusip),
					"ISIN index misses a security"
				);
				if let Some(embedded) = isin.cusip() {
					ensure!(embedded == cusip, "US ISIN does not embed its CUSIP");
				}
			}
		}
		ensure!(
			IsinIndex::<T>::iter().count() == with_isin,
			"ISIN index has stale entries"
		);
		Ok(())
	}
}

impl<T: Config> EligibilityProvider for Pallet<T> {
	fn is_eligible(cusip: &Cusip) -> bool {
		Securities::<T>::get(cusip).is_some_and(|s| s.is_eligible())
	}

	fn restrictions(cusip: &Cusip) -> Option<DtcRestrictions> {
		Securities::<T>::get(cusip).map(|s| s.restrictions)
	}

	fn is_deliverable(cusip: &Cusip) -> bool {
		Securities::<T>::get(cusip).is_some_and(|s| s.is_deliverable())
	}

	fn is_dropped(cusip: &Cusip) -> bool {
		Securities::<T>::get(cusip).is_none_or(|s| s.is_dropped())
	}
}

impl<T: Config> pssc_primitives::traits::DtcGatewayRole<T::AccountId> for Pallet<T> {
	fn is_dtc_gateway(who: &T::AccountId) -> bool {
		Self::is_dtc_gateway(who)
	}
}
