//! Internal functions of the participants pallet, and its answers to other pallets.

use crate::{pallet::*, KeyRole, ParticipantOf};
use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::*};
use frame_system::{ensure_signed, pallet_prelude::OriginFor};
use pssc_primitives::{
	traits::{OnParticipantChanged, ParticipantRegistry, ParticipantStatus},
	ParticipantId,
};

impl<T: Config> Pallet<T> {
	/// Every key in `keys` is new: not registered, and not listed twice.
	pub(crate) fn ensure_new_keys<'a>(
		keys: impl Iterator<Item = &'a T::AccountId>,
	) -> DispatchResult {
		let mut seen: Vec<&T::AccountId> = Vec::new();
		for key in keys {
			ensure!(!Keys::<T>::contains_key(key), Error::<T>::KeyAlreadyInUse);
			ensure!(!seen.contains(&key), Error::<T>::KeyAlreadyInUse);
			seen.push(key);
		}
		Ok(())
	}

	pub(crate) fn register_key(key: &T::AccountId, id: ParticipantId, role: KeyRole) {
		Keys::<T>::insert(key, (id, role));
		frame_system::Pallet::<T>::inc_providers(key);
	}

	/// Callers check `can_dec_provider` first, except for a replaced admin key: that one
	/// keeps its provider reference if something still needs it, rather than block the
	/// replacement.
	pub(crate) fn unregister_key(key: &T::AccountId) {
		Keys::<T>::remove(key);
		let _ = frame_system::Pallet::<T>::dec_providers(key);
	}

	/// The participant whose admin key signed `origin`.
	pub(crate) fn ensure_admin(
		origin: OriginFor<T>,
	) -> Result<(ParticipantId, ParticipantOf<T>), DispatchError> {
		let who = ensure_signed(origin)?;
		let (id, role) = Keys::<T>::get(&who).ok_or(Error::<T>::NotAdmin)?;
		ensure!(role == KeyRole::Admin, Error::<T>::NotAdmin);
		let participant = Participants::<T>::get(id).ok_or(Error::<T>::UnknownParticipant)?;
		Ok((id, participant))
	}

	/// Drop every approval `id` gave or received, telling the hook of each.
	pub(crate) fn drop_approvals(id: ParticipantId) {
		for (counterparty, ()) in Approvals::<T>::drain_prefix(id) {
			T::OnParticipantChanged::on_counterparty_revoked(id, counterparty);
		}
		for other in Participants::<T>::iter_keys() {
			if Approvals::<T>::take(other, id).is_some() {
				T::OnParticipantChanged::on_counterparty_revoked(other, id);
			}
		}
	}

	/// The participant `id`.
	pub fn participant(id: ParticipantId) -> Option<ParticipantOf<T>> {
		Participants::<T>::get(id)
	}

	/// Check the pallet's invariants:
	/// - each participant's LEI, DTC number and keys index back to it, and the indices hold
	///   nothing else;
	/// - every key has a provider reference;
	/// - the count matches, stays within the cap and below the next id;
	/// - approvals are between existing, distinct participants.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut count = 0u32;
		let mut keys = 0usize;
		for (id, p) in Participants::<T>::iter() {
			count = count.saturating_add(1);
			ensure!(
				id < NextParticipantId::<T>::get(),
				"participant id not below next id"
			);
			ensure!(LeiIndex::<T>::get(p.lei) == Some(id), "LEI index broken");
			ensure!(
				DtcNumberIndex::<T>::get(p.dtc_number) == Some(id),
				"DTC number index broken"
			);
			ensure!(
				Keys::<T>::get(&p.admin) == Some((id, KeyRole::Admin)),
				"admin key index broken"
			);
			for op in p.operators.iter() {
				ensure!(
					Keys::<T>::get(op) == Some((id, KeyRole::Operator)),
					"operator key index broken"
				);
			}
			for key in core::iter::once(&p.admin).chain(p.operators.iter()) {
				ensure!(
					frame_system::Pallet::<T>::providers(key) > 0,
					"a key has no provider"
				);
			}
			keys = keys.saturating_add(1).saturating_add(p.operators.len());
		}
		ensure!(
			ParticipantCount::<T>::get() == count,
			"participant count is wrong"
		);
		ensure!(
			count <= T::MaxParticipants::get(),
			"more participants than the cap"
		);
		// The LEI index outlives offboarding: each entry names a distinct id below the next,
		// whose participant, if it exists, has that LEI.
		let mut ids = alloc::collections::BTreeSet::new();
		for (lei, id) in LeiIndex::<T>::iter() {
			ensure!(
				id < NextParticipantId::<T>::get() && ids.insert(id),
				"an LEI names an id not yet given, or another LEI's"
			);
			ensure!(
				Participants::<T>::get(id).is_none_or(|p| p.lei == lei),
				"an LEI names another's participant"
			);
		}
		ensure!(
			DtcNumberIndex::<T>::iter().count() == count as usize,
			"stale DTC index entries"
		);
		ensure!(Keys::<T>::iter().count() == keys, "stale key entries");
		for (a, b, ()) in Approvals::<T>::iter() {
			ensure!(a != b, "a participant approved itself");
			ensure!(
				Participants::<T>::contains_key(a) && Participants::<T>::contains_key(b),
				"an approval names an unknown participant"
			);
		}
		Ok(())
	}
}

impl<T: Config> ParticipantRegistry<T::AccountId> for Pallet<T> {
	fn participant_of(who: &T::AccountId) -> Option<ParticipantId> {
		Keys::<T>::get(who).map(|(id, _)| id)
	}

	fn key_of(who: &T::AccountId) -> Option<(ParticipantId, KeyRole)> {
		Keys::<T>::get(who)
	}

	fn status(id: ParticipantId) -> Option<ParticipantStatus> {
		Participants::<T>::get(id).map(|p| p.status)
	}

	fn dtc_number(id: ParticipantId) -> Option<u32> {
		Participants::<T>::get(id).map(|p| p.dtc_number)
	}

	fn has_approved(by: ParticipantId, counterparty: ParticipantId) -> bool {
		Approvals::<T>::contains_key(by, counterparty)
	}

	fn operator_of(who: &T::AccountId) -> Option<ParticipantId> {
		Keys::<T>::get(who).and_then(|(id, role)| (role == KeyRole::Operator).then_some(id))
	}
}
