//! Types of the validator-set pallet.

use frame_support::{traits::ConstU32, BoundedVec};

/// The longest public session key this pallet stores, in bytes (ed25519 and sr25519 keys are
/// 32 bytes, ECDSA keys 33).
pub const MAX_KEY_LEN: u32 = 64;

/// The four bytes of a session key's type id (`aura`, `gran`).
pub type KeyTypeBytes = [u8; 4];

/// A public session key in its raw encoding.
pub type RawKey = BoundedVec<u8, ConstU32<MAX_KEY_LEN>>;
