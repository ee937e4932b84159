//! Types of the participants pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
pub use pssc_primitives::traits::KeyRole;
use pssc_primitives::{traits::ParticipantStatus, Lei};
use scale_info::TypeInfo;

/// A DTC participant number.
pub type DtcParticipantNumber = u32;

/// A participant of the clearing agency.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(MaxName, MaxOperators))]
pub struct Participant<AccountId, MaxName: Get<u32>, MaxOperators: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// Its legal name.
	pub legal_name: BoundedVec<u8, MaxName>,
	/// Its LEI.
	pub lei: Lei,
	/// Its DTC participant number.
	pub dtc_number: DtcParticipantNumber,
	/// Its admin key.
	pub admin: AccountId,
	/// Its operator keys.
	pub operators: BoundedVec<AccountId, MaxOperators>,
	/// Whether it is active or suspended.
	pub status: ParticipantStatus,
}

/// A participant as the runtime `T` stores it.
pub type ParticipantOf<T> = Participant<
	<T as frame_system::Config>::AccountId,
	<T as crate::Config>::MaxLegalNameLen,
	<T as crate::Config>::MaxOperators,
>;
