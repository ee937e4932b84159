//! The pilot's limits and the fee schedule, set by the agency.

use crate::*;
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	/// Whether `parameters` may be set: both limits above zero. Reads nothing.
	pub(crate) fn can_set_parameters(parameters: &Parameters) -> Result<(), Error<T>> {
		ensure!(
			parameters.max_trades_per_pair_per_day > 0
				&& parameters.share_limit_per_security_per_pair_per_day > 0,
			Error::<T>::InvalidParameters
		);
		Ok(())
	}

	/// Set the pilot's limits and the fee schedule; they apply to instructions from now on.
	pub(crate) fn do_set_parameters(parameters: Parameters) -> DispatchResult {
		Self::can_set_parameters(&parameters)?;
		Params::<T>::put(parameters);
		Self::deposit_event(Event::ParametersSet { parameters });
		Ok(())
	}
}
