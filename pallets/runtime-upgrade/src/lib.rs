//! # Runtime upgrade by the board
//!
//! The chain has no sudo key, and `frame_system::set_code` needs the Root origin, which no
//! board motion has. This pallet gives the clearing agency's board a path that needs only its
//! own origin ([`Config::UpgradeOrigin`], a 3/4 motion in the runtime):
//!
//! 1. The board passes a motion for [`Pallet::authorize_upgrade`] with the hash of the new
//!    runtime code. A motion carries only the 32-byte hash, not the code itself.
//! 2. Anyone then submits the code with `System::apply_authorized_upgrade`. frame-system checks
//!    that the code hashes to the authorized hash and that its spec version is higher, and
//!    schedules it for the next block.

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the upgrade path.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The origin that may authorize new runtime code: the board's 3/4 motion.
		type UpgradeOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Events of the upgrade path.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The board authorized runtime code with this hash. frame-system's own
		/// `UpgradeAuthorized` event follows; `System::apply_authorized_upgrade` applies it.
		UpgradeAuthorizedByBoard {
			code_hash: T::Hash,
			check_version: types::VersionCheck,
		},
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Authorize runtime code with hash `code_hash`. Needs [`Config::UpgradeOrigin`].
		///
		/// The code must have a higher spec version than the running runtime, unless
		/// `check_version` is [`types::VersionCheck::Skip`] (for recovering from a broken
		/// version number; the board must say so explicitly).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::authorize_upgrade())]
		pub fn authorize_upgrade(
			origin: OriginFor<T>,
			code_hash: T::Hash,
			check_version: types::VersionCheck,
		) -> DispatchResult {
			T::UpgradeOrigin::ensure_origin(origin)?;
			frame_system::Pallet::<T>::do_authorize_upgrade(
				code_hash,
				check_version == types::VersionCheck::Check,
			);
			Self::deposit_event(Event::UpgradeAuthorizedByBoard {
				code_hash,
				check_version,
			});
			Ok(())
		}
	}
}
