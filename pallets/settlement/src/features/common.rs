//! What every feature uses: the signer, the clock, pairs, the open indices, references.

use crate::*;
use frame_support::{pallet_prelude::*, traits::Time};
use frame_system::{ensure_signed, pallet_prelude::OriginFor};
use pssc_primitives::{traits::ParticipantRegistry, ParticipantId};
use sp_runtime::{traits::UniqueSaturatedInto, DispatchError};

/// The queue position of instruction (or pair) `id`.
pub(crate) fn qkey(id: InstructionId) -> QueueKey {
	id.to_be_bytes()
}

impl<T: Config> Pallet<T> {
	/// The participant whose operator key signed `origin`.
	pub(crate) fn ensure_operator(origin: OriginFor<T>) -> Result<ParticipantId, DispatchError> {
		let who = ensure_signed(origin)?;
		Ok(T::Registry::operator_of(&who).ok_or(Error::<T>::NotAnOperator)?)
	}

	/// Today's business date, or `None` before the first timestamp.
	pub fn today() -> Option<Date> {
		let now: u64 = T::Time::now().unique_saturated_into();
		(now > 0).then(|| business_date(now, T::DayBoundaryShift::get()))
	}

	/// The current block's number, for the instructions' histories.
	pub(crate) fn block() -> pssc_primitives::BlockNumber {
		frame_system::Pallet::<T>::block_number().unique_saturated_into()
	}

	/// What a call refused at its first checks read: the signer's key, and the time. Counted
	/// with the runtime's `DbWeight` (these are reads only, and no benchmark isolates them).
	pub fn first_checks_weight() -> Weight {
		T::DbWeight::get().reads(2)
	}

	pub(crate) fn current_date() -> Result<Date, DispatchError> {
		Ok(Self::today().ok_or(Error::<T>::NoBusinessDate)?)
	}

	/// The pair `instruction` (with id `id`) belongs to, deliver side first.
	pub(crate) fn load_pair(
		id: InstructionId,
		instruction: InstructionOf<T>,
	) -> Result<(PairIds, InstructionOf<T>, InstructionOf<T>), DispatchError> {
		let other_id = instruction.counterpart.ok_or(Error::<T>::Inconsistent)?;
		let other = Instructions::<T>::get(other_id).ok_or(Error::<T>::Inconsistent)?;
		Ok(Self::deliver_first(id, instruction, other_id, other))
	}

	/// Two matched instructions as a pair, the deliver side first.
	pub(crate) fn deliver_first(
		id: InstructionId,
		instruction: InstructionOf<T>,
		other_id: InstructionId,
		other: InstructionOf<T>,
	) -> (PairIds, InstructionOf<T>, InstructionOf<T>) {
		match instruction.side {
			Side::Deliver => (
				PairIds {
					deliver: id,
					receive: other_id,
				},
				instruction,
				other,
			),
			Side::Receive => (
				PairIds {
					deliver: other_id,
					receive: id,
				},
				other,
				instruction,
			),
		}
	}

	/// Both bodies of `pair`, if neither was pruned.
	pub(crate) fn pair_bodies(pair: PairIds) -> Option<(InstructionOf<T>, InstructionOf<T>)> {
		Some((
			Instructions::<T>::get(pair.deliver)?,
			Instructions::<T>::get(pair.receive)?,
		))
	}

	pub(crate) fn put_unmatched(
		key: MatchKey,
		list: BoundedVec<UnmatchedSide, T::MaxIdenticalUnmatched>,
	) {
		if list.is_empty() {
			Unmatched::<T>::remove(key);
		} else {
			Unmatched::<T>::insert(key, list);
		}
	}

	pub(crate) fn put_pair(pair: PairIds, deliver: &InstructionOf<T>, receive: &InstructionOf<T>) {
		Instructions::<T>::insert(pair.deliver, deliver);
		Instructions::<T>::insert(pair.receive, receive);
	}

	/// File a new instruction in the open indices.
	pub(crate) fn open(id: InstructionId, instruction: &InstructionOf<T>) {
		OpenByParticipant::<T>::insert(instruction.participant, id, ());
		OpenBySecurity::<T>::insert(instruction.cusip, id, ());
	}

	/// Take a final instruction out of the open indices and file it for pruning.
	pub(crate) fn close(id: InstructionId, instruction: &InstructionOf<T>, today: Date) {
		OpenByParticipant::<T>::remove(instruction.participant, id);
		OpenBySecurity::<T>::remove(instruction.cusip, id);
		Finished::<T>::insert(date_key(today), id, ());
	}

	/// The references of `id` and, if given, its counterpart.
	pub(crate) fn refs(
		id: InstructionId,
		instruction: &InstructionOf<T>,
		other: Option<(InstructionId, &InstructionOf<T>)>,
	) -> RefsOf<T> {
		Refs {
			id,
			participant: instruction.participant,
			reference: instruction.reference.clone(),
			counterpart: other.map(|(other_id, _)| other_id),
			counterpart_reference: other.map(|(_, o)| o.reference.clone()),
		}
	}

	/// Where instruction `id` stands, also after its body was pruned.
	pub fn status_of(id: InstructionId) -> Option<Status> {
		Instructions::<T>::get(id)
			.map(|i| i.status)
			.or_else(|| Outcomes::<T>::get(id).map(|o| o.status))
	}
}
