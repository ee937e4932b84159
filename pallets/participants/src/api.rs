//! What the runtime APIs read: participants, their keys and approvals. Reads only.

use crate::{pallet::*, KeyRole, ParticipantOf};
use alloc::vec::Vec;
use pssc_primitives::{api::ParticipantInfo, ParticipantId};

impl<T: Config> Pallet<T> {
	/// Participant `id` with its keys and approvals, both ways.
	pub fn participant_info(id: ParticipantId) -> Option<ParticipantInfo<T::AccountId>> {
		Participants::<T>::get(id).map(|p| Self::info(id, p))
	}

	/// Every participant, by id. The registry caps their number.
	pub fn participants_info() -> Vec<ParticipantInfo<T::AccountId>> {
		let mut all: Vec<_> = Participants::<T>::iter()
			.map(|(id, p)| Self::info(id, p))
			.collect();
		all.sort_by_key(|p| p.id);
		all
	}

	/// The participant `key` is a key of, and its role there.
	pub fn key_owner(key: &T::AccountId) -> Option<(ParticipantId, KeyRole)> {
		Keys::<T>::get(key)
	}

	fn info(id: ParticipantId, p: ParticipantOf<T>) -> ParticipantInfo<T::AccountId> {
		let mut approves: Vec<_> = Approvals::<T>::iter_key_prefix(id).collect();
		approves.sort();
		let mut approved_by: Vec<_> = Approvals::<T>::iter_keys()
			.filter_map(|(by, of)| (of == id).then_some(by))
			.collect();
		approved_by.sort();
		ParticipantInfo {
			id,
			legal_name: p.legal_name.into_inner(),
			lei: p.lei,
			dtc_number: p.dtc_number,
			admin: p.admin,
			operators: p.operators.into_inner(),
			status: p.status,
			approves,
			approved_by,
		}
	}
}
