//! What the runtime APIs read: a security and its derived eligibility. Reads only.

use crate::pallet::*;
use pssc_primitives::{api::SecurityInfo, Cusip};

impl<T: Config> Pallet<T> {
	/// Security `cusip` as the APIs show it, with its derived eligibility.
	pub fn security_info(cusip: Cusip) -> Option<SecurityInfo> {
		Securities::<T>::get(cusip).map(|s| SecurityInfo {
			cusip,
			eligible: s.is_eligible(),
			isin: s.isin,
			description: s.description.into_inner(),
			agency_accepted: s.agency_accepted,
			dtc_eligible: s.dtc_eligible,
			restrictions: s.restrictions,
		})
	}
}
