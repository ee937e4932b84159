//! Shared types of the PSSC settlement chain.
//!
//! Everything here is `no_std` and is used by the runtime, the pallets, the
//! node and the client alike, so that they agree on one definition.
//! Pallets talk to each other through the traits in [`traits`], never through
//! each other's storage.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod api;
pub mod identifiers;
pub mod settlement;
pub mod traits;

pub use identifiers::{Cusip, IdentifierError, Isin, Lei, RawCusip, RawIsin, RawLei};

use sp_runtime::{
	traits::{IdentifyAccount, Verify},
	MultiSignature,
};

/// A transaction signature. Participants sign with sr25519 keys.
pub type Signature = MultiSignature;

/// An account on the chain: the public key that signs its transactions.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// A block height.
pub type BlockNumber = u32;

/// A transaction counter per account.
pub type Nonce = u32;

/// A block or state hash.
pub type Hash = sp_core::H256;

/// Milliseconds since the Unix epoch, as the timestamp pallet keeps it.
pub type Moment = u64;

/// The identifier of a participant of the clearing agency.
pub type ParticipantId = u32;

/// The index of a validator session.
pub type SessionIndex = u32;

/// A node's network identity: the ed25519 public key of its node key. The node's libp2p
/// `PeerId` (`12D3KooW…`) is this key in an identity multihash.
pub type NodeId = [u8; 32];

/// Milliseconds between two Aura slots (and so between two blocks).
pub const MILLI_SECS_PER_BLOCK: Moment = 6_000;

/// Blocks in one hour at [`MILLI_SECS_PER_BLOCK`].
pub const HOURS: BlockNumber = (60 * 60 * 1_000 / MILLI_SECS_PER_BLOCK) as BlockNumber;
