//! Types of the runtime-upgrade pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Whether frame-system checks that new code has a higher spec version.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum VersionCheck {
	/// The new code must carry a higher spec version (the normal case).
	Check,
	/// Skip the version check.
	Skip,
}
