//! # Participants and counterparty permissions
//!
//! The clearing agency onboards participants ([`Pallet::onboard`]) with their legal name, LEI,
//! DTC participant number, an admin key and operator keys. It can suspend, reinstate and
//! offboard them. Each key belongs to exactly one participant and, while registered, holds a
//! provider reference, so it can sign transactions on a chain without a native token.
//!
//! A participant's admin keeps its operator keys and its counterparty approvals. A pair of
//! participants may settle only when **each** has approved the other
//! ([`pssc_primitives::traits::ParticipantRegistry::are_mutually_approved`]). A revocation
//! is told to [`Config::OnParticipantChanged`] so open instructions with that counterparty
//! can be cancelled.
//!
//! A participant's id is its LEI's for good: an LEI offboarded and onboarded again gets its
//! old id back ([`LeiIndex`] outlives offboarding), so the instruction references it used, which
//! settlement keeps per id, cannot be used again.
//!
//! A suspended participant's keys change nothing: its admin may not add or remove operator
//! keys, nor approve or revoke counterparties. Suspension is how the board stops a stolen key
//! at once; a thief must not be able to strip the participant's operators or approvals (and
//! so cancel its open business) meanwhile. The board replaces a lost or stolen admin key
//! ([`Pallet::replace_admin`]), suspended or not.

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
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use pssc_primitives::{
		traits::{HoldingsInspect, OnParticipantChanged, ParticipantStatus},
		Lei, ParticipantId, RawLei,
	};

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the participants pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The clearing agency: onboards, suspends, reinstates and offboards participants.
		type AgencyOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Whether a participant still holds entitlements (offboarding is refused if so).
		type Holdings: HoldingsInspect;
		/// Told of revocations, suspensions and reinstatements.
		type OnParticipantChanged: OnParticipantChanged;
		/// The most participants at once (10 in the order's first year).
		#[pallet::constant]
		type MaxParticipants: Get<u32>;
		/// The most operator keys of one participant.
		#[pallet::constant]
		type MaxOperators: Get<u32>;
		/// The longest legal name, in bytes.
		#[pallet::constant]
		type MaxLegalNameLen: Get<u32>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The id the next onboarded participant gets. Ids are never reused.
	#[pallet::storage]
	pub type NextParticipantId<T: Config> = StorageValue<_, ParticipantId, ValueQuery>;

	/// How many participants there are now.
	#[pallet::storage]
	pub type ParticipantCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Every participant, by id.
	#[pallet::storage]
	pub type Participants<T: Config> =
		StorageMap<_, Twox64Concat, ParticipantId, ParticipantOf<T>, OptionQuery>;

	/// The participant id of each LEI ever onboarded. Kept after offboarding: an LEI onboarded
	/// again gets its old id back, so the references its instructions used stay used (the
	/// settlement pallet keeps them per id) and nothing it signed before can be replayed under
	/// a new id. One entry per legal entity the board ever admitted.
	#[pallet::storage]
	pub type LeiIndex<T: Config> = StorageMap<_, Blake2_128Concat, Lei, ParticipantId, OptionQuery>;

	/// The participant of each DTC participant number.
	#[pallet::storage]
	pub type DtcNumberIndex<T: Config> =
		StorageMap<_, Twox64Concat, DtcParticipantNumber, ParticipantId, OptionQuery>;

	/// The participant each key acts for, and in which role.
	#[pallet::storage]
	pub type Keys<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, (ParticipantId, KeyRole), OptionQuery>;

	/// `(a, b)` is present when participant `a` has approved `b` as a counterparty.
	#[pallet::storage]
	pub type Approvals<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ParticipantId,
		Twox64Concat,
		ParticipantId,
		(),
		OptionQuery,
	>;

	/// Events of the participants pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The agency onboarded a participant.
		Onboarded {
			id: ParticipantId,
			lei: Lei,
			dtc_number: DtcParticipantNumber,
			admin: T::AccountId,
		},
		/// The agency suspended a participant.
		Suspended { id: ParticipantId },
		/// The agency reinstated a suspended participant.
		Reinstated { id: ParticipantId },
		/// The agency offboarded a participant; its keys and approvals are gone.
		Offboarded { id: ParticipantId },
		/// A participant's admin added an operator key.
		OperatorAdded {
			id: ParticipantId,
			key: T::AccountId,
		},
		/// A participant's admin removed an operator key.
		OperatorRemoved {
			id: ParticipantId,
			key: T::AccountId,
		},
		/// The agency replaced a participant's admin key; the old key has no role any more.
		AdminReplaced {
			id: ParticipantId,
			old: T::AccountId,
			new: T::AccountId,
		},
		/// `by` approved `counterparty`. `mutual` says whether the pair may now settle.
		CounterpartyApproved {
			by: ParticipantId,
			counterparty: ParticipantId,
			mutual: bool,
		},
		/// `by` revoked its approval of `counterparty`; the pair may no longer settle.
		CounterpartyRevoked {
			by: ParticipantId,
			counterparty: ParticipantId,
		},
	}

	/// Errors of the participants pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The cap on participants ([`Config::MaxParticipants`]) is reached.
		TooManyParticipants,
		/// The LEI has a wrong length, character or check digits.
		InvalidLei,
		/// Another participant has this LEI.
		LeiAlreadyUsed,
		/// Another participant has this DTC participant number.
		DtcNumberAlreadyUsed,
		/// A DTC participant number is a positive number.
		InvalidDtcNumber,
		/// The legal name is empty or longer than [`Config::MaxLegalNameLen`].
		InvalidLegalName,
		/// More operator keys than [`Config::MaxOperators`].
		TooManyOperators,
		/// The key already belongs to a participant (or is listed twice).
		KeyAlreadyInUse,
		/// No participant has this id.
		UnknownParticipant,
		/// The participant is already suspended.
		AlreadySuspended,
		/// The participant is not suspended.
		NotSuspended,
		/// The participant is suspended and may not do this.
		ParticipantSuspended,
		/// The participant still holds entitlements; they must be withdrawn first.
		HoldsEntitlements,
		/// The signer is not the admin key of a participant.
		NotAdmin,
		/// The key is not an operator key of the admin's participant.
		NotAnOperator,
		/// A participant cannot approve itself.
		CannotApproveSelf,
		/// The counterparty is already approved.
		AlreadyApproved,
		/// The counterparty was not approved.
		NotApproved,
		/// A key still has consumers that need its provider reference.
		KeyInUse,
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
		/// Admit a participant. Needs [`Config::AgencyOrigin`].
		///
		/// Every key (the admin and each operator) must be new to the ledger's participants;
		/// each receives a provider reference. An LEI offboarded before gets its old id back,
		/// so the references it used stay used; an LEI of a current participant is refused.
		/// Charged for at most [`Config::MaxOperators`] operators: a longer list is refused
		/// before any key is looked at.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::onboard(
			(operators.len() as u32).min(T::MaxOperators::get())
		))]
		pub fn onboard(
			origin: OriginFor<T>,
			legal_name: Vec<u8>,
			lei: RawLei,
			dtc_number: DtcParticipantNumber,
			admin: T::AccountId,
			operators: Vec<T::AccountId>,
		) -> DispatchResult {
			T::AgencyOrigin::ensure_origin(origin)?;
			let count = ParticipantCount::<T>::get();
			ensure!(
				count < T::MaxParticipants::get(),
				Error::<T>::TooManyParticipants
			);
			ensure!(!legal_name.is_empty(), Error::<T>::InvalidLegalName);
			let legal_name: BoundedVec<u8, T::MaxLegalNameLen> = legal_name
				.try_into()
				.map_err(|_| Error::<T>::InvalidLegalName)?;
			let lei = Lei::new(&lei).map_err(|_| Error::<T>::InvalidLei)?;
			let returning = LeiIndex::<T>::get(lei);
			ensure!(
				returning.is_none_or(|id| !Participants::<T>::contains_key(id)),
				Error::<T>::LeiAlreadyUsed
			);
			ensure!(dtc_number > 0, Error::<T>::InvalidDtcNumber);
			ensure!(
				!DtcNumberIndex::<T>::contains_key(dtc_number),
				Error::<T>::DtcNumberAlreadyUsed
			);
			let operators: BoundedVec<T::AccountId, T::MaxOperators> = operators
				.try_into()
				.map_err(|_| Error::<T>::TooManyOperators)?;
			Self::ensure_new_keys(core::iter::once(&admin).chain(operators.iter()))?;
			// A returning LEI gets its old id back; a new one the next id.
			let (id, next_id) = match returning {
				Some(id) => (id, None),
				None => {
					let id = NextParticipantId::<T>::get();
					let next = id.checked_add(1).ok_or(Error::<T>::TooManyParticipants)?;
					(id, Some(next))
				},
			};

			Self::register_key(&admin, id, KeyRole::Admin);
			for key in operators.iter() {
				Self::register_key(key, id, KeyRole::Operator);
			}
			Participants::<T>::insert(
				id,
				Participant {
					legal_name,
					lei,
					dtc_number,
					admin: admin.clone(),
					operators,
					status: ParticipantStatus::Active,
				},
			);
			LeiIndex::<T>::insert(lei, id);
			DtcNumberIndex::<T>::insert(dtc_number, id);
			if let Some(next_id) = next_id {
				NextParticipantId::<T>::put(next_id);
			}
			ParticipantCount::<T>::put(count.saturating_add(1));
			Self::deposit_event(Event::Onboarded {
				id,
				lei,
				dtc_number,
				admin,
			});
			Ok(())
		}

		/// Suspend participant `id`. Needs [`Config::AgencyOrigin`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::suspend())]
		pub fn suspend(origin: OriginFor<T>, id: ParticipantId) -> DispatchResult {
			T::AgencyOrigin::ensure_origin(origin)?;
			let mut participant =
				Participants::<T>::get(id).ok_or(Error::<T>::UnknownParticipant)?;
			ensure!(
				participant.status == ParticipantStatus::Active,
				Error::<T>::AlreadySuspended
			);

			participant.status = ParticipantStatus::Suspended;
			Participants::<T>::insert(id, participant);
			Self::deposit_event(Event::Suspended { id });
			T::OnParticipantChanged::on_suspended(id);
			Ok(())
		}

		/// Reinstate suspended participant `id`. Needs [`Config::AgencyOrigin`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::reinstate())]
		pub fn reinstate(origin: OriginFor<T>, id: ParticipantId) -> DispatchResult {
			T::AgencyOrigin::ensure_origin(origin)?;
			let mut participant =
				Participants::<T>::get(id).ok_or(Error::<T>::UnknownParticipant)?;
			ensure!(
				participant.status == ParticipantStatus::Suspended,
				Error::<T>::NotSuspended
			);

			participant.status = ParticipantStatus::Active;
			Participants::<T>::insert(id, participant);
			Self::deposit_event(Event::Reinstated { id });
			T::OnParticipantChanged::on_reinstated(id);
			Ok(())
		}

		/// Offboard participant `id`: its keys lose their provider reference, its approvals
		/// (given and received) are dropped. Needs [`Config::AgencyOrigin`]. Refused while the
		/// participant holds any entitlement.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::offboard(T::MaxOperators::get()))]
		pub fn offboard(origin: OriginFor<T>, id: ParticipantId) -> DispatchResult {
			T::AgencyOrigin::ensure_origin(origin)?;
			let participant = Participants::<T>::get(id).ok_or(Error::<T>::UnknownParticipant)?;
			ensure!(
				!T::Holdings::holds_anything(id),
				Error::<T>::HoldsEntitlements
			);
			let keys = core::iter::once(&participant.admin).chain(participant.operators.iter());
			for key in keys.clone() {
				ensure!(
					frame_system::Pallet::<T>::can_dec_provider(key),
					Error::<T>::KeyInUse
				);
			}

			for key in keys {
				Self::unregister_key(key);
			}
			Self::drop_approvals(id);
			DtcNumberIndex::<T>::remove(participant.dtc_number);
			Participants::<T>::remove(id);
			ParticipantCount::<T>::mutate(|c| *c = c.saturating_sub(1));
			Self::deposit_event(Event::Offboarded { id });
			Ok(())
		}

		/// Add operator key `key` to the signer's participant. Only its admin key, and not
		/// while suspended.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::add_operator())]
		pub fn add_operator(origin: OriginFor<T>, key: T::AccountId) -> DispatchResult {
			let (id, mut participant) = Self::ensure_admin(origin)?;
			ensure!(
				participant.status == ParticipantStatus::Active,
				Error::<T>::ParticipantSuspended
			);
			Self::ensure_new_keys(core::iter::once(&key))?;
			participant
				.operators
				.try_push(key.clone())
				.map_err(|_| Error::<T>::TooManyOperators)?;

			Self::register_key(&key, id, KeyRole::Operator);
			Participants::<T>::insert(id, participant);
			Self::deposit_event(Event::OperatorAdded { id, key });
			Ok(())
		}

		/// Remove operator key `key` from the signer's participant. Only its admin key, and not
		/// while suspended.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::remove_operator())]
		pub fn remove_operator(origin: OriginFor<T>, key: T::AccountId) -> DispatchResult {
			let (id, mut participant) = Self::ensure_admin(origin)?;
			ensure!(
				participant.status == ParticipantStatus::Active,
				Error::<T>::ParticipantSuspended
			);
			let index = participant
				.operators
				.iter()
				.position(|k| *k == key)
				.ok_or(Error::<T>::NotAnOperator)?;
			ensure!(
				frame_system::Pallet::<T>::can_dec_provider(&key),
				Error::<T>::KeyInUse
			);

			participant.operators.remove(index);
			Self::unregister_key(&key);
			Participants::<T>::insert(id, participant);
			Self::deposit_event(Event::OperatorRemoved { id, key });
			Ok(())
		}

		/// Approve participant `counterparty` as a counterparty of the signer's participant.
		/// Only its admin key, and not while suspended.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::approve_counterparty())]
		pub fn approve_counterparty(
			origin: OriginFor<T>,
			counterparty: ParticipantId,
		) -> DispatchResult {
			let (by, participant) = Self::ensure_admin(origin)?;
			ensure!(
				participant.status == ParticipantStatus::Active,
				Error::<T>::ParticipantSuspended
			);
			ensure!(by != counterparty, Error::<T>::CannotApproveSelf);
			ensure!(
				Participants::<T>::contains_key(counterparty),
				Error::<T>::UnknownParticipant
			);
			ensure!(
				!Approvals::<T>::contains_key(by, counterparty),
				Error::<T>::AlreadyApproved
			);

			Approvals::<T>::insert(by, counterparty, ());
			let mutual = Approvals::<T>::contains_key(counterparty, by);
			Self::deposit_event(Event::CounterpartyApproved {
				by,
				counterparty,
				mutual,
			});
			Ok(())
		}

		/// Revoke the signer's participant's approval of `counterparty`. Only its admin key,
		/// and not while suspended. Open business between the pair is wound down through
		/// [`Config::OnParticipantChanged`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::revoke_counterparty())]
		pub fn revoke_counterparty(
			origin: OriginFor<T>,
			counterparty: ParticipantId,
		) -> DispatchResult {
			let (by, participant) = Self::ensure_admin(origin)?;
			ensure!(
				participant.status == ParticipantStatus::Active,
				Error::<T>::ParticipantSuspended
			);
			ensure!(
				Approvals::<T>::contains_key(by, counterparty),
				Error::<T>::NotApproved
			);

			Approvals::<T>::remove(by, counterparty);
			Self::deposit_event(Event::CounterpartyRevoked { by, counterparty });
			T::OnParticipantChanged::on_counterparty_revoked(by, counterparty);
			Ok(())
		}

		/// Replace participant `id`'s admin key with `new`, for a key lost or stolen. Needs
		/// [`Config::AgencyOrigin`]; allowed while the participant is suspended, which is how
		/// the board stops a stolen key first. `new` must be new to the ledger's participants
		/// and receives a provider reference. The old key loses its role at once, so it signs
		/// nothing more for the participant; it keeps its provider reference only where
		/// something else still needs it. The participant's operators, approvals, holdings
		/// and open instructions are untouched.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::replace_admin())]
		pub fn replace_admin(
			origin: OriginFor<T>,
			id: ParticipantId,
			new: T::AccountId,
		) -> DispatchResult {
			T::AgencyOrigin::ensure_origin(origin)?;
			let mut participant =
				Participants::<T>::get(id).ok_or(Error::<T>::UnknownParticipant)?;
			Self::ensure_new_keys(core::iter::once(&new))?;

			let old = core::mem::replace(&mut participant.admin, new.clone());
			Self::unregister_key(&old);
			Self::register_key(&new, id, KeyRole::Admin);
			Participants::<T>::insert(id, participant);
			Self::deposit_event(Event::AdminReplaced { id, old, new });
			Ok(())
		}
	}
}
