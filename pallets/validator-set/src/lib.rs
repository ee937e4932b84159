//! # Validator set
//!
//! The proof-of-authority validator set of the PSSC chain. The clearing
//! agency decides who validates; this pallet keeps that decision and turns it
//! into the authorities of block production (Aura) and finality (GRANDPA).
//!
//! ## How a validator joins
//! 1. The board admits the account with [`Pallet::add_validator`]. Admission gives the account a
//!    provider reference, so it can sign transactions although the chain has no native token.
//! 2. The validator registers its session keys (an Aura and a GRANDPA key) with
//!    [`Pallet::set_keys`], proving with a signature of each key that it holds them.
//! 3. At the first session boundary after both, it joins the authority set and
//!    [`Event::ValidatorJoined`] says so.
//!
//! Removal ([`Pallet::remove_validator`]) also takes effect at the next session
//! boundary, where [`Event::ValidatorLeft`] is emitted. A removal that would leave fewer
//! than [`MinimumValidators`] validators with keys is refused. Sessions last
//! [`SessionLength`] blocks; both are set at genesis.
//!
//! ## Which nodes may peer
//! The board also keeps the register of the network's nodes ([`Nodes`]): each node's network
//! key with the account of its operator. Once one node is registered, every `pssc-node` of the
//! chain peers only with registered nodes (the node reads the register through the
//! `NetworkApi`). [`Pallet::register_node`] and [`Pallet::deregister_node`] change it; the
//! last node cannot be deregistered, so a permissioned network never opens by accident.
//!
//! ## Why this pallet and not `pallet-session`
//! In polkadot-sdk stable2609 `pallet-session` (and `pallet-grandpa`, which needs it)
//! depends on `pallet-balances`. This chain has no native token and must not carry a
//! balances pallet, so this pallet does the little of their work that a proof-of-authority
//! chain needs: sessions of a fixed number of blocks, session keys with proof of possession,
//! and the GRANDPA authority set, announced to the node with a `ScheduledChange` digest.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
#[cfg(test)]
mod mock;
mod nodes;
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
	use pssc_primitives::{traits::AuthoritySetHandler, NodeId, SessionIndex};
	use sp_runtime::traits::{MaybeSerializeDeserialize, OpaqueKeys, Zero};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the validator set.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The origin that admits and removes validators: the clearing agency's board.
		type ValidatorOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The session keys of a validator (an Aura and a GRANDPA key).
		type Keys: OpaqueKeys + Member + Parameter + MaxEncodedLen + MaybeSerializeDeserialize;

		/// Receives every new authority set (the runtime passes it on to Aura).
		type AuthoritySetHandler: AuthoritySetHandler<Self::AccountId, Self::Keys>;

		/// The floor under [`MinimumValidators`]: the fewest validators with keys that removals
		/// may leave on any chain of this runtime, and the default of a genesis that sets none.
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// The most validators that can be admitted.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// The most nodes the register of nodes holds.
		#[pallet::constant]
		type MaxNodes: Get<u32>;

		/// The length of a session in blocks when the genesis sets none ([`SessionLength`]).
		/// Changes of the validator set take effect at session boundaries.
		#[pallet::constant]
		type SessionPeriod: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Creates valid session keys for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::Keys>;
	}

	/// The admitted validators, sorted. Admission alone does not make an authority: the
	/// validator also needs session keys, and the set changes only at a session boundary.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// The session keys that each admitted validator registered. They are used from the next
	/// session boundary on.
	#[pallet::storage]
	pub type NextKeys<T: Config> = StorageMap<_, Twox64Concat, T::AccountId, T::Keys, OptionQuery>;

	/// Which validator registered a given public key, so no key serves two validators.
	#[pallet::storage]
	pub type KeyOwner<T: Config> =
		StorageMap<_, Twox64Concat, (KeyTypeBytes, RawKey), T::AccountId, OptionQuery>;

	/// The authorities of the current session, with the keys they validate with.
	#[pallet::storage]
	pub type Authorities<T: Config> =
		StorageValue<_, BoundedVec<(T::AccountId, T::Keys), T::MaxValidators>, ValueQuery>;

	/// The index of the current session.
	#[pallet::storage]
	pub type CurrentSession<T: Config> = StorageValue<_, SessionIndex, ValueQuery>;

	/// The id of the current GRANDPA authority set. It grows by one at every change of set.
	#[pallet::storage]
	pub type GrandpaSetId<T: Config> = StorageValue<_, sp_consensus_grandpa::SetId, ValueQuery>;

	/// The length of a session in blocks: a new session starts at every block whose number
	/// is a multiple of it. Set at genesis; [`Config::SessionPeriod`] when the genesis is silent.
	#[pallet::storage]
	pub type SessionLength<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, T::SessionPeriod>;

	/// The fewest validators with keys that a removal or a purge of keys may leave. Set at
	/// genesis, never below [`Config::MinValidators`]. A chain whose finality must survive a
	/// faulty validator sets at least four here.
	#[pallet::storage]
	pub type MinimumValidators<T: Config> = StorageValue<_, u32, ValueQuery, T::MinValidators>;

	/// The nodes that may join the network, by network key, with the account of the operator
	/// who runs each. While any is registered, the chain's nodes peer only with these; with
	/// none (a development chain), the network is open.
	#[pallet::storage]
	pub type Nodes<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, NodeId, T::AccountId, OptionQuery>;

	/// The validators of the genesis block, with their session keys, the chain's session
	/// length and minimum of validators, and the registered nodes.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Each genesis validator with its session keys.
		pub validators: Vec<(T::AccountId, T::Keys)>,
		/// The session length in blocks; [`Config::SessionPeriod`] if `None`.
		pub session_length: Option<BlockNumberFor<T>>,
		/// The fewest validators with keys that removals may leave; [`Config::MinValidators`]
		/// if `None`. It may not exceed the genesis validators.
		pub min_validators: Option<u32>,
		/// The registered nodes, each with its operator. Empty: the network is open.
		pub nodes: Vec<(NodeId, T::AccountId)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::build_genesis(&self.validators, self.session_length, self.min_validators)
				.expect("the genesis validator set must be valid");
			Pallet::<T>::build_genesis_nodes(&self.nodes).expect("the genesis nodes must be valid");
		}
	}

	/// Events of the validator set.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The board admitted a validator. It joins the authority set at the first session
		/// boundary at which it has session keys.
		ValidatorAdded { validator: T::AccountId },
		/// The board removed a validator. It leaves the authority set at the next session
		/// boundary.
		ValidatorRemoved { validator: T::AccountId },
		/// A validator registered session keys, used from the next session boundary on.
		KeysSet { validator: T::AccountId },
		/// A validator withdrew its session keys.
		KeysPurged { validator: T::AccountId },
		/// A validator became an authority at the start of a session.
		ValidatorJoined {
			validator: T::AccountId,
			session: SessionIndex,
		},
		/// A validator stopped being an authority at the start of a session.
		ValidatorLeft {
			validator: T::AccountId,
			session: SessionIndex,
		},
		/// A new session started. `authorities` counts the validators of the session.
		NewSession {
			session: SessionIndex,
			authorities: u32,
		},
		/// No admitted validator had session keys at a boundary, so the previous authorities
		/// stay in office rather than leaving the chain without block producers.
		AuthoritySetKept { session: SessionIndex },
		/// The board registered a node: the network's nodes accept it as a peer.
		NodeRegistered {
			node: NodeId,
			operator: T::AccountId,
		},
		/// The board deregistered a node: the network's nodes stop peering with it.
		NodeDeregistered {
			node: NodeId,
			operator: T::AccountId,
		},
	}

	/// Errors of the validator set.
	#[pallet::error]
	pub enum Error<T> {
		/// The account is already an admitted validator.
		ValidatorAlreadyAdded,
		/// The account is not an admitted validator.
		NotAValidator,
		/// The validator set is full ([`Config::MaxValidators`]).
		TooManyValidators,
		/// The removal would leave fewer validators with keys than [`MinimumValidators`].
		TooFewValidators,
		/// The session keys could not be proven: a signature of the proof does not match.
		InvalidKeyProof,
		/// A key of the set is already registered by another validator.
		DuplicateKey,
		/// A session key is longer than this chain stores.
		KeyTooLong,
		/// The validator has registered no session keys.
		NoKeys,
		/// The account still has consumers that need its provider reference.
		AccountInUse,
		/// The node is already registered.
		NodeAlreadyRegistered,
		/// The node is not registered.
		NodeNotRegistered,
		/// The register of nodes is full ([`Config::MaxNodes`]).
		TooManyNodes,
		/// The last registered node cannot be deregistered: with none, the network would be
		/// open to any node.
		LastNode,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let period = SessionLength::<T>::get();
			if now.is_zero() || period.is_zero() || !(now % period).is_zero() {
				return T::WeightInfo::on_initialize();
			}
			Self::rotate_session()
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Admit `validator` to the validator set. Needs [`Config::ValidatorOrigin`].
		///
		/// The account receives a provider reference so it can register its session keys.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator())]
		pub fn add_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::ValidatorOrigin::ensure_origin(origin)?;
			let mut validators = Validators::<T>::get();
			let index = match validators.binary_search(&validator) {
				Ok(_) => return Err(Error::<T>::ValidatorAlreadyAdded.into()),
				Err(index) => index,
			};
			validators
				.try_insert(index, validator.clone())
				.map_err(|_| Error::<T>::TooManyValidators)?;

			Validators::<T>::put(validators);
			frame_system::Pallet::<T>::inc_providers(&validator);
			Self::deposit_event(Event::ValidatorAdded { validator });
			Ok(())
		}

		/// Remove `validator` from the validator set. Needs [`Config::ValidatorOrigin`].
		///
		/// Its session keys are dropped and it leaves the authority set at the next session
		/// boundary. Refused when fewer than [`MinimumValidators`] validators with keys
		/// would remain.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator())]
		pub fn remove_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::ValidatorOrigin::ensure_origin(origin)?;
			let mut validators = Validators::<T>::get();
			let index = validators
				.binary_search(&validator)
				.map_err(|_| Error::<T>::NotAValidator)?;
			validators.remove(index);
			let remaining_with_keys = validators
				.iter()
				.filter(|v| NextKeys::<T>::contains_key(v))
				.count();
			ensure!(
				remaining_with_keys >= MinimumValidators::<T>::get() as usize,
				Error::<T>::TooFewValidators
			);
			ensure!(
				frame_system::Pallet::<T>::can_dec_provider(&validator),
				Error::<T>::AccountInUse
			);

			Validators::<T>::put(validators);
			Self::clear_keys(&validator);
			// Checked with `can_dec_provider` above.
			let _ = frame_system::Pallet::<T>::dec_providers(&validator);
			Self::deposit_event(Event::ValidatorRemoved { validator });
			Ok(())
		}

		/// Register the caller's session keys. The caller must be an admitted validator.
		///
		/// `proof` holds, for each key, a signature of the caller's account id by that key
		/// (what the node's `author_rotateKeysWithOwner` returns). The keys are used from
		/// the next session boundary on.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_keys())]
		pub fn set_keys(origin: OriginFor<T>, keys: T::Keys, proof: Vec<u8>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(
				Validators::<T>::get().binary_search(&who).is_ok(),
				Error::<T>::NotAValidator
			);
			ensure!(
				keys.ownership_proof_is_valid(&who.encode(), &proof),
				Error::<T>::InvalidKeyProof
			);
			let raw_keys = Self::raw_keys(&keys)?;
			for id in raw_keys.iter() {
				if let Some(owner) = KeyOwner::<T>::get(id) {
					ensure!(owner == who, Error::<T>::DuplicateKey);
				}
			}

			Self::clear_keys(&who);
			for id in raw_keys {
				KeyOwner::<T>::insert(id, &who);
			}
			NextKeys::<T>::insert(&who, keys);
			Self::deposit_event(Event::KeysSet { validator: who });
			Ok(())
		}

		/// Withdraw the caller's session keys. It leaves the authority set at the next session
		/// boundary, unless that would leave fewer than [`MinimumValidators`] validators
		/// with keys.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::purge_keys())]
		pub fn purge_keys(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(NextKeys::<T>::contains_key(&who), Error::<T>::NoKeys);
			let remaining_with_keys = Validators::<T>::get()
				.iter()
				.filter(|v| **v != who && NextKeys::<T>::contains_key(v))
				.count();
			ensure!(
				remaining_with_keys >= MinimumValidators::<T>::get() as usize,
				Error::<T>::TooFewValidators
			);

			Self::clear_keys(&who);
			Self::deposit_event(Event::KeysPurged { validator: who });
			Ok(())
		}

		/// Register `node` (the ed25519 public key of its node key), run by `operator`: the
		/// network's nodes accept it as a peer. Needs [`Config::ValidatorOrigin`].
		///
		/// Registering the first node closes the network: from then on, nodes peer only with
		/// registered nodes.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::register_node())]
		pub fn register_node(
			origin: OriginFor<T>,
			node: NodeId,
			operator: T::AccountId,
		) -> DispatchResult {
			T::ValidatorOrigin::ensure_origin(origin)?;
			Self::do_register_node(node, operator)
		}

		/// Deregister `node`: the network's nodes disconnect it and refuse it from then on.
		/// Needs [`Config::ValidatorOrigin`]. The last registered node cannot be deregistered.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::deregister_node())]
		pub fn deregister_node(origin: OriginFor<T>, node: NodeId) -> DispatchResult {
			T::ValidatorOrigin::ensure_origin(origin)?;
			Self::do_deregister_node(node)
		}
	}
}

/// Creates session keys and their proof of possession for benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<Keys> {
	/// New keys owned by `owner` (its SCALE-encoded account id), and their proof.
	fn generate_keys(owner: &[u8]) -> (Keys, alloc::vec::Vec<u8>);
}
