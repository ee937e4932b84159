//! Types of the eligible-security registry.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use pssc_primitives::{traits::DtcRestrictions, Isin};
use scale_info::TypeInfo;

/// A registered security.
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
#[scale_info(skip_type_params(MaxDescriptionLen))]
pub struct Security<MaxDescriptionLen: Get<u32>> {
	/// Its ISIN, if registered with one.
	pub isin: Option<Isin>,
	/// A short description (issuer, class).
	pub description: BoundedVec<u8, MaxDescriptionLen>,
	/// The clearing agency has accepted it.
	pub agency_accepted: bool,
	/// DTC accepts it for book-entry services.
	pub dtc_eligible: bool,
	/// DTC's restrictions on it.
	pub restrictions: DtcRestrictions,
}

impl<M: Get<u32>> Security<M> {
	/// Eligible: accepted by the agency, DTC-eligible and not globally locked.
	pub fn is_eligible(&self) -> bool {
		self.agency_accepted && self.dtc_eligible && !self.restrictions.global_lock
	}

	/// Whether deliveries of it may settle: it is eligible and DTC has not chilled its
	/// deliveries.
	pub fn is_deliverable(&self) -> bool {
		self.is_eligible() && !self.restrictions.delivery_chill
	}

	/// Dropped: the agency does not accept it or DTC gives it no book-entry services. A
	/// global lock alone is not a drop.
	pub fn is_dropped(&self) -> bool {
		!(self.agency_accepted && self.dtc_eligible)
	}

	/// What the other pallets are told about when it changes.
	pub fn standing(&self) -> Standing {
		Standing {
			eligible: self.is_eligible(),
			deliverable: self.is_deliverable(),
			dropped: self.is_dropped(),
		}
	}
}

/// A security's standing, as [`Security::standing`] sums it up.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Standing {
	/// Eligible: accepted, DTC-eligible and not globally locked.
	pub eligible: bool,
	/// Eligible with deliveries not chilled.
	pub deliverable: bool,
	/// Not accepted by the agency or not DTC-eligible.
	pub dropped: bool,
}
